import Link from 'next/link';
import { useTranslations } from 'next-intl';
import type { TAreaRanking, TTrend } from '@access/contracts';
import { CONSTRAINT_CATEGORIES, TRENDS } from '@access/contracts/codes';
import { TREND_STYLE } from '@/lib/status-style';

/** A trend against an earlier day, in the words of the ranking (worse is "deteriorated"). */
function Trend({ trend, days }: { trend: TTrend; days: number }) {
  const style = TREND_STYLE[trend];
  const t = useTranslations('ranking');
  const tc = useTranslations('codes');
  const label = trend === 'NEW' ? t('noEntryEarlier', { days }) : tc(`trend.${trend}`);
  const against = t('against', { days, label });
  return (
    <span className={`trend trend-${trend}`} title={against}>
      <span aria-hidden="true">{style.symbol}</span>
      <span className="visually-hidden"> {against}</span>
    </span>
  );
}

/**
 * "Where is access worst?": areas ranked by organisations denied or suspended, then
 * severity, then constraint categories, each with its trend against 30 and 90 days earlier.
 */
export function AreaRanking({ ranking, viewQuery }: { ranking: TAreaRanking; viewQuery: string }) {
  const t = useTranslations('ranking');
  const tc = useTranslations('codes');
  if (ranking.items.length === 0) return <p className="empty">{t('empty')}</p>;
  // each category's name once, under the table, rather than a tooltip on each of its codes
  const listed = [...new Set(ranking.items.flatMap((item) => item.constraintCategories))]
    .sort((a, b) => a - b)
    .filter((code): code is keyof typeof CONSTRAINT_CATEGORIES => code in CONSTRAINT_CATEGORIES);
  // each trend's symbol in words under the table, shown on a phone too: the cells' hover titles
  // reach neither touch nor keyboard
  const trends = TRENDS.filter((trend) =>
    ranking.items.some((item) => item.trend30 === trend || item.trend90 === trend),
  );
  return (
    <>
      <section
        className="table-scroll"
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard
        tabIndex={0}
        aria-label={t('caption')}
      >
        <table className="ranking">
          <caption className="visually-hidden">{t('caption')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('area')}</th>
              <th scope="col" className="num">
                <abbr title={t('blockedTitle')}>{t('blocked')}</abbr>
              </th>
              <th scope="col" className="num optional">
                <abbr title={t('constrainedTitle')}>{t('constrained')}</abbr>
              </th>
              <th scope="col" className="num optional">
                <abbr title={t('severityTitle')}>{t('severity')}</abbr>
              </th>
              <th scope="col" className="optional">
                <abbr title={t('categoriesTitle')}>{t('categories')}</abbr>
              </th>
              <th scope="col">
                <abbr title={t('trendsTitle')}>{t('trends')}</abbr>
              </th>
            </tr>
          </thead>
          <tbody>
            {ranking.items.map((item) => (
              <tr key={item.area.id}>
                <td>{item.rank}</td>
                <th scope="row">
                  <Link href={`/areas/${item.area.id}${viewQuery}`}>{item.area.name}</Link>
                </th>
                <td className="num">
                  <strong>{item.blockedOrganizations}</strong>
                  <span className="muted"> / {item.organizations}</span>
                </td>
                <td className="num optional">{item.constrainedOrganizations}</td>
                <td className="num optional">{item.maxSeverity ?? '–'}</td>
                <td className="optional categories">{item.constraintCategories.join(' ')}</td>
                <td className="trends">
                  <Trend trend={item.trend30} days={30} /> <Trend trend={item.trend90} days={90} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {trends.length > 0 && (
        <p className="muted small trend-key">
          {t('trendsKey')}{' '}
          {trends.map((trend, index) => (
            <span key={trend}>
              {index > 0 && '; '}
              <span className={`trend-${trend}`}>
                <span aria-hidden="true">{TREND_STYLE[trend].symbol}</span> {tc(`trend.${trend}`)}
              </span>
            </span>
          ))}
          .
        </p>
      )}
      {listed.length > 0 && (
        <p className="muted small ranking-key">
          {t('categoriesKey')}{' '}
          {listed.map((code, index) => (
            <span key={code}>
              {index > 0 && '; '}
              <strong>{code}</strong> {tc(`category.${code}`)}
            </span>
          ))}
          .
        </p>
      )}
      {ranking.totalAreas > ranking.items.length && (
        <p className="muted">
          {t('worstOf', { shown: ranking.items.length, total: ranking.totalAreas })}
        </p>
      )}
    </>
  );
}
