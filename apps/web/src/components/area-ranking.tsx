import Link from 'next/link';
import type { TAreaRanking, TTrend } from '@access/contracts';
import { CONSTRAINT_CATEGORIES } from '@access/contracts/codes';
import { TREND_STYLE } from '@/lib/status-style';

/** A trend against an earlier day, in the words of the ranking (worse is "deteriorated"). */
function Trend({ trend, days }: { trend: TTrend; days: number }) {
  const style = TREND_STYLE[trend];
  const label = trend === 'NEW' ? `no entry ${days} days earlier` : style.label.toLowerCase();
  return (
    <span className={`trend trend-${trend}`} title={`Against ${days} days earlier: ${label}`}>
      <span aria-hidden="true">{style.symbol}</span>
      <span className="visually-hidden">
        {' '}
        against {days} days earlier: {label}
      </span>
    </span>
  );
}

/**
 * "Where is access worst?": areas ranked by organisations denied or suspended, then
 * severity, then constraint categories, each with its trend against 30 and 90 days earlier.
 */
export function AreaRanking({ ranking, viewQuery }: { ranking: TAreaRanking; viewQuery: string }) {
  if (ranking.items.length === 0)
    return <p className="empty">No area has an entry on this date for these filters.</p>;
  // each category's name once, under the table, rather than a tooltip on each of its codes
  const listed = [...new Set(ranking.items.flatMap((item) => item.constraintCategories))]
    .sort((a, b) => a - b)
    .filter((code): code is keyof typeof CONSTRAINT_CATEGORIES => code in CONSTRAINT_CATEGORIES);
  return (
    <>
      <div className="table-scroll">
        <table className="ranking">
          <caption className="visually-hidden">
            Areas by how constrained access is, worst first, with trends against 30 and 90 days
            earlier
          </caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Area</th>
              <th scope="col" className="num">
                <abbr title="organisations denied or suspended">Denied / susp.</abbr>
              </th>
              <th scope="col" className="num optional">
                <abbr title="organisations with constrained access">Constr.</abbr>
              </th>
              <th scope="col" className="num optional">
                <abbr title="highest severity, ACAPS 0–5">Sev.</abbr>
              </th>
              <th scope="col" className="optional">
                <abbr title="OCHA constraint categories, named under the table">Categories</abbr>
              </th>
              <th scope="col">
                <abbr title="against 30 and 90 days earlier">30 d · 90 d</abbr>
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
      </div>
      {listed.length > 0 && (
        <p className="muted small ranking-key">
          Categories (OCHA):{' '}
          {listed.map((code, index) => (
            <span key={code}>
              {index > 0 && '; '}
              <strong>{code}</strong> {CONSTRAINT_CATEGORIES[code]}
            </span>
          ))}
          .
        </p>
      )}
      {ranking.totalAreas > ranking.items.length && (
        <p className="muted">
          The worst {ranking.items.length} of {ranking.totalAreas} areas with an entry.
        </p>
      )}
    </>
  );
}
