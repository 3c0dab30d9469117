import type { Metadata } from 'next';
import Link from 'next/link';
import type { TIncidentVersion, TMe } from '@access/contracts';
import { ApiError, api, orNotFound, requireUser } from '@/lib/api';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';
import { IncidentFacts, OccurredAt, incidentKind } from '@/components/incident-details';
import { ReviewBadge } from '@/components/review-badge';

export const metadata: Metadata = { title: 'Incident' };

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

const KIND_WORDS: Record<string, string> = {
  RECORD: 'Recorded',
  CORRECTION: 'Corrected',
  REVIEW: 'Reviewed',
  CLOSE: 'Closed',
};

/** One incident: its current version, where it stands in review, and every correction of it. */
export default async function IncidentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requireUser(`/incidents/${encodeURIComponent(id)}`);
  const [current, history, locale] = await Promise.all([
    currentOrNull(id),
    orNotFound(api.incidentHistory(id, user.role !== 'VIEWER')),
    userLocale(),
  ]);
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
        <Link href="/incidents">Incidents</Link> · {shown.area.name}
      </p>
      <h1>{incidentKind(shown)}</h1>
      <p>
        <OccurredAt version={shown} locale={locale} /> in{' '}
        <Link href={`/areas/${shown.area.id}`}>{shown.area.name}</Link>{' '}
        <ReviewBadge state={shown.reviewState} />
      </p>
      {!current && (
        <p className="notice">
          Not validated yet: until a coordinator validates it, this incident is a proposal, and no
          list or count shows it to anyone else.
        </p>
      )}
      {returned && (
        <div className="alert">
          <strong>A coordinator sent this back</strong>
          {returned.reviewNote ? <> with this note: “{returned.reviewNote}”</> : null}.{' '}
          {mayCorrect(user, returned) && (
            <Link href={`/incidents/${id}/correct?version=${returned.id}`}>
              Correct and resubmit
            </Link>
          )}
        </div>
      )}
      {pending.length > 0 && !returned && (
        <p className="notice">
          {pending.length === 1 ? 'A correction is' : `${pending.length} corrections are`} waiting
          for review; the version below stays the validated one until then.
        </p>
      )}
      <div className="page-actions">
        {mayCorrect(user, shown) && !shown.supersededById && shown.reviewState !== 'SUBMITTED' && (
          <Link className="button" href={`/incidents/${id}/correct?version=${shown.id}`}>
            {shown.proposal ? 'Change the proposal' : 'Correct the incident'}
          </Link>
        )}
        {user.role !== 'VIEWER' && (
          <Link className="button secondary" href="/incidents/new">
            Record another incident
          </Link>
        )}
      </div>
      <section className="panel" aria-labelledby="current-title">
        <h2 id="current-title">{current ? 'Current version' : 'As proposed'}</h2>
        <IncidentFacts version={shown} locale={locale} />
      </section>
      <section className="panel" aria-labelledby="history-title">
        <h2 id="history-title">History of corrections</h2>
        <p className="muted small">
          Every version you may see, oldest first; nothing is overwritten.
        </p>
        <ol className="incident-history">
          {versions.map((version) => (
            <li key={version.id} id={`v-${version.id}`}>
              <strong>
                {KIND_WORDS[version.changeKind] ?? version.changeKind}
                {version.proposal ? ' (proposal)' : ''}
              </strong>{' '}
              <time dateTime={version.recordedAt}>
                {formatDateTime(version.recordedAt, locale)}
              </time>{' '}
              by {version.recordedBy.displayName} <ReviewBadge state={version.reviewState} />
              <div className="meta-line">
                {incidentKind(version)} · occurred {formatDate(version.occurredOn, locale)} ·{' '}
                {version.area.name} · {version.sensitivity}
              </div>
              {version.correctionNote && <div>Correction note: “{version.correctionNote}”</div>}
              {version.reviewNote && <div>Review note: “{version.reviewNote}”</div>}
              {version.id === shown.id && <div className="meta-line">the version shown above</div>}
            </li>
          ))}
        </ol>
      </section>
    </>
  );
}
