import { requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { existingVersionsSql } from './access-sql';
import { loadVersions } from './version-view';

/** Every version of an organisation–area pair that exists for the reader, oldest recorded first. */
export async function getAccessHistory(
  db: Db,
  ctx: RequestContext,
  organizationId: string,
  areaId: string,
) {
  const actor = requireActor(ctx);
  const [organization, area] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
    db.area.findUnique({ where: { id: areaId }, select: { id: true } }),
  ]);
  if (!organization) throw AppError.notFound('The organisation');
  if (!area) throw AppError.notFound('The area');
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT v.id FROM ${existingVersionsSql(actor)}
    WHERE l.organization_id = ${organizationId}::uuid AND l.area_id = ${areaId}::uuid
    ORDER BY v.recorded_at, v.valid_from, v.change_kind, v.id`;
  return {
    items: await loadVersions(
      db,
      actor,
      rows.map((row) => row.id),
    ),
  };
}
