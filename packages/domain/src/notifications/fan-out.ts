import { Prisma } from '@access/db';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { actorOfUser } from '../auth/actor-of-user';
import { incidentVersionExistsSql } from '../incidents/incident-sql';
import { eventVisibleSql, INCIDENT_CHANGES } from './notification-sql';
import type { Actor, Db, Tx } from '../shared/context';
import { restorePlans, useGenericPlans } from '../shared/plans';

/** An outbox row as a consumer gets it (ids and levels only; read the records per reader). */
export interface OutboxEventRow {
  id: string;
  position: bigint;
  type: string;
  occurredAt: Date;
  actorId: string | null;
  organizationId: string | null;
  areaId: string | null;
  partyIds: string[];
  requestId: string | null;
  accessStatusVersionId: string | null;
  incidentId: string | null;
  incidentVersionId: string | null;
  consentPositionVersionId: string | null;
  accessRequestVersionId: string | null;
  authorId: string | null;
  sensitivity: TSensitivity;
  deterioratedLevels: TSensitivity[];
}

/**
 * Another consumer of the outbox (webhooks, issue 18 part 2): called with each batch in the
 * fan-out's transaction, before the batch is marked done, so it sees every event once per
 * successful fan-out (a batch whose transaction dies is fanned out again, whole).
 */
export type OutboxConsumer = (tx: Tx, events: OutboxEventRow[]) => Promise<void>;
const consumers: OutboxConsumer[] = [];
export function addOutboxConsumer(consumer: OutboxConsumer): void {
  if (!consumers.includes(consumer)) consumers.push(consumer);
}

/**
 * A reader of one clearance level and no organisation: validated records exist for a
 * reader by their level alone (access-sql.ts, incident-sql.ts), so the fan-out asks the
 * one rule once per level for all followers cleared at that level.
 */
function levelReader(level: TSensitivity): Actor {
  return {
    userId: '00000000-0000-0000-0000-000000000000',
    email: '',
    displayName: '',
    role: 'VIEWER',
    clearance: level,
    organizationIds: [],
  };
}

/** Whether follow `f` asks for event `e` at `reader`'s level (its record already visible there). */
function wantedSql(reader: Actor): Prisma.Sql {
  const level = Prisma.sql`${reader.clearance}::"Sensitivity"`;
  // an incident is new for a reader when no earlier version of it exists at their level
  const newIncident = Prisma.sql`(e.type = ANY(${INCIDENT_CHANGES}) AND NOT EXISTS (
    SELECT 1 FROM incident_versions o WHERE o.incident_id = e.incident_id AND o.id <> e.incident_version_id
      AND ${incidentVersionExistsSql(reader, Prisma.sql`o`)}
      AND o.recorded_at < (SELECT n.recorded_at FROM incident_versions n WHERE n.id = e.incident_version_id)))`;
  return Prisma.sql`(
    'ANY_CHANGE' = ANY(f.kinds)
    OR ('DETERIORATION' = ANY(f.kinds) AND ${level} = ANY(e.deteriorated_levels))
    OR ('NEW_INCIDENT' = ANY(f.kinds) AND ${newIncident})
    OR ('CONSENT_ANSWERED' = ANY(f.kinds) AND e.type = 'request.consent_answered'))`;
}

/**
 * Tells the followers (and authors) cleared at one level of the batch's events, through
 * the one visibility rule at that level. One row per event and reader: (event, user) is
 * unique, so a batch fanned out twice tells nobody twice.
 */
async function tellLevel(
  tx: Tx,
  eventIds: string[],
  level: TSensitivity,
  email: boolean,
): Promise<void> {
  const reader = levelReader(level);
  await tx.$executeRaw`
    /* prepared */ INSERT INTO notifications (id, event_id, user_id, type, reason, deteriorated, occurred_at, email_state)
    SELECT gen_random_uuid(), m.event_id, m.user_id, m.type, m.reason, m.deteriorated, m.occurred_at,
           CASE WHEN ${email} AND s.email_mode IN ('IMMEDIATE', 'DAILY') THEN 'PENDING'::"EmailState" END
    FROM (
      SELECT DISTINCT ON (e.id, c.user_id) e.id AS event_id, c.user_id, e.type, c.reason, e.occurred_at,
             ${level}::"Sensitivity" = ANY(e.deteriorated_levels) AS deteriorated
      FROM outbox_events e
      -- the event's area and those above it, once per event (not once per follow row)
      CROSS JOIN LATERAL (
        SELECT coalesce(array_agg(up.id), '{}') AS ids FROM (
          WITH RECURSIVE up(id, parent_id) AS (
            SELECT a.id, a.parent_id FROM areas a WHERE a.id = e.area_id
            UNION SELECT a.id, a.parent_id FROM areas a JOIN up ON a.id = up.parent_id)
          SELECT id FROM up) up
      ) above
      -- followers cleared at this level only: the other levels' followers never reach the sort
      CROSS JOIN LATERAL (
        SELECT f.user_id, 'FOLLOW' AS reason FROM follows f
        JOIN users u ON u.id = f.user_id AND u.clearance = ${level}::"Sensitivity" AND u.disabled_at IS NULL
        WHERE ((f.target_type = 'AREA' AND f.target_id = ANY(above.ids))
            OR (f.target_type = 'ORGANIZATION' AND f.target_id = e.organization_id)
            OR (f.target_type = 'PARTY' AND f.target_id = ANY(e.party_ids))
            OR (f.target_type = 'REQUEST' AND f.target_id = e.request_id))
          -- a follow tells of what happens after it: an event still queued when the follow
          -- was made (the fan-out runs later, in a worker) is older news, not told
          AND f.created_at <= e.occurred_at
          AND ${wantedSql(reader)}
        UNION ALL
        SELECT u.id, 'OWN_ENTRY' FROM users u
        WHERE u.id = e.author_id AND u.clearance = ${level}::"Sensitivity" AND u.disabled_at IS NULL
      ) c
      WHERE e.id = ANY(${eventIds}::uuid[]) AND ${eventVisibleSql(reader)}
      ORDER BY e.id, c.user_id, c.reason DESC
    ) m
    LEFT JOIN notification_settings s ON s.user_id = m.user_id
    ON CONFLICT (event_id, user_id) DO NOTHING`;
}

/**
 * A returned proposal is its author's news alone (a level's reader reads no proposal), told
 * when the author may read the returned row (the proposal rule, asked for that author).
 */
async function tellAuthorsOfReturns(
  tx: Tx,
  events: OutboxEventRow[],
  email: boolean,
): Promise<void> {
  for (const event of events) {
    if (!event.authorId || !event.type.endsWith('.returned')) continue;
    const author = await actorOfUser(tx, event.authorId);
    if (!author) continue;
    await tx.$executeRaw`
      INSERT INTO notifications (id, event_id, user_id, type, reason, deteriorated, occurred_at, email_state)
      SELECT gen_random_uuid(), e.id, ${author.userId}::uuid, e.type, 'OWN_ENTRY', false, e.occurred_at,
             CASE WHEN ${email} AND s.email_mode IN ('IMMEDIATE', 'DAILY') THEN 'PENDING'::"EmailState" END
      FROM outbox_events e LEFT JOIN notification_settings s ON s.user_id = ${author.userId}::uuid
      WHERE e.id = ${event.id}::uuid AND ${eventVisibleSql(author)}
      ON CONFLICT (event_id, user_id) DO NOTHING`;
  }
}

export interface FanOutOptions {
  /** events per transaction */
  batch?: number;
  /** whether e-mail is configured: only then are notifications queued for e-mail */
  email?: boolean;
  /**
   * workers pass true: take only events no other worker holds. Without it (tests), wait
   * for the batches other workers hold, so a drain returns once every event is fanned out.
   */
  skipLocked?: boolean;
}

/**
 * Fans out one batch of the oldest events not yet fanned out, in one transaction: rows
 * locked with SKIP LOCKED (several workers take different batches), notifications
 * written, other consumers called, the batch marked done. A worker that dies mid-batch
 * commits nothing and the batch is taken again. Answers how many events it fanned out.
 */
export async function fanOutBatch(db: Db, options: FanOutOptions = {}): Promise<number> {
  return db.$transaction(
    async (tx) => {
      const events = await tx.$queryRaw<OutboxEventRow[]>`
        SELECT id::text, position, type, occurred_at AS "occurredAt", actor_id::text AS "actorId",
               organization_id::text AS "organizationId", area_id::text AS "areaId",
               coalesce(party_ids::text[], '{}') AS "partyIds", request_id::text AS "requestId",
               access_status_version_id::text AS "accessStatusVersionId", incident_id::text AS "incidentId",
               incident_version_id::text AS "incidentVersionId",
               consent_position_version_id::text AS "consentPositionVersionId",
               access_request_version_id::text AS "accessRequestVersionId", author_id::text AS "authorId",
               sensitivity::text AS sensitivity, coalesce(deteriorated_levels::text[], '{}') AS "deterioratedLevels"
        FROM outbox_events WHERE fanned_out_at IS NULL
        ORDER BY fanned_out_at, position LIMIT ${options.batch ?? 200}
        FOR UPDATE ${options.skipLocked ? Prisma.sql`SKIP LOCKED` : Prisma.empty}`;
      if (events.length === 0) return 0;
      const ids = events.map((event) => event.id);
      // The statement that tells one level is large (the visibility rule of every kind of
      // record) and driven by the batch's event ids: planned for its values it cost about
      // 6 ms of planning per call, four calls a batch, far more than its work (one change
      // at a time: 17-21 ms of PostgreSQL's time per change, BENCHMARKS.md issue 19). Named
      // (PREPARED) and on a generic plan, it is planned once per connection.
      const plans = await useGenericPlans(tx);
      for (const level of SENSITIVITIES) await tellLevel(tx, ids, level, options.email ?? false);
      await restorePlans(tx, plans);
      await tellAuthorsOfReturns(tx, events, options.email ?? false);
      for (const consume of consumers) await consume(tx, events);
      await tx.$executeRaw`UPDATE outbox_events SET fanned_out_at = clock_timestamp() WHERE id = ANY(${ids}::uuid[])`;
      return events.length;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** Fans out until no event is left (the worker's job; tests call it to drain synchronously). */
export async function drainOutbox(db: Db, options: FanOutOptions = {}): Promise<number> {
  let total = 0;
  for (;;) {
    const done = await fanOutBatch(db, options);
    total += done;
    if (done > 0) continue;
    if (options.skipLocked) return total;
    // a batch taken after waiting on another worker's may come back empty with events left
    const [row] = await db.$queryRaw<{ pending: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox_events WHERE fanned_out_at IS NULL) AS pending`;
    if (!row?.pending) return total;
  }
}
