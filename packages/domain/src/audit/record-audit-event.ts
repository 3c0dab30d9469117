import type { Prisma } from '@access/db';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { sensitivityRank, type RequestContext, type Tx } from '../shared/context';
import { recordOutboxEvents } from '../notifications/outbox';

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
}

/** Events about these reveal no access record: LOW unless before/after name a sensitivity. */
const ABOUT_NO_RECORD = new Set(['user', 'organization', 'area', 'party', 'api_token', 'route']);

const higher = (a: TSensitivity | null, b: TSensitivity | null) =>
  a === null || (b !== null && sensitivityRank(b) > sensitivityRank(a)) ? b : a;

/**
 * The highest sensitivity named anywhere in `value` (any object's `sensitivity` field, at
 * any depth); a value that is not a known level counts as SEVERE. Null when none is named.
 */
export function highestSensitivityIn(value: unknown): TSensitivity | null {
  if (value === null || typeof value !== 'object') return null;
  let highest: TSensitivity | null = null;
  for (const [key, child] of Object.entries(value)) {
    if (key === 'sensitivity' && child !== null && child !== undefined) {
      highest = higher(
        highest,
        SENSITIVITIES.includes(child as TSensitivity) ? (child as TSensitivity) : 'SEVERE',
      );
    } else highest = higher(highest, highestSensitivityIn(child));
  }
  return highest;
}

/**
 * What an event reveals, for readers' clearance: the highest of the stated sensitivity and
 * those in before and after (stating one can raise it, never hide what they show). An event
 * that names none is LOW when it is about no access record, else SEVERE (an import's
 * version ids): shown only to readers cleared for everything, failing closed.
 */
function sensitivityOf(
  entry: AuditEntry,
  before: unknown,
  after: unknown,
  linked: TSensitivity | null,
): TSensitivity {
  const named = higher(
    higher(entry.sensitivity ?? null, highestSensitivityIn([before, after])),
    linked,
  );
  return named ?? (ABOUT_NO_RECORD.has(entry.entityType) ? 'LOW' : 'SEVERE');
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
 * The highest sensitivity of the records an event names by id (status versions and incident
 * versions; a proposal's target, base,
 * earlier rows; what a version superseded), and of their own targets and bases: an id
 * reveals its record, so a LOW proposal's event naming a HIGH target is HIGH. A validated
 * version counts at the lowest level it exists at (SEVERE if none); a proposal row at its
 * sensitivity. Null when the event names none.
 */
async function linkedSensitivity(tx: Tx, ids: Set<string>): Promise<TSensitivity | null> {
  if (ids.size === 0) return null;
  const [row] = await tx.$queryRaw<{ sensitivity: TSensitivity | null }[]>`
    WITH named AS (
      SELECT v.id, v.target_id, v.based_on_id FROM access_status_versions v WHERE v.id = ANY(${[...ids]}::uuid[])
    ), every_id AS (
      SELECT id FROM named UNION SELECT target_id FROM named UNION SELECT based_on_id FROM named
    )
    SELECT max(CASE WHEN v.review_state = 'VALIDATED'
                    THEN greatest(v.sensitivity, coalesce((SELECT min(l.level) FROM access_status_version_levels l
                                                          WHERE l.version_id = v.id), 'SEVERE'))
                    ELSE v.sensitivity END)::text AS sensitivity
    FROM access_status_versions v WHERE v.id IN (SELECT id FROM every_id)`;
  // incident versions (incident-sql.ts): a version exists from its sensitivity up, a
  // proposal row at its sensitivity; a proposal's target counts too
  const [incident] = await tx.$queryRaw<{ sensitivity: TSensitivity | null }[]>`
    WITH named AS (SELECT v.id, v.target_id FROM incident_versions v WHERE v.id = ANY(${[...ids]}::uuid[]))
    SELECT max(v.sensitivity)::text AS sensitivity FROM incident_versions v
    WHERE v.id IN (SELECT id FROM named UNION SELECT target_id FROM named)`;
  return higher(row?.sensitivity ?? null, incident?.sensitivity ?? null);
}

function json(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null
    ? undefined
    : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** Call inside the transaction of the change it records: no change without its event. */
export async function recordAuditEvent(
  tx: Tx,
  ctx: RequestContext,
  entry: AuditEntry,
): Promise<void> {
  const before = json(entry.before);
  const after = json(entry.after);
  await tx.auditEvent.create({
    data: {
      actorId: ctx.actor?.userId ?? null,
      actorEmail: ctx.actor?.email ?? entry.actorEmail ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before,
      after,
      reason: entry.reason ?? null,
      requestId: ctx.requestId ?? null,
      clientAddress: ctx.clientAddress ?? null,
      sensitivity: sensitivityOf(
        entry,
        before,
        after,
        await linkedSensitivity(tx, linkedIdsIn([before, after])),
      ),
    },
  });
  // every change passes here: its outbox events join its transaction (issue 18)
  await recordOutboxEvents(tx, ctx, entry);
}
