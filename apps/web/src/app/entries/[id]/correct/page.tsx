import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { api, orNotFound, requireUser } from '@/lib/api';
import { organizationLabel } from '@/lib/organization-label';
import { versionEtag } from '@access/contracts';
import { StatusForm } from '@/components/status-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('correctPage'))('title') };
}

export default async function CorrectEntryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireUser();
  const { id } = await params;
  const version = await orNotFound(api.status(id));
  const [parties] = await Promise.all([api.parties()]);
  const t = await getTranslations('correctPage');
  const pair = { organization: version.organization.name, area: version.area.name };
  return (
    <>
      <h1>
        {version.reviewState === 'RETURNED'
          ? t('headingReturned', pair)
          : version.reviewState === 'DRAFT'
            ? t('headingDraft', pair)
            : t('heading', pair)}
      </h1>
      <p className="muted">
        {t.rich('intro', {
          history: (chunks) => (
            <Link
              href={`/history?organizationId=${version.organization.id}&areaId=${version.area.id}`}
            >
              {chunks}
            </Link>
          ),
        })}
      </p>
      {version.reviewState === 'RETURNED' && (
        <div className="alert">
          <strong>{t('sentBack')}</strong>
          {version.reviewNote ? <> {t('withNote', { note: version.reviewNote })}</> : null}.{' '}
          {t('resubmit')}
        </div>
      )}
      {version.supersededById && (
        <p className="notice">
          {t.rich('superseded', {
            latest: (chunks) => (
              <Link href={`/entries/${version.supersededById}/correct`}>{chunks}</Link>
            ),
          })}
        </p>
      )}
      <div className="panel">
        <StatusForm
          mode="correct"
          versionId={version.id}
          etag={versionEtag(version)}
          csrfToken={user.csrfToken ?? ''}
          role={user.role}
          clearance={user.clearance}
          organizations={[
            { id: version.organization.id, name: organizationLabel(version.organization) },
          ]}
          areas={[{ id: version.area.id, name: version.area.name }]}
          parties={parties.items.map((party) => ({ id: party.id, name: party.name }))}
          initial={{
            organizationId: version.organization.id,
            areaId: version.area.id,
            status: version.status,
            validFrom: version.validFrom,
            validTo: version.validTo ?? '',
            // the status's own reason stays; what the correction fixes goes in its own note
            reason: version.reason,
            // resubmitting a proposal keeps its note; a new correction starts with none
            correctionNote: version.proposal ? (version.correctionNote ?? '') : '',
            constraintCategories: version.constraintCategories,
            severity: version.severity === null ? '' : String(version.severity),
            sensitivity: version.sensitivity,
            terms: version.terms.map((term) => ({
              type: term.type,
              grantingPartyId: term.grantingParty?.id ?? '',
              legalReference: term.legalReference ?? '',
              note: term.note ?? '',
            })),
            sources: version.sources.map((source) => ({
              title: source.title,
              publisher: source.publisher ?? '',
              url: source.url ?? '',
              publishedOn: source.publishedOn ?? '',
            })),
          }}
        />
      </div>
    </>
  );
}
