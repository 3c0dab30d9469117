import { z } from 'zod';
import { ZAccessRequestVersion, ZConsentPositionVersion } from './access-requests';
import { ZAccessStatusVersion, ZSensitivity } from './access-statuses';
import { paginated, ZCursor, ZLimit, ZTimestamp, ZUuid, ZTrimmed } from './common';
import { ZIncidentVersion } from './incidents';

/**
 * What a webhook endpoint can subscribe to: the outbox's event types (issue 18; the same
 * names as notifications.ts's), and `access_status.deteriorated`, a status change worse than
 * what it replaced in the owner's timeline (delivered as its outbox type, with
 * `deteriorated: true`). `*` means every type, including types added later. Returned
 * proposals are their author's news only. `request.recorded|corrected|validated` are an
 * access request's own versions, delivered as the owner sees them; `request.consent_answered`
 * is a party's answer on one (granted, with conditions, refused, withdrawn), delivered with
 * the position and the request's current version as the owner sees them.
 */
export const WEBHOOK_EVENTS = [
  'access_status.recorded',
  'access_status.corrected',
  'access_status.validated',
  'access_status.deteriorated',
  'incident.recorded',
  'incident.corrected',
  'incident.validated',
  'request.recorded',
  'request.corrected',
  'request.validated',
  'request.consent_answered',
] as const;
export const ZWebhookEventType = z.enum(WEBHOOK_EVENTS);
export type TWebhookEventType = z.infer<typeof ZWebhookEventType>;

/** The headers of every delivery (README: "Webhooks"). */
export const WEBHOOK_HEADERS = {
  /** the idempotency key: the delivery's id, the same on every retry */
  id: 'x-webhook-id',
  /** seconds since the Unix epoch when this attempt was signed */
  timestamp: 'x-webhook-timestamp',
  /** `sha256=` + hex HMAC-SHA256 of `${timestamp}.${body}` with the endpoint's secret */
  signature: 'x-webhook-signature',
  event: 'x-webhook-event',
} as const;
/** A receiver should refuse a timestamp further than this from its clock (replays). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

const ZWebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (
          (url.protocol === 'https:' || url.protocol === 'http:') &&
          url.username === '' &&
          url.password === '' &&
          url.hostname !== '' &&
          // port 0 is no port: nothing can answer there
          url.port !== '0'
        );
      } catch {
        return false;
      }
    },
    {
      error: 'must be an http or https address without user name or password, on a real port',
    },
  );

const ZWebhookFilterIds = z.array(ZUuid).max(100);

const webhookSettings = {
  url: ZWebhookUrl.describe('where deliveries are POSTed; private addresses are refused'),
  events: z
    .array(
      z.union([ZWebhookEventType, z.literal('*')], {
        error: `must be one of ${WEBHOOK_EVENTS.join(', ')}, or * for every type`,
      }),
    )
    .min(1)
    .max(WEBHOOK_EVENTS.length + 1)
    .describe('the event types to deliver; ["*"] for every type'),
  secret: z
    .string()
    .min(16, { error: 'must be at least 16 characters' })
    .max(200)
    .describe('signs every delivery (HMAC-SHA256); stored to sign, never returned'),
  description: ZTrimmed().max(200).optional(),
  areaIds: ZWebhookFilterIds.optional().describe(
    'only records in these areas or their sub-areas; empty or absent: every area',
  ),
  organizationIds: ZWebhookFilterIds.optional().describe(
    'only records of these organisations; empty or absent: every organisation',
  ),
  partyIds: ZWebhookFilterIds.optional().describe(
    "only records naming these parties (a status's granting parties, a request's needed parties, the party of an answer; incidents name none); empty or absent: every record",
  ),
};

export const ZWebhookCreate = z.object(webhookSettings).strict().meta({ id: 'WebhookCreate' });
export type TWebhookCreate = z.infer<typeof ZWebhookCreate>;

export const ZWebhookUpdate = z
  .object({
    ...webhookSettings,
    url: webhookSettings.url.optional(),
    events: webhookSettings.events.optional(),
    secret: webhookSettings.secret.optional().describe('a new secret (rotation)'),
    paused: z
      .boolean()
      .optional()
      .describe(
        'pause every delivery, or resume a pause you can see (what it held is then sent); resuming where you see no pause changes nothing',
      ),
  })
  .strict()
  .meta({ id: 'WebhookUpdate' });
export type TWebhookUpdate = z.infer<typeof ZWebhookUpdate>;

export const ZWebhook = z
  .object({
    id: ZUuid,
    url: z.string(),
    events: z.array(z.string()),
    description: z.string().nullable(),
    areaIds: z.array(ZUuid),
    organizationIds: z.array(ZUuid),
    partyIds: z.array(ZUuid),
    owner: z.object({ id: ZUuid, displayName: z.string() }),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp.describe(
      'when its settings (url, events, secret, description, filters) last changed; pausing and resuming do not move it',
    ),
    pausedAt: ZTimestamp.nullable().describe(
      'when it was paused, if it is paused at a sensitivity you are cleared for; else null',
    ),
    pausedSensitivity: ZSensitivity.nullable().describe(
      'the pause holds deliveries of records at this sensitivity and above; lower ones are still sent. A pause above your clearance is not shown',
    ),
    pauseReason: z.string().nullable(),
  })
  .meta({ id: 'Webhook' });
export type TWebhook = z.infer<typeof ZWebhook>;
export const ZWebhookList = z.object({ items: z.array(ZWebhook) });

export const WEBHOOK_DELIVERY_STATES = ['PENDING', 'DELIVERED', 'FAILED', 'HELD'] as const;

export const ZWebhookDelivery = z
  .object({
    id: ZUuid.describe('the idempotency key sent in X-Webhook-Id, the same on every attempt'),
    event: z.string(),
    eventId: z.string(),
    state: z
      .enum(WEBHOOK_DELIVERY_STATES)
      .describe(
        'PENDING: waiting or being retried; DELIVERED; FAILED: retries ran out; HELD: the endpoint is paused',
      ),
    attempts: z.number().int(),
    lastStatusCode: z.number().int().nullable().describe("the receiver's last HTTP status"),
    lastError: z.string().nullable(),
    latencyMs: z.number().int().nullable().describe('how long the last attempt took'),
    createdAt: ZTimestamp,
    lastAttemptAt: ZTimestamp.nullable(),
    deliveredAt: ZTimestamp.nullable(),
  })
  .meta({ id: 'WebhookDelivery' });
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;
export const ZWebhookDeliveryPage = paginated(ZWebhookDelivery);
export const ZWebhookDeliveryQuery = z.object({ limit: ZLimit, cursor: ZCursor });

/**
 * The JSON body of every delivery: the record the event is about as the endpoint's owner
 * sees it (their clearance, at the time of fan-out), never more.
 */
export const ZWebhookPayload = z
  .object({
    id: ZUuid.describe('the idempotency key, as in X-Webhook-Id: the same on every retry'),
    event: ZWebhookEventType,
    eventId: z.string().describe('the outbox event: one change of one record'),
    deteriorated: z
      .boolean()
      .describe("a status worse than what it replaced, in the endpoint owner's timeline"),
    occurredAt: ZTimestamp.describe('when the change was recorded'),
    data: z.object({
      accessStatus: ZAccessStatusVersion.nullable().describe(
        'for access_status.* events: the version, as the owner sees it',
      ),
      incident: ZIncidentVersion.nullable().describe(
        'for incident.* events: the version, as the owner sees it',
      ),
      request: ZAccessRequestVersion.nullable().describe(
        "for request.* events: the request version (for request.consent_answered: the request's current version), as the owner sees it",
      ),
      position: ZConsentPositionVersion.nullable().describe(
        "for request.consent_answered: the party's position version, as the owner sees it",
      ),
    }),
  })
  .meta({ id: 'WebhookPayload' });
export type TWebhookPayload = z.infer<typeof ZWebhookPayload>;
