import Link from 'next/link';
import {
  CONSTRAINT_CATEGORIES,
  SEVERITY_LABELS,
  TERM_TYPE_LABELS,
  type TAccessStatusVersion,
} from '@access/contracts';
import { formatDate } from '@/lib/format';
import { StatusBadge } from './charts/status-patterns';

/** The current terms (who grants, on what basis), constraint categories and sources of statuses. */
export function StatusDetails({
  statuses,
  locale,
  heading,
}: {
  statuses: TAccessStatusVersion[];
  locale: string;
  heading: (status: TAccessStatusVersion) => string;
}) {
  if (statuses.length === 0) return <p className="empty">No status recorded for this date.</p>;
  return (
    <>
      {statuses.map((status) => (
        <article key={status.id} className="panel" aria-labelledby={`status-${status.id}`}>
          <h3 id={`status-${status.id}`} style={{ marginTop: 0 }}>
            {heading(status)}: <StatusBadge status={status.status} />
          </h3>
          <dl className="facts">
            <dt>Period</dt>
            <dd>
              from <time dateTime={status.validFrom}>{formatDate(status.validFrom, locale)}</time>
              {status.validTo ? (
                <>
                  {' '}
                  until <time dateTime={status.validTo}>{formatDate(status.validTo, locale)}</time>
                </>
              ) : (
                ' (still holds)'
              )}
            </dd>
            <dt>Why</dt>
            <dd>{status.reason}</dd>
            {status.severity !== null && (
              <>
                <dt>Severity</dt>
                <dd>
                  {status.severity} —{' '}
                  {SEVERITY_LABELS[status.severity as keyof typeof SEVERITY_LABELS]}
                </dd>
              </>
            )}
            <dt>Constraints</dt>
            <dd>
              {status.constraintCategories.length
                ? status.constraintCategories
                    .map(
                      (code) =>
                        `${code}. ${CONSTRAINT_CATEGORIES[code as keyof typeof CONSTRAINT_CATEGORIES]}`,
                    )
                    .join('; ')
                : 'none recorded'}
            </dd>
            <dt>Review</dt>
            <dd>
              {status.reviewState.toLowerCase()}
              {status.reviewNote ? ` — ${status.reviewNote}` : ''}
            </dd>
            <dt>Sensitivity</dt>
            <dd>{status.sensitivity}</dd>
          </dl>
          {status.terms.length > 0 && (
            <>
              <h4>Terms</h4>
              <ul>
                {status.terms.map((term, index) => (
                  <li key={index}>
                    <strong>{TERM_TYPE_LABELS[term.type]}</strong>
                    {term.grantingParty && <> granted by {term.grantingParty.name}</>}
                    {term.legalReference && (
                      <>
                        {' '}
                        — <em>{term.legalReference}</em>
                      </>
                    )}
                    {term.note && <> — {term.note}</>}
                  </li>
                ))}
              </ul>
            </>
          )}
          {status.sources.length > 0 && (
            <>
              <h4>Sources</h4>
              <ul>
                {status.sources.map((source, index) => (
                  <li key={index}>
                    {source.url ? (
                      <a href={source.url} rel="noopener noreferrer nofollow" target="_blank">
                        {source.title}
                      </a>
                    ) : (
                      source.title
                    )}
                    {source.publisher && <> — {source.publisher}</>}
                    {source.publishedOn && (
                      <>
                        ,{' '}
                        <time dateTime={source.publishedOn}>
                          {formatDate(source.publishedOn, locale)}
                        </time>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          <p>
            <Link
              href={`/history?organizationId=${status.organization.id}&areaId=${status.area.id}`}
            >
              Every version, who changed what and why
            </Link>
          </p>
        </article>
      ))}
    </>
  );
}
