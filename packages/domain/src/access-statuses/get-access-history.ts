import { requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { Prisma } from '@access/db';
import { existingProposalsSql, existingVersionsSql } from './access-sql';
import { loadVersionsAndProposals } from './version-view';

/** Every version of an organisation–area pair that exists for the reader, oldest recorded first. */
export async function getAccessHistory(
  db: Db,
  ctx: RequestContext,
  organizationId: string,
  areaId: string,
  includeProposals = false,
) {
  const actor = requireActor(ctx);
  const [organization, area] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
    db.area.findUnique({ where: { id: areaId }, select: { id: true } }),
  ]);
  if (!organization) throw AppError.notFound('The organisation');
  if (!area) throw AppError.notFound('The area');
  // with includeProposals, every row of the pair's proposals too, in recorded order
  const proposals = includeProposals
    ? Prisma.sql`UNION ALL SELECT p.id, p.recorded_at, p.valid_from, p.change_kind, true FROM ${existingProposalsSql(actor)}
                 WHERE p.organization_id = ${organizationId}::uuid AND p.area_id = ${areaId}::uuid`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string; proposal: boolean }[]>`
    SELECT id, proposal FROM (
      SELECT v.id, v.recorded_at, v.valid_from, v.change_kind, false AS proposal FROM ${existingVersionsSql(actor)}
      WHERE l.organization_id = ${organizationId}::uuid AND l.area_id = ${areaId}::uuid
      ${proposals}
    ) v
    ORDER BY v.recorded_at, v.valid_from, v.change_kind, v.id`;
  return { items: await loadVersionsAndProposals(db, actor, rows) };
}
