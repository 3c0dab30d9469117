import { useTranslations } from 'next-intl';
import type { TMatrix } from '@access/contracts';
import { ACCESS_STATUSES } from '@access/contracts/codes';
import { type CompactCell, HeatmapGrid } from './charts/heatmap-grid';

/** The heatmap shows at most this many organisations and areas (the worst): ask the API for no more. */
export const MAX_ROWS = 30;
export const MAX_COLUMNS = 20;

/**
 * Organisations × areas, one cell per current status, worst first (as the API orders them
 * with order=worst). Each cell carries its status's pattern (as in the chart), symbol and
 * label; the grid is drawn by HeatmapGrid from compact rows, which keeps the page small.
 */
export function MatrixHeatmap({ matrix, knownOn }: { matrix: TMatrix; knownOn?: string }) {
  const t = useTranslations('matrix');
  if (matrix.cells.length === 0) return <p className="empty">{t('empty')}</p>;
  const organizations = matrix.organizations.slice(0, MAX_ROWS);
  const areas = matrix.areas.slice(0, MAX_COLUMNS);
  const row = new Map(organizations.map((organization, index) => [organization.id, index]));
  const column = new Map(areas.map((area, index) => [area.id, index]));
  const cells: CompactCell[] = matrix.cells.flatMap((cell) => {
    const r = row.get(cell.organizationId);
    const c = column.get(cell.areaId);
    return r === undefined || c === undefined
      ? []
      : [[r, c, ACCESS_STATUSES.indexOf(cell.status), cell.severity ?? -1]];
  });
  return (
    <>
      {(matrix.totals.organizations > organizations.length ||
        matrix.totals.areas > areas.length) && (
        <p className="notice">
          {t('truncated', {
            organizations: organizations.length,
            totalOrganizations: matrix.totals.organizations,
            areas: areas.length,
            totalAreas: matrix.totals.areas,
          })}
        </p>
      )}
      <HeatmapGrid
        organizations={organizations.map((organization) => ({
          id: organization.id,
          name: organization.name,
          label: organization.acronym ?? organization.name,
        }))}
        areas={areas.map((area) => ({ id: area.id, name: area.name }))}
        cells={cells}
        knownOn={knownOn}
      />
    </>
  );
}
