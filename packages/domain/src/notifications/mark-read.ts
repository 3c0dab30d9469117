import { recordAuditEvent } from '../audit/record-audit-event';
import { inTransaction, requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { eventVisibleSql } from './notification-sql';

/**
 * Marks one of the reader's notifications read (POST /api/notifications/{id}/read): 404
 * for another's, or one whose record the reader can no longer see, as for an id that never
 * existed. Marking a read one again changes nothing and answers marked 0.
 */
export async function markNotificationRead(db: Db, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  return inTransaction(db, async (tx) => {
    const [found] = await tx.$queryRaw<{ unread: boolean }[]>`
      SELECT n.read_at IS NULL AS unread FROM notifications n JOIN outbox_events e ON e.id = n.event_id
      WHERE n.id = ${id}::uuid AND n.user_id = ${actor.userId}::uuid AND ${eventVisibleSql(actor)}
      FOR UPDATE OF n`;
    if (!found) throw AppError.notFound('The notification');
    const marked = found.unread
      ? await tx.$executeRaw`UPDATE notifications SET read_at = clock_timestamp() WHERE id = ${id}::uuid AND read_at IS NULL`
      : 0;
    await recordAuditEvent(tx, ctx, {
      action: 'notification.read',
      entityType: 'notification',
      entityId: id,
      after: { marked },
    });
    return { marked };
  });
}

/** Marks every unread notification the reader may see read (POST /api/notifications/read). */
export async function markAllNotificationsRead(db: Db, ctx: RequestContext) {
  const actor = requireActor(ctx);
  return inTransaction(db, async (tx) => {
    const marked = await tx.$executeRaw`
      UPDATE notifications n SET read_at = clock_timestamp() FROM outbox_events e
      WHERE e.id = n.event_id AND n.user_id = ${actor.userId}::uuid AND n.read_at IS NULL AND ${eventVisibleSql(actor)}`;
    await recordAuditEvent(tx, ctx, {
      action: 'notification.read_all',
      entityType: 'notification',
      entityId: null,
      after: { marked },
    });
    return { marked };
  });
}
