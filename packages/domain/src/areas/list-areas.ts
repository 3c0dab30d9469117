import { likeLiteral } from '../shared/format';
import { z } from 'zod';
import type { Prisma } from '@access/db';
import type { TAreaListQuery } from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { decodeCursor, pageForwards } from '../shared/cursor';
import { AppError } from '../shared/errors';
import { areaView } from './area-view';

export async function listAreas(db: Db, ctx: RequestContext, query: TAreaListQuery) {
  requireActor(ctx);
  const after = decodeCursor(query.cursor, z.tuple([z.string(), z.string()]));
  const and: Prisma.AreaWhereInput[] = [];
  if (query.q) {
    and.push({
      OR: [
        { names: { some: { name: { contains: likeLiteral(query.q), mode: 'insensitive' } } } },
        { pcode: { startsWith: likeLiteral(query.q), mode: 'insensitive' } },
        { iso3: { equals: likeLiteral(query.q), mode: 'insensitive' } },
      ],
    });
  }
  if (query.kind) and.push({ kind: query.kind });
  if (query.parentId) and.push({ parentId: query.parentId });
  if (after)
    and.push({ OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] });
  const rows = await db.area.findMany({
    where: { AND: and },
    include: { names: true },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [row.name, row.id]);
  return { items: page.map(areaView), nextCursor };
}

export async function getArea(db: Db, ctx: RequestContext, id: string) {
  requireActor(ctx);
  const area = await db.area.findUnique({ where: { id }, include: { names: true } });
  if (!area) throw AppError.notFound('The area');
  return areaView(area);
}

/** The area and everything beneath it, each with its depth below the area. */
export async function getAreaSubtree(db: Db, ctx: RequestContext, id: string) {
  requireActor(ctx);
  const depths = await db.$queryRaw<{ id: string; depth: number }[]>`
    WITH RECURSIVE subtree(id, depth) AS (
      SELECT id, 0 FROM areas WHERE id = ${id}::uuid
      UNION
      SELECT child.id, subtree.depth + 1 FROM areas child JOIN subtree ON child.parent_id = subtree.id
    )
    SELECT id, depth FROM subtree`;
  if (depths.length === 0) throw AppError.notFound('The area');
  const depthOf = new Map(depths.map((row) => [row.id, Number(row.depth)]));
  const areas = await db.area.findMany({
    where: { id: { in: [...depthOf.keys()] } },
    include: { names: true },
  });
  return {
    items: areas
      .map((area) => ({ ...areaView(area), depth: depthOf.get(area.id) ?? 0 }))
      .sort((a, b) => a.depth - b.depth || a.name.localeCompare(b.name)),
  };
}
