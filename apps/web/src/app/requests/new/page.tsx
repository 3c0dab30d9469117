import type { Metadata } from 'next';
import Link from 'next/link';
import { getRequestText } from '@/lib/request-text-server';
import { api, requireUser } from '@/lib/api';
import { organizationLabel } from '@/lib/organization-label';
import { RequestForm } from '@/components/requests/request-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getRequestText())('form.requestTitle') };
}

export default async function NewRequestPage() {
  const user = await requireUser('/requests/new');
  const t = await getRequestText();
  if (user.role === 'VIEWER') return <p className="alert">{t('form.cannotRecord')}</p>;
  // an editor records for their own organisations; a coordinator for any
  const [organizations, parties] = await Promise.all([
    user.role === 'EDITOR' ? user.organizations : api.organizations().then((page) => page.items),
    api.parties(),
  ]);
  return (
    <>
      <p className="muted">
        <Link href="/requests">{t('board.heading')}</Link>
      </p>
      <h1>{t('form.requestTitle')}</h1>
      <p className="muted">
        {t('form.requestIntro')}{' '}
        {user.role === 'EDITOR' ? t('form.editorProposal') : t('form.coordinatorValidated')}
      </p>
      {user.role === 'EDITOR' && organizations.length === 0 ? (
        <p className="notice">{t('form.noOrganization')}</p>
      ) : (
        <div className="panel">
          <RequestForm
            csrfToken={user.csrfToken ?? ''}
            role={user.role}
            clearance={user.clearance}
            organizations={organizations.map((organization) => ({
              id: organization.id,
              label: organizationLabel(organization),
            }))}
            parties={parties.items.map((party) => ({ id: party.id, label: party.name }))}
          />
        </div>
      )}
    </>
  );
}
