import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import type { TIncidentVersion, TMe } from '@access/contracts';
import { ApiError, api, orNotFound, requireUser } from '@/lib/api';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';
import { IncidentFacts, OccurredAt, incidentKind } from '@/components/incident-details';
import { ReviewBadge } from '@/components/review-badge';
import { incidentLabels } from '@/lib/incident-text';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('incidentPage'))('title') };
}

/** The incident's validated version for this reader, or null when they see only proposals of it. */
async function currentOrNull(id: string): Promise<TIncidentVersion | null> {
  try {
    return await api.incident(id);
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) return null;
    throw error;
  }
}

/** Who may correct a version: coordinators any validated one, editors their organisation's. */
function mayCorrect(user: TMe, version: TIncidentVersion): boolean {
  if (user.role === 'COORDINATOR') return !version.proposal;
  if (user.role !== 'EDITOR') return false;
  return user.organizations.some((organization) => organization.id === version.organization.id);
}

/** One incident: its current version, where it stands in review, and every correction of it. */
export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/incidents/${encodeURIComponent(id)}`);
  const [current, history, locale] = await Promise.all([
    currentOrNull(id),
    orNotFound(api.incidentHistory(id, user.role !== 'VIEWER')),
    userLocale(),
  ]);
  const t = await getTranslations('incidentPage');
  const tc = await getTranslations('codes');
  const labels = incidentLabels(tc);
  const versions = history.items;
  // the reader's view: the validated version, or (for an editor's new incident) their latest proposal
  const shown = current ?? versions.at(-1)!;
  const pending = versions.filter(
    (version) =>
      version.proposal &&
      !version.supersededById &&
      version.id !== shown.id &&
      (version.reviewState === 'SUBMITTED' ||
        version.reviewState === 'DRAFT' ||
        version.reviewState === 'RETURNED'),
  );
  const returned = versions.findLast(
    (version) => version.proposal && version.reviewState === 'RETURNED' && !version.supersededById,
  );

  return (
    <>
      <p className="muted">
        <Link href="/incidents">{t('incidents')}</Link> · {shown.area.name}
      </p>
      <h1>{incidentKind(shown, labels)}</h1>
      <p>
        <OccurredAt version={shown} locale={locale} /> {t('in')}{' '}
        <Link href={`/areas/${shown.area.id}`}>{shown.area.name}</Link>{' '}
        <ReviewBadge state={shown.reviewState} />
      </p>
      {!current && <p className="notice">{t('notValidated')}</p>}
      {returned && (
        <div className="alert">
          <strong>{t('sentBack')}</strong>
          {returned.reviewNote ? <> {t('withNote', { note: returned.reviewNote })}</> : null}.{' '}
          {mayCorrect(user, returned) && (
            <Link href={`/incidents/${id}/correct?version=${returned.id}`}>
              {t('correctResubmit')}
            </Link>
          )}
        </div>
      )}
      {pending.length > 0 && !returned && (
        <p className="notice">{t('pending', { count: pending.length })}</p>
      )}
      <div className="page-actions">
        {mayCorrect(user, shown) && !shown.supersededById && shown.reviewState !== 'SUBMITTED' && (
          <Link className="button" href={`/incidents/${id}/correct?version=${shown.id}`}>
            {shown.proposal ? t('changeProposal') : t('correct')}
          </Link>
        )}
        {user.role !== 'VIEWER' && (
          <Link className="button secondary" href="/incidents/new">
            {t('recordAnother')}
          </Link>
        )}
      </div>
      <section className="panel" aria-labelledby="current-title">
        <h2 id="current-title">{current ? t('currentVersion') : t('asProposed')}</h2>
        <IncidentFacts version={shown} locale={locale} />
      </section>
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">{t('history')}</h2>
        <p className="muted small">{t('historyNote')}</p>
        <ol className="incident-history">
          {versions.map((version) => (
            <li key={version.id} id={`v-${version.id}`}>
              <strong>
                {t(`kind.${version.changeKind}`)}
                {version.proposal ? ` ${t('proposal')}` : ''}
              </strong>{' '}
              <time dateTime={version.recordedAt}>
                {formatDateTime(version.recordedAt, locale)}
              </time>{' '}
              {t('by', { name: version.recordedBy.displayName })}{' '}
              <ReviewBadge state={version.reviewState} />
              <div className="meta-line">
                {incidentKind(version, labels)} ·{' '}
                {t('occurredOn', { date: formatDate(version.occurredOn, locale) })} ·{' '}
                {version.area.name} · {tc(`sensitivity.${version.sensitivity}`)}
              </div>
              {version.correctionNote && (
                <div>{t('correctionNote', { note: version.correctionNote })}</div>
              )}
              {version.reviewNote && <div>{t('reviewNote', { note: version.reviewNote })}</div>}
              {version.id === shown.id && <div className="meta-line">{t('shownAbove')}</div>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
