import { Prisma } from '@access/db';
import type { TAccessFilters } from '@access/contracts';
import type { Actor } from '../shared/context';

/**
 * What exists for an actor: the one place every read of access statuses goes through.
 *
 * A reader sees the timeline of their clearance level and nothing else: the versions
 * that exist at that level (access_status_version_levels), superseded only by versions
 * existing there, each period ending at its stated end or at the next start at that
 * level, "previous status" taken at that level (access_timeline() in the migrations). A
 * version above the level changes no answer the reader gets: not a period, a status, an
 * id, a count or a date.
 *
 * Table aliases: `v` for the versions read, `o` for their organisation.
 */
export function readerLevelSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`${actor.clearance}::"Sensitivity"`;
}

/**
 * The timeline an actor reads, aliased `v` (columns of access_timeline()): as known now,
 * the materialised timelines of the reader's level; as known at an earlier instant,
 * access_timeline() itself, narrowed to the filters' organisations and areas (whole pairs).
 */
export function timelineSql(
  actor: Actor,
  filters: Pick<TAccessFilters, 'knownAt' | 'organizationId' | 'areaId'>,
): { from: Prisma.Sql; where: Prisma.Sql } {
  if (filters.knownAt === undefined) {
    return {
      from: Prisma.sql`current_access_statuses v`,
      where: Prisma.sql`v.level = ${readerLevelSql(actor)}`,
    };
  }
  const organizations = filters.organizationId?.length
    ? Prisma.sql`${filters.organizationId}::uuid[]`
    : Prisma.sql`NULL`;
  if (filters.areaId) {
    // the subtree's pairs first, then their timelines by index: access_timeline()'s area
    // filter cannot use an index for a computed list, so it read the whole level
    const pairs = Prisma.sql`(
      SELECT array_agg(p.organization_id) AS organization_ids, array_agg(p.area_id) AS area_ids
      FROM (SELECT DISTINCT x.organization_id, x.area_id FROM access_status_versions x
            WHERE x.area_id = ANY(ARRAY${subtreeSql(filters.areaId)})
              AND (${organizations}::uuid[] IS NULL OR x.organization_id = ANY(${organizations}::uuid[]))) p
    ) pairs`;
    // one FROM item, as the other forms are: callers splice it anywhere a table goes
    return {
      from: Prisma.sql`(SELECT t.* FROM ${pairs}
        CROSS JOIN LATERAL access_pair_timelines(${readerLevelSql(actor)}, ${filters.knownAt}::timestamptz, pairs.organization_ids, pairs.area_ids) t) v`,
      where: Prisma.sql`TRUE`,
    };
  }
  return {
    from: Prisma.sql`access_timeline(${readerLevelSql(actor)}, ${filters.knownAt}::timestamptz, ${organizations}, NULL) v`,
    where: Prisma.sql`TRUE`,
  };
}

/** The rows (aliased `v`) of one organisation–area pair. */
export function inPairSql(pair: { organizationId: string; areaId: string }): Prisma.Sql {
  return Prisma.sql`v.organization_id = ${pair.organizationId}::uuid AND v.area_id = ${pair.areaId}::uuid`;
}

/**
 * One pair's timeline as the actor reads it (timelineSql's form): as known now, its rows
 * of current_access_statuses (by index); as known at an instant, that pair's alone (the
 * organisation's every pair was derived before its area was picked).
 */
export function pairTimelineSql(
  actor: Actor,
  knownAt: string | undefined,
  pair: { organizationId: string; areaId: string },
): { from: Prisma.Sql; where: Prisma.Sql } {
  const inPair = inPairSql(pair);
  if (knownAt === undefined) {
    const current = timelineSql(actor, {});
    return { from: current.from, where: Prisma.sql`${current.where} AND ${inPair}` };
  }
  return {
    from: Prisma.sql`access_pair_timelines(${readerLevelSql(actor)}, ${knownAt}::timestamptz,
      ARRAY[${pair.organizationId}::uuid], ARRAY[${pair.areaId}::uuid]) v`,
    where: Prisma.sql`TRUE`,
  };
}

/**
 * Every version that exists for the actor, current or not (history, changes, the review
 * queue), aliased `v`, with `l` its row at the reader's level (l.visible_supersedes_id:
 * what it replaced there).
 */
export function existingVersionsSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`access_status_versions v
    JOIN access_status_version_levels l ON l.version_id = v.id AND l.level = ${readerLevelSql(actor)}`;
}

export function validOnSql(date: string): Prisma.Sql {
  return Prisma.sql`v.valid_from <= ${date}::date AND (v.valid_to IS NULL OR v.valid_to > ${date}::date)`;
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
 * The filters of the list, the statistics and the exports, over rows that already are
 * what the reader may see (timelineSql or existingVersionsSql).
 *
 * `areas: "probe"` matches the subtree as `area_id = ANY(ARRAY(…))`, so the planner probes
 * the area index once per area (matrix of one country at 1M versions: 184 → 84 ms, where
 * `IN (subquery)` had it misjudge the subtree and scan every current version). `"filter"`
 * keeps `IN (subquery)`, for the list, whose plan walks organisations in name order and
 * stops after a page (23 ms; probing the areas first took 110 ms).
 */
export function filterSql(
  filters: Omit<TAccessFilters, 'knownAt'>,
  options: { areas?: 'probe' | 'filter' } = {},
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.organizationId?.length)
    conditions.push(Prisma.sql`v.organization_id = ANY(${filters.organizationId}::uuid[])`);
  if (filters.organizationType?.length)
    conditions.push(Prisma.sql`o.type_code = ANY(${filters.organizationType}::smallint[])`);
  if (filters.areaId) {
    conditions.push(
      options.areas === 'filter'
        ? Prisma.sql`v.area_id IN ${subtreeSql(filters.areaId)}`
        : Prisma.sql`v.area_id = ANY(ARRAY${subtreeSql(filters.areaId)})`,
    );
  }
  if (filters.status?.length)
    conditions.push(Prisma.sql`v.status = ANY(${filters.status}::"AccessStatusCode"[])`);
  if (filters.constraintCategory?.length) {
    conditions.push(
      Prisma.sql`v.constraint_categories && ${filters.constraintCategory}::smallint[]`,
    );
  }
  if (filters.validatedOnly) conditions.push(Prisma.sql`v.review_state = 'VALIDATED'`);
  return Prisma.join(conditions, ' AND ');
}

/**
 * A level row's version (`row`: its alias, with `level` and `version_id`; default `l`) in
 * its level's timeline as known at `knownAt`, for a per-row lateral join: its previous
 * status and end there, or no row when it was not in that timeline.
 * access_version_in_timeline() finds its two neighbours by index, not the pair's whole
 * timeline (access_pair_timelines): a pair with 30,000 versions made each row read
 * 30,000 (the feed and every superseded version timed out for every reader).
 */
export function versionInTimelineSql(
  knownAt: Prisma.Sql,
  row: Prisma.Sql = Prisma.sql`l`,
): Prisma.Sql {
  return Prisma.sql`access_version_in_timeline(${row}.level, ${knownAt}, ${row}.version_id)`;
}

/**
 * Every version that exists for the actor, as the actor sees it, aliased `v`: `v.*` of
 * the version, and for the reader's level what it replaced (`visible_supersedes_id`),
 * what replaced it (`superseded_by_id`), its kind (a correction or review that replaced
 * nothing the reader sees reads as a record), and its end and previous status as the
 * reader's timeline last stood with it current (now, if it still is).
 */
export function versionsAsSeenSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(
    SELECT x.id, x.organization_id, x.area_id, x.status, x.valid_from, x.recorded_at, x.recorded_by_id, x.reason,
           x.constraint_categories, x.severity, x.sensitivity, x.review_state, x.review_note,
           -- a correction of nothing the reader sees reads as a record, without its note (a
           -- record with one would tell of the version it corrected)
           CASE WHEN x.change_kind IN ('CORRECTION', 'REVIEW') AND l.visible_supersedes_id IS NULL
                THEN NULL ELSE x.correction_note END AS correction_note,
           -- a validated REVIEW (before proposals: a validation that superseded the submitted
           -- entry) reads as what it is in the timeline, a record or a correction
           CASE WHEN x.change_kind IN ('CORRECTION', 'REVIEW') AND l.visible_supersedes_id IS NULL THEN 'RECORD'
                WHEN x.change_kind = 'REVIEW' THEN 'CORRECTION' ELSE x.change_kind::text END AS change_kind,
           l.visible_supersedes_id, successor.id AS superseded_by_id,
           coalesce(c.previous_status, t.previous_status) AS previous_status,
           CASE WHEN c.id IS NOT NULL THEN c.valid_to WHEN t.id IS NOT NULL THEN t.valid_to ELSE x.valid_to END AS valid_to
    FROM access_status_versions x
    JOIN access_status_version_levels l ON l.version_id = x.id AND l.level = ${readerLevelSql(actor)}
    LEFT JOIN LATERAL (
      SELECT s.version_id AS id, s.recorded_at FROM access_status_version_levels s
      WHERE s.level = l.level AND s.visible_supersedes_id = l.version_id
      ORDER BY s.recorded_at, s.version_id LIMIT 1
    ) successor ON TRUE
    -- still current at the level: its timeline as known now is kept (current_access_statuses)
    LEFT JOIN current_access_statuses c ON successor.id IS NULL AND c.level = l.level AND c.id = l.version_id
    -- superseded: the pair's timeline as it stood just before
    LEFT JOIN LATERAL (
      SELECT l.version_id AS id, t.previous_status, t.valid_to
      FROM ${versionInTimelineSql(Prisma.sql`successor.recorded_at - interval '1 microsecond'`)} t
      WHERE successor.id IS NOT NULL
    ) t ON TRUE
  ) v`;
}

/**
 * Every proposal (an editor's entry: DRAFT, SUBMITTED or RETURNED, in no timeline) that
 * exists for the actor, aliased `p`: one whose sensitivity is within their clearance and,
 * for a correction, whose target (the validated version it would replace) exists at their
 * level. The one place that decides which proposals a reader may see.
 */
export function existingProposalsSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(
    SELECT x.* FROM access_status_versions x
    -- the three states by name, so the (review_state, recorded_at) index serves them
    WHERE x.review_state IN ('DRAFT', 'SUBMITTED', 'RETURNED') AND x.sensitivity <= ${readerLevelSql(actor)}
      AND ${proposalReaderSql(actor, Prisma.sql`x`, Prisma.sql`x.organization_id`)}
      AND (x.target_id IS NULL OR EXISTS (
        SELECT 1 FROM access_status_version_levels t WHERE t.version_id = x.target_id AND t.level = ${readerLevelSql(actor)}))
  ) p`;
}

/**
 * Who may read an unreviewed entry (a proposal row of a status or an incident) at all,
 * clearance aside: whoever recorded it and the editors of its organisation; reviewers
 * (coordinators, administrators) also every entry submitted or returned, never another's
 * draft. Nobody else: an entry nobody has validated is its organisation's word only, and
 * viewers and other organisations read validated records. `row` is the proposal row's
 * alias, `organizationId` the organisation it is recorded for.
 */
export function proposalReaderSql(
  actor: Actor,
  row: Prisma.Sql,
  organizationId: Prisma.Sql,
): Prisma.Sql {
  const own = Prisma.sql`(${row}.recorded_by_id = ${actor.userId}::uuid OR ${organizationId} = ANY(${actor.organizationIds}::uuid[]))`;
  return actor.role === 'COORDINATOR' || actor.role === 'ADMIN'
    ? Prisma.sql`(${row}.review_state <> 'DRAFT' OR ${own})`
    : own;
}

/** Whether proposal row `id` exists for the actor (existingProposalsSql), as a condition. */
export function proposalExistsSql(actor: Actor, id: Prisma.Sql): Prisma.Sql {
  // the inner alias `p` is existingProposalsSql's own; `id` is read from the outer query
  return Prisma.sql`EXISTS (SELECT 1 FROM ${existingProposalsSql(actor)} WHERE p.id = ${id})`;
}

/**
 * What proposal row `row` replaced, as the actor sees it: the earlier row of the proposal
 * when that exists for them (existingProposalsSql), else its target (which exists for them
 * whenever the proposal does), else null. A resubmission whose earlier rows are hidden so
 * reads as a fresh proposal would: a correction of its target, or a new status.
 */
export function visibleProposalSupersedesSql(actor: Actor, row: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`coalesce((SELECT s.id FROM access_status_versions s
    WHERE s.id = ${row}.supersedes_id AND ${proposalExistsSql(actor, Prisma.sql`s.id`)}), ${row}.target_id)`;
}

/**
 * A proposal row's kind as the actor sees it, as versionsAsSeenSql reads a version's: a
 * correction or resubmission that replaced nothing the actor sees reads as a record.
 */
export function proposalChangeKindSql(actor: Actor, row: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CASE WHEN ${row}.change_kind IN ('CORRECTION', 'REVIEW') AND ${visibleProposalSupersedesSql(actor, row)} IS NULL
    THEN 'RECORD' ELSE ${row}.change_kind::text END`;
}

/**
 * What replaced proposal row `p` for the actor, if anything: the validated version placed
 * from it (existing at their level), else the next row of the same proposal they may see.
 */
export function proposalSuccessorSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`coalesce(
    (SELECT n.id FROM access_status_versions n JOIN access_status_version_levels nl ON nl.version_id = n.id AND nl.level = ${readerLevelSql(actor)}
     WHERE n.proposal_id = p.id ORDER BY n.recorded_at LIMIT 1),
    (SELECT n.id FROM access_status_versions n
     WHERE n.supersedes_id = p.id AND n.review_state <> 'VALIDATED' AND ${proposalExistsSql(actor, Prisma.sql`n.id`)}
     ORDER BY n.recorded_at LIMIT 1))`;
}

/** A proposal waiting for review: submitted, and neither resubmitted nor decided since (for the reader). */
export function pendingProposalSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`p.review_state = 'SUBMITTED' AND ${proposalSuccessorSql(actor)} IS NULL`;
}

const TIMELINE_COLUMNS = Prisma.raw(
  'id, organization_id, area_id, status, previous_status, valid_from, valid_to, sensitivity, review_state, constraint_categories, severity, recorded_at',
);

/**
 * The reader's timeline (timelineSql) with, when asked, the pending proposals they may see,
 * aliased `v` with the timeline's columns and `proposal` (true for a proposal, whose end
 * is its stated one and which has no previous status). Proposals recorded after `knownAt`
 * are left out. Only reads that list entries take this; figures count the timeline alone.
 */
export function timelineWithProposalsSql(
  actor: Actor,
  filters: Pick<TAccessFilters, 'knownAt' | 'organizationId' | 'areaId'>,
  source = timelineSql(actor, filters),
): Prisma.Sql {
  return Prisma.sql`(
    SELECT ${TIMELINE_COLUMNS}, false AS proposal FROM (SELECT v.* FROM ${source.from} WHERE ${source.where}) t
    UNION ALL
    SELECT p.id, p.organization_id, p.area_id, p.status, NULL::"AccessStatusCode", p.valid_from, p.valid_to, p.sensitivity,
           p.review_state, p.constraint_categories, p.severity, p.recorded_at, true
    FROM ${existingProposalsSql(actor)}
    WHERE ${pendingProposalSql(actor)} AND p.recorded_at <= coalesce(${filters.knownAt ?? null}::timestamptz, 'infinity')
  ) v`;
}
