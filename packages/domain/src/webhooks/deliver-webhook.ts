import http from 'node:http';
import https from 'node:https';
import { performance } from 'node:perf_hooks';
import { type TSensitivity, WEBHOOK_HEADERS } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import { actorOfUser } from '../auth/actor-of-user';
import { canSee, type Db, type Tx } from '../shared/context';
import { levelsFrom, pauseExistsAt } from './webhook-pause';
import { signWebhook } from './webhook-signature';
import { guardedLookup, literalTargetRefused, type TargetPolicy } from './webhook-targets';

export interface DeliveryPolicy extends TargetPolicy {
  /** an attempt that has not been answered within this time fails */
  timeoutMs: number;
  /** an endpoint whose deliveries have failed this long, with no success since, is paused */
  pauseAfterMs: number;
}

/**
 * What the queue should do next: nothing more (delivered, given up, held, gone) or try
 * again later (pg-boss's exponential backoff).
 */
export type AttemptOutcome = 'delivered' | 'retry' | 'done';

interface Answer {
  statusCode: number | null;
  error: string | null;
  latencyMs: number;
}

/** One POST; any answer but 2xx, or none in time, is a failure. Redirects are not followed. */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  policy: DeliveryPolicy,
): Promise<Answer> {
  const started = performance.now();
  const latency = () => Math.round(performance.now() - started);
  if (literalTargetRefused(url, policy))
    return Promise.resolve({
      statusCode: null,
      error: 'refused: a non-public address',
      latencyMs: 0,
    });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, latencyMs: latency() });
    };
    const request = (url.startsWith('https:') ? https : http).request(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        lookup: guardedLookup(policy),
        agent: false,
      },
      (response) => {
        // the receiver's body is not kept: its status says everything the log needs
        response.resume();
        response.on('end', () => finish({ statusCode: response.statusCode ?? null, error: null }));
        response.on('error', () =>
          finish({ statusCode: response.statusCode ?? null, error: 'the answer broke off' }),
        );
      },
    );
    const timer = setTimeout(() => {
      finish({ statusCode: null, error: `no answer within ${policy.timeoutMs} ms` });
      request.destroy();
    }, policy.timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({
        statusCode: null,
        error: `${error.code ?? 'ERROR'}: ${error.message}`.slice(0, 300),
      }),
    );
    request.end(body);
  });
}

/**
 * Pauses an endpoint whose failures go back `pauseAfterMs` with no delivery since, at the
 * lowest level where they do: a level's failures and deliveries are those of its
 * sensitivity and below (what a reader cleared to it sees in the log), so whether and when
 * the endpoint is paused at a level depends on nothing above it. Only the levels from the
 * failed delivery's up are looked at: a failure above a level must not be what pauses it
 * (the pause's time would tell of it). A pause lowers one set higher, never raises it. The
 * pending deliveries at its level and above are held, and its owner is told (the audit
 * trail, and `onPaused`). In the transaction of the failure that tipped it; only one worker
 * pauses it at a level.
 */
async function pauseIfFailingTooLong(
  tx: Tx,
  endpointId: string,
  failed: TSensitivity,
  policy: DeliveryPolicy,
): Promise<boolean> {
  const streaks = await tx.$queryRaw<{ level: TSensitivity; since: Date | null }[]>`
    SELECT l.level::text AS level, (
      SELECT min(d.first_failed_at) FROM webhook_deliveries d
      WHERE d.endpoint_id = ${endpointId}::uuid AND d.sensitivity <= l.level AND d.first_failed_at > coalesce(
        (SELECT max(s.delivered_at) FROM webhook_deliveries s
         WHERE s.endpoint_id = ${endpointId}::uuid AND s.sensitivity <= l.level), '-infinity')
    ) AS since
    FROM unnest(enum_range(${failed}::"Sensitivity", NULL)) AS l(level)
    ORDER BY l.level`;
  const level = streaks.find(
    (streak) => streak.since && Date.now() - streak.since.getTime() >= policy.pauseAfterMs,
  )?.level;
  if (!level) return false;
  // The reason names the policy, not when the failures began: that is the first failed
  // delivery's time, which the owner's delivery log shows to those who may see it.
  const reason = `failing for ${durationText(policy.pauseAfterMs)} or more with no delivery: paused automatically`;
  const now = new Date();
  const paused = await tx.webhookEndpoint.updateMany({
    where: {
      id: endpointId,
      // not paused at this level yet: a pause at it or below already holds what this would
      OR: [
        { pausedSensitivity: null },
        { pausedSensitivity: { in: levelsFrom(level).filter((other) => other !== level) } },
      ],
    },
    data: { pausedAt: now, pausedSensitivity: level, pauseReason: reason },
  });
  if (paused.count === 0) return false;
  const held = await tx.$queryRaw<{ sensitivity: TSensitivity }[]>`
    UPDATE webhook_deliveries SET state = 'HELD'
    WHERE endpoint_id = ${endpointId}::uuid AND state = 'PENDING' AND sensitivity >= ${level}::"Sensitivity"
    RETURNING sensitivity::text`;
  await recordAuditEvent(
    tx,
    { actor: null },
    {
      action: 'webhook.pause',
      entityType: 'webhook',
      entityId: endpointId,
      after: {
        pausedAt: now.toISOString(),
        pausedSensitivity: level,
        pauseReason: reason,
        // those of its own level: the held deliveries above it are not told at its level
        heldDeliveries: held.filter((row) => row.sensitivity === level).length,
      },
      reason,
      // the pause tells of the failures of its level and below: as sensitive as its level
      sensitivity: level,
    },
  );
  return true;
}

/** A policy's duration for people: whole hours, else minutes, else seconds. */
function durationText(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

/**
 * One attempt of a delivery (a pg-boss job's work). The body was built for the endpoint's
 * owner at fan-out; it is sent only while the owner is still an active administrator or
 * coordinator cleared for it, and the endpoint's pause does not hold it (a pause holds its level
 * and above: webhook-pause.ts). Every attempt is logged on the
 * delivery (attempts, status, latency, error). `lastAttempt`: the queue will not retry
 * after this one, so a failure is final.
 */
export async function attemptWebhookDelivery(
  db: Db,
  deliveryId: string,
  policy: DeliveryPolicy,
  lastAttempt: boolean,
  onPaused: (endpointId: string, ownerId: string) => Promise<void> = async () => {},
): Promise<AttemptOutcome> {
  const delivery = await db.webhookDelivery.findUnique({
    where: { id: deliveryId },
    include: { endpoint: true },
  });
  if (delivery?.state !== 'PENDING') return 'done';
  const { endpoint } = delivery;
  if (pauseExistsAt(endpoint, delivery.sensitivity)) {
    await db.webhookDelivery.updateMany({
      where: { id: deliveryId, state: 'PENDING' },
      data: { state: 'HELD' },
    });
    return 'done';
  }
  const owner = await actorOfUser(db, endpoint.ownerId);
  if (
    !owner ||
    (owner.role !== 'ADMIN' && owner.role !== 'COORDINATOR') ||
    !canSee(owner, delivery.sensitivity)
  ) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        state: 'FAILED',
        lastError: "not sent: the endpoint's owner may no longer receive this record",
      },
    });
    return 'done';
  }
  const body = JSON.stringify(delivery.payload);
  const timestamp = Math.floor(Date.now() / 1000);
  const answer = await post(
    endpoint.url,
    {
      'content-type': 'application/json',
      'user-agent': 'access-monitor-webhooks/1',
      [WEBHOOK_HEADERS.id]: delivery.id,
      [WEBHOOK_HEADERS.timestamp]: String(timestamp),
      [WEBHOOK_HEADERS.signature]: signWebhook(endpoint.secret, timestamp, body),
      [WEBHOOK_HEADERS.event]: delivery.event,
    },
    body,
    policy,
  );
  const now = new Date();
  const delivered =
    answer.statusCode !== null && answer.statusCode >= 200 && answer.statusCode < 300;
  const log = {
    attempts: { increment: 1 },
    lastStatusCode: answer.statusCode,
    lastError: delivered ? null : (answer.error ?? `the receiver answered ${answer.statusCode}`),
    latencyMs: answer.latencyMs,
    lastAttemptAt: now,
  };
  if (delivered) {
    await db.webhookDelivery.update({
      where: { id: deliveryId },
      data: { ...log, state: 'DELIVERED', deliveredAt: now },
    });
    return 'delivered';
  }
  const paused = await db.$transaction(async (tx) => {
    await tx.webhookDelivery.update({
      where: { id: deliveryId },
      data: {
        ...log,
        firstFailedAt: delivery.firstFailedAt ?? now,
        ...(lastAttempt ? { state: 'FAILED' } : {}),
      },
    });
    return pauseIfFailingTooLong(tx, endpoint.id, delivery.sensitivity, policy);
  });
  if (paused) await onPaused(endpoint.id, endpoint.ownerId);
  return paused || lastAttempt ? 'done' : 'retry';
}

/**
 * The deliveries waiting for the queue (new ones, and those resumed after a pause), oldest
 * first, locked for the caller's transaction: it queues them and marks them queued
 * (markDeliveriesQueued) before it commits, so each is queued once whatever instance runs.
 */
export async function claimDeliveriesToQueue(tx: Tx, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM webhook_deliveries WHERE state = 'PENDING' AND enqueued_at IS NULL
    ORDER BY created_at, id LIMIT ${limit} FOR UPDATE SKIP LOCKED`;
  return rows.map((row) => row.id);
}

export async function markDeliveriesQueued(tx: Tx, ids: string[]): Promise<void> {
  await tx.webhookDelivery.updateMany({
    where: { id: { in: ids } },
    data: { enqueuedAt: new Date() },
  });
}
