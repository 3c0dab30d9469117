import { Prisma } from "@access/db";
import type { TAccessFilters } from "@access/contracts";
import type { Actor } from "../shared/context";

/**
 * SQL pieces shared by every read of access statuses. The table alias is always `v`
 * for versions and `o` for their organisation.
 *
 * A version is part of what was known at instant K when it had been recorded by K and
 * nothing recorded by K superseded it. Clearance is applied after that: a version the
 * reader may not see hides the pair, it never resurrects an older, superseded one.
 */
export function knownAtSql(knownAt: string): Prisma.Sql {
  return Prisma.sql`v.recorded_at <= ${knownAt}::timestamptz
    AND NOT EXISTS (
      SELECT 1 FROM access_status_versions s
      WHERE s.supersedes_id = v.id AND s.recorded_at <= ${knownAt}::timestamptz
    )`;
}

/**
 * Where to read versions from, aliased `v`: as known now, the trigger-maintained table of
 * current versions (no search for what supersedes what); as known at an earlier instant,
 * the full history with knownAtSql. Both expose the columns the filters use.
 */
export function knownVersionsSql(knownAt: string | undefined): { from: Prisma.Sql; where: Prisma.Sql } {
  return knownAt === undefined
    ? { from: Prisma.sql`current_access_statuses v`, where: Prisma.sql`TRUE` }
    : { from: Prisma.sql`access_status_versions v`, where: knownAtSql(knownAt) };
}

export function validOnSql(date: string): Prisma.Sql {
  return Prisma.sql`v.valid_from <= ${date}::date AND (v.valid_to IS NULL OR v.valid_to > ${date}::date)`;
}

export function clearanceSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`v.sensitivity <= ${actor.clearance}::"Sensitivity"`;
}

/** The area and all areas beneath it. */
export function subtreeSql(areaId: string): Prisma.Sql {
  return Prisma.sql`(
    WITH RECURSIVE subtree(id) AS (
      SELECT id FROM areas WHERE id = ${areaId}::uuid
      UNION
      SELECT child.id FROM areas child JOIN subtree ON child.parent_id = subtree.id
    ) SELECT id FROM subtree)`;
}

/**
 * The filters of the list, the statistics and the exports, with clearance always applied.
 *
 * `areas: "probe"` matches the subtree as `area_id = ANY(ARRAY(…))`, so the planner probes
 * the area index once per area (matrix of one country at 1M versions: 184 → 84 ms, where
 * `IN (subquery)` had it misjudge the subtree and scan every current version). `"filter"`
 * keeps `IN (subquery)`, for the list, whose plan walks organisations in name order and
 * stops after a page (23 ms; probing the areas first took 110 ms).
 */
export function filterSql(actor: Actor, filters: Omit<TAccessFilters, "knownAt">, options: { areas?: "probe" | "filter" } = {}): Prisma.Sql {
  const conditions: Prisma.Sql[] = [clearanceSql(actor)];
  if (filters.organizationId?.length) conditions.push(Prisma.sql`v.organization_id = ANY(${filters.organizationId}::uuid[])`);
  if (filters.organizationType?.length) conditions.push(Prisma.sql`o.type_code = ANY(${filters.organizationType}::smallint[])`);
  if (filters.areaId) {
    conditions.push(
      options.areas === "filter" ? Prisma.sql`v.area_id IN ${subtreeSql(filters.areaId)}` : Prisma.sql`v.area_id = ANY(ARRAY${subtreeSql(filters.areaId)})`,
    );
  }
  if (filters.status?.length) conditions.push(Prisma.sql`v.status = ANY(${filters.status}::"AccessStatusCode"[])`);
  if (filters.constraintCategory?.length) {
    conditions.push(Prisma.sql`v.constraint_categories && ${filters.constraintCategory}::smallint[]`);
  }
  if (filters.validatedOnly) conditions.push(Prisma.sql`v.review_state = 'VALIDATED'`);
  return Prisma.join(conditions, " AND ");
}
