import { createHmac, timingSafeEqual } from 'node:crypto';
import type { TEmailMode, TNotificationSettings } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import { actorOfUser } from '../auth/actor-of-user';
import {
  inTransaction,
  requireActor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';

async function emailModeOf(db: Db | Tx, userId: string): Promise<TEmailMode> {
  const [row] = await db.$queryRaw<{ mode: TEmailMode }[]>`
    SELECT email_mode::text AS mode FROM notification_settings WHERE user_id = ${userId}::uuid`;
  return row?.mode ?? 'OFF';
}

/** GET /api/notifications/settings: the reader's e-mail choice, and whether the server sends e-mail at all. */
export async function getNotificationSettings(
  db: Db,
  ctx: RequestContext,
  emailAvailable: boolean,
): Promise<TNotificationSettings> {
  const actor = requireActor(ctx);
  return { emailMode: await emailModeOf(db, actor.userId), emailAvailable };
}

/** Sets a user's e-mail choice; turned off, nothing already queued for them is sent. */
async function setEmailMode(
  tx: Tx,
  ctx: RequestContext,
  userId: string,
  emailMode: TEmailMode,
  action: string,
): Promise<void> {
  const before = await emailModeOf(tx, userId);
  await tx.$executeRaw`
    INSERT INTO notification_settings (user_id, email_mode, updated_at)
    VALUES (${userId}::uuid, ${emailMode}::"EmailMode", clock_timestamp())
    ON CONFLICT (user_id) DO UPDATE SET email_mode = EXCLUDED.email_mode, updated_at = EXCLUDED.updated_at`;
  if (emailMode === 'OFF') {
    await tx.$executeRaw`UPDATE notifications SET email_state = NULL WHERE user_id = ${userId}::uuid AND email_state = 'PENDING'`;
  }
  await recordAuditEvent(tx, ctx, {
    action,
    entityType: 'user',
    entityId: userId,
    before: { emailMode: before },
    after: { emailMode },
  });
}

/** PUT /api/notifications/settings: e-mail immediately, as a daily digest, or not at all. */
export async function updateNotificationSettings(
  db: Db,
  ctx: RequestContext,
  input: { emailMode: TEmailMode },
  emailAvailable: boolean,
): Promise<TNotificationSettings> {
  const actor = requireActor(ctx);
  await inTransaction(db, (tx) =>
    setEmailMode(tx, ctx, actor.userId, input.emailMode, 'notification_settings.update'),
  );
  return { emailMode: input.emailMode, emailAvailable };
}

const sign = (userId: string, secret: string) =>
  createHmac('sha256', secret).update(`unsubscribe:${userId}`).digest('base64url');

/** The token of an e-mail's unsubscribe link: the user's id, signed with the server's secret. */
export function unsubscribeToken(userId: string, secret: string): string {
  return `${Buffer.from(userId).toString('base64url')}.${sign(userId, secret)}`;
}

/**
 * POST /api/notifications/unsubscribe: turns e-mail off for the user a link was made for,
 * without signing in (the link's signature is the proof). A token that does not verify is
 * a 400 on `token`, whoever it names.
 */
export async function unsubscribe(
  db: Db,
  ctx: RequestContext,
  token: string,
  secret: string | undefined,
): Promise<{ emailMode: TEmailMode }> {
  const refused = AppError.invalid('token', 'is not an unsubscribe link this server gave out');
  const [encodedUser, signature] = token.split('.');
  if (!secret || !encodedUser || !signature) throw refused;
  const userId = Buffer.from(encodedUser, 'base64url').toString('utf8');
  const expected = Buffer.from(sign(userId, secret));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refused;
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(userId))
    throw refused;
  await inTransaction(db, async (tx) => {
    const [user] = await tx.$queryRaw<
      { id: string }[]
    >`SELECT id::text FROM users WHERE id = ${userId}::uuid`;
    if (!user) throw refused;
    // the signed link stands for its user: the audit trail names them as the actor
    const actor = await actorOfUser(tx, userId);
    await setEmailMode(tx, { ...ctx, actor }, userId, 'OFF', 'notification_settings.unsubscribe');
  });
  return { emailMode: 'OFF' };
}
