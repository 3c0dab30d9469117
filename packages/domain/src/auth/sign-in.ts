import { rawQueries, type RawQueries } from '@access/db';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  inTransaction,
  ownsTransaction,
  type Actor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { actorFromUser } from './actor-of-user';
import { verifyAgainstDummy, verifyPassword } from './passwords';
import { digest, newSecret } from './secrets';
import { clearFailedSignIns, countFailedSignIn, isSignInLocked } from './sign-in-lockout';

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

/**
 * Checks a password and opens a new session (a fresh secret at every login, so a
 * session id planted before login is worth nothing). Failures say nothing about
 * whether the account exists; a locked account is refused before its password is tried.
 */
export async function signIn(db: Db | Tx, ctx: RequestContext, email: string, password: string) {
  if (await isSignInLocked(db, email)) {
    throw new AppError(
      'RATE_LIMITED',
      'Too many failed sign-ins for this account: wait a few minutes',
    );
  }
  const user = await db.user.findUnique({
    where: { email: email.toLowerCase() },
    include: { memberships: { select: { organizationId: true } } },
  });
  const valid =
    user && !user.disabledAt
      ? await verifyPassword(user.passwordHash, password)
      : await verifyAgainstDummy(password);
  if (!user || !valid) {
    await inTransaction(db, async (tx) => {
      await recordAuditEvent(tx, ctx, {
        action: 'auth.login_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        actorEmail: email.toLowerCase(),
      });
      await countFailedSignIn(tx, email);
    });
    throw new AppError('UNAUTHENTICATED', 'The e-mail address or the password is wrong');
  }
  const secret = newSecret();
  const sessionId = digest(secret);
  const csrfToken = newSecret();
  const actor = actorFromUser(user);
  await inTransaction(db, async (tx) => {
    await tx.session.create({
      data: {
        id: sessionId,
        userId: user.id,
        csrfToken,
        expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS),
      },
    });
    await recordAuditEvent(
      tx,
      { ...ctx, actor },
      { action: 'auth.login', entityType: 'user', entityId: user.id },
    );
    await clearFailedSignIns(tx, email);
  });
  return { secret, csrfToken, actor, credential: { kind: 'session', sessionId } as const };
}

interface SessionRow {
  id: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
  user_id: string;
  email: string;
  display_name: string;
  role: Actor['role'];
  clearance: Actor['clearance'];
  disabled_at: Date | null;
  organization_ids: string[];
}

/**
 * The actor behind a session cookie, or null when it is unknown, expired or idle too long.
 * Every request asks this: one query for the session, its user and their organisations.
 */
export async function resolveSession(db: Db | Tx, secret: string) {
  // every request's statement: on `pg` (rawQueries), not Prisma's client, when not in a transaction
  const queries: RawQueries = ownsTransaction(db) ? rawQueries(db) : db;
  const [session] = await queries.$queryRaw<SessionRow[]>`
    /* prepared */ SELECT s.id, s.csrf_token, s.expires_at, s.last_seen_at,
           u.id AS user_id, u.email, u.display_name, u.role, u.clearance, u.disabled_at,
           ARRAY(SELECT m.organization_id::text FROM memberships m WHERE m.user_id = u.id) AS organization_ids
    FROM sessions s JOIN users u ON u.id = s.user_id
    WHERE s.id = ${digest(secret)}`;
  const now = Date.now();
  if (!session) return null;
  if (
    session.expires_at.getTime() <= now ||
    session.last_seen_at.getTime() + SESSION_IDLE_MS <= now
  ) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  if (session.disabled_at) return null;
  if (now - session.last_seen_at.getTime() > 60_000) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  const actor: Actor = {
    userId: session.user_id,
    email: session.email,
    displayName: session.display_name,
    role: session.role,
    clearance: session.clearance,
    organizationIds: session.organization_ids,
  };
  return { actor, csrfToken: session.csrf_token, sessionId: session.id };
}

export async function signOut(db: Db | Tx, ctx: RequestContext, secret: string) {
  await inTransaction(db, async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: digest(secret) } });
    if (count > 0)
      await recordAuditEvent(tx, ctx, {
        action: 'auth.logout',
        entityType: 'user',
        entityId: ctx.actor?.userId ?? null,
      });
  });
}
