import type { Actor, Db, Tx } from "../shared/context";

export async function actorOfUser(db: Db | Tx, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({ where: { id: userId }, include: { memberships: { select: { organizationId: true } } } });
  if (!user || user.disabledAt) return null;
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    clearance: user.clearance,
    organizationIds: user.memberships.map((membership) => membership.organizationId),
  };
}
