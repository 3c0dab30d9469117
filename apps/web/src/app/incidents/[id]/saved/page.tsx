import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { SearchParams } from '@/lib/filters';
import { api, orNotFound, requireUser } from '@/lib/api';
import { userLocale } from '@/lib/format';
import { OccurredAt, incidentKind } from '@/components/incident-details';
import { ReviewBadge } from '@/components/review-badge';
import { incidentLabels } from '@/lib/incident-text';
import { SavedConfirmation } from '@/components/saved-confirmation';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('incidentSaved'))('title') };
}

/** After an incident is recorded or corrected: what was saved, and what happens next. */
export default async function IncidentSavedPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}) {
  const { id } = await params;
  const versionId = (await searchParams).version;
  const user = await requireUser(`/incidents/${encodeURIComponent(id)}`);
  const [history, locale] = await Promise.all([
    orNotFound(api.incidentHistory(id, true)),
    userLocale(),
  ]);
  const version = history.items.find((item) => item.id === versionId) ?? history.items.at(-1)!;
  const t = await getTranslations('incidentSaved');
  const ts = await getTranslations('savedPage');
  const labels = incidentLabels(await getTranslations('codes'));
  const heading =
    version.reviewState === 'SUBMITTED'
      ? ts('submitted')
      : version.reviewState === 'DRAFT'
        ? ts('draft')
        : version.reviewState === 'VALIDATED'
          ? t('validated')
          : ts('saved');
  const myEntries = (chunks: React.ReactNode) => <Link href="/my-entries">{chunks}</Link>;
  return (
    <>
      <SavedConfirmation>
        <h1>{heading}</h1>
        <p>
          {incidentKind(version, labels)}, <OccurredAt version={version} locale={locale} />{' '}
          {t.rich('where', {
            area: version.area.name,
            organization: version.organization.acronym ?? version.organization.name,
            strong: (chunks) => <strong>{chunks}</strong>,
          })}{' '}
          <ReviewBadge state={version.reviewState} />
        </p>
      </SavedConfirmation>
      <h2>{ts('next')}</h2>
      {version.reviewState === 'SUBMITTED' && <p>{t.rich('nextSubmitted', { link: myEntries })}</p>}
      {version.reviewState === 'DRAFT' && <p>{t.rich('nextDraft', { link: myEntries })}</p>}
      {version.reviewState === 'VALIDATED' && (
        <p>
          {t('nextValidated', {
            sensitivity: (await getTranslations('codes'))(`sensitivity.${version.sensitivity}`),
          })}
        </p>
      )}
      <ul className="next-steps">
        <li>
          <Link href={`/incidents/${id}#v-${version.id}`}>{t('open')}</Link>
        </li>
        <li>
          <Link href="/incidents/new">{t('recordAnother')}</Link>
        </li>
        <li>
          <Link href="/incidents">{t('all')}</Link>
        </li>
        {user.role === 'EDITOR' && (
          <li>
            <Link href="/my-entries">{ts('myEntries')}</Link>
          </li>
        )}
      </ul>
    </>
  );
}
