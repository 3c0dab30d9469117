import { Prisma } from '@access/db';
import type { TAccessRequestFilters } from '@access/contracts';
import { proposalReaderSql, readerLevelSql, subtreeSql } from '../access-statuses/access-sql';
import { incidentVersionExistsSql } from '../incidents/incident-sql';
import type { Actor } from '../shared/context';

/**
 * What exists for an actor among requests and positions, and a request's derived state: the
 * one place every read of requests goes through (the list, a request, its history, the
 * consent board, the per-party figures, the CSV).
 *
 * Versions of requests and of positions follow the incidents' level rule (the same columns:
 * sensitivity, ceiling, review_state): a validated version exists for a reader iff its
 * sensitivity is within their clearance and their level within its ceiling, and the latest
 * recorded one that exists for them is current. A position exists for a reader only on a
 * request that exists for them. A proposal is nobody's current version.
 *
 * The state of a request on day D is derived here only (STATE_RULE): every needed party's
 * current position on D is a consent (GRANTED, GRANTED_WITH_CONDITIONS) → GRANTED; any is a
 * refusal (REFUSED, WITHDRAWN) → REFUSED; otherwise PENDING, each party that has not
 * answered waiting since it was first asked after its last answer.
 */

/** Whether validated version `row` (of a request or a position) exists at the actor's level. */
export function requestVersionExistsSql(actor: Actor, row: Prisma.Sql): Prisma.Sql {
  return incidentVersionExistsSql(actor, row);
}

function knownSql(knownAt?: string): Prisma.Sql {
  return Prisma.sql`coalesce(${knownAt ?? null}::timestamptz, 'infinity')`;
}

/**
 * One current version per request for the actor, as known at `knownAt`: the columns of
 * access_request_versions plus `organization_id` (the lead organisation); alias it.
 */
export function visibleRequestVersionsSql(
  actor: Actor,
  knownAt?: string,
  requestIds?: string[],
): Prisma.Sql {
  const only = requestIds
    ? Prisma.sql`AND x.request_id = ANY(${requestIds}::uuid[])`
    : Prisma.empty;
  return Prisma.sql`(
    SELECT DISTINCT ON (x.request_id) x.*, r.organization_id
    FROM access_request_versions x JOIN access_requests r ON r.id = x.request_id
    WHERE ${requestVersionExistsSql(actor, Prisma.sql`x`)} AND x.recorded_at <= ${knownSql(knownAt)} ${only}
    ORDER BY x.request_id, x.recorded_at DESC, x.id DESC
  )`;
}

/**
 * One current version per position for the actor, as known at `knownAt`, on the requests
 * given (a subquery of request ids the actor may see): the columns of
 * consent_position_versions plus `request_id`, `party_id` and `position_created_at`.
 */
export function visiblePositionVersionsSql(
  actor: Actor,
  knownAt: string | undefined,
  requestIds: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`(
    SELECT DISTINCT ON (x.position_id) x.*, cp.request_id, cp.party_id, cp.created_at AS position_created_at
    FROM consent_position_versions x JOIN consent_positions cp ON cp.id = x.position_id
    WHERE cp.request_id IN ${requestIds} AND ${requestVersionExistsSql(actor, Prisma.sql`x`)}
      AND x.recorded_at <= ${knownSql(knownAt)}
    ORDER BY x.position_id, x.recorded_at DESC, x.id DESC
  )`;
}

/** The order of a party's positions on valid time (same-day positions: the one taken later). */
export const POSITION_ORDER = Prisma.sql`stated_on, position_created_at, position_id`;

const ANSWERS = Prisma.sql`('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN')`;

/** The rule of a request's state over its needed parties' rows `c` (c.stance null: no position yet). */
const STATE_RULE = Prisma.sql`CASE
  WHEN bool_or(coalesce(c.stance IN ('REFUSED', 'WITHDRAWN'), false)) THEN 'REFUSED'
  WHEN bool_and(coalesce(c.stance IN ('GRANTED', 'GRANTED_WITH_CONDITIONS'), false)) THEN 'GRANTED'
  ELSE 'PENDING' END`;

export interface RequestStateOptions {
  asOf: string;
  knownAt?: string;
  /** narrows the requests (over the current versions, aliased `v`, with `v.organization_id`) */
  where?: Prisma.Sql;
}

/**
 * The requests the actor may see as they stood on `asOf` (known at `knownAt`), with their
 * derived state: a WITH list defining `req` (current request versions `v.*`), `consents`
 * (one row per request and needed party: request_id, party_id, ord, stance, since,
 * position_version_id, waiting_since, days_waited), `waits` (per run of unanswered positions
 * of a party: its first day) and `states` (request_id, state,
 * days_waited). Use as `WITH ${requestStatesWithSql(...)} SELECT ...`.
 */
export function requestStatesWithSql(actor: Actor, options: RequestStateOptions): Prisma.Sql {
  const asOf = Prisma.sql`${options.asOf}::date`;
  return Prisma.sql`
    req AS MATERIALIZED (
      SELECT v.* FROM ${visibleRequestVersionsSql(actor, options.knownAt)} v WHERE ${options.where ?? Prisma.sql`TRUE`}
    ),
    pos AS (
      SELECT p.*, sum(CASE WHEN p.stance IN ${ANSWERS} THEN 1 ELSE 0 END)
               OVER (PARTITION BY p.request_id, p.party_id ORDER BY ${POSITION_ORDER}) AS answer_run,
             row_number() OVER (PARTITION BY p.request_id, p.party_id ORDER BY stated_on DESC, position_created_at DESC, position_id DESC) AS recency
      FROM ${visiblePositionVersionsSql(actor, options.knownAt, Prisma.sql`(SELECT request_id FROM req)`)} p
      WHERE p.stated_on <= ${asOf}
    ),
    waits AS (
      -- per run of unanswered positions (those after the same number of answers): its first day
      SELECT w.request_id, w.party_id, w.answer_run, min(w.stated_on) AS since FROM pos w
      WHERE w.stance NOT IN ${ANSWERS} GROUP BY w.request_id, w.party_id, w.answer_run
    ),
    consents AS (
      SELECT n.request_id, n.party_id, n.ord, latest.stance, latest.stated_on AS since,
             latest.id AS position_version_id, wait.since AS waiting_since,
             (${asOf} - wait.since) AS days_waited
      FROM (SELECT req.request_id, needed.party_id, needed.ord
            FROM req CROSS JOIN LATERAL unnest(req.needed_party_ids) WITH ORDINALITY AS needed(party_id, ord)) n
      LEFT JOIN pos latest ON latest.request_id = n.request_id AND latest.party_id = n.party_id AND latest.recency = 1
      LEFT JOIN waits wait ON latest.stance NOT IN ${ANSWERS} AND wait.request_id = n.request_id
        AND wait.party_id = n.party_id AND wait.answer_run = latest.answer_run
    ),
    states AS (
      SELECT c.request_id, ${STATE_RULE} AS state,
             max(c.days_waited) FILTER (WHERE c.stance IS NULL OR c.stance NOT IN ${ANSWERS}) AS days_waited
      FROM consents c GROUP BY c.request_id
    )`;
}

/** The filters of the list, the board and the CSV over `req` rows aliased `v`. */
export function requestFilterSql(
  filters: Omit<TAccessRequestFilters, 'knownAt' | 'asOf' | 'state' | 'waitingOn'>,
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.areaId)
    conditions.push(Prisma.sql`v.area_id = ANY(ARRAY${subtreeSql(filters.areaId)})`);
  if (filters.organizationId?.length) {
    conditions.push(Prisma.sql`(v.organization_id = ANY(${filters.organizationId}::uuid[])
      OR v.other_organization_ids && ${filters.organizationId}::uuid[])`);
  }
  if (filters.kind?.length)
    conditions.push(Prisma.sql`v.kind = ANY(${filters.kind}::"AccessRequestKind"[])`);
  if (filters.partyId?.length)
    conditions.push(Prisma.sql`v.needed_party_ids && ${filters.partyId}::uuid[]`);
  return Prisma.join(conditions, ' AND ');
}

/** The state filters, over `states` aliased `s` (and `consents` by request). */
export function stateFilterSql(
  filters: Pick<TAccessRequestFilters, 'state' | 'waitingOn'>,
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.state?.length) conditions.push(Prisma.sql`s.state = ANY(${filters.state}::text[])`);
  if (filters.waitingOn?.length) {
    conditions.push(Prisma.sql`s.state = 'PENDING' AND EXISTS (
      SELECT 1 FROM consents w WHERE w.request_id = s.request_id AND w.party_id = ANY(${filters.waitingOn}::uuid[])
        AND (w.stance IS NULL OR w.stance NOT IN ${ANSWERS}))`);
  }
  return Prisma.join(conditions, ' AND ');
}

/** Whether `stance` (a column) has not answered. */
export function unansweredSql(stance: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${stance} IS NULL OR ${stance} NOT IN ${ANSWERS})`;
}

/** Whether `stance` is an answer (a consent, a refusal, a withdrawal). */
export function answeredSql(stance: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(${stance} IN ${ANSWERS})`;
}

/**
 * Proposal rows (of requests: kind 'request'; of positions: 'position') that exist for the
 * actor, aliased `p`: within clearance, readable by the proposal rule of statuses and
 * incidents (proposalReaderSql, the request's lead organisation), and for a correction
 * whose target exists at their level.
 */
export function existingRequestProposalsSql(
  actor: Actor,
  kind: 'request' | 'position',
): Prisma.Sql {
  const table =
    kind === 'request'
      ? Prisma.raw('access_request_versions')
      : Prisma.raw('consent_position_versions');
  const organization =
    kind === 'request'
      ? Prisma.sql`(SELECT r.organization_id FROM access_requests r WHERE r.id = x.request_id)`
      : Prisma.sql`(SELECT r.organization_id FROM consent_positions cp JOIN access_requests r ON r.id = cp.request_id WHERE cp.id = x.position_id)`;
  return Prisma.sql`(
    SELECT x.* FROM ${table} x
    WHERE x.review_state IN ('DRAFT', 'SUBMITTED', 'RETURNED') AND x.sensitivity <= ${readerLevelSql(actor)}
      AND ${proposalReaderSql(actor, Prisma.sql`x`, organization)}
      AND (x.target_id IS NULL OR EXISTS (
        SELECT 1 FROM ${table} t WHERE t.id = x.target_id AND ${requestVersionExistsSql(actor, Prisma.sql`t`)}))
      ${
        kind === 'position'
          ? Prisma.sql`AND EXISTS (SELECT 1 FROM consent_positions cp JOIN access_request_versions rv ON rv.request_id = cp.request_id
        WHERE cp.id = x.position_id AND ${requestVersionExistsSql(actor, Prisma.sql`rv`)})`
          : Prisma.empty
      }
  ) p`;
}
