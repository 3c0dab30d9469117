import type { User } from '@access/db';
import type { Actor, Db, Tx } from '../shared/context';

export function actorFromUser(user: User & { memberships: { organizationId: string }[] }): Actor {
  return {
    userId: user.id,
    email: user.email,
    displayName: user.displayName,
    role: user.role,
    clearance: user.clearance,
    organizationIds: user.memberships.map((membership) => membership.organizationId),
  };
}

export async function actorOfUser(db: Db | Tx, userId: string): Promise<Actor | null> {
  const user = await db.user.findUnique({
    where: { id: userId },
    include: { memberships: { select: { organizationId: true } } },
  });
  return user && !user.disabledAt ? actorFromUser(user) : null;
}
