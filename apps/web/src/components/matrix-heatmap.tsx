import Link from 'next/link';
import type { TMatrix } from '@access/contracts';
import { STATUS_STYLE } from '@/lib/status-style';

/** The heatmap shows at most this many organisations and areas: ask the API for no more. */
export const MAX_ROWS = 40;
export const MAX_COLUMNS = 30;

/**
 * Organisations × areas, one cell per current status, worst first (as the API orders them
 * with order=worst). Each cell carries its status's pattern (as in the chart), symbol and
 * label; it is a link to the pair's history, so it takes the keyboard's focus, and its
 * detail shows on focus as on hover.
 */
export function MatrixHeatmap({ matrix, knownOn }: { matrix: TMatrix; knownOn?: string }) {
  if (matrix.cells.length === 0)
    return <p className="empty">No organisation has a status in these areas on this date.</p>;
  const organizations = matrix.organizations.slice(0, MAX_ROWS);
  const areas = matrix.areas.slice(0, MAX_COLUMNS);
  const cells = new Map(
    matrix.cells.map((cell) => [`${cell.organizationId}/${cell.areaId}`, cell]),
  );
  return (
    <>
      {(matrix.totals.organizations > organizations.length ||
        matrix.totals.areas > areas.length) && (
        <p className="notice">
          Showing the worst {organizations.length} of {matrix.totals.organizations} organisations
          and {areas.length} of {matrix.totals.areas} areas: narrow the filters to see the rest.
        </p>
      )}
      <div className="table-scroll">
        <table className="heatmap">
          <caption className="visually-hidden">
            Status of each organisation in each area, worst first; each cell links to the history
          </caption>
          <thead>
            <tr>
              <th scope="col" className="org">
                Organisation
              </th>
              {areas.map((area) => (
                <th scope="col" className="rotate" key={area.id}>
                  <div>
                    <Link href={`/areas/${area.id}`}>{area.name}</Link>
                  </div>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {organizations.map((organization) => (
              <tr key={organization.id}>
                <th scope="row" className="org">
                  <Link href={`/organizations/${organization.id}`} title={organization.name}>
                    {organization.acronym ?? organization.name}
                  </Link>
                </th>
                {areas.map((area) => {
                  const cell = cells.get(`${organization.id}/${area.id}`);
                  if (!cell)
                    return (
                      <td key={area.id} className="cell">
                        <span className="visually-hidden">no entry</span>
                      </td>
                    );
                  const style = STATUS_STYLE[cell.status];
                  const detail = `${organization.name} in ${area.name}: ${style.label}${cell.severity === null ? '' : `, severity ${cell.severity}`}`;
                  const history = new URLSearchParams({
                    organizationId: organization.id,
                    areaId: area.id,
                  });
                  if (knownOn) history.set('knownOn', knownOn);
                  return (
                    <td key={area.id} className={`cell status-fill-${cell.status}`}>
                      <Link
                        href={`/history?${history}#v-${cell.versionId}`}
                        aria-label={`${detail} (history)`}
                      >
                        <span aria-hidden="true">{style.symbol}</span>
                      </Link>
                      <span className="cell-detail" aria-hidden="true">
                        {detail}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
