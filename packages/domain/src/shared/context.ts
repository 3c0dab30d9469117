import type { Prisma, PrismaClient } from "@access/db";
import { SENSITIVITIES, type TRole, type TSensitivity } from "@access/contracts";
import { AppError } from "./errors";

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
}

export function sensitivityRank(sensitivity: TSensitivity): number {
  return SENSITIVITIES.indexOf(sensitivity);
}

export function canSee(actor: Actor, sensitivity: TSensitivity): boolean {
  return sensitivityRank(sensitivity) <= sensitivityRank(actor.clearance);
}

export function requireActor(ctx: RequestContext): Actor {
  if (!ctx.actor) throw new AppError("UNAUTHENTICATED", "Sign in first");
  return ctx.actor;
}

export function requireRole(ctx: RequestContext, ...roles: TRole[]): Actor {
  const actor = requireActor(ctx);
  if (!roles.includes(actor.role)) {
    throw new AppError("FORBIDDEN", "Your role does not allow this", { requiredRoles: roles });
  }
  return actor;
}

/** Editors change their own organisations' entries; coordinators and administrators any. */
export function requireEditorOf(ctx: RequestContext, organizationId: string): Actor {
  const actor = requireRole(ctx, "ADMIN", "COORDINATOR", "EDITOR");
  if (actor.role === "EDITOR" && !actor.organizationIds.includes(organizationId)) {
    throw new AppError("FORBIDDEN", "You can only change the entries of your own organisation", {
      issues: [{ field: "organizationId", message: "not one of your organisations" }],
    });
  }
  return actor;
}
