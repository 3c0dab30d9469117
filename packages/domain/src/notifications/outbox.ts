import { Prisma } from '@access/db';
import type { TOutboxEventType } from '@access/contracts';
import type { RequestContext } from '../shared/context';

/**
 * The outbox (issue 18): every change that can interest someone writes its events here,
 * in the transaction of the change, from the one place every change passes (the audit
 * helper, recordAuditEvent): a change never commits without its events, nor an event
 * without its change. Events name records by id with the sensitivity of what they name,
 * never their text; the fan-out (fan-out.ts) tells each reader only of what they may see.
 */

/** Audit actions whose status versions become events, and the event each becomes. */
const STATUS_EVENTS: Record<string, TOutboxEventType> = {
  'access_status.record': 'access_status.recorded',
  'access_status.correct': 'access_status.corrected',
  'access_status.validate': 'access_status.validated',
  'access_status.return': 'access_status.returned',
};

const INCIDENT_EVENTS: Record<string, TOutboxEventType> = {
  'incident.record': 'incident.recorded',
  'incident.correct': 'incident.corrected',
  'incident.validate': 'incident.validated',
  'incident.return': 'incident.returned',
};

/**
 * How bad a status is, for "deteriorated": FULL < CONSTRAINED < PENDING < SUSPENDED = DENIED.
 * UNKNOWN is an information gap, neither better nor worse (null: never a deterioration).
 */
export function statusRankSql(status: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`(CASE ${status} WHEN 'FULL' THEN 0 WHEN 'CONSTRAINED' THEN 1 WHEN 'PENDING' THEN 2
    WHEN 'SUSPENDED' THEN 3 WHEN 'DENIED' THEN 3 END)`;
}

/**
 * Events of status versions `ids`, set-wise (an import's thousands of versions are one
 * statement): validated versions as `type` (an import's by their kind), returned proposal
 * rows as access_status.returned; an editor's proposal rows are nobody's news yet. A
 * version is "deteriorated" at each level where it exists and is worse than what it
 * replaced there, or, as a new period, than the period before it there (the previous
 * current status for the pair at that level).
 */
function statusEvents(
  ctx: RequestContext,
  /** a uuid[] expression */
  ids: Prisma.Sql,
  type: TOutboxEventType | 'by kind',
): Prisma.Sql {
  const eventType =
    type === 'by kind'
      ? Prisma.sql`CASE WHEN v.change_kind = 'CORRECTION' THEN 'access_status.corrected' ELSE 'access_status.recorded' END`
      : Prisma.sql`${type}`;
  const wanted = type === 'access_status.returned' ? 'RETURNED' : 'VALIDATED';
  return Prisma.sql`
    INSERT INTO outbox_events (id, type, occurred_at, actor_id, organization_id, area_id, party_ids,
      access_status_version_id, author_id, sensitivity, deteriorated_levels)
    SELECT gen_random_uuid(), ${eventType}, v.recorded_at, ${ctx.actor?.userId ?? null}::uuid, v.organization_id, v.area_id,
      ARRAY(SELECT DISTINCT t.granting_party_id FROM access_terms t WHERE t.version_id = v.id AND t.granting_party_id IS NOT NULL),
      v.id,
      CASE WHEN v.review_state = 'RETURNED' THEN v.recorded_by_id
           ELSE (SELECT p.recorded_by_id FROM access_status_versions p WHERE p.id = v.proposal_id) END,
      v.sensitivity,
      ARRAY(SELECT l.level FROM access_status_version_levels l
            LEFT JOIN access_status_versions s ON s.id = l.visible_supersedes_id
            LEFT JOIN current_access_statuses c ON c.level = l.level AND c.id = l.version_id
            WHERE l.version_id = v.id
              AND ${statusRankSql(Prisma.sql`v.status::text`)} > ${statusRankSql(Prisma.sql`coalesce(s.status, c.previous_status)::text`)}
            ORDER BY l.level)
    FROM access_status_versions v
    WHERE v.id = ANY(${ids}) AND v.review_state = ${wanted}::"ReviewState"`;
}

/** Events of incident versions `ids` (validated, or a returned proposal row), as statusEvents. */
function incidentEvents(ctx: RequestContext, ids: string[], type: TOutboxEventType): Prisma.Sql {
  const wanted = type === 'incident.returned' ? 'RETURNED' : 'VALIDATED';
  return Prisma.sql`
    INSERT INTO outbox_events (id, type, occurred_at, actor_id, organization_id, area_id, incident_id,
      incident_version_id, author_id, sensitivity)
    SELECT gen_random_uuid(), ${type}, v.recorded_at, ${ctx.actor?.userId ?? null}::uuid, i.organization_id, v.area_id,
      v.incident_id, v.id,
      CASE WHEN v.review_state = 'RETURNED' THEN v.recorded_by_id
           ELSE (SELECT p.recorded_by_id FROM incident_versions p WHERE p.id = v.proposal_id) END,
      v.sensitivity
    FROM incident_versions v JOIN incidents i ON i.id = v.incident_id
    WHERE v.id = ANY(${ids}::uuid[]) AND v.review_state = ${wanted}::"ReviewState"`;
}

const REQUEST_EVENTS: Record<string, TOutboxEventType> = {
  'access_request.create': 'request.recorded',
  'access_request.correct': 'request.corrected',
  'access_request.validate': 'request.validated',
  'access_request.return': 'request.returned',
};

/**
 * A request's own version (validated, or a returned proposal row), as statusEvents: named
 * with its request, its lead organisation, the version's area (a request's area is per
 * version: the event's is this version's, which exists for whoever is told of it) and the
 * parties it needs. An editor's proposal row is nobody's news yet.
 */
function requestEvents(ctx: RequestContext, versionId: string, type: TOutboxEventType): Prisma.Sql {
  const wanted = type === 'request.returned' ? 'RETURNED' : 'VALIDATED';
  return Prisma.sql`
    INSERT INTO outbox_events (id, type, occurred_at, actor_id, organization_id, area_id, party_ids, request_id,
      access_request_version_id, author_id, sensitivity)
    SELECT gen_random_uuid(), ${type}, v.recorded_at, ${ctx.actor?.userId ?? null}::uuid, r.organization_id,
      v.area_id, coalesce(v.needed_party_ids, ARRAY[]::uuid[]), v.request_id, v.id,
      CASE WHEN v.review_state = 'RETURNED' THEN v.recorded_by_id
           ELSE (SELECT p.recorded_by_id FROM access_request_versions p WHERE p.id = v.proposal_id) END,
      v.sensitivity
    FROM access_request_versions v JOIN access_requests r ON r.id = v.request_id
    WHERE v.id = ${versionId}::uuid AND v.review_state = ${wanted}::"ReviewState"`;
}

/**
 * A party's answer on a request (a validated consent position version): request.consent_answered,
 * naming the request, its lead organisation and the party. No area: a request's area is
 * per version, and so per level, so area follows are not asked (the event would route by
 * an area some followers' level does not show); request, party and organisation follows are.
 */
function consentEvents(ctx: RequestContext, versionId: string): Prisma.Sql {
  return Prisma.sql`
    INSERT INTO outbox_events (id, type, occurred_at, actor_id, organization_id, party_ids, request_id,
      consent_position_version_id, author_id, sensitivity)
    SELECT gen_random_uuid(), 'request.consent_answered', v.recorded_at, ${ctx.actor?.userId ?? null}::uuid,
      r.organization_id, ARRAY[cp.party_id], cp.request_id, v.id,
      (SELECT p.recorded_by_id FROM consent_position_versions p WHERE p.id = v.proposal_id), v.sensitivity
    FROM consent_position_versions v JOIN consent_positions cp ON cp.id = v.position_id
    JOIN access_requests r ON r.id = cp.request_id
    WHERE v.id = ${versionId}::uuid AND v.review_state = 'VALIDATED'
      -- an answer: a request sent or a reminder with no answer (REQUESTED, NO_RESPONSE) is none
      AND v.stance IN ('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN')`;
}

/** What recordAuditEvent passes: the audited action and what it names. */
export interface AuditedChange {
  action: string;
  entityType: string;
  entityId?: string | null;
  after?: unknown;
  /** the status versions a bulk change wrote, as a uuid[] expression (see AuditEntry) */
  versionIds?: Prisma.Sql;
}

/**
 * The statement that writes the events of an audited change, in its transaction (composed
 * by recordAuditEvent with the audit event's own INSERT, for every audit event): null for
 * actions that interest no follower.
 */
export function outboxEventsSql(ctx: RequestContext, change: AuditedChange): Prisma.Sql | null {
  const statusType = STATUS_EVENTS[change.action];
  if (statusType && change.entityType === 'access_status_version' && change.entityId) {
    return statusEvents(ctx, Prisma.sql`ARRAY[${change.entityId}::uuid]`, statusType);
  }
  const incidentType = INCIDENT_EVENTS[change.action];
  if (incidentType && change.entityType === 'incident_version' && change.entityId) {
    return incidentEvents(ctx, [change.entityId], incidentType);
  }
  const requestType = REQUEST_EVENTS[change.action];
  if (requestType && change.entityType === 'access_request_version' && change.entityId) {
    return requestEvents(ctx, change.entityId, requestType);
  }
  if (change.entityType === 'consent_position_version' && change.entityId) {
    return consentEvents(ctx, change.entityId);
  }
  if (change.action === 'import.apply' && change.versionIds) {
    // one event per validated version the import wrote, in one statement
    return statusEvents(ctx, change.versionIds, 'by kind');
  }
  return null;
}
