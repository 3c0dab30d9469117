import Link from 'next/link';
import type { TIncidentProposal } from '@access/contracts';
import { formatDateTime } from '@/lib/format';
import { OccurredAt, incidentKind } from './incident-details';
import { ReviewBadge } from './review-badge';

/** What an incident proposal in each state needs from its editor, as a link. */
function nextAction(entry: TIncidentProposal): { label: string; href: string } {
  const correct = `/incidents/${entry.incidentId}/correct?version=${entry.id}`;
  switch (entry.state) {
    case 'RETURNED':
      return { label: 'Correct and resubmit', href: correct };
    case 'DRAFT':
      return { label: 'Finish and submit', href: correct };
    default:
      return { label: 'Open the incident', href: `/incidents/${entry.incidentId}` };
  }
}

/**
 * The editor's organisations' incident proposals (the API puts returned ones first), each with
 * where it stands, the coordinator's note when sent back, and what to do next.
 */
export function MyIncidentEntries({
  entries,
  locale,
}: {
  entries: { items: TIncidentProposal[]; truncated: boolean };
  locale: string;
}) {
  return (
    <section aria-labelledby="my-incidents-title" style={{ marginTop: '1.5rem' }}>
      <div className="page-title">
        <h2 id="my-incidents-title">My incidents</h2>
        <span className="page-actions">
          <Link className="button secondary" href="/incidents/new">
            Record an incident
          </Link>
        </span>
      </div>
      {entries.items.length === 0 ? (
        <p className="empty">No incidents proposed yet.</p>
      ) : (
        <ul className="entry-cards" aria-label="My incidents">
          {entries.items.map((entry) => {
            const action = nextAction(entry);
            return (
              <li key={entry.id} className="entry-card" data-state={entry.state}>
                <h3>
                  {incidentKind(entry)} in {entry.area.name}
                </h3>
                <p style={{ margin: '0 0 .4rem' }}>
                  <ReviewBadge state={entry.state} />{' '}
                  <span className="meta-line">
                    {entry.kind === 'CORRECTION' ? 'Correction' : 'New incident'} · occurred{' '}
                    <OccurredAt version={entry} locale={locale} /> · saved{' '}
                    {formatDateTime(entry.recordedAt, locale)}
                  </span>
                </p>
                {entry.state === 'RETURNED' && entry.returnNote && (
                  <div className="alert">
                    <strong>Coordinator&apos;s note:</strong> {entry.returnNote}
                  </div>
                )}
                <div className="card-actions">
                  <Link
                    className={
                      entry.state === 'RETURNED' || entry.state === 'DRAFT'
                        ? 'button'
                        : 'button secondary'
                    }
                    href={action.href}
                  >
                    {action.label}
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {entries.truncated && <p className="muted">Only the latest incidents are shown.</p>}
    </section>
  );
}
