import type { WebhookEndpoint } from '@access/db';
import {
  SENSITIVITIES,
  type TSensitivity,
  type TWebhook,
  type TWebhookCreate,
  type TWebhookUpdate,
} from '@access/contracts';
import { z } from 'zod';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  canSee,
  inTransaction,
  requireRole,
  type Actor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { AppError } from '../shared/errors';
import { levelsFrom, MANUAL_PAUSE_LEVEL, pauseExistsAt, pauseSeenAt } from './webhook-pause';
import { assertAllowedTarget, type TargetPolicy } from './webhook-targets';

/** The lowest level: what every reader of an endpoint sees (its settings, a person's pause). */
const EVERY_READER: TSensitivity = SENSITIVITIES[0];

/**
 * Who manages an endpoint: administrators every endpoint, coordinators their own; an
 * endpoint someone may not manage does not exist for them (404). Viewers and editors none.
 */
function managerOf(ctx: RequestContext): Actor {
  return requireRole(ctx, 'ADMIN', 'COORDINATOR');
}

async function findManaged(db: Db | Tx, actor: Actor, id: string): Promise<WebhookEndpoint> {
  const endpoint = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!endpoint || (actor.role !== 'ADMIN' && endpoint.ownerId !== actor.userId))
    throw AppError.notFound('The webhook');
  return endpoint;
}

/**
 * An endpoint as the API shows it to a reader cleared to `level` (an audit event's: its
 * sensitivity): everything but the secret, which is never returned, and its pause only
 * when it exists at that level (webhook-pause.ts). Nothing else in it moves with a pause.
 */
async function viewsOf(
  db: Db | Tx,
  endpoints: WebhookEndpoint[],
  level: TSensitivity,
): Promise<TWebhook[]> {
  const owners = new Map(
    (
      await db.user.findMany({
        where: { id: { in: [...new Set(endpoints.map((endpoint) => endpoint.ownerId))] } },
        select: { id: true, displayName: true },
      })
    ).map((user) => [user.id, user]),
  );
  return endpoints.map((endpoint) => {
    const pause = pauseSeenAt(endpoint, level);
    return {
      id: endpoint.id,
      url: endpoint.url,
      events: endpoint.events,
      description: endpoint.description,
      areaIds: endpoint.areaIds,
      organizationIds: endpoint.organizationIds,
      partyIds: endpoint.partyIds,
      owner: owners.get(endpoint.ownerId) ?? { id: endpoint.ownerId, displayName: '' },
      createdAt: endpoint.createdAt.toISOString(),
      updatedAt: endpoint.updatedAt.toISOString(),
      pausedAt: pause.pausedAt?.toISOString() ?? null,
      pausedSensitivity: pause.pausedSensitivity,
      pauseReason: pause.pauseReason,
    };
  });
}

const viewOf = async (db: Db | Tx, endpoint: WebhookEndpoint, level: TSensitivity) =>
  (await viewsOf(db, [endpoint], level))[0]!;

/** Filters name areas, organisations and parties that exist (reference data every user sees). */
async function checkFilters(
  db: Db | Tx,
  input: Pick<TWebhookCreate, 'areaIds' | 'organizationIds' | 'partyIds'>,
): Promise<void> {
  const partyIds = [...new Set(input.partyIds ?? [])];
  if ((await db.party.count({ where: { id: { in: partyIds } } })) !== partyIds.length)
    throw AppError.invalid('partyIds', 'names a party that does not exist');
  const areaIds = [...new Set(input.areaIds ?? [])];
  if ((await db.area.count({ where: { id: { in: areaIds } } })) !== areaIds.length)
    throw AppError.invalid('areaIds', 'names an area that does not exist');
  const organizationIds = [...new Set(input.organizationIds ?? [])];
  if (
    (await db.organization.count({ where: { id: { in: organizationIds } } })) !==
    organizationIds.length
  )
    throw AppError.invalid('organizationIds', 'names an organisation that does not exist');
}

/** The most webhook endpoints one person may own. */
export const MAX_ENDPOINTS = 25;

/** ["*"] alone when it is asked for at all; otherwise each type once. */
const eventsOf = (events: string[]) => (events.includes('*') ? ['*'] : [...new Set(events)]);

export async function createWebhook(
  db: Db,
  ctx: RequestContext,
  input: TWebhookCreate,
  policy: TargetPolicy,
): Promise<TWebhook> {
  const actor = managerOf(ctx);
  await assertAllowedTarget(input.url, policy);
  return inTransaction(db, async (tx) => {
    await checkFilters(tx, input);
    // every endpoint multiplies each change into requests to somewhere: a bound per owner
    // one registration of an owner at a time, so two at once cannot both pass the bound
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('webhook_endpoints'), hashtext(${actor.userId}))`;
    if ((await tx.webhookEndpoint.count({ where: { ownerId: actor.userId } })) >= MAX_ENDPOINTS) {
      const message = `You have ${MAX_ENDPOINTS} webhook endpoints, the most one person may have: delete one first`;
      throw new AppError('CONFLICT', message, {
        limit: MAX_ENDPOINTS,
        issues: [{ field: 'url', message }],
      });
    }
    const endpoint = await tx.webhookEndpoint.create({
      data: {
        ownerId: actor.userId,
        url: input.url,
        events: eventsOf(input.events),
        secret: input.secret,
        description: input.description ?? null,
        areaIds: [...new Set(input.areaIds ?? [])],
        organizationIds: [...new Set(input.organizationIds ?? [])],
        partyIds: [...new Set(input.partyIds ?? [])],
      },
    });
    const view = await viewOf(tx, endpoint, actor.clearance);
    // the configuration names no record; the secret is never in the trail
    await recordAuditEvent(tx, ctx, {
      action: 'webhook.create',
      entityType: 'webhook',
      entityId: endpoint.id,
      after: await viewOf(tx, endpoint, EVERY_READER),
      sensitivity: EVERY_READER,
    });
    return view;
  });
}

export async function listWebhooks(db: Db, ctx: RequestContext) {
  const actor = managerOf(ctx);
  const endpoints = await db.webhookEndpoint.findMany({
    where: actor.role === 'ADMIN' ? {} : { ownerId: actor.userId },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  return { items: await viewsOf(db, endpoints, actor.clearance) };
}

export async function getWebhook(db: Db, ctx: RequestContext, id: string): Promise<TWebhook> {
  const actor = managerOf(ctx);
  return viewOf(db, await findManaged(db, actor, id), actor.clearance);
}

/** What an endpoint's owner chooses; changing any of them moves its updatedAt. */
const SETTINGS = [
  'url',
  'secret',
  'events',
  'description',
  'areaIds',
  'organizationIds',
  'partyIds',
] as const;

export async function updateWebhook(
  db: Db,
  ctx: RequestContext,
  id: string,
  input: TWebhookUpdate,
  policy: TargetPolicy,
): Promise<TWebhook> {
  const actor = managerOf(ctx);
  if (input.url !== undefined) await assertAllowedTarget(input.url, policy);
  return inTransaction(db, async (tx) => {
    // one change of an endpoint at a time: a failure lowering its pause waits for this one
    await tx.$executeRaw`SELECT 1 FROM webhook_endpoints WHERE id = ${id}::uuid FOR UPDATE`;
    const endpoint = await findManaged(tx, actor, id);
    // Deliveries carry what the owner may see. Whoever could redirect them (url, secret) or
    // change what they select would read at the owner's clearance, not their own: only the
    // owner may; an administrator may pause, resume, describe or delete another's endpoint.
    const steering = (
      ['url', 'secret', 'events', 'areaIds', 'organizationIds', 'partyIds'] as const
    ).filter((field) => input[field] !== undefined);
    if (endpoint.ownerId !== actor.userId && steering.length > 0)
      throw new AppError(
        'FORBIDDEN',
        `Only the endpoint's owner can change its ${steering.join(', ')}: its deliveries carry what the owner may see. You can pause, resume or delete it.`,
        {
          issues: steering.map((field) => ({
            field,
            message: "only the endpoint's owner can change it",
          })),
        },
      );
    await checkFilters(tx, input);
    const settingsChanged = SETTINGS.some((field) => input[field] !== undefined);
    // A person's pause holds everything: it is at the lowest level, lowering one set higher.
    // A resume ends a pause the actor sees; one above them does not exist for them, and
    // resuming it answers as resuming an endpoint that is not paused (nothing changes).
    const pausing = input.paused === true && !pauseExistsAt(endpoint, MANUAL_PAUSE_LEVEL);
    const resuming = input.paused === false && pauseExistsAt(endpoint, actor.clearance);
    const now = new Date();
    const updated = await tx.webhookEndpoint.update({
      where: { id },
      data: {
        url: input.url,
        events: input.events && eventsOf(input.events),
        secret: input.secret,
        description: input.description,
        areaIds: input.areaIds && [...new Set(input.areaIds)],
        organizationIds: input.organizationIds && [...new Set(input.organizationIds)],
        partyIds: input.partyIds && [...new Set(input.partyIds)],
        ...(settingsChanged ? { updatedAt: now } : {}),
        ...(pausing
          ? {
              pausedAt: now,
              pausedSensitivity: MANUAL_PAUSE_LEVEL,
              pauseReason: `paused by ${actor.displayName}`,
            }
          : {}),
        ...(resuming ? { pausedAt: null, pausedSensitivity: null, pauseReason: null } : {}),
      },
    });
    // The change of settings, and a person's pause, as every reader sees them: a pause
    // above LOW is in neither before nor after. A request that only resumes is the resume's
    // event alone (below), as sensitive as the pause it ends: nothing of it at LOW.
    if (settingsChanged || input.paused === true)
      await recordAuditEvent(tx, ctx, {
        action: 'webhook.update',
        entityType: 'webhook',
        entityId: id,
        before: await viewOf(tx, endpoint, EVERY_READER),
        after: {
          ...(await viewOf(tx, updated, EVERY_READER)),
          secretChanged: input.secret !== undefined,
        },
        sensitivity: EVERY_READER,
      });
    if (resuming) await resumeDeliveries(tx, ctx, endpoint);
    return viewOf(tx, updated, actor.clearance);
  });
}

/**
 * What a pause held goes to the queue again (the dispatcher), each delivery under its own
 * idempotency key. The failures at the pause's levels no longer count towards a pause;
 * those below it were not held and count on (resetting them would move when a lower pause
 * comes by what happened above it). The resume's event is as sensitive as the pause it
 * ends, with the pause as it was and how many it sends again of that level (those above it
 * are not told at its level).
 */
async function resumeDeliveries(tx: Tx, ctx: RequestContext, endpoint: WebhookEndpoint) {
  const level = endpoint.pausedSensitivity!;
  const resumed = await tx.$queryRaw<{ sensitivity: TSensitivity }[]>`
    UPDATE webhook_deliveries SET state = 'PENDING', enqueued_at = NULL
    WHERE endpoint_id = ${endpoint.id}::uuid AND state = 'HELD'
    RETURNING sensitivity::text`;
  await tx.webhookDelivery.updateMany({
    where: {
      endpointId: endpoint.id,
      firstFailedAt: { not: null },
      sensitivity: { in: levelsFrom(level) },
    },
    data: { firstFailedAt: null },
  });
  await recordAuditEvent(tx, ctx, {
    action: 'webhook.resume',
    entityType: 'webhook',
    entityId: endpoint.id,
    before: pauseSeenAt(endpoint, level),
    after: {
      resumedDeliveries: resumed.filter((row) => row.sensitivity === level).length,
    },
    sensitivity: level,
  });
}

export async function deleteWebhook(db: Db, ctx: RequestContext, id: string): Promise<TWebhook> {
  const actor = managerOf(ctx);
  return inTransaction(db, async (tx) => {
    const endpoint = await findManaged(tx, actor, id);
    // its deliveries go with it; a queued attempt then finds nothing to send
    await tx.webhookEndpoint.delete({ where: { id } });
    await recordAuditEvent(tx, ctx, {
      action: 'webhook.delete',
      entityType: 'webhook',
      entityId: id,
      before: await viewOf(tx, endpoint, EVERY_READER),
      sensitivity: EVERY_READER,
    });
    return viewOf(tx, endpoint, actor.clearance);
  });
}

/** An endpoint's delivery log, newest first. */
export async function listWebhookDeliveries(
  db: Db,
  ctx: RequestContext,
  id: string,
  query: { limit: number; cursor?: string },
) {
  const actor = managerOf(ctx);
  const endpoint = await findManaged(db, actor, id);
  // deliveries are created with a millisecond time (fan-out sets it), so the key round-trips
  const key = decodeCursor(query.cursor, z.tuple([z.iso.datetime(), z.uuid()]));
  const after = key && { createdAt: new Date(key[0]), id: key[1] };
  const rows = await db.webhookDelivery.findMany({
    where: {
      endpointId: endpoint.id,
      // a delivery is as sensitive as the record it carried: readers (an administrator, or
      // the owner since their clearance was lowered) see only those within their clearance
      sensitivity: { in: SENSITIVITIES.filter((level) => canSee(actor, level)) },
      ...(after
        ? {
            OR: [
              { createdAt: { lt: after.createdAt } },
              { createdAt: after.createdAt, id: { lt: after.id } },
            ],
          }
        : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((delivery) => ({
      id: delivery.id,
      event: delivery.event,
      eventId: delivery.eventId,
      state: delivery.state,
      attempts: delivery.attempts,
      lastStatusCode: delivery.lastStatusCode,
      lastError: delivery.lastError,
      latencyMs: delivery.latencyMs,
      createdAt: delivery.createdAt.toISOString(),
      lastAttemptAt: delivery.lastAttemptAt?.toISOString() ?? null,
      deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    })),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.createdAt.toISOString(), last.id])
        : null,
  };
}
