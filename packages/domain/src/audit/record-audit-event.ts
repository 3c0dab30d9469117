import type { Prisma } from "@access/db";
import type { RequestContext, Tx } from "../shared/context";

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** for events with no signed-in actor (a failed login), who it was about */
  actorEmail?: string | null;
}

function json(value: unknown): Prisma.InputJsonValue | undefined {
  return value === undefined || value === null ? undefined : (JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue);
}

/** Call inside the transaction of the change it records: no change without its event. */
export async function recordAuditEvent(tx: Tx, ctx: RequestContext, entry: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actorId: ctx.actor?.userId ?? null,
      actorEmail: ctx.actor?.email ?? entry.actorEmail ?? null,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId ?? null,
      before: json(entry.before),
      after: json(entry.after),
      reason: entry.reason ?? null,
      requestId: ctx.requestId ?? null,
      clientAddress: ctx.clientAddress ?? null,
    },
  });
}
