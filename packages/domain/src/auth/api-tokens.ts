import type { ApiToken } from '@access/db';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  inTransaction,
  requireActor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { actorOfUser } from './actor-of-user';
import { digest, newSecret } from './secrets';

const TOKEN_PREFIX = 'acc_';

function tokenView(token: ApiToken) {
  return {
    id: token.id,
    name: token.name,
    prefix: token.prefix,
    createdAt: token.createdAt.toISOString(),
    expiresAt: token.expiresAt.toISOString(),
    revokedAt: token.revokedAt?.toISOString() ?? null,
    lastUsedAt: token.lastUsedAt?.toISOString() ?? null,
  };
}

/**
 * A token for scripts, carrying its owner's role and clearance; shown once, stored hashed.
 * Made from a signed-in session only: a token that could make tokens would outlive its own
 * expiry and revocation.
 */
export async function createApiToken(
  db: Db | Tx,
  ctx: RequestContext,
  input: { name: string; expiresInDays: number },
) {
  const actor = requireActor(ctx);
  if (ctx.credential?.kind !== 'session') {
    throw new AppError(
      'SESSION_REQUIRED',
      'API tokens are created from a signed-in session, not with an API token',
    );
  }
  const token = `${TOKEN_PREFIX}${newSecret()}`;
  return inTransaction(db, async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        userId: actor.userId,
        name: input.name,
        tokenHash: digest(token),
        prefix: token.slice(0, TOKEN_PREFIX.length + 6),
        expiresAt: new Date(Date.now() + input.expiresInDays * 86_400_000),
      },
    });
    const view = tokenView(created);
    await recordAuditEvent(tx, ctx, {
      action: 'api_token.create',
      entityType: 'api_token',
      entityId: created.id,
      after: view,
    });
    return { ...view, token };
  });
}

export async function listApiTokens(db: Db | Tx, ctx: RequestContext) {
  const actor = requireActor(ctx);
  const tokens = await db.apiToken.findMany({
    where: { userId: actor.userId },
    orderBy: { createdAt: 'desc' },
  });
  return { items: tokens.map(tokenView) };
}

export async function revokeApiToken(db: Db | Tx, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  return inTransaction(db, async (tx) => {
    const token = await tx.apiToken.findUnique({ where: { id } });
    // Someone else's token does not exist for you.
    if (!token || token.userId !== actor.userId) throw AppError.notFound('The API token');
    if (token.revokedAt) return tokenView(token);
    const revoked = await tx.apiToken.update({ where: { id }, data: { revokedAt: new Date() } });
    await recordAuditEvent(tx, ctx, {
      action: 'api_token.revoke',
      entityType: 'api_token',
      entityId: id,
      before: tokenView(token),
      after: tokenView(revoked),
    });
    return tokenView(revoked);
  });
}

/**
 * Revokes every live token of a user, in the caller's transaction: a token never keeps a
 * password, role, clearance or organisations its owner no longer has. Returns their ids.
 */
export async function revokeTokensOfUser(tx: Tx, userId: string): Promise<string[]> {
  const now = new Date();
  const live = await tx.apiToken.findMany({
    where: { userId, revokedAt: null, expiresAt: { gt: now } },
    select: { id: true },
    orderBy: { createdAt: 'asc' },
  });
  const ids = live.map((token) => token.id);
  if (ids.length > 0)
    await tx.apiToken.updateMany({ where: { id: { in: ids } }, data: { revokedAt: now } });
  return ids;
}

/**
 * The actor behind a bearer token, for one request (`use`, e.g. "GET /api/me"): an unknown,
 * expired or revoked token, or one whose owner is disabled, is refused. Every use is in the
 * audit trail, with the token's last use, so a leaked token's activity can be traced.
 */
export async function authenticateApiToken(
  db: Db | Tx,
  ctx: RequestContext,
  token: string,
  use: string,
) {
  const stored = token.startsWith(TOKEN_PREFIX)
    ? await db.apiToken.findUnique({ where: { tokenHash: digest(token) } })
    : null;
  const live = stored && !stored.revokedAt && stored.expiresAt.getTime() > Date.now();
  const actor = live ? await actorOfUser(db, stored.userId) : null;
  if (!stored || !actor)
    throw new AppError('UNAUTHENTICATED', 'The API token is unknown, expired or revoked');
  const credential = { kind: 'token', tokenId: stored.id } as const;
  await inTransaction(db, async (tx) => {
    await tx.apiToken.update({ where: { id: stored.id }, data: { lastUsedAt: new Date() } });
    await recordAuditEvent(
      tx,
      { ...ctx, actor, credential },
      { action: 'auth.token_use', entityType: 'api_token', entityId: stored.id, reason: use },
    );
  });
  return { actor, credential };
}
