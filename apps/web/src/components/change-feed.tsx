import Link from 'next/link';
import type { TChange } from '@access/contracts';
import { formatDate, formatDateTime } from '@/lib/format';
import { TREND_STYLE } from '@/lib/status-style';
import { StatusBadge } from './charts/status-patterns';

export function ChangeFeed({
  changes,
  locale,
  knownOn,
}: {
  changes: TChange[];
  locale: string;
  /** the page's "as known on", kept by the links to each pair's history */
  knownOn?: string;
}) {
  if (changes.length === 0) return <p className="empty">No changes recorded in this period.</p>;
  return (
    <ul className="feed">
      {changes.map((change) => {
        const trend = TREND_STYLE[change.trend];
        return (
          <li key={change.versionId}>
            <div>
              <strong className={`trend-${change.trend}`}>
                <span aria-hidden="true">{trend.symbol}</span> {trend.label}
              </strong>{' '}
              ·{' '}
              <Link href={`/organizations/${change.organization.id}`}>
                {change.organization.acronym ?? change.organization.name}
              </Link>{' '}
              in <Link href={`/areas/${change.area.id}`}>{change.area.name}</Link>
            </div>
            <div>
              {change.previousStatus ? (
                <StatusBadge status={change.previousStatus} />
              ) : (
                <span className="muted">no earlier entry</span>
              )}{' '}
              → <StatusBadge status={change.status} /> from{' '}
              <time dateTime={change.validFrom}>{formatDate(change.validFrom, locale)}</time>
              {change.changeKind === 'CORRECTION' && <span className="muted"> (correction)</span>}
            </div>
            <div className="muted">
              {change.reason} — {change.recordedBy.displayName},{' '}
              <time dateTime={change.recordedAt}>{formatDateTime(change.recordedAt, locale)}</time>{' '}
              ·{' '}
              <Link
                href={`/history?organizationId=${change.organization.id}&areaId=${change.area.id}${knownOn ? `&knownOn=${knownOn}` : ''}#v-${change.versionId}`}
              >
                history
              </Link>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
