import type { Metadata } from 'next';
import Link from 'next/link';
import type { TProposal } from '@access/contracts';
import { StatusBadge } from '@/components/charts/status-patterns';
import { MyIncidentEntries } from '@/components/my-incident-entries';
import { ReviewBadge } from '@/components/review-badge';
import { api, requireUser } from '@/lib/api';
import { formatDate, formatDateTime, userLocale } from '@/lib/format';

export const metadata: Metadata = { title: 'My entries' };

/** What an entry in each state needs from its editor. */
function NextAction({ entry }: { entry: TProposal }) {
  const where = `${entry.organization.acronym ?? entry.organization.name} in ${entry.area.name}`;
  switch (entry.state) {
    case 'RETURNED':
      return (
        <Link
          className="button"
          href={`/entries/${entry.id}/correct`}
          aria-label={`Correct and resubmit: ${where}`}
        >
          Correct and resubmit
        </Link>
      );
    case 'DRAFT':
      return (
        <Link
          className="button"
          href={`/entries/${entry.id}/correct`}
          aria-label={`Finish and submit: ${where}`}
        >
          Finish and submit
        </Link>
      );
    case 'SUBMITTED':
      return (
        <>
          <span className="meta-line">Nothing to do: a coordinator will review it.</span>
          <Link
            className="button secondary"
            href={`/entries/${entry.id}/correct`}
            aria-label={`Change before review: ${where}`}
          >
            Change before review
          </Link>
        </>
      );
    default:
      return (
        <Link
          className="button secondary"
          href={`/history?organizationId=${entry.organization.id}&areaId=${entry.area.id}${entry.validatedVersionId ? `#v-${entry.validatedVersionId}` : ''}`}
          aria-label={`History of ${where}`}
        >
          See it in the history
        </Link>
      );
  }
}

/**
 * The editor's own entries, as proposals: returned ones first (they need the editor), with the
 * coordinator's note and the action each needs; then drafts, entries waiting for review, and
 * validated ones.
 */
export default async function MyEntriesPage() {
  const user = await requireUser();
  const [entries, incidents, locale] = await Promise.all([
    api.myEntries(),
    api.myIncidentEntries(),
    userLocale(),
  ]);
  const returned = entries.items.filter((entry) => entry.state === 'RETURNED').length;
  const organisations =
    user.organizations
      .map((organization) => organization.acronym ?? organization.name)
      .join(', ') || 'your organisation';
  return (
    <>
      <div className="page-title">
        <h1>My entries</h1>
        <span className="page-actions">
          <Link className="button" href="/entries/new">
            Record a change
          </Link>
        </span>
      </div>
      <p className="muted">
        What you and your colleagues of {organisations} proposed. A coordinator validates each entry
        before it counts in the overview; one they send back comes first here, with their note.
      </p>
      {returned > 0 && (
        <p className="notice" role="status">
          <strong>
            {returned} {returned === 1 ? 'entry needs' : 'entries need'} your action:
          </strong>{' '}
          a coordinator sent {returned === 1 ? 'it' : 'them'} back with a note.
        </p>
      )}
      {entries.items.length === 0 ? (
        <p className="empty">
          No entries yet. <Link href="/entries/new">Record a change</Link>: a coordinator will
          review it.
        </p>
      ) : (
        <ul className="entry-cards" aria-label="My entries">
          {entries.items.map((entry) => (
            <li key={entry.id} className="entry-card" data-state={entry.state}>
              <h2>
                {entry.organization.acronym ?? entry.organization.name} in {entry.area.name}
              </h2>
              <p style={{ margin: '0 0 .4rem' }}>
                <ReviewBadge state={entry.state} />{' '}
                <span className="meta-line">
                  {entry.kind === 'CORRECTION' ? 'Correction' : 'New status'}
                  {entry.submittedAt && entry.state !== 'DRAFT'
                    ? ` · submitted ${formatDateTime(entry.submittedAt, locale)}`
                    : ` · saved ${formatDateTime(entry.recordedAt, locale)}`}
                </span>
              </p>
              {entry.state === 'RETURNED' && entry.returnNote && (
                <div className="alert">
                  <strong>Coordinator&apos;s note:</strong> {entry.returnNote}
                </div>
              )}
              <p style={{ margin: '.2rem 0' }}>
                <StatusBadge status={entry.status} /> from{' '}
                <time dateTime={entry.validFrom}>{formatDate(entry.validFrom, locale)}</time>
                {entry.validTo && (
                  <>
                    {' '}
                    until <time dateTime={entry.validTo}>{formatDate(entry.validTo, locale)}</time>
                  </>
                )}
              </p>
              <p className="meta-line" style={{ margin: '.2rem 0' }}>
                {entry.reason}
              </p>
              <div className="card-actions">
                <NextAction entry={entry} />
              </div>
            </li>
          ))}
        </ul>
      )}
      {entries.truncated && <p className="muted">Only the latest 200 entries are shown.</p>}
      <MyIncidentEntries entries={incidents} locale={locale} />
    </>
  );
}
