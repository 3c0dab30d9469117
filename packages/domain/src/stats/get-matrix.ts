import { Prisma } from '@access/db';
import {
  ACCESS_STATUSES,
  type TAccessStatusCode,
  type TMatrix,
  type TMatrixQuery,
} from '@access/contracts';
import { filterSql, readerLevelSql, timelineSql, validOnSql } from '../access-statuses/access-sql';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { today } from '../shared/format';
import { openCountsAnswer, openCountsOn, scoreOfCounts } from './open-counts';

/** cells denied or suspended, and constrained, in the row or column: the "worst" order */
interface Weight {
  blocked: number;
  constrained: number;
}

interface MatrixRow {
  organizations: (TMatrix['organizations'][number] & Weight)[];
  areas: (TMatrix['areas'][number] & Weight)[];
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
 * still count all. One query: the matching cells are found once and read four ways; as
 * known now and unfiltered, the organisations' and areas' counts come from the open-period
 * counts (open-counts.ts) and only the cells shown are read (`options.openCounts: false`
 * forces the scan, for the property test).
 */
export async function getMatrix(
  db: Db,
  ctx: RequestContext,
  query: TMatrixQuery,
  options: { openCounts?: boolean } = {},
): Promise<TMatrix> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const worst = query.order === 'worst';
  const fromCounts = options.openCounts !== false && openCountsAnswer(query);
  const level = readerLevelSql(actor);
  // Each way defines the same four relations: organizations_seen, areas_seen, by_status and
  // the cells on asOf (read only for the organisations and areas shown).
  let seen: Prisma.Sql;
  if (fromCounts) {
    const [areaCounts, organizationCounts] = await Promise.all([
      openCountsOn(db, actor, 'AREA', [asOf]),
      openCountsOn(db, actor, 'ORGANIZATION', [asOf]),
    ]);
    const areaRows = areaCounts.map((row) => ({ id: row.subjectId, ...scoreOfCounts(row) }));
    const organizationRows = organizationCounts.map((row) => ({
      id: row.subjectId,
      ...scoreOfCounts(row),
    }));
    const json = (rows: typeof areaRows) =>
      JSON.stringify(
        rows.map(({ id, byStatus }) => ({
          id,
          reach: byStatus.FULL + byStatus.CONSTRAINED,
          constrained: byStatus.CONSTRAINED,
          blocked: byStatus.DENIED + byStatus.SUSPENDED,
        })),
      );
    const byStatus = Object.fromEntries(
      ACCESS_STATUSES.map((status) => [
        status,
        areaRows.reduce((sum, row) => sum + row.byStatus[status], 0),
      ]),
    );
    seen = Prisma.sql`
    organizations_seen AS (
      SELECT id AS organization_id, reach > 0 AS reaching, blocked AS blocked_cells, constrained AS constrained_cells
      FROM json_to_recordset(${json(organizationRows)}::json) AS x(id uuid, reach int, constrained int, blocked int)),
    areas_seen AS (
      SELECT id AS area_id, blocked > 0 AS blocked, blocked AS blocked_cells, constrained AS constrained_cells
      FROM json_to_recordset(${json(areaRows)}::json) AS x(id uuid, reach int, constrained int, blocked int)),
    by_status AS (SELECT key AS status, value::int AS n FROM json_each_text(${JSON.stringify(byStatus)}::json) WHERE value::int > 0),
    matching AS (
      SELECT v.id, v.status, v.severity, v.organization_id, v.area_id FROM current_access_statuses v
      WHERE v.level = ${level} AND ${validOnSql(asOf)}
    ),`;
  } else {
    const source = timelineSql(actor, query);
    seen = Prisma.sql`
    matching AS MATERIALIZED (
      SELECT v.id, v.status, v.severity, v.organization_id, v.area_id
      FROM ${source.from}
      ${query.organizationType?.length ? Prisma.sql`JOIN organizations o ON o.id = v.organization_id` : Prisma.empty}
      WHERE ${source.where} AND ${validOnSql(asOf)} AND ${filterSql(query)}
    ),
    -- distinct counts by hashing, not by sorting every matching cell
    organizations_seen AS (
      SELECT organization_id, bool_or(status IN ('FULL', 'CONSTRAINED')) AS reaching,
             count(*) FILTER (WHERE status IN ('DENIED', 'SUSPENDED')) AS blocked_cells,
             count(*) FILTER (WHERE status = 'CONSTRAINED') AS constrained_cells
      FROM matching GROUP BY organization_id),
    areas_seen AS (
      SELECT area_id, bool_or(status IN ('DENIED', 'SUSPENDED')) AS blocked,
             count(*) FILTER (WHERE status IN ('DENIED', 'SUSPENDED')) AS blocked_cells,
             count(*) FILTER (WHERE status = 'CONSTRAINED') AS constrained_cells
      FROM matching GROUP BY area_id),
    by_status AS (SELECT status, count(*) AS n FROM matching GROUP BY status),`;
  }
  const [row] = await db.$queryRaw<MatrixRow[]>`
    WITH ${seen}
    shown_organizations AS (
      SELECT o.id, o.name, o.acronym, o.type_code, s.blocked_cells, s.constrained_cells FROM organizations o
      JOIN organizations_seen s ON s.organization_id = o.id
      ORDER BY ${worst ? Prisma.sql`s.blocked_cells DESC, s.constrained_cells DESC,` : Prisma.empty} o.name LIMIT ${query.maxOrganizations ?? null}::int
    ),
    shown_areas AS (
      SELECT a.id, a.name, a.pcode, s.blocked_cells, s.constrained_cells FROM areas a
      JOIN areas_seen s ON s.area_id = a.id
      ORDER BY ${worst ? Prisma.sql`s.blocked_cells DESC, s.constrained_cells DESC,` : Prisma.empty} a.name LIMIT ${query.maxAreas ?? null}::int
    )
    SELECT
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'acronym', acronym, 'typeCode', type_code, 'blocked', blocked_cells, 'constrained', constrained_cells)), '[]') FROM shown_organizations) AS organizations,
      (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'pcode', pcode, 'blocked', blocked_cells, 'constrained', constrained_cells)), '[]') FROM shown_areas) AS areas,
      (SELECT coalesce(json_agg(json_build_array(m.id, m.status, m.severity, m.organization_id, m.area_id)), '[]') FROM matching m
        WHERE m.organization_id IN (SELECT id FROM shown_organizations) AND m.area_id IN (SELECT id FROM shown_areas)) AS cells,
      json_build_object(
          'cells', (SELECT coalesce(sum(n), 0) FROM by_status),
          'organizations', (SELECT count(*) FROM organizations_seen),
          'areas', (SELECT count(*) FROM areas_seen),
          'blockedAreas', (SELECT count(*) FILTER (WHERE blocked) FROM areas_seen),
          'reachingOrganizations', (SELECT count(*) FILTER (WHERE reaching) FROM organizations_seen),
          'byStatus', coalesce((SELECT json_object_agg(status, n) FROM by_status), '{}')) AS totals`;
  const { organizations, areas, cells, totals } = row!;
  // sorted here, a few thousand names at most, with the dashboard's collation; cells in
  // the same order (organisation, then area), so an answer never depends on where
  // PostgreSQL happened to keep the rows
  const order = (a: { name: string } & Weight, b: { name: string } & Weight) =>
    (worst ? b.blocked - a.blocked || b.constrained - a.constrained : 0) ||
    byName.compare(a.name, b.name);
  organizations.sort(order);
  areas.sort(order);
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
    organizations: organizations.map(({ id, name, acronym, typeCode }) => ({
      id,
      name,
      acronym,
      typeCode,
    })),
    areas: areas.map(({ id, name, pcode }) => ({ id, name, pcode })),
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
