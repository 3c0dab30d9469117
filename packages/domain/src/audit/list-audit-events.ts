import { Prisma } from '@access/db';
import type { TAuditEventQuery, TSensitivity } from '@access/contracts';
import { proposalReaderSql, readerLevelSql } from '../access-statuses/access-sql';
import { requireRole, type Actor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';

/** Entity types whose events coordinators may read (data changes, not accounts or security). */
const DATA_ENTITIES = [
  'access_status_version',
  'incident_version',
  'organization',
  'area',
  'party',
  'import',
];

/** Entity types whose events name a version row: its id, and the row it replaced (`before`). */
const VERSIONED = [
  'access_status_version',
  'incident_version',
  'access_request_version',
  'consent_position_version',
];

/** `text` as a uuid when it is one, else null (an entity id is free text in the trail). */
const asUuid = (text: Prisma.Sql) =>
  Prisma.sql`CASE WHEN ${text} ~ '^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$' THEN (${text})::uuid END`;

/**
 * Whether the reader may read every version row in `ids` (a uuid[] expression) by the
 * proposal rule (a draft is its organisation's and its recorder's only): proposalReaderSql,
 * the one place that says so. Rows of every versioned table are looked up; clearance is
 * checked apart (the event's own sensitivity).
 */
function rowsReadableSql(actor: Actor, ids: Prisma.Sql): Prisma.Sql {
  const hidden = (table: string, organization: Prisma.Sql) =>
    Prisma.sql`NOT EXISTS (SELECT 1 FROM ${Prisma.raw(table)} x
      WHERE x.id = ANY(${ids}) AND NOT ${proposalReaderSql(actor, Prisma.sql`x`, organization)})`;
  return Prisma.sql`(${hidden('access_status_versions', Prisma.sql`x.organization_id`)}
    AND ${hidden('incident_versions', Prisma.sql`(SELECT i.organization_id FROM incidents i WHERE i.id = x.incident_id)`)}
    AND ${hidden('access_request_versions', Prisma.sql`(SELECT r.organization_id FROM access_requests r WHERE r.id = x.request_id)`)}
    AND ${hidden(
      'consent_position_versions',
      Prisma.sql`(SELECT r.organization_id FROM consent_positions cp JOIN access_requests r ON r.id = cp.request_id WHERE cp.id = x.position_id)`,
    )})`;
}

/** The rows event `e` is about: a version's id, or the rows an import wrote. */
const subjectIdsSql = Prisma.sql`ARRAY(
  SELECT ${asUuid(Prisma.sql`n.id`)} FROM (
    SELECT e.entity_id AS id WHERE e.entity_type IN (${Prisma.join(VERSIONED)})
    UNION ALL SELECT jsonb_array_elements_text(CASE WHEN e.entity_type = 'import'
      AND jsonb_typeof(e.after->'versionIds') = 'array' THEN e.after->'versionIds' ELSE '[]'::jsonb END)
  ) n)`;

/** The row event `e` replaced (its `before`), for versioned entities. */
const replacedIdsSql = Prisma.sql`ARRAY[CASE WHEN e.entity_type IN (${Prisma.join(VERSIONED)})
  THEN ${asUuid(Prisma.sql`e.before->>'id'`)} END]`;

interface EventRow {
  id: bigint;
  public_id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  before: Prisma.JsonValue;
  after: Prisma.JsonValue;
  reason: string | null;
  request_id: string | null;
  client_address: string | null;
  sensitivity: TSensitivity;
}

export async function listAuditEvents(db: Db, ctx: RequestContext, query: TAuditEventQuery) {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR');
  // An event above the reader's clearance, or about a draft they may not read, does not
  // exist for them: not listed, not counted, never a cursor (filtered before paging).
  const and: Prisma.Sql[] = [
    Prisma.sql`e.sensitivity <= ${readerLevelSql(actor)}`,
    // an event about a row they may not read does not exist for them
    rowsReadableSql(actor, subjectIdsSql),
  ];
  if (actor.role === 'COORDINATOR')
    and.push(Prisma.sql`e.entity_type IN (${Prisma.join(DATA_ENTITIES)})`);
  if (query.action) and.push(Prisma.sql`e.action = ${query.action}`);
  if (query.entityType) and.push(Prisma.sql`e.entity_type = ${query.entityType}`);
  if (query.entityId) and.push(Prisma.sql`e.entity_id = ${query.entityId}`);
  if (query.actorId) and.push(Prisma.sql`e.actor_id = ${query.actorId}::uuid`);
  if (query.since) and.push(Prisma.sql`e.occurred_at >= ${new Date(query.since)}`);
  if (query.until) and.push(Prisma.sql`e.occurred_at < ${new Date(query.until)}`);
  const where = Prisma.join(and, ' AND ');
  if (query.cursor) {
    // the cursor is an event this reader can see (it was on their previous page): one above
    // their clearance or outside their filters reads like an id never given out
    const [last] = await db.$queryRaw<{ id: bigint }[]>`
      SELECT e.id FROM audit_events e WHERE ${where} AND e.public_id = ${query.cursor}::uuid`;
    if (!last)
      throw AppError.invalid(
        'cursor',
        'is not a cursor this list gave out; start again without it',
      );
    and.push(Prisma.sql`e.id < ${last.id}`);
  }
  const rows = await db.$queryRaw<EventRow[]>`
    SELECT e.id, e.public_id::text AS public_id, e.occurred_at, e.actor_id::text AS actor_id, e.actor_email,
           e.action, e.entity_type, e.entity_id, e.reason, e.request_id, e.client_address,
           e.sensitivity::text AS sensitivity,
           -- what it replaced, when they may read it: otherwise neither the row nor its id (a
           -- submission of another's draft reads as a fresh proposal, as in its history)
           CASE WHEN r.readable THEN e.before END AS before,
           CASE WHEN r.readable OR NOT (e.after ? 'supersedesId') THEN e.after
                ELSE e.after || jsonb_build_object('supersedesId', NULL) END AS after
    FROM audit_events e CROSS JOIN LATERAL (SELECT ${rowsReadableSql(actor, replacedIdsSql)} AS readable) r
    WHERE ${Prisma.join(and, ' AND ')}
    ORDER BY e.id DESC LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((event) => ({
      id: event.public_id,
      occurredAt: event.occurred_at.toISOString(),
      actorId: event.actor_id,
      actorEmail: event.actor_email,
      action: event.action,
      entityType: event.entity_type,
      entityId: event.entity_id,
      before: event.before,
      after: event.after,
      reason: event.reason,
      requestId: event.request_id,
      clientAddress: event.client_address,
      sensitivity: event.sensitivity,
    })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.public_id : null,
  };
}
