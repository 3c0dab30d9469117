import { z } from 'zod';
import { ROLES } from './codes';
import { ZSensitivity } from './access-statuses';
import { SEARCH_MAX_LENGTH, ZCursor, ZLimit, ZTimestamp, ZUuid, ZTrimmed } from './common';
import { ZLocale } from './locales';

export const ZRole = z.enum(ROLES);

/** The longest e-mail address taken (RFC 5321's 64 + 1 + 255 characters). */
export const EMAIL_MAX_LENGTH = 320;
/** The longest password taken. */
export const PASSWORD_MAX_LENGTH = 1000;
/** The longest name a user is shown by. */
export const DISPLAY_NAME_MAX_LENGTH = 200;

export const ZLogin = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(EMAIL_MAX_LENGTH)
      .pipe(z.email({ error: 'must be an e-mail address' })),
    password: z.string().min(1, { error: 'must not be empty' }).max(PASSWORD_MAX_LENGTH),
  })
  .strict()
  .meta({ id: 'Login' });

export const ZMe = z
  .object({
    id: ZUuid,
    email: z.string(),
    displayName: z.string(),
    role: ZRole,
    clearance: ZSensitivity,
    organizations: z.array(
      z.object({ id: ZUuid, name: z.string(), acronym: z.string().nullable() }),
    ),
    /** send back in the X-CSRF-Token header on every change made with the session cookie */
    csrfToken: z.string().nullable(),
    authenticatedBy: z.enum(['session', 'token']),
    /** the interface language the user chose; null: the dashboard follows their browser */
    locale: ZLocale.nullable(),
  })
  .meta({ id: 'Me' });

/** What a signed-in user sets for themselves (PUT /api/me/preferences). */
export const ZPreferences = z
  .object({
    /** null: follow the browser's languages again */
    locale: ZLocale.nullable(),
  })
  .strict()
  .meta({ id: 'Preferences' });
export type TPreferences = z.infer<typeof ZPreferences>;
export type TMe = z.infer<typeof ZMe>;

export const ZPassword = z
  .string()
  .min(12, { error: 'must be at least 12 characters' })
  .max(PASSWORD_MAX_LENGTH);

export const ZUser = z
  .object({
    id: ZUuid,
    email: z.string(),
    displayName: z.string(),
    role: ZRole,
    clearance: ZSensitivity,
    organizationIds: z.array(ZUuid),
    disabled: z.boolean(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'User' });
export type TUser = z.infer<typeof ZUser>;

export const ZUserCreate = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .max(EMAIL_MAX_LENGTH)
      .pipe(z.email({ error: 'must be an e-mail address' })),
    displayName: ZTrimmed().min(1).max(DISPLAY_NAME_MAX_LENGTH),
    password: ZPassword,
    role: ZRole,
    clearance: ZSensitivity,
    organizationIds: z.array(ZUuid).max(100).default([]),
  })
  .strict()
  .meta({ id: 'UserCreate' });
export type TUserCreate = z.infer<typeof ZUserCreate>;

export const ZUserUpdate = z
  .object({
    displayName: ZTrimmed().min(1).max(DISPLAY_NAME_MAX_LENGTH).optional(),
    password: ZPassword.optional(),
    role: ZRole.optional(),
    clearance: ZSensitivity.optional(),
    organizationIds: z.array(ZUuid).max(100).optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .meta({ id: 'UserUpdate' });
export type TUserUpdate = z.infer<typeof ZUserUpdate>;

export const ZUserPage = z.object({ items: z.array(ZUser), nextCursor: z.string().nullable() });
export const ZUserListQuery = z.object({
  q: ZTrimmed().max(SEARCH_MAX_LENGTH).optional(),
  limit: ZLimit,
  cursor: ZCursor,
});

export const ZApiToken = z
  .object({
    id: ZUuid,
    name: z.string(),
    prefix: z.string(),
    createdAt: ZTimestamp,
    expiresAt: ZTimestamp,
    revokedAt: ZTimestamp.nullable(),
    lastUsedAt: ZTimestamp.nullable(),
  })
  .meta({ id: 'ApiToken' });
export const ZApiTokenCreate = z
  .object({
    name: ZTrimmed().min(1).max(100),
    expiresInDays: z.number().int().min(1).max(366).default(90),
  })
  .strict()
  .meta({ id: 'ApiTokenCreate' });
export const ZApiTokenCreated = ZApiToken.extend({
  token: z.string().describe('shown once: store it now'),
}).meta({ id: 'ApiTokenCreated' });
export const ZApiTokenList = z.object({ items: z.array(ZApiToken) });

export const ZAuditEvent = z
  .object({
    /** random: ids tell nothing of the events a reader may not see */
    id: ZUuid,
    occurredAt: ZTimestamp,
    actorId: ZUuid.nullable(),
    actorEmail: z.string().nullable(),
    action: z.string(),
    entityType: z.string(),
    entityId: z.string().nullable(),
    before: z.unknown().nullable(),
    after: z.unknown().nullable(),
    reason: z.string().nullable(),
    requestId: z.string().nullable(),
    clientAddress: z.string().nullable(),
    /** the highest sensitivity of what before/after reveal; readers cleared below it never see the event */
    sensitivity: ZSensitivity,
  })
  .meta({ id: 'AuditEvent' });
/** The trail's cursor is the (random) id of the last event seen. */
const ZAuditCursor = ZUuid.meta({
  description: 'the id of the last event of the previous page (nextCursor)',
});

export const ZAuditEventQuery = z.object({
  action: z.string().max(100).optional(),
  entityType: z.string().max(100).optional(),
  /** an id, found however it is cased; or a refused request's route ("POST /api/organizations") */
  entityId: z
    .string()
    .max(100)
    .overwrite((id) => (z.uuid().safeParse(id).success ? id.toLowerCase() : id))
    .meta({
      description:
        "the id of the entity the events are about (any case), or a refused request's route, e.g. `POST /api/organizations`",
    })
    .optional(),
  actorId: ZUuid.optional(),
  since: ZTimestamp.optional(),
  until: ZTimestamp.optional(),
  limit: ZLimit,
  cursor: ZAuditCursor.optional(),
});
export type TAuditEventQuery = z.infer<typeof ZAuditEventQuery>;
export const ZAuditEventPage = z.object({
  items: z.array(ZAuditEvent),
  nextCursor: z.string().nullable(),
});
