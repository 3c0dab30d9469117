import type { Prisma } from '@access/db';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { sensitivityRank, type RequestContext, type Tx } from '../shared/context';

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
function sensitivityOf(entry: AuditEntry, before: unknown, after: unknown): TSensitivity {
  const named = higher(entry.sensitivity ?? null, highestSensitivityIn([before, after]));
  return named ?? (ABOUT_NO_RECORD.has(entry.entityType) ? 'LOW' : 'SEVERE');
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
      sensitivity: sensitivityOf(entry, before, after),
    },
  });
}
