import { Prisma } from '@access/db';
import {
  ACCESS_STATUSES,
  type TAccessStatusCode,
  type TMatrix,
  type TMatrixQuery,
} from '@access/contracts';
import { filterSql, timelineSql, validOnSql } from '../access-statuses/access-sql';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { today } from '../shared/format';

interface MatrixRow {
  organizations: TMatrix['organizations'];
  areas: TMatrix['areas'];
  /** [versionId, status, severity, organizationId, areaId] */
  cells: [string, TAccessStatusCode, number | null, string, string][];
  totals: Omit<TMatrix['totals'], 'byStatus'> & {
    byStatus: Partial<Record<TAccessStatusCode, number>>;
  };
}

const byName = new Intl.Collator('en');

/**
 * Organisations × areas → status on `asOf`, for the heatmap, with totals over every
 * matching cell. With maxOrganizations / maxAreas, only the first organisations and areas
 * by name come with their cells (a country can have tens of thousands), and the totals
 * still count all. One query: the matching cells are found once and read four ways.
 */
export async function getMatrix(
  db: Db,
  ctx: RequestContext,
  query: TMatrixQuery,
): Promise<TMatrix> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const source = timelineSql(actor, query);
  const [row] = await db.$queryRaw<MatrixRow[]>`
    WITH matching AS MATERIALIZED (
      SELECT v.id, v.status, v.severity, v.organization_id, v.area_id
      FROM ${source.from}
      ${query.organizationType?.length ? Prisma.sql`JOIN organizations o ON o.id = v.organization_id` : Prisma.empty}
      WHERE ${source.where} AND ${validOnSql(asOf)} AND ${filterSql(query)}
    ),
    -- distinct counts by hashing, not by sorting every matching cell
    organizations_seen AS (SELECT organization_id, bool_or(status IN ('FULL', 'CONSTRAINED')) AS reaching FROM matching GROUP BY organization_id),
    areas_seen AS (SELECT area_id, bool_or(status IN ('DENIED', 'SUSPENDED')) AS blocked FROM matching GROUP BY area_id),
    shown_organizations AS (
      SELECT o.id, o.name, o.acronym, o.type_code FROM organizations o
      WHERE o.id IN (SELECT organization_id FROM organizations_seen) ORDER BY o.name LIMIT ${query.maxOrganizations ?? null}::int
    ),
    shown_areas AS (
      SELECT a.id, a.name, a.pcode FROM areas a
      WHERE a.id IN (SELECT area_id FROM areas_seen) ORDER BY a.name LIMIT ${query.maxAreas ?? null}::int
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'acronym', acronym, 'typeCode', type_code)), '[]') FROM shown_organizations) AS organizations,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'pcode', pcode)), '[]') FROM shown_areas) AS areas,
      (SELECT coalesce(json_agg(json_build_array(m.id, m.status, m.severity, m.organization_id, m.area_id)), '[]') FROM matching m
        WHERE m.organization_id IN (SELECT id FROM shown_organizations) AND m.area_id IN (SELECT id FROM shown_areas)) AS cells,
      json_build_object(
          'cells', (SELECT count(*) FROM matching),
          'organizations', (SELECT count(*) FROM organizations_seen),
          'areas', (SELECT count(*) FROM areas_seen),
          'blockedAreas', (SELECT count(*) FILTER (WHERE blocked) FROM areas_seen),
          'reachingOrganizations', (SELECT count(*) FILTER (WHERE reaching) FROM organizations_seen),
          'byStatus', coalesce((SELECT json_object_agg(status, n) FROM (SELECT status, count(*) AS n FROM matching GROUP BY status) s), '{}')) AS totals`;
  const { organizations, areas, cells, totals } = row!;
  // sorted here, a few thousand names at most, with the dashboard's collation; cells in
  // the same order (organisation, then area), so an answer never depends on where
  // PostgreSQL happened to keep the rows
  organizations.sort((a, b) => byName.compare(a.name, b.name));
  areas.sort((a, b) => byName.compare(a.name, b.name));
  const organizationRank = new Map(
    organizations.map((organization, index) => [organization.id, index]),
  );
  const areaRank = new Map(areas.map((area, index) => [area.id, index]));
  cells.sort(
    ([, , , orgA, areaA], [, , , orgB, areaB]) =>
      organizationRank.get(orgA)! - organizationRank.get(orgB)! ||
      areaRank.get(areaA)! - areaRank.get(areaB)!,
  );
  return {
    asOf,
    knownAt,
    organizations,
    areas,
    cells: cells.map(([versionId, status, severity, organizationId, areaId]) => ({
      organizationId,
      areaId,
      status,
      severity,
      versionId,
    })),
    totals: {
      ...totals,
      byStatus: Object.fromEntries(
        ACCESS_STATUSES.map((status) => [status, totals.byStatus[status] ?? 0]),
      ) as Record<TAccessStatusCode, number>,
    },
  };
}
