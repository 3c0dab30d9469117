import Link from 'next/link';
import { useTranslations } from 'next-intl';
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
  const t = useTranslations('changeFeed');
  const tc = useTranslations('codes');
  if (changes.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <ul className="feed">
      {changes.map((change) => {
        const trend = TREND_STYLE[change.trend];
        return (
          <li key={change.versionId}>
            <div>
              <strong className={`trend-${change.trend}`}>
                <span aria-hidden="true">{trend.symbol}</span> {tc(`trend.${change.trend}`)}
              </strong>{' '}
              ·{' '}
              {t.rich('whoWhere', {
                // names keep their own direction inside a line of another language's
                organization: (chunks) => (
                  <Link href={`/organizations/${change.organization.id}`}>
                    <bdi>{chunks}</bdi>
                  </Link>
                ),
                area: (chunks) => (
                  <Link href={`/areas/${change.area.id}`}>
                    <bdi>{chunks}</bdi>
                  </Link>
                ),
                organizationName: change.organization.acronym ?? change.organization.name,
                areaName: change.area.name,
              })}
            </div>
            <div>
              {change.previousStatus ? (
                <StatusBadge status={change.previousStatus} />
              ) : (
                <span className="muted">{t('noEarlier')}</span>
              )}{' '}
              <span className="flow">→</span> <StatusBadge status={change.status} />{' '}
              {t.rich('from', {
                date: formatDate(change.validFrom, locale),
                time: (chunks) => <time dateTime={change.validFrom}>{chunks}</time>,
              })}
              {change.changeKind === 'CORRECTION' && (
                <span className="muted"> {t('correction')}</span>
              )}
            </div>
            {/* typed text on a line of its own, in its own direction: beside a name and a date
                in an Arabic line, an English reason wrapped into them */}
            <div className="muted" dir="auto">
              {change.reason}
            </div>
            <div className="muted">
              {/* the language's own comma: "،" in Arabic */}
              {t.rich('recorded', {
                name: (chunks) => <bdi>{chunks}</bdi>,
                time: (chunks) => <time dateTime={change.recordedAt}>{chunks}</time>,
                recordedBy: change.recordedBy.displayName,
                recordedAt: formatDateTime(change.recordedAt, locale),
              })}{' '}
              ·{' '}
              <Link
                href={`/history?organizationId=${change.organization.id}&areaId=${change.area.id}${knownOn ? `&knownOn=${knownOn}` : ''}&version=${change.versionId}#v-${change.versionId}`}
              >
                {t('history')}
              </Link>
            </div>
          </li>
        );
      })}
    </ul>
  );
}
