import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { versionEtag } from '@access/contracts';
import type { SearchParams } from '@/lib/filters';
import { api, orNotFound, requireUser } from '@/lib/api';
import { organizationLabel } from '@/lib/organization-label';
import { IncidentForm } from '@/components/incident-form';
import { NotPermitted } from '@/components/not-permitted';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('correctIncidentPage'))('title') };
}

/** Correct an incident's version (or resubmit a returned proposal): the form, filled in with it. */
export default async function CorrectIncidentPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const versionId = (await searchParams).version;
  const user = await requireUser(`/incidents/${encodeURIComponent(id)}`);
  const t = await getTranslations('correctIncidentPage');
  const tc = await getTranslations('correctPage');
  if (user.role === 'VIEWER') return <NotPermitted title={t('heading')} message={t('viewer')} />;
  const history = await orNotFound(api.incidentHistory(id, true));
  const version =
    history.items.find((item) => item.id === versionId) ??
    history.items.findLast((item) => !item.proposal && !item.supersededById) ??
    history.items.at(-1)!;
  return (
    <>
      <h1>
        {version.reviewState === 'RETURNED'
          ? t('headingReturned')
          : version.reviewState === 'DRAFT'
            ? t('headingDraft')
            : t('heading')}
      </h1>
      <p className="muted">
        {t.rich('intro', {
          history: (chunks) => <Link href={`/incidents/${id}`}>{chunks}</Link>,
        })}
      </p>
      {version.reviewState === 'RETURNED' && (
        <div className="alert">
          <strong>{t('sentBack')}</strong>
          {version.reviewNote ? <> {tc('withNote', { note: version.reviewNote })}</> : null}.{' '}
          {tc('resubmit')}
        </div>
      )}
      {version.supersededById && (
        <p className="notice">
          {t.rich('superseded', {
            open: (chunks) => <Link href={`/incidents/${id}`}>{chunks}</Link>,
          })}
        </p>
      )}
      <div className="panel">
        <IncidentForm
          mode="correct"
          versionId={version.id}
          etag={versionEtag(version)}
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          organizations={[
            { id: version.organization.id, label: organizationLabel(version.organization) },
          ]}
          initial={{
            organizationId: version.organization.id,
            occurredOn: version.occurredOn,
            occurredTime: version.occurredTime ?? '',
            area: {
              id: version.area.id,
              label: version.area.pcode
                ? `${version.area.name} (${version.area.pcode})`
                : version.area.name,
            },
            category: String(version.category),
            subType: version.subType,
            impacts: version.impacts,
            sectors: version.sectors,
            affectedOrganizations: version.affectedOrganizations.map((organization) => ({
              id: organization.id,
              label: organizationLabel(organization),
            })),
            affectedOrganizationTypes: version.affectedOrganizationTypes,
            peopleAffected: version.peopleAffected === null ? '' : String(version.peopleAffected),
            perpetrator: version.perpetrator ?? '',
            description: version.description,
            correctionNote: version.proposal ? (version.correctionNote ?? '') : '',
            sources: version.sources.map((source) => ({
              title: source.title,
              publisher: source.publisher ?? '',
              url: source.url ?? '',
              publishedOn: source.publishedOn ?? '',
            })),
            sensitivity: version.sensitivity,
            reviewState: user.role === 'EDITOR' ? 'SUBMITTED' : '',
          }}
        />
      </div>
    </>
  );
}
