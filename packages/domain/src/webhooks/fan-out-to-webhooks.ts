import { randomUUID } from 'node:crypto';
import type { WebhookEndpoint } from '@access/db';
import {
  SENSITIVITIES,
  type TAccessRequestVersion,
  type TAccessStatusVersion,
  type TConsentPositionVersion,
  type TIncidentVersion,
  type TSensitivity,
  type TWebhookPayload,
} from '@access/contracts';
import { loadVersions } from '../access-statuses/version-view';
import { actorOfUser } from '../auth/actor-of-user';
import { loadIncidentVersions } from '../incidents/incident-view';
import { visibleRequestVersionsSql } from '../requests/request-sql';
import { loadPositionVersions, loadRequestVersions } from '../requests/request-view';
import type { Actor, Tx } from '../shared/context';
import { pauseExistsAt } from './webhook-pause';

/** What the fan-out needs of an outbox event (notifications/fan-out.ts's OutboxEventRow has it). */
export interface WebhookSourceEvent {
  id: string;
  type: string;
  occurredAt: Date;
  accessStatusVersionId: string | null;
  incidentVersionId: string | null;
  requestId: string | null;
  accessRequestVersionId: string | null;
  consentPositionVersionId: string | null;
  /** the levels at which the status is worse than what it replaced there */
  deterioratedLevels: TSensitivity[];
}

/** Types a webhook can carry; `*.returned` name a proposal row only its author may hear of. */
const STATUS_TYPES = new Set([
  'access_status.recorded',
  'access_status.corrected',
  'access_status.validated',
]);
const INCIDENT_TYPES = new Set(['incident.recorded', 'incident.corrected', 'incident.validated']);
/** A request's own validated versions. */
const REQUEST_TYPES = new Set(['request.recorded', 'request.corrected', 'request.validated']);
/** A party's answer on a request (outbox.ts writes it for validated answers only). */
const CONSENT_TYPES = new Set(['request.consent_answered']);

type SeenRecord = {
  accessStatus: TAccessStatusVersion | null;
  incident: TIncidentVersion | null;
  request: TAccessRequestVersion | null;
  position: TConsentPositionVersion | null;
};

const NOTHING: SeenRecord = { accessStatus: null, incident: null, request: null, position: null };

/**
 * The answers a batch names and their requests, as `owner` sees them (request-view.ts reads
 * through request-sql.ts's level rule): a position exists for them only on a request that
 * does; the request is its current version at their level. By position version id.
 */
async function consentsFor(
  tx: Tx,
  owner: Actor,
  events: WebhookSourceEvent[],
): Promise<Map<string, Pick<SeenRecord, 'request' | 'position'>>> {
  const wanted = events.filter(
    (event) => CONSENT_TYPES.has(event.type) && event.consentPositionVersionId && event.requestId,
  );
  if (wanted.length === 0) return new Map();
  const positions = await loadPositionVersions(tx, owner, [
    ...new Set(wanted.map((event) => event.consentPositionVersionId!)),
  ]);
  const validated = positions.filter((position) => position.reviewState === 'VALIDATED');
  if (validated.length === 0) return new Map();
  const requestIds = [...new Set(validated.map((position) => position.requestId))];
  const current = await tx.$queryRaw<{ id: string }[]>`
    SELECT c.id::text FROM ${visibleRequestVersionsSql(owner, undefined, requestIds)} c`;
  const requests = new Map(
    (
      await loadRequestVersions(
        tx,
        owner,
        current.map((row) => row.id),
      )
    ).map((version) => [version.requestId, version]),
  );
  const seen = new Map<string, Pick<SeenRecord, 'request' | 'position'>>();
  for (const position of validated) {
    const request = requests.get(position.requestId);
    if (request) seen.set(position.id, { request, position });
  }
  return seen;
}

/**
 * The records a batch of events names, as `owner` sees them (the one visibility rule:
 * loadVersions reads through access-sql.ts, loadIncidentVersions through incident-sql.ts),
 * by event id; an event whose record does not exist for them is absent. A few queries per
 * owner and batch (one per kind of record), however many events (an import's thousands).
 */
async function recordsFor(
  tx: Tx,
  owner: Actor,
  events: WebhookSourceEvent[],
): Promise<Map<string, SeenRecord>> {
  const statusIds = events.flatMap((event) =>
    STATUS_TYPES.has(event.type) && event.accessStatusVersionId
      ? [event.accessStatusVersionId]
      : [],
  );
  const incidentIds = events.flatMap((event) =>
    INCIDENT_TYPES.has(event.type) && event.incidentVersionId ? [event.incidentVersionId] : [],
  );
  const statuses = new Map(
    (statusIds.length ? await loadVersions(tx, owner, [...new Set(statusIds)]) : []).map((v) => [
      v.id,
      v,
    ]),
  );
  const incidents = new Map(
    (incidentIds.length
      ? await loadIncidentVersions(tx, owner, [...new Set(incidentIds)])
      : []
    ).map((v) => [v.id, v]),
  );
  const requestVersionIds = events.flatMap((event) =>
    REQUEST_TYPES.has(event.type) && event.accessRequestVersionId
      ? [event.accessRequestVersionId]
      : [],
  );
  const requests = new Map(
    (requestVersionIds.length
      ? await loadRequestVersions(tx, owner, [...new Set(requestVersionIds)])
      : []
    )
      // a validated version existing at their level (the loader also reads proposal rows)
      .filter((version) => version.reviewState === 'VALIDATED')
      .map((version) => [version.id, version]),
  );
  const consents = await consentsFor(tx, owner, events);
  const seen = new Map<string, SeenRecord>();
  for (const event of events) {
    const accessStatus = STATUS_TYPES.has(event.type)
      ? statuses.get(event.accessStatusVersionId ?? '')
      : undefined;
    const incident = INCIDENT_TYPES.has(event.type)
      ? incidents.get(event.incidentVersionId ?? '')
      : undefined;
    const consent = CONSENT_TYPES.has(event.type)
      ? consents.get(event.consentPositionVersionId ?? '')
      : undefined;
    const request = REQUEST_TYPES.has(event.type)
      ? requests.get(event.accessRequestVersionId ?? '')
      : undefined;
    // the answer must still be about the request the event names
    if (accessStatus) seen.set(event.id, { ...NOTHING, accessStatus });
    else if (incident) seen.set(event.id, { ...NOTHING, incident });
    else if (request) seen.set(event.id, { ...NOTHING, request });
    else if (consent && consent.request?.requestId === event.requestId)
      seen.set(event.id, { ...NOTHING, ...consent });
  }
  return seen;
}

/** The area and every area above it. */
async function areaAndAncestors(tx: Tx, areaId: string): Promise<Set<string>> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    WITH RECURSIVE up(id, parent_id) AS (
      SELECT id, parent_id FROM areas WHERE id = ${areaId}::uuid
      UNION
      SELECT a.id, a.parent_id FROM areas a JOIN up ON a.id = up.parent_id
    ) SELECT id::text FROM up`;
  return new Set(rows.map((row) => row.id));
}

/**
 * The event's type as the owner sees its record: a correction whose version replaced
 * nothing that exists for them reads as a RECORD in the API (the view loaders' changeKind),
 * so it is announced as `*.recorded`, never revealing the hidden version it replaced.
 */
const typeAsSeen = (type: string, changeKind: string) =>
  type.endsWith('.corrected') && changeKind === 'RECORD'
    ? type.replace(/\.corrected$/, '.recorded')
    : type;

/**
 * What the filters and the log ask of a record as the owner sees it: its organisations (an
 * incident's affected ones, a request's other requesting ones too), its area, its change
 * kind, and its sensitivity (an answer is as sensitive as the more sensitive of it and the
 * request version it is delivered with).
 */
function subjectOf(record: SeenRecord) {
  if (record.position && record.request) {
    const { request, position } = record;
    return {
      organizationIds: [
        request.organization.id,
        ...request.otherOrganizations.map((organization) => organization.id),
      ],
      areaId: request.area.id,
      partyIds: [position.party.id],
      changeKind: position.changeKind,
      sensitivity:
        SENSITIVITIES[
          Math.max(
            SENSITIVITIES.indexOf(request.sensitivity),
            SENSITIVITIES.indexOf(position.sensitivity),
          )
        ]!,
    };
  }
  if (record.request) {
    const { request } = record;
    return {
      organizationIds: [
        request.organization.id,
        ...request.otherOrganizations.map((organization) => organization.id),
      ],
      areaId: request.area.id,
      partyIds: request.neededParties.map((party) => party.id),
      changeKind: request.changeKind,
      sensitivity: request.sensitivity,
    };
  }
  const seen = (record.accessStatus ?? record.incident)!;
  return {
    organizationIds: [
      seen.organization.id,
      ...(record.incident?.affectedOrganizations.map((organization) => organization.id) ?? []),
    ],
    areaId: seen.area.id,
    // a status's granting parties as the owner sees its terms; an incident names none
    partyIds:
      record.accessStatus?.terms.flatMap((term) =>
        term.grantingParty ? [term.grantingParty.id] : [],
      ) ?? [],
    changeKind: seen.changeKind,
    sensitivity: seen.sensitivity,
  };
}

const wants = (endpoint: WebhookEndpoint, type: string, deteriorated: boolean) =>
  endpoint.events.includes('*') ||
  endpoint.events.includes(type) ||
  (deteriorated && endpoint.events.includes('access_status.deteriorated'));

/**
 * The outbox's webhook consumer: for each event and each endpoint that asks for it, a
 * delivery whose body is the record as the endpoint's owner sees it, in the outbox
 * fan-out's transaction. An owner who may not see the record (or is disabled, or no longer
 * an administrator or coordinator) gets no delivery, not even a line in the log. Filters
 * match the record as the owner sees it (its type too: typeAsSeen): its organisation (or,
 * for an incident, an affected one), its area or any area above it. Running twice for an event adds nothing:
 * (endpoint, event) is unique. Returns the deliveries created; the dispatcher queues them.
 */
export async function fanOutToWebhooks(tx: Tx, events: WebhookSourceEvent[]): Promise<number> {
  const deliverable = events.filter(
    (event) =>
      STATUS_TYPES.has(event.type) ||
      INCIDENT_TYPES.has(event.type) ||
      REQUEST_TYPES.has(event.type) ||
      CONSENT_TYPES.has(event.type),
  );
  if (deliverable.length === 0) return 0;
  const endpoints = await tx.webhookEndpoint.findMany({ orderBy: { id: 'asc' } });
  if (endpoints.length === 0) return 0;
  const owners = new Map<string, Actor | null>();
  const records = new Map<string, Map<string, SeenRecord>>();
  const ancestors = new Map<string, Set<string>>();
  let created = 0;
  for (const endpoint of endpoints) {
    if (!owners.has(endpoint.ownerId))
      owners.set(endpoint.ownerId, await actorOfUser(tx, endpoint.ownerId));
    const owner = owners.get(endpoint.ownerId);
    if (!owner || (owner.role !== 'ADMIN' && owner.role !== 'COORDINATOR')) continue;
    // what it may want, as some reader may see it (a correction may read as a record)
    const candidates = deliverable.filter((event) => {
      const deteriorated = event.deterioratedLevels.includes(owner.clearance);
      return (
        wants(endpoint, event.type, deteriorated) ||
        wants(endpoint, typeAsSeen(event.type, 'RECORD'), deteriorated)
      );
    });
    if (candidates.length === 0) continue;
    if (!records.has(owner.userId))
      records.set(owner.userId, await recordsFor(tx, owner, deliverable));
    for (const event of candidates) {
      const record = records.get(owner.userId)!.get(event.id);
      if (!record) continue;
      const seen = subjectOf(record);
      const type = typeAsSeen(event.type, seen.changeKind);
      if (!wants(endpoint, type, event.deterioratedLevels.includes(owner.clearance))) continue;
      if (
        endpoint.organizationIds.length > 0 &&
        !seen.organizationIds.some((id) => endpoint.organizationIds.includes(id))
      )
        continue;
      if (
        endpoint.partyIds.length > 0 &&
        !seen.partyIds.some((id) => endpoint.partyIds.includes(id))
      )
        continue;
      if (endpoint.areaIds.length > 0) {
        if (!ancestors.has(seen.areaId))
          ancestors.set(seen.areaId, await areaAndAncestors(tx, seen.areaId));
        const above = ancestors.get(seen.areaId)!;
        if (!endpoint.areaIds.some((id) => above.has(id))) continue;
      }
      const id = randomUUID();
      const payload: TWebhookPayload = {
        id,
        event: type as TWebhookPayload['event'],
        eventId: event.id,
        deteriorated: event.deterioratedLevels.includes(owner.clearance),
        occurredAt: event.occurredAt.toISOString(),
        data: record,
      };
      created += await tx.$executeRaw`
        INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event, payload, sensitivity, state, created_at)
        VALUES (${id}::uuid, ${endpoint.id}::uuid, ${event.id}, ${type}, ${JSON.stringify(payload)}::jsonb,
          ${seen.sensitivity}::"Sensitivity", ${pauseExistsAt(endpoint, seen.sensitivity) ? 'HELD' : 'PENDING'}::"WebhookDeliveryState",
          ${new Date()})
        ON CONFLICT (endpoint_id, event_id) DO NOTHING`;
    }
  }
  return created;
}

/** fanOutToWebhooks as the outbox calls its consumers (addOutboxConsumer, at start-up). */
export async function webhookOutboxConsumer(tx: Tx, events: WebhookSourceEvent[]): Promise<void> {
  await fanOutToWebhooks(tx, events);
}
