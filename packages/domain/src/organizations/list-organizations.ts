import { likeLiteral } from '../shared/format';
import { z } from 'zod';
import type { Prisma } from '@access/db';
import type { TOrganizationListQuery } from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { decodeCursor, encodeCursor } from '../shared/cursor';
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
    and.push({
      OR: [
        { name: { contains: likeLiteral(query.q), mode: 'insensitive' } },
        { acronym: { equals: likeLiteral(query.q), mode: 'insensitive' } },
        { iatiId: { equals: likeLiteral(query.q), mode: 'insensitive' } },
        { aliases: { has: query.q } },
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
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: page.map(organizationView),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.name, last.id]) : null,
  };
}
