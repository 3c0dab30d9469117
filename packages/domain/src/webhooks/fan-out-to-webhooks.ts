import { randomUUID } from 'node:crypto';
import type { WebhookEndpoint } from '@access/db';
import type {
  TAccessStatusVersion,
  TIncidentVersion,
  TSensitivity,
  TWebhookPayload,
} from '@access/contracts';
import { loadVersions } from '../access-statuses/version-view';
import { actorOfUser } from '../auth/actor-of-user';
import { loadIncidentVersions } from '../incidents/incident-view';
import { loadProposals } from '../proposals/proposal-view';
import type { Actor, Tx } from '../shared/context';

/** What the fan-out needs of an outbox event (notifications/fan-out.ts's OutboxEventRow has it). */
export interface WebhookSourceEvent {
  id: string;
  type: string;
  occurredAt: Date;
  accessStatusVersionId: string | null;
  incidentVersionId: string | null;
  /** the levels at which the status is worse than what it replaced there */
  deterioratedLevels: TSensitivity[];
}

const STATUS_TYPES = new Set([
  'access_status.recorded',
  'access_status.corrected',
  'access_status.validated',
  'access_status.returned',
]);
const INCIDENT_TYPES = new Set([
  'incident.recorded',
  'incident.corrected',
  'incident.validated',
  'incident.returned',
]);

/**
 * The record an event names, as `owner` sees it (the one visibility rule: loadVersions and
 * loadProposals read through access-sql.ts, loadIncidentVersions through incident-sql.ts),
 * or null when it does not exist for them.
 */
async function recordFor(
  tx: Tx,
  owner: Actor,
  event: WebhookSourceEvent,
): Promise<{
  accessStatus: TAccessStatusVersion | null;
  incident: TIncidentVersion | null;
} | null> {
  if (STATUS_TYPES.has(event.type) && event.accessStatusVersionId) {
    const ids = [event.accessStatusVersionId];
    const [accessStatus] =
      event.type === 'access_status.returned'
        ? await loadProposals(tx, owner, ids)
        : await loadVersions(tx, owner, ids);
    return accessStatus ? { accessStatus, incident: null } : null;
  }
  if (INCIDENT_TYPES.has(event.type) && event.incidentVersionId) {
    const [incident] = await loadIncidentVersions(tx, owner, [event.incidentVersionId]);
    return incident ? { accessStatus: null, incident } : null;
  }
  // request events: no visibility rule to ask yet, so nothing is delivered (fail closed)
  return null;
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

const wants = (endpoint: WebhookEndpoint, type: string, deteriorated: boolean) =>
  endpoint.events.includes('*') ||
  endpoint.events.includes(type) ||
  (deteriorated && endpoint.events.includes('access_status.deteriorated'));

/**
 * The outbox's webhook consumer: for each event and each endpoint that asks for it, a
 * delivery whose body is the record as the endpoint's owner sees it, in the outbox
 * fan-out's transaction. An owner who may not see the record (or is disabled, or no longer
 * an administrator or coordinator) gets no delivery, not even a line in the log. Filters
 * match the record as the owner sees it: its organisation (or, for an incident, an
 * affected one), its area or any area above it. Running twice for an event adds nothing:
 * (endpoint, event) is unique. Returns the deliveries created; the dispatcher queues them.
 */
export async function fanOutToWebhooks(tx: Tx, events: WebhookSourceEvent[]): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({ orderBy: { id: 'asc' } });
  if (endpoints.length === 0) return 0;
  const owners = new Map<string, Actor | null>();
  const ancestors = new Map<string, Set<string>>();
  let created = 0;
  for (const event of events) {
    const maybeDeteriorated = event.deterioratedLevels.length > 0;
    const interested = endpoints.filter((endpoint) =>
      wants(endpoint, event.type, maybeDeteriorated),
    );
    const records = new Map<string, Awaited<ReturnType<typeof recordFor>>>();
    for (const endpoint of interested) {
      if (!owners.has(endpoint.ownerId))
        owners.set(endpoint.ownerId, await actorOfUser(tx, endpoint.ownerId));
      const owner = owners.get(endpoint.ownerId);
      if (!owner || (owner.role !== 'ADMIN' && owner.role !== 'COORDINATOR')) continue;
      const deteriorated = event.deterioratedLevels.includes(owner.clearance);
      if (!wants(endpoint, event.type, deteriorated)) continue;
      if (!records.has(owner.userId)) records.set(owner.userId, await recordFor(tx, owner, event));
      const record = records.get(owner.userId);
      if (!record) continue;
      const seen = record.accessStatus ?? record.incident!;
      const organizations = [
        seen.organization.id,
        ...(record.incident?.affectedOrganizations.map((organization) => organization.id) ?? []),
      ];
      if (
        endpoint.organizationIds.length > 0 &&
        !organizations.some((id) => endpoint.organizationIds.includes(id))
      )
        continue;
      if (endpoint.areaIds.length > 0) {
        if (!ancestors.has(seen.area.id))
          ancestors.set(seen.area.id, await areaAndAncestors(tx, seen.area.id));
        const above = ancestors.get(seen.area.id)!;
        if (!endpoint.areaIds.some((id) => above.has(id))) continue;
      }
      const id = randomUUID();
      const payload: TWebhookPayload = {
        id,
        event: event.type as TWebhookPayload['event'],
        eventId: event.id,
        deteriorated,
        occurredAt: event.occurredAt.toISOString(),
        data: record,
      };
      created += await tx.$executeRaw`
        INSERT INTO webhook_deliveries (id, endpoint_id, event_id, event, payload, sensitivity, state, created_at)
        VALUES (${id}::uuid, ${endpoint.id}::uuid, ${event.id}, ${event.type}, ${JSON.stringify(payload)}::jsonb,
          ${seen.sensitivity}::"Sensitivity", ${endpoint.pausedAt ? 'HELD' : 'PENDING'}::"WebhookDeliveryState",
          ${new Date()})
        ON CONFLICT (endpoint_id, event_id) DO NOTHING`;
    }
  }
  return created;
}
