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
 * The state of a request on day D is derived by one rule, stated in SQL so the triggers
 * that keep the states as known now use it too (access_request_consents(), migration
 * 20261127090000_request_consent_states): every needed party's current position on D is a
 * consent (GRANTED, GRANTED_WITH_CONDITIONS) → GRANTED; any is a refusal (REFUSED,
 * WITHDRAWN) → REFUSED; otherwise PENDING, each party that has not answered waiting since
 * it was first asked after its last answer. Reads as known now (no knownAt) on a day no
 * position is stated after read the kept rows (current_request_states and
 * current_request_consents, per level); the others derive afresh.
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
 * consent_position_versions plus `request_id`, `party_id` and `position_created_at`, when
 * the position came into the actor's sight (the earliest recorded time of its versions that
 * exist for them; not when it was first written, which may be a version above them): a
 * party's positions of one day are ordered by it, as access_request_positions() orders them
 * (migration 20261129161000_position_order_in_sight).
 */
export function visiblePositionVersionsSql(
  actor: Actor,
  knownAt: string | undefined,
  requestIds: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`(
    SELECT DISTINCT ON (x.position_id) x.*, cp.request_id, cp.party_id,
           min(x.recorded_at) OVER (PARTITION BY x.position_id) AS position_created_at
    FROM consent_position_versions x JOIN consent_positions cp ON cp.id = x.position_id
    WHERE cp.request_id IN ${requestIds} AND ${requestVersionExistsSql(actor, Prisma.sql`x`)}
      AND x.recorded_at <= ${knownSql(knownAt)}
    ORDER BY x.position_id, x.recorded_at DESC, x.id DESC
  )`;
}

const ANSWERS = Prisma.sql`('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN')`;

export interface RequestStateOptions {
  asOf: string;
  knownAt?: string;
  /** narrows the requests (over the current versions, aliased `v`, with `v.organization_id`) */
  where?: Prisma.Sql;
}

/**
 * The requests the actor may see as they stood on `asOf` (known at `knownAt`), with their
 * derived state: a WITH list defining `req` (current request versions `v.*`), `pos` (the
 * reader's current positions on them taken on or before `asOf`: request_id, party_id,
 * stance, stated_on, answer_run, recency, waiting_since), `consents` (one row per request
 * and needed party: request_id, party_id, ord, stance, since, position_version_id,
 * waiting_since, days_waited, state) and `states` (request_id, state, days_waited). Use as
 * `WITH ${requestStatesWithSql(...)} SELECT ...`.
 *
 * The rule itself (a party's latest position, its wait, the request's state) is stated
 * once, in SQL: access_request_positions() and access_request_consents() (migration
 * 20261127090000_request_consent_states), which the triggers keeping the states as known
 * now (current_request_consents, current_request_states, which consent-board.ts and
 * load-request-states.ts read as known now) call too.
 */
export function requestStatesWithSql(actor: Actor, options: RequestStateOptions): Prisma.Sql {
  const asOf = Prisma.sql`${options.asOf}::date`;
  const args = Prisma.sql`${readerLevelSql(actor)}, ${knownSql(options.knownAt)}, ${asOf}, ARRAY(SELECT request_id FROM req)`;
  return Prisma.sql`
    req AS MATERIALIZED (
      SELECT v.* FROM ${visibleRequestVersionsSql(actor, options.knownAt)} v WHERE ${options.where ?? Prisma.sql`TRUE`}
    ),
    pos AS (SELECT p.* FROM access_request_positions(${args}) p),
    consents AS MATERIALIZED (
      SELECT c.request_id, c.party_id, c.ord, c.stance, c.since, c.position_version_id, c.waiting_since,
             (${asOf} - c.waiting_since) AS days_waited, c.state
      FROM access_request_consents(${args}) c
    ),
    states AS (${consentStatesSql('request')})`;
}

/**
 * A request's state and its longest wait from its consents' rows (`consents`: rows of
 * access_request_consents() or access_request_version_consents() with days_waited), one
 * row per request (`by: 'version'`: per request version, with request_version_id).
 */
export function consentStatesSql(by: 'request' | 'version'): Prisma.Sql {
  const key =
    by === 'request' ? Prisma.sql`c.request_id` : Prisma.sql`c.request_version_id, c.request_id`;
  return Prisma.sql`SELECT ${key}, min(c.state) AS state,
             max(c.days_waited) FILTER (WHERE ${unansweredSql(Prisma.sql`c.stance`)}) AS days_waited
      FROM consents c GROUP BY ${key}`;
}

/**
 * Whether the kept states answer a read as known now on `asOf` for the actor: no position
 * they see on a request is stated after `asOf` (every kept row is then its state on
 * `asOf`; only the days waited depend on the day, and they are counted at read time).
 */
export function storedStatesHoldSql(actor: Actor, asOf: string): Prisma.Sql {
  return Prisma.sql`SELECT coalesce(max(h.since) <= ${asOf}::date, true) AS holds
    FROM current_request_consents h WHERE h.level = ${readerLevelSql(actor)}`;
}

/** The current request version `row.request_version_id`, with its lead organisation, as `v`. */
export function storedVersionSql(versionId: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`CROSS JOIN LATERAL (
    SELECT x.*, r.organization_id FROM access_request_versions x JOIN access_requests r ON r.id = x.request_id
    WHERE x.id = ${versionId}
  ) v`;
}

/**
 * The filters of the list, the board and the CSV over `req` rows aliased `v`; with `asOf`,
 * only the requests made by then (a request made later did not exist on that day).
 */
export function requestFilterSql(
  filters: Omit<TAccessRequestFilters, 'knownAt' | 'asOf' | 'state' | 'waitingOn'>,
  asOf?: string,
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (asOf) conditions.push(Prisma.sql`v.requested_on <= ${asOf}::date`);
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

/** The state filters over kept `current_request_states` rows aliased `s`. */
export function storedStateFilterSql(
  filters: Pick<TAccessRequestFilters, 'state' | 'waitingOn'>,
): Prisma.Sql {
  const conditions: Prisma.Sql[] = [Prisma.sql`TRUE`];
  if (filters.state?.length) conditions.push(Prisma.sql`s.state = ANY(${filters.state}::text[])`);
  if (filters.waitingOn?.length) {
    conditions.push(Prisma.sql`s.state = 'PENDING' AND EXISTS (
      SELECT 1 FROM current_request_consents w WHERE w.request_id = s.request_id AND w.level = s.level
        AND w.party_id = ANY(${filters.waitingOn}::uuid[]) AND w.waiting)`);
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
