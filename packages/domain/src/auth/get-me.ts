import { isLocale, type TMe } from '@access/contracts';
import { requireActor, type Db, type RequestContext, type Tx } from '../shared/context';

/**
 * Who is signed in: role, clearance and organisations, and how (a session, whose CSRF
 * token a browser sends back with every change, or an API token, which needs none).
 */
export async function getMe(
  db: Db | Tx,
  ctx: RequestContext,
  csrfToken: string | null,
): Promise<TMe> {
  const actor = requireActor(ctx);
  const [organizations, user] = await Promise.all([
    db.organization.findMany({
      where: { id: { in: actor.organizationIds } },
      select: { id: true, name: true, acronym: true },
      orderBy: { name: 'asc' },
    }),
    db.user.findUnique({ where: { id: actor.userId }, select: { locale: true } }),
  ]);
  return {
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    role: actor.role,
    clearance: actor.clearance,
    organizations,
    csrfToken,
    authenticatedBy: ctx.credential?.kind === 'token' ? 'token' : 'session',
    locale: isLocale(user?.locale) ? (user?.locale ?? null) : null,
  };
}
