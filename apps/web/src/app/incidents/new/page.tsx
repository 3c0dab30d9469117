import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { api, requireUser } from '@/lib/api';
import { organizationLabel } from '@/lib/organization-label';
import { IncidentForm } from '@/components/incident-form';
import { NotPermitted } from '@/components/not-permitted';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('recordIncidentPage'))('title') };
}

export default async function NewIncidentPage() {
  const user = await requireUser('/incidents/new');
  const t = await getTranslations('recordIncidentPage');
  if (user.role === 'VIEWER') return <NotPermitted title={t('title')} message={t('viewer')} />;
  // an editor records for their own organisations; a coordinator for any
  const organizations =
    user.role === 'EDITOR' ? user.organizations : (await api.organizations()).items;
  return (
    <>
      <h1>{t('title')}</h1>
      <p className="muted">
        {t('intro')} {user.role === 'EDITOR' ? t('editor') : t('coordinator')}
      </p>
      {user.role === 'EDITOR' && organizations.length === 0 ? (
        <p className="notice">{t('noOrganization')}</p>
      ) : (
        <div className="panel">
          <IncidentForm
            mode="record"
            csrfToken={user.csrfToken ?? ''}
            role={user.role}
            clearance={user.clearance}
            organizations={organizations.map((organization) => ({
              id: organization.id,
              label: organizationLabel(organization),
            }))}
          />
        </div>
      )}
    </>
  );
}
