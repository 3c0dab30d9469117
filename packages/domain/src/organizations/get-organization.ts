import { requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { organizationView } from './organization-view';

export async function getOrganization(db: Db, ctx: RequestContext, id: string) {
  requireActor(ctx);
  const organization = await db.organization.findUnique({ where: { id } });
  if (!organization) throw AppError.notFound('The organisation');
  return organizationView(organization);
}
