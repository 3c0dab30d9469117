import type { Metadata } from 'next';
import { api, requireUser } from '@/lib/api';
import { IncidentForm } from '@/components/incident-form';

export const metadata: Metadata = { title: 'Record an incident' };

export default async function NewIncidentPage() {
  const user = await requireUser('/incidents/new');
  if (user.role === 'VIEWER')
    return <p className="alert">Your role can read incidents but not record them.</p>;
  // an editor records for their own organisations; a coordinator for any
  const organizations =
    user.role === 'EDITOR' ? user.organizations : (await api.organizations()).items;
  return (
    <>
      <h1>Record an incident</h1>
      <p className="muted">
        An event that impeded humanitarian work: when and where it happened, what happened under
        which OCHA constraint category, and what it stopped.{' '}
        {user.role === 'EDITOR'
          ? 'It is a proposal for your organisation until a coordinator validates it.'
          : 'As a coordinator, what you record is validated at once.'}
      </p>
      {user.role === 'EDITOR' && organizations.length === 0 ? (
        <p className="notice">
          Your account belongs to no organisation yet: ask an administrator to add you to yours.
        </p>
      ) : (
        <div className="panel">
          <IncidentForm
            mode="record"
            csrfToken={user.csrfToken ?? ''}
            role={user.role}
            clearance={user.clearance}
            organizations={organizations.map((organization) => ({
              id: organization.id,
              label: organization.acronym
                ? `${organization.name} (${organization.acronym})`
                : organization.name,
            }))}
          />
        </div>
      )}
    </>
  );
}
