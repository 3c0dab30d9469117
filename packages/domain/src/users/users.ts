import { likeLiteral } from '../shared/format';
import { z } from 'zod';
import type { Prisma, User } from '@access/db';
import type { TUser, TUserCreate, TUserUpdate } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import { revokeTokensOfUser } from '../auth/api-tokens';
import { hashPassword } from '../auth/passwords';
import {
  inTransaction,
  requireRole,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { decodeCursor, pageForwards } from '../shared/cursor';
import { AppError } from '../shared/errors';

type UserWithMemberships = User & { memberships: { organizationId: string }[] };

/** Never includes the password hash: views go to the API and the audit trail. */
export function userView(user: UserWithMemberships): TUser {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    clearance: user.clearance,
    organizationIds: user.memberships.map((membership) => membership.organizationId).sort(),
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
    updatedAt: user.updatedAt.toISOString(),
  };
}

async function checkOrganizations(tx: Tx, ids: string[]) {
  const found = await tx.organization.count({ where: { id: { in: ids } } });
  if (found !== new Set(ids).size)
    throw AppError.invalid('organizationIds', 'one or more organisations do not exist');
}

export async function listUsers(
  db: Db | Tx,
  ctx: RequestContext,
  query: { q?: string; limit: number; cursor?: string },
) {
  requireRole(ctx, 'ADMIN');
  const after = decodeCursor(query.cursor, z.tuple([z.string(), z.string()]));
  const and: Prisma.UserWhereInput[] = [];
  if (query.q)
    and.push({
      OR: [
        { email: { contains: likeLiteral(query.q), mode: 'insensitive' } },
        { displayName: { contains: likeLiteral(query.q), mode: 'insensitive' } },
      ],
    });
  if (after)
    and.push({ OR: [{ email: { gt: after[0] } }, { email: after[0], id: { gt: after[1] } }] });
  const rows = await db.user.findMany({
    where: { AND: and },
    include: { memberships: true },
    orderBy: [{ email: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [row.email, row.id]);
  return { items: page.map(userView), nextCursor };
}

/** Creates a user; used by administrators and by the first-administrator command (ctx without an actor). */
export async function createUser(
  db: Db | Tx,
  ctx: RequestContext,
  input: TUserCreate,
  options: { bootstrap?: boolean } = {},
) {
  if (!options.bootstrap) requireRole(ctx, 'ADMIN');
  const passwordHash = await hashPassword(input.password);
  return inTransaction(db, async (tx) => {
    if (await tx.user.findUnique({ where: { email: input.email } })) {
      throw new AppError('CONFLICT', 'A user with this e-mail address already exists', {
        issues: [{ field: 'email', message: 'already used' }],
      });
    }
    await checkOrganizations(tx, input.organizationIds);
    const created = await tx.user.create({
      data: {
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        role: input.role,
        clearance: input.clearance,
        memberships: {
          create: input.organizationIds.map((organizationId) => ({ organizationId })),
        },
      },
      include: { memberships: true },
    });
    const view = userView(created);
    await recordAuditEvent(tx, ctx, {
      action: 'user.create',
      entityType: 'user',
      entityId: created.id,
      after: view,
    });
    return view;
  });
}

export async function updateUser(db: Db | Tx, ctx: RequestContext, id: string, input: TUserUpdate) {
  const actor = requireRole(ctx, 'ADMIN');
  if (id === actor.userId && ((input.role && input.role !== 'ADMIN') || input.disabled)) {
    throw AppError.invalid(
      input.disabled ? 'disabled' : 'role',
      'you cannot remove your own administrator rights',
    );
  }
  const passwordHash = input.password ? await hashPassword(input.password) : undefined;
  return inTransaction(db, async (tx) => {
    const existing = await tx.user.findUnique({ where: { id }, include: { memberships: true } });
    if (!existing) throw AppError.notFound('The user');
    if (input.organizationIds) {
      await checkOrganizations(tx, input.organizationIds);
      await tx.membership.deleteMany({ where: { userId: id } });
    }
    const updated = await tx.user.update({
      where: { id },
      data: {
        displayName: input.displayName,
        role: input.role,
        clearance: input.clearance,
        passwordHash,
        disabledAt:
          input.disabled === undefined
            ? undefined
            : input.disabled
              ? (existing.disabledAt ?? new Date())
              : null,
        ...(input.organizationIds
          ? {
              memberships: {
                create: input.organizationIds.map((organizationId) => ({ organizationId })),
              },
            }
          : {}),
      },
      include: { memberships: true },
    });
    const before = userView(existing);
    const view = userView(updated);
    // A changed password or a disabled account ends the user's sessions; an administrator
    // changing their own password keeps the session they did it from, as one expects.
    if (passwordHash || input.disabled) {
      const current =
        ctx.credential?.kind === 'session' && id === actor.userId
          ? ctx.credential.sessionId
          : undefined;
      await tx.session.deleteMany({
        where: { userId: id, ...(current ? { id: { not: current } } : {}) },
      });
    }
    // Tokens also end when what the user may do or see changes: a token made for one role,
    // clearance or set of organisations never carries another (sessions read them afresh
    // at every request, so they follow the change instead).
    const entitled = (user: TUser) =>
      JSON.stringify([user.role, user.clearance, user.organizationIds]);
    const revokedApiTokenIds =
      passwordHash || input.disabled || entitled(before) !== entitled(view)
        ? await revokeTokensOfUser(tx, id)
        : [];
    await recordAuditEvent(tx, ctx, {
      action: 'user.update',
      entityType: 'user',
      entityId: id,
      before,
      after: {
        ...view,
        ...(passwordHash ? { passwordChanged: true } : {}),
        ...(revokedApiTokenIds.length > 0 ? { revokedApiTokenIds } : {}),
      },
    });
    return view;
  });
}
