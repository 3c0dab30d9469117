import type { Metadata } from 'next';
import { api, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { StatusForm } from '@/components/status-form';

export const metadata: Metadata = { title: 'Record a change' };

export default async function NewEntryPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  if (user.role === 'VIEWER')
    return <p className="alert">Your role can read entries but not record them.</p>;
  const [organizations, areas, parties] = await Promise.all([
    api.organizations(),
    api.areas(),
    api.parties(),
  ]);
  const own = new Set(user.organizations.map((organization) => organization.id));
  const choices =
    user.role === 'EDITOR'
      ? organizations.items.filter((organization) => own.has(organization.id))
      : organizations.items;
  return (
    <>
      <h1>Record a change of access</h1>
      <p className="muted">
        A status holds until the organisation&apos;s next status in this area starts, or until the
        end you give if that comes first; the status before it ends the day it starts. To change an
        entry already recorded, correct it instead.
      </p>
      <div className="panel">
        <StatusForm
          mode="record"
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          organizations={choices.map((organization) => ({
            id: organization.id,
            name: organization.acronym
              ? `${organization.name} (${organization.acronym})`
              : organization.name,
          }))}
          areas={areas.items.map((area) => ({
            id: area.id,
            name: area.pcode ? `${area.name} (${area.pcode})` : area.name,
          }))}
          parties={parties.items.map((party) => ({ id: party.id, name: party.name }))}
          initial={{
            ...(typeof params.organizationId === 'string' &&
            choices.some((o) => o.id === params.organizationId)
              ? { organizationId: params.organizationId }
              : {}),
            ...(typeof params.areaId === 'string' ? { areaId: params.areaId } : {}),
          }}
        />
      </div>
    </>
  );
}
