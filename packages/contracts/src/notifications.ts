import { z } from 'zod';
import { ZCursor, ZLimit, ZQueryBoolean, ZTimestamp, ZUuid } from './common';

/**
 * Notifications (issue 18): the outbox's event types, follows, the in-dashboard list and
 * the e-mail choice. An event names records by id only; whoever is told reads them through
 * the visibility rule of their own clearance.
 */

/** What the outbox records (packages/domain/src/notifications/outbox.ts writes them). */
export const OUTBOX_EVENT_TYPES = [
  'access_status.recorded',
  'access_status.corrected',
  'access_status.validated',
  'access_status.returned',
  'incident.recorded',
  'incident.corrected',
  'incident.validated',
  'incident.returned',
  'request.recorded',
  'request.corrected',
  'request.validated',
  'request.returned',
  'request.consent_answered',
] as const;
export const ZOutboxEventType = z.enum(OUTBOX_EVENT_TYPES);
export type TOutboxEventType = z.infer<typeof ZOutboxEventType>;

export const FOLLOW_TARGET_TYPES = ['AREA', 'ORGANIZATION', 'PARTY', 'REQUEST'] as const;
export const ZFollowTargetType = z.enum(FOLLOW_TARGET_TYPES);
export type TFollowTargetType = z.infer<typeof ZFollowTargetType>;

/**
 * What a follow asks to hear of: any change, deteriorations only (a status worse than the
 * one before it, in the reader's timeline), new incidents, consents answered.
 */
export const FOLLOW_KINDS = [
  'ANY_CHANGE',
  'DETERIORATION',
  'NEW_INCIDENT',
  'CONSENT_ANSWERED',
] as const;
export const ZFollowKind = z.enum(FOLLOW_KINDS);
export type TFollowKind = z.infer<typeof ZFollowKind>;

export const ZFollowCreate = z
  .object({
    targetType: ZFollowTargetType,
    targetId: ZUuid,
    kinds: z
      .array(ZFollowKind)
      .min(1, { error: 'choose at least one kind of change' })
      .max(FOLLOW_KINDS.length)
      .refine((kinds) => new Set(kinds).size === kinds.length, { error: 'names a kind twice' })
      .default(['ANY_CHANGE']),
  })
  .strict()
  .meta({ id: 'FollowCreate' });
export type TFollowCreate = z.infer<typeof ZFollowCreate>;

export const ZFollow = z
  .object({
    id: ZUuid,
    targetType: ZFollowTargetType,
    targetId: ZUuid,
    /** the followed area's, organisation's, party's or request's name (null: no longer there) */
    targetName: z.string().nullable(),
    kinds: z.array(ZFollowKind),
    createdAt: ZTimestamp,
  })
  .meta({ id: 'Follow' });
export type TFollow = z.infer<typeof ZFollow>;

export const ZFollowList = z.object({ items: z.array(ZFollow) }).meta({ id: 'FollowList' });
export type TFollowList = z.infer<typeof ZFollowList>;

export const ZFollowListQuery = z.object({
  targetType: ZFollowTargetType.optional(),
  targetId: ZUuid.optional(),
});
export type TFollowListQuery = z.infer<typeof ZFollowListQuery>;

/** Why a user was told: a follow of theirs, or their own entry validated or returned. */
export const NOTIFICATION_REASONS = ['FOLLOW', 'OWN_ENTRY'] as const;

export const ZNotification = z
  .object({
    id: ZUuid,
    type: ZOutboxEventType,
    reason: z.enum(NOTIFICATION_REASONS),
    /** worse than the status before it, in this reader's timeline */
    deteriorated: z.boolean(),
    occurredAt: ZTimestamp,
    readAt: ZTimestamp.nullable(),
    /** one line, from what the reader may see: organisation, area, status or incident category */
    title: z.string(),
    /** the record it names, in the dashboard */
    link: z.string(),
    recordType: z.enum(['access_status_version', 'incident', 'access_request']),
    recordId: ZUuid,
    organizationId: ZUuid.nullable(),
    areaId: ZUuid.nullable(),
  })
  .meta({ id: 'Notification' });
export type TNotification = z.infer<typeof ZNotification>;

export const ZNotificationListQuery = z.object({
  unread: ZQueryBoolean.optional(),
  limit: ZLimit,
  cursor: ZCursor,
});
export type TNotificationListQuery = z.infer<typeof ZNotificationListQuery>;

export const ZNotificationPage = z
  .object({
    items: z.array(ZNotification),
    nextCursor: z.string().nullable(),
    unreadCount: z.number().int(),
  })
  .meta({ id: 'NotificationPage' });
export type TNotificationPage = z.infer<typeof ZNotificationPage>;

export const ZUnreadCount = z.object({ unreadCount: z.number().int() }).meta({ id: 'UnreadCount' });

export const ZMarkedRead = z.object({ marked: z.number().int() }).meta({ id: 'MarkedRead' });

export const EMAIL_MODES = ['OFF', 'IMMEDIATE', 'DAILY'] as const;
export const ZEmailMode = z.enum(EMAIL_MODES);
export type TEmailMode = z.infer<typeof ZEmailMode>;

export const ZNotificationSettings = z
  .object({
    emailMode: ZEmailMode,
    /** false when the server has no SMTP configured: nothing is sent whatever the choice */
    emailAvailable: z.boolean(),
  })
  .meta({ id: 'NotificationSettings' });
export type TNotificationSettings = z.infer<typeof ZNotificationSettings>;

export const ZNotificationSettingsUpdate = z
  .object({ emailMode: ZEmailMode })
  .strict()
  .meta({ id: 'NotificationSettingsUpdate' });
export type TNotificationSettingsUpdate = z.infer<typeof ZNotificationSettingsUpdate>;

export const ZUnsubscribe = z
  .object({ token: z.string().min(1).max(500) })
  .strict()
  .meta({ id: 'Unsubscribe' });
export type TUnsubscribe = z.infer<typeof ZUnsubscribe>;
