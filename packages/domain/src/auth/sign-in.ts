import { recordAuditEvent } from "../audit/record-audit-event";
import type { Db, RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { actorFromUser, actorOfUser } from "./actor-of-user";
import { verifyAgainstDummy, verifyPassword } from "./passwords";
import { digest, newSecret } from "./secrets";

export const SESSION_LIFETIME_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

/**
 * Checks a password and opens a new session (a fresh secret at every login, so a
 * session id planted before login is worth nothing). Failures say nothing about
 * whether the account exists.
 */
export async function signIn(db: Db, ctx: RequestContext, email: string, password: string) {
  const user = await db.user.findUnique({ where: { email: email.toLowerCase() }, include: { memberships: { select: { organizationId: true } } } });
  const valid = user && !user.disabledAt ? await verifyPassword(user.passwordHash, password) : await verifyAgainstDummy(password);
  if (!user || !valid) {
    await db.$transaction((tx) =>
      recordAuditEvent(tx, ctx, { action: "auth.login_failed", entityType: "user", entityId: user?.id ?? null, actorEmail: email.toLowerCase() }),
    );
    throw new AppError("UNAUTHENTICATED", "The e-mail address or the password is wrong");
  }
  const secret = newSecret();
  const csrfToken = newSecret();
  const actor = actorFromUser(user);
  await db.$transaction(async (tx) => {
    await tx.session.create({
      data: { id: digest(secret), userId: user.id, csrfToken, expiresAt: new Date(Date.now() + SESSION_LIFETIME_MS) },
    });
    await recordAuditEvent(tx, { ...ctx, actor }, { action: "auth.login", entityType: "user", entityId: user.id });
  });
  return { secret, csrfToken, actor };
}

/** The actor behind a session cookie, or null when it is unknown, expired or idle too long. */
export async function resolveSession(db: Db, secret: string) {
  const session = await db.session.findUnique({ where: { id: digest(secret) } });
  const now = Date.now();
  if (!session) return null;
  if (session.expiresAt.getTime() <= now || session.lastSeenAt.getTime() + SESSION_IDLE_MS <= now) {
    await db.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  const actor = await actorOfUser(db, session.userId);
  if (!actor) return null;
  if (now - session.lastSeenAt.getTime() > 60_000) {
    await db.session.updateMany({ where: { id: session.id }, data: { lastSeenAt: new Date(now) } });
  }
  return { actor, csrfToken: session.csrfToken };
}

export async function signOut(db: Db, ctx: RequestContext, secret: string) {
  await db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { id: digest(secret) } });
    if (count > 0) await recordAuditEvent(tx, ctx, { action: "auth.logout", entityType: "user", entityId: ctx.actor?.userId ?? null });
  });
}
