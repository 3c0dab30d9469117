import { Prisma } from '@access/db';
import type { TIncidentFilters } from '@access/contracts';
import type { Actor } from '../shared/context';
import { proposalReaderSql, readerLevelSql, subtreeSql } from '../access-statuses/access-sql';

/**
 * What exists for an actor among incidents: the one place every read of incidents goes
 * through (the list, a detail, a history, the review queue, counts and CSVs), beside the
 * status rule in access-sql.ts, whose reader level and area subtree it shares.
 *
 * A validated incident version exists for a reader iff its sensitivity is within their
 * clearance and their level is within its ceiling (a version is kept below a level where
 * its writer would have replaced what they could not see: incident-plan.ts). The reader's
 * current version of an incident is the latest recorded version that exists for them; an
 * incident none of whose versions exists for them does not exist for them. A proposal
 * (DRAFT, SUBMITTED, RETURNED) is no reader's current version.
 */

/** Whether validated incident version `row` exists at the actor's level. */
export function incidentVersionExistsSql(actor: Actor, row: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${row}.review_state = 'VALIDATED' AND ${row}.sensitivity <= ${readerLevelSql(actor)}
    AND ${readerLevelSql(actor)} <= ${row}.ceiling)`;
}

/**
 * One current version per incident for the actor, as known at `knownAt` (default now):
 * the columns of incident_versions plus `organization_id` (the recording organisation),
 * to be aliased by the caller (`FROM ${visibleIncidentVersionsSql(actor)} v`). Counts,
 * lists and exports take this and filter it (incidentFilterSql).
 */
export function visibleIncidentVersionsSql(actor: Actor, knownAt?: string): Prisma.Sql {
  const known = Prisma.sql`coalesce(${knownAt ?? null}::timestamptz, 'infinity')`;
  return Prisma.sql`(
    SELECT x.*, i.organization_id FROM incident_versions x JOIN incidents i ON i.id = x.incident_id
    WHERE ${incidentVersionExistsSql(actor, Prisma.sql`x`)} AND x.recorded_at <= ${known}
      AND NOT EXISTS (
        SELECT 1 FROM incident_versions n
        WHERE n.incident_id = x.incident_id AND ${incidentVersionExistsSql(actor, Prisma.sql`n`)}
          AND n.recorded_at <= ${known} AND (n.recorded_at, n.id) > (x.recorded_at, x.id))
  )`;
}

/** Every validated version that exists for the actor, current or not (histories), aliased `v`. */
export function existingIncidentVersionsSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(
    SELECT x.* FROM incident_versions x WHERE ${incidentVersionExistsSql(actor, Prisma.sql`x`)}
  ) v`;
}

/**
 * Every incident proposal row that exists for the actor, aliased `p`: within their
 * clearance and, for a correction, whose target exists at their level (as for statuses:
 * existingProposalsSql).
 */
export function existingIncidentProposalsSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(
    SELECT x.* FROM incident_versions x
    WHERE x.review_state IN ('DRAFT', 'SUBMITTED', 'RETURNED') AND x.sensitivity <= ${readerLevelSql(actor)}
      AND ${proposalReaderSql(actor, Prisma.sql`x`, Prisma.sql`(SELECT i.organization_id FROM incidents i WHERE i.id = x.incident_id)`)}
      AND (x.target_id IS NULL OR EXISTS (
        SELECT 1 FROM incident_versions t WHERE t.id = x.target_id AND ${incidentVersionExistsSql(actor, Prisma.sql`t`)}))
  ) p`;
}

/** Whether incident proposal row `id` exists for the actor, as a condition. */
export function incidentProposalExistsSql(actor: Actor, id: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM ${existingIncidentProposalsSql(actor)} WHERE p.id = ${id})`;
}

/**
 * What replaced proposal row `row` for the actor: the validated version placed from it
 * (existing at their level), else the next row of the same proposal they may see.
 */
export function incidentProposalSuccessorSql(actor: Actor, row: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce(
    (SELECT n.id FROM incident_versions n WHERE n.proposal_id = ${row}.id AND ${incidentVersionExistsSql(actor, Prisma.sql`n`)}
     ORDER BY n.recorded_at, n.id LIMIT 1),
    (SELECT n.id FROM incident_versions n
     WHERE n.supersedes_id = ${row}.id AND n.review_state <> 'VALIDATED' AND ${incidentProposalExistsSql(actor, Prisma.sql`n.id`)}
     ORDER BY n.recorded_at, n.id LIMIT 1))`;
}

/**
 * The filters of lists and counts, over rows aliased `v` that already are what the reader
 * may see (with `v.organization_id`, the recording organisation).
 */
export function incidentFilterSql(filters: Omit<TIncidentFilters, 'knownAt'>): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.areaId)
    conditions.push(Prisma.sql`v.area_id = ANY(ARRAY${subtreeSql(filters.areaId)})`);
  if (filters.organizationId?.length) {
    conditions.push(Prisma.sql`(v.organization_id = ANY(${filters.organizationId}::uuid[])
      OR v.affected_organization_ids && ${filters.organizationId}::uuid[])`);
  }
  if (filters.organizationType?.length) {
    conditions.push(
      Prisma.sql`v.affected_organization_types && ${filters.organizationType}::smallint[]`,
    );
  }
  if (filters.category?.length)
    conditions.push(Prisma.sql`v.category = ANY(${filters.category}::smallint[])`);
  if (filters.from) conditions.push(Prisma.sql`v.occurred_on >= ${filters.from}::date`);
  if (filters.to) conditions.push(Prisma.sql`v.occurred_on <= ${filters.to}::date`);
  if (filters.asOf) conditions.push(Prisma.sql`v.occurred_on <= ${filters.asOf}::date`);
  return Prisma.join(conditions, ' AND ');
}
