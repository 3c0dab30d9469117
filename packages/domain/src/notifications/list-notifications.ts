import { Prisma } from '@access/db';
import type { TNotification, TNotificationListQuery, TNotificationPage } from '@access/contracts';
import { z } from 'zod';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { requireActor, type Actor, type Db, type RequestContext, type Tx } from '../shared/context';
import { notificationMessages, notificationTitle } from './messages';
import { eventVisibleSql, typeAsSeenSql } from './notification-sql';

/** One notification as its reader may see it, with what a title and an e-mail need. */
export interface NotificationView {
  id: string;
  eventId: string;
  type: string;
  reason: 'FOLLOW' | 'OWN_ENTRY';
  deteriorated: boolean;
  occurredAt: Date;
  readAt: Date | null;
  organizationId: string | null;
  areaId: string | null;
  accessStatusVersionId: string | null;
  incidentId: string | null;
  requestId: string | null;
  organizationName: string | null;
  areaName: string | null;
  status: string | null;
  category: number | null;
}

/**
 * The reader's notifications whose record still exists for them (eventVisibleSql, asked
 * now: a clearance lowered since the fan-out hides what it no longer covers, from the list
 * and from the count alike), newest first. `deteriorated` is read at the reader's level.
 * Names come from organisations and areas, which every reader may see; the status or the
 * category from the version the reader sees. The type is read at the reader's level too
 * (typeAsSeenSql): a correction of nothing they see is a record for them.
 */
export async function loadNotificationViews(
  db: Db | Tx,
  actor: Actor,
  where: Prisma.Sql,
  limit: number | null,
): Promise<NotificationView[]> {
  return db.$queryRaw<NotificationView[]>`
    SELECT n.id::text, n.event_id::text AS "eventId", ${typeAsSeenSql(actor)} AS type, n.reason,
           ${actor.clearance}::"Sensitivity" = ANY(e.deteriorated_levels) AS deteriorated,
           n.occurred_at AS "occurredAt", n.read_at AS "readAt",
           e.organization_id::text AS "organizationId", e.area_id::text AS "areaId",
           e.access_status_version_id::text AS "accessStatusVersionId", e.incident_id::text AS "incidentId",
           e.request_id::text AS "requestId",
           o.name AS "organizationName", a.name AS "areaName",
           (SELECT s.status::text FROM access_status_versions s WHERE s.id = e.access_status_version_id) AS status,
           (SELECT i.category::int FROM incident_versions i WHERE i.id = e.incident_version_id) AS category
    FROM notifications n
    JOIN outbox_events e ON e.id = n.event_id
    LEFT JOIN organizations o ON o.id = e.organization_id
    LEFT JOIN areas a ON a.id = e.area_id
    WHERE n.user_id = ${actor.userId}::uuid AND ${where} AND ${eventVisibleSql(actor)}
    ORDER BY n.occurred_at DESC, n.id DESC
    LIMIT ${limit}::int`;
}

/** Where a notification leads in the dashboard. */
export function notificationLink(view: NotificationView): {
  link: string;
  recordType: TNotification['recordType'];
  recordId: string;
} {
  if (view.type.endsWith('.returned')) {
    if (view.requestId)
      return { link: '/my-entries', recordType: 'access_request', recordId: view.requestId };
    return {
      link: '/my-entries',
      recordType: view.incidentId ? 'incident' : 'access_status_version',
      recordId: view.incidentId ?? view.accessStatusVersionId!,
    };
  }
  if (view.incidentId) {
    return {
      link: `/incidents/${view.incidentId}`,
      recordType: 'incident',
      recordId: view.incidentId,
    };
  }
  if (view.requestId) {
    return {
      link: `/requests/${view.requestId}`,
      recordType: 'access_request',
      recordId: view.requestId,
    };
  }
  return {
    link: `/history?organizationId=${view.organizationId}&areaId=${view.areaId}`,
    recordType: 'access_status_version',
    recordId: view.accessStatusVersionId!,
  };
}

export function notificationOf(view: NotificationView, locale?: string | null): TNotification {
  return {
    id: view.id,
    type: view.type as TNotification['type'],
    reason: view.reason,
    deteriorated: view.deteriorated,
    occurredAt: view.occurredAt.toISOString(),
    readAt: view.readAt?.toISOString() ?? null,
    title: notificationTitle(notificationMessages(locale), view),
    ...notificationLink(view),
    organizationId: view.organizationId,
    areaId: view.areaId,
  };
}

/** How many unread notifications the reader has, counting only what they may see. */
export async function countUnread(db: Db | Tx, actor: Actor): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS count FROM notifications n JOIN outbox_events e ON e.id = n.event_id
    WHERE n.user_id = ${actor.userId}::uuid AND n.read_at IS NULL AND ${eventVisibleSql(actor)}`;
  return row?.count ?? 0;
}

const ZKey = z.tuple([z.iso.datetime(), z.uuid()]);

/** GET /api/notifications: a page, newest first, and the unread count; titles in `locale` (else English). */
export async function listNotifications(
  db: Db,
  ctx: RequestContext,
  query: TNotificationListQuery,
  locale?: string | null,
): Promise<TNotificationPage> {
  const actor = requireActor(ctx);
  const after = decodeCursor(query.cursor, ZKey);
  const conditions = [Prisma.sql`TRUE`];
  if (query.unread === true) conditions.push(Prisma.sql`n.read_at IS NULL`);
  if (query.unread === false) conditions.push(Prisma.sql`n.read_at IS NOT NULL`);
  if (after) {
    conditions.push(
      Prisma.sql`(n.occurred_at, n.id) < (${after[0]}::timestamptz, ${after[1]}::uuid)`,
    );
  }
  const views = await loadNotificationViews(
    db,
    actor,
    Prisma.join(conditions, ' AND '),
    query.limit + 1,
  );
  const page = views.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map((view) => notificationOf(view, locale)),
    nextCursor:
      views.length > query.limit && last
        ? encodeCursor([last.occurredAt.toISOString(), last.id])
        : null,
    unreadCount: await countUnread(db, actor),
  };
}
