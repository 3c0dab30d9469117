import { Prisma, PREPARED, type RawQueries } from '@access/db';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { higherOf, type RequestContext } from '../shared/context';
import { outboxEventsSql } from '../notifications/outbox';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** for events with no signed-in actor (a failed login), who it was about */
  actorEmail?: string | null;
  /** the sensitivity of what the event reveals, when before/after do not say it all */
  sensitivity?: TSensitivity;
  /**
   * The status versions a bulk change wrote (an import's), as a uuid[] expression the
   * event's statement evaluates: stored as `after.versionIds`, and their outbox events
   * written. An import's 100,000 ids as a parameter cost 20 MB of copies in Prisma and
   * grew its query compiler's memory for good (BENCHMARKS.md, issue 13).
   */
  versionIds?: Prisma.Sql;
}

/** Events about these reveal no access record: LOW unless before/after name a sensitivity. */
const ABOUT_NO_RECORD = new Set(['user', 'organization', 'area', 'party', 'api_token', 'route']);

/**
 * The highest sensitivity named anywhere in `value` (any object's `sensitivity` field, at
 * any depth); a value that is not a known level counts as SEVERE. Null when none is named.
 */
export function highestSensitivityIn(value: unknown): TSensitivity | null {
  if (value === null || typeof value !== 'object') return null;
  let highest: TSensitivity | null = null;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'sensitivity' && child !== null && child !== undefined) {
      highest = higherOf(
        highest,
        SENSITIVITIES.includes(child as TSensitivity) ? (child as TSensitivity) : 'SEVERE',
      );
    } else highest = higherOf(highest, highestSensitivityIn(child));
  }
  return highest;
}

/**
 * What an event reveals, for readers' clearance: the highest of the stated sensitivity,
 * those in before and after (stating one can raise it, never hide what they show) and
 * `linked`'s (the records it names by id, a SQL expression, NULL for none). An event that
 * names none is LOW when it is about no access record, else SEVERE (an import's version
 * ids): shown only to readers cleared for everything, failing closed.
 */
function sensitivityOfSql(
  entry: AuditEntry,
  before: unknown,
  after: unknown,
  linked: Prisma.Sql,
): Prisma.Sql {
  const named = higherOf(entry.sensitivity ?? null, highestSensitivityIn([before, after]));
  const fallback = ABOUT_NO_RECORD.has(entry.entityType) ? 'LOW' : 'SEVERE';
  // GREATEST ignores NULLs: the higher of what is named here and what the ids name
  return Prisma.sql`coalesce(greatest(${named}::"Sensitivity", ${linked}), ${fallback}::"Sensitivity")`;
}

/** Fields that name another version or proposal row by id (issue 12: a proposal's links). */
const LINK_KEYS = new Set(['targetId', 'basedOnId', 'supersedesId', 'proposalId']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids named in LINK_KEYS fields anywhere in `value`. */
export function linkedIdsIn(value: unknown, into = new Set<string>()): Set<string> {
  if (value === null || typeof value !== 'object') return into;
  for (const [key, child] of Object.entries(value)) {
    if (LINK_KEYS.has(key) && typeof child === 'string' && UUID.test(child)) into.add(child);
    else linkedIdsIn(child, into);
  }
  return into;
}

/**
 * The highest sensitivity of the records an event names by id (status, incident, request and
 * consent position versions; a proposal's target, base, earlier rows; what a version
 * superseded), and of their own targets and bases: an id reveals its record, so a LOW
 * proposal's event naming a HIGH target is HIGH. A validated status version counts at the
 * lowest level it exists at (SEVERE if none); a proposal row at its sensitivity; an
 * incident, request or position version (incident-sql.ts: it exists from its sensitivity
 * up) at its sensitivity, its proposal's target too. A SQL expression, NULL when the event
 * names none: it is computed in the event's own INSERT.
 */
function linkedSensitivitySql(ids: Set<string>): Prisma.Sql {
  if (ids.size === 0) return Prisma.sql`NULL::"Sensitivity"`;
  const named = [...ids];
  return Prisma.sql`greatest(
    (WITH named AS (
       SELECT v.id, v.target_id, v.based_on_id FROM access_status_versions v WHERE v.id = ANY(${named}::uuid[])
     ), every_id AS (
       SELECT id FROM named UNION SELECT target_id FROM named UNION SELECT based_on_id FROM named
     )
     SELECT max(CASE WHEN v.review_state = 'VALIDATED'
                     THEN greatest(v.sensitivity, coalesce((SELECT min(l.level) FROM access_status_version_levels l
                                                           WHERE l.version_id = v.id), 'SEVERE'))
                     ELSE v.sensitivity END)
     FROM access_status_versions v WHERE v.id IN (SELECT id FROM every_id)),
    (WITH named AS (SELECT v.id, v.target_id FROM incident_versions v WHERE v.id = ANY(${named}::uuid[]))
     SELECT max(v.sensitivity) FROM incident_versions v
     WHERE v.id IN (SELECT id FROM named UNION SELECT target_id FROM named)),
    (WITH named AS (SELECT v.id, v.target_id FROM access_request_versions v WHERE v.id = ANY(${named}::uuid[]))
     SELECT max(v.sensitivity) FROM access_request_versions v
     WHERE v.id IN (SELECT id FROM named UNION SELECT target_id FROM named)),
    (WITH named AS (SELECT v.id, v.target_id FROM consent_position_versions v WHERE v.id = ANY(${named}::uuid[]))
     SELECT max(v.sensitivity) FROM consent_position_versions v
     WHERE v.id IN (SELECT id FROM named UNION SELECT target_id FROM named)))`;
}

/** A value as stored (what JSON keeps of it), undefined for none. */
function json(value: unknown): unknown {
  return value === undefined || value === null ? undefined : JSON.parse(JSON.stringify(value));
}

/** A stored value as a jsonb parameter (SQL NULL for none). */
const jsonb = (value: unknown) =>
  value === undefined ? Prisma.sql`NULL::jsonb` : Prisma.sql`${JSON.stringify(value)}::jsonb`;

/** Call inside the transaction of the change it records: no change without its event. */
export async function recordAuditEvent(
  tx: RawQueries,
  ctx: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  const before = json(entry.before);
  const after = json(entry.after);
  // one statement: the ids' sensitivities are read by the event's INSERT itself, and the
  // change's outbox events (issue 18) are written by the same statement, so a change never
  // commits without them (raw SQL: this is on every write's path, where Prisma's create and
  // the separate reads cost a round trip each)
  const afterSql = entry.versionIds
    ? Prisma.sql`jsonb_set(coalesce(${jsonb(after)}, '{}'::jsonb), '{versionIds}', to_jsonb(${entry.versionIds}))`
    : jsonb(after);
  const event = Prisma.sql`
    INSERT INTO audit_events (occurred_at, actor_id, actor_email, action, entity_type, entity_id, before, after,
                              reason, request_id, client_address, sensitivity)
    VALUES (clock_timestamp(), ${ctx.actor?.userId ?? null}::uuid, ${ctx.actor?.email ?? entry.actorEmail ?? null},
            ${entry.action}, ${entry.entityType}, ${entry.entityId ?? null}, ${jsonb(before)}, ${afterSql},
            ${entry.reason ?? null}, ${ctx.requestId ?? null}, ${ctx.clientAddress ?? null},
            ${sensitivityOfSql(entry, before, after, linkedSensitivitySql(linkedIdsIn([before, after])))})`;
  const outbox = outboxEventsSql(ctx, entry);
  // prepared by name (the one statement of every change): see @access/db's PREPARED; not a
  // bulk change's, whose ids may come from a temporary table of its transaction
  const prepared = entry.versionIds ? Prisma.empty : Prisma.raw(PREPARED);
  await tx.$executeRaw(
    outbox
      ? Prisma.sql`${prepared} WITH audit_event AS (${event}) ${outbox}`
      : Prisma.sql`${prepared} ${event}`,
  );
}
