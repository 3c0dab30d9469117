import { likeLiteral } from '../shared/format';
import { z } from 'zod';
import type { Prisma } from '@access/db';
import type { TOrganizationListQuery } from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { decodeCursor, pageForwards } from '../shared/cursor';
import { organizationView } from './organization-view';

export async function listOrganizations(
  db: Db,
  ctx: RequestContext,
  query: TOrganizationListQuery,
) {
  requireActor(ctx);
  const after = decodeCursor(query.cursor, z.tuple([z.string(), z.string()]));
  const where: Prisma.OrganizationWhereInput = { AND: [] };
  const and = where.AND as Prisma.OrganizationWhereInput[];
  if (query.q) {
    // any part of any name, for a type-ahead: Prisma has no ILIKE over an array's elements
    const pattern = `%${likeLiteral(query.q)}%`;
    const byAlias = await db.$queryRaw<{ id: string }[]>`
      SELECT id FROM organizations WHERE EXISTS (SELECT 1 FROM unnest(aliases) AS alias WHERE alias ILIKE ${pattern})`;
    and.push({
      OR: [
        { name: { contains: likeLiteral(query.q), mode: 'insensitive' } },
        { acronym: { contains: likeLiteral(query.q), mode: 'insensitive' } },
        { iatiId: { contains: likeLiteral(query.q), mode: 'insensitive' } },
        { id: { in: byAlias.map((row) => row.id) } },
      ],
    });
  }
  if (query.typeCode !== undefined) and.push({ typeCode: query.typeCode });
  if (after)
    and.push({ OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] });
  const rows = await db.organization.findMany({
    where,
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [row.name, row.id]);
  return { items: page.map(organizationView), nextCursor };
}
