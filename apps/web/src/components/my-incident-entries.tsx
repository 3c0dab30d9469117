import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TIncidentProposal } from '@access/contracts';
import { formatDateTime } from '@/lib/format';
import { incidentLabels } from '@/lib/incident-text';
import { OccurredAt, incidentKind } from './incident-details';
import { ReviewBadge } from './review-badge';

/** What an incident proposal in each state needs from its editor, as a link. */
function nextAction(entry: TIncidentProposal): {
  label: 'correctResubmit' | 'finish' | 'open';
  href: string;
} {
  const correct = `/incidents/${entry.incidentId}/correct?version=${entry.id}`;
  switch (entry.state) {
    case 'RETURNED':
      return { label: 'correctResubmit', href: correct };
    case 'DRAFT':
      return { label: 'finish', href: correct };
    default:
      return { label: 'open', href: `/incidents/${entry.incidentId}` };
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
  const t = useTranslations('myIncidents');
  const labels = incidentLabels(useTranslations('codes'));
  return (
    <section aria-labelledby="my-incidents-title" style={{ marginTop: '1.5rem' }}>
      <div className="page-title">
        <h2 id="my-incidents-title">{t('title')}</h2>
        <span className="page-actions">
          <Link className="button secondary" href="/incidents/new">
            {t('record')}
          </Link>
        </span>
      </div>
      {entries.items.length === 0 ? (
        <p className="empty">{t('empty')}</p>
      ) : (
        <ul className="entry-cards" aria-label={t('title')}>
          {entries.items.map((entry) => {
            const action = nextAction(entry);
            return (
              <li key={entry.id} className="entry-card" data-state={entry.state}>
                <h3>{t('kindIn', { kind: incidentKind(entry, labels), area: entry.area.name })}</h3>
                <p style={{ margin: '0 0 .4rem' }}>
                  <ReviewBadge state={entry.state} />{' '}
                  <span className="meta-line">
                    {entry.kind === 'CORRECTION' ? t('correction') : t('new')} · {t('occurred')}{' '}
                    <OccurredAt version={entry} locale={locale} /> ·{' '}
                    {t('saved', { date: formatDateTime(entry.recordedAt, locale) })}
                  </span>
                </p>
                {entry.state === 'RETURNED' && entry.returnNote && (
                  <div className="alert">
                    <strong>{t('note')}</strong> {entry.returnNote}
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
                    {t(action.label)}
                  </Link>
                </div>
              </li>
            );
          })}
        </ul>
      )}
      {entries.truncated && <p className="muted">{t('truncated')}</p>}
    </section>
  );
}
