import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import { api, requireUser } from '@/lib/api';
import type { SearchParams } from '@/lib/filters';
import { organizationLabel } from '@/lib/organization-label';
import { StatusForm } from '@/components/status-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('recordPage'))('title') };
}

export default async function NewEntryPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const user = await requireUser();
  const params = await searchParams;
  if (user.role === 'VIEWER')
    return <p className="alert">{(await getTranslations('recordPage'))('viewer')}</p>;
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
  const t = await getTranslations('recordPage');
  return (
    <>
      <h1>{t('heading')}</h1>
      <p className="muted">{t('intro')}</p>
      <div className="panel">
        <StatusForm
          mode="record"
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          organizations={choices.map((organization) => ({
            id: organization.id,
            name: organizationLabel(organization),
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
