import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TAccessStatusVersion } from '@access/contracts';
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
  const t = useTranslations('statusDetails');
  const tc = useTranslations('codes');
  if (statuses.length === 0) return <p className="empty">{t('empty')}</p>;
  return (
    <>
      {statuses.map((status) => (
        <article key={status.id} className="panel" aria-labelledby={`status-${status.id}`}>
          <h3 id={`status-${status.id}`} style={{ marginTop: 0 }}>
            {heading(status)}: <StatusBadge status={status.status} />
          </h3>
          <dl className="facts">
            <dt>{t('period')}</dt>
            <dd>
              {status.validTo
                ? t.rich('fromUntil', {
                    from: formatDate(status.validFrom, locale),
                    to: formatDate(status.validTo, locale),
                    start: (chunks) => <time dateTime={status.validFrom}>{chunks}</time>,
                    end: (chunks) => <time dateTime={status.validTo ?? ''}>{chunks}</time>,
                  })
                : t.rich('fromStill', {
                    from: formatDate(status.validFrom, locale),
                    start: (chunks) => <time dateTime={status.validFrom}>{chunks}</time>,
                  })}
            </dd>
            <dt>{t('why')}</dt>
            <dd dir="auto">{status.reason}</dd>
            {status.severity !== null && (
              <>
                <dt>{t('severity')}</dt>
                <dd>
                  {status.severity} — {tc(`severity.${status.severity}`)}
                </dd>
              </>
            )}
            <dt>{t('constraints')}</dt>
            <dd>
              {status.constraintCategories.length
                ? status.constraintCategories
                    .map((code) => `${code}. ${tc(`category.${code}`)}`)
                    .join('; ')
                : t('noneRecorded')}
            </dd>
            <dt>{t('review')}</dt>
            <dd>
              {tc(`reviewState.${status.reviewState}`)}
              {status.reviewNote ? ` — ${status.reviewNote}` : ''}
            </dd>
            <dt>{t('sensitivity')}</dt>
            <dd>{tc(`sensitivity.${status.sensitivity}`)}</dd>
          </dl>
          {status.terms.length > 0 && (
            <>
              <h4>{t('terms')}</h4>
              <ul>
                {status.terms.map((term, index) => (
                  <li key={index}>
                    <strong>{tc(`termType.${term.type}`)}</strong>
                    {term.grantingParty && (
                      <> {t('grantedBy', { party: term.grantingParty.name })}</>
                    )}
                    {term.legalReference && (
                      <>
                        {' '}
                        —{' '}
                        <em>
                          <bdi>{term.legalReference}</bdi>
                        </em>
                      </>
                    )}
                    {term.note && (
                      <>
                        {' '}
                        — <bdi>{term.note}</bdi>
                      </>
                    )}
                  </li>
                ))}
              </ul>
            </>
          )}
          {status.sources.length > 0 && (
            <>
              <h4>{t('sources')}</h4>
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
              {t('history')}
            </Link>
          </p>
        </article>
      ))}
    </>
  );
}
