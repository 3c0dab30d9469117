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
import { openCountsAnswer, openCountsOn, statusCountsOf } from './open-counts';

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
  // Each way defines organizations_seen and areas_seen (those that may be shown) and the
  // cells on asOf (read only for the organisations and areas shown), and the totals.
  let seen: Prisma.Sql;
  let totalsSql = Prisma.sql`json_build_object(
          'cells', (SELECT coalesce(sum(n), 0) FROM by_status),
          'organizations', (SELECT count(*) FROM organizations_seen),
          'areas', (SELECT count(*) FROM areas_seen),
          'blockedAreas', (SELECT count(*) FILTER (WHERE blocked) FROM areas_seen),
          'reachingOrganizations', (SELECT count(*) FILTER (WHERE reaching) FROM organizations_seen),
          'byStatus', coalesce((SELECT json_object_agg(status, n) FROM by_status), '{}'))`;
  if (fromCounts) {
    const [areaCounts, organizationCounts] = await Promise.all([
      openCountsOn(db, actor, 'AREA', [asOf], 'statuses'),
      openCountsOn(db, actor, 'ORGANIZATION', [asOf], 'statuses'),
    ]);
    // Worst first, only the organisations and areas that can be shown go to the query: the
    // worst `max` and those tied with the last of them (the name breaks ties); the totals
    // are summed here.
    const candidates = (counts: Map<string, number[]>, max: number | undefined) => {
      const weighted = [...counts].map(([id, c]) => ({
        id,
        reach: c[0]! + c[1]!,
        constrained: c[1]!,
        blocked: c[3]! + c[4]!,
      }));
      if (!worst || max === undefined || weighted.length <= max) return weighted;
      weighted.sort((a, b) => b.blocked - a.blocked || b.constrained - a.constrained);
      const last = weighted[max - 1]!;
      return weighted.filter(
        (w) =>
          w.blocked > last.blocked ||
          (w.blocked === last.blocked && w.constrained >= last.constrained),
      );
    };
    const byStatus = Object.fromEntries(ACCESS_STATUSES.map((status) => [status, 0]));
    let blockedAreas = 0;
    for (const counts of areaCounts[0]!.values()) {
      for (const [status, n] of Object.entries(statusCountsOf(counts))) byStatus[status]! += n;
      if (counts[3]! + counts[4]! > 0) blockedAreas++;
    }
    let reachingOrganizations = 0;
    for (const counts of organizationCounts[0]!.values())
      if (counts[0]! + counts[1]! > 0) reachingOrganizations++;
    totalsSql = Prisma.sql`${JSON.stringify({
      cells: Object.values(byStatus).reduce((sum, n) => sum + n, 0),
      organizations: organizationCounts[0]!.size,
      areas: areaCounts[0]!.size,
      blockedAreas,
      reachingOrganizations,
      byStatus: Object.fromEntries(Object.entries(byStatus).filter(([, n]) => n > 0)),
    })}::json`;
    seen = Prisma.sql`
    organizations_seen AS (
      SELECT id AS organization_id, blocked AS blocked_cells, constrained AS constrained_cells
      FROM json_to_recordset(${JSON.stringify(candidates(organizationCounts[0]!, query.maxOrganizations))}::json) AS x(id uuid, reach int, constrained int, blocked int)),
    areas_seen AS (
      SELECT id AS area_id, blocked AS blocked_cells, constrained AS constrained_cells
      FROM json_to_recordset(${JSON.stringify(candidates(areaCounts[0]!, query.maxAreas))}::json) AS x(id uuid, reach int, constrained int, blocked int)),
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
      ${totalsSql} AS totals`;
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
