import type { Prisma, PrismaClient } from '@access/db';
import { SENSITIVITIES, type TRole, type TSensitivity } from '@access/contracts';
import { AppError } from './errors';

export type Db = PrismaClient;
export type Tx = Prisma.TransactionClient;

export interface Actor {
  userId: string;
  email: string;
  displayName: string;
  role: TRole;
  clearance: TSensitivity;
  organizationIds: string[];
}

/** Who asks, and from where: every use-case gets one, and the audit trail records it. */
export interface RequestContext {
  actor: Actor | null;
  requestId?: string;
  clientAddress?: string;
  /** what the actor signed in with: some things only a signed-in session may do */
  credential?: { kind: 'session'; sessionId: string } | { kind: 'token'; tokenId: string };
}

export function sensitivityRank(sensitivity: TSensitivity): number {
  return SENSITIVITIES.indexOf(sensitivity);
}

export function canSee(actor: Actor, sensitivity: TSensitivity): boolean {
  return sensitivityRank(sensitivity) <= sensitivityRank(actor.clearance);
}

/** The higher of two levels; null (none named) only when both are. */
export function higherOf(a: TSensitivity | null, b: TSensitivity | null): TSensitivity | null {
  return a === null || (b !== null && sensitivityRank(b) > sensitivityRank(a)) ? b : a;
}

/** The highest of `levels` (nulls ignored); LOW when none is given. */
export function highestOf(levels: (TSensitivity | null | undefined)[]): TSensitivity {
  return (
    levels.reduce<TSensitivity | null>(
      (highest, level) => higherOf(highest, level ?? null),
      null,
    ) ?? 'LOW'
  );
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
  return ctx.actor;
}

export function requireRole(ctx: RequestContext, ...roles: TRole[]): Actor {
  const actor = requireActor(ctx);
  if (!roles.includes(actor.role)) {
    throw new AppError('FORBIDDEN', 'Your role does not allow this', { requiredRoles: roles });
  }
  return actor;
}

/** Editors change their own organisations' entries; coordinators and administrators any. */
export function requireEditorOf(ctx: RequestContext, organizationId: string): Actor {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
  if (actor.role === 'EDITOR' && !actor.organizationIds.includes(organizationId)) {
    throw new AppError('FORBIDDEN', 'You can only change the entries of your own organisation', {
      issues: [{ field: 'organizationId', message: 'not one of your organisations' }],
    });
  }
  return actor;
}

/** Whether inTransaction(db, …) begins (and so ends) a transaction of its own. */
export function ownsTransaction(db: Db | Tx): db is Db {
  return '$transaction' in db;
}

/** Runs `work` in the caller's transaction when given one, else in a new one: use-cases can join a caller's transaction. */
export function inTransaction<T>(db: Db | Tx, work: (tx: Tx) => Promise<T>): Promise<T> {
  return ownsTransaction(db) ? db.$transaction(work) : work(db);
}
