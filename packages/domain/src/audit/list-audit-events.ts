import type { Prisma } from '@access/db';
import { SENSITIVITIES, type TAuditEventQuery } from '@access/contracts';
import { canSee, requireRole, type Db, type RequestContext } from '../shared/context';
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

export async function listAuditEvents(db: Db, ctx: RequestContext, query: TAuditEventQuery) {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR');
  // An event above the reader's clearance does not exist for them: not listed, not
  // counted, never a cursor (it is filtered in the query, before paging).
  const and: Prisma.AuditEventWhereInput[] = [
    { sensitivity: { in: SENSITIVITIES.filter((level) => canSee(actor, level)) } },
  ];
  if (actor.role === 'COORDINATOR') and.push({ entityType: { in: DATA_ENTITIES } });
  if (query.action) and.push({ action: query.action });
  if (query.entityType) and.push({ entityType: query.entityType });
  if (query.entityId) and.push({ entityId: query.entityId });
  if (query.actorId) and.push({ actorId: query.actorId });
  if (query.since) and.push({ occurredAt: { gte: new Date(query.since) } });
  if (query.until) and.push({ occurredAt: { lt: new Date(query.until) } });
  if (query.cursor) {
    // the cursor is an event this reader can see (it was on their previous page): one above
    // their clearance or outside their filters reads like an id never given out
    const last = await db.auditEvent.findFirst({
      where: { AND: [...and, { publicId: query.cursor }] },
      select: { id: true },
    });
    if (!last)
      throw AppError.invalid(
        'cursor',
        'is not a cursor this list gave out; start again without it',
      );
    and.push({ id: { lt: last.id } });
  }
  const rows = await db.auditEvent.findMany({
    where: { AND: and },
    orderBy: { id: 'desc' },
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map((event) => ({
      id: event.publicId,
      occurredAt: event.occurredAt.toISOString(),
      actorId: event.actorId,
      actorEmail: event.actorEmail,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId,
      before: event.before,
      after: event.after,
      reason: event.reason,
      requestId: event.requestId,
      clientAddress: event.clientAddress,
      sensitivity: event.sensitivity,
    })),
    nextCursor: rows.length > query.limit ? page.at(-1)!.publicId : null,
  };
}
