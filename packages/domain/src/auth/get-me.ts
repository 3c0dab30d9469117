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
  // One raw statement, not two Prisma queries: every page of the dashboard asks /api/me
  // first, and Prisma's query compiler took two thirds of this route's CPU (issue 19).
  const [row] = await db.$queryRaw<
    { locale: string | null; organizations: TMe['organizations'] }[]
  >`SELECT (SELECT locale FROM users WHERE id = ${actor.userId}::uuid) AS locale,
           coalesce((SELECT json_agg(json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym)
                                     ORDER BY o.name)
                     FROM organizations o WHERE o.id = ANY(${actor.organizationIds}::uuid[])), '[]') AS organizations`;
  const organizations = row?.organizations ?? [];
  const locale = row?.locale;
  return {
    id: actor.userId,
    email: actor.email,
    displayName: actor.displayName,
    role: actor.role,
    clearance: actor.clearance,
    organizations,
    csrfToken,
    authenticatedBy: ctx.credential?.kind === 'token' ? 'token' : 'session',
    locale: isLocale(locale) ? locale : null,
  };
}
