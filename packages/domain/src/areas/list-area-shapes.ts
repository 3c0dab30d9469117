import type { TAreaGeometry, TAreaShapes, TAreaShapesQuery } from '@access/contracts';
import { Prisma } from '@access/db';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';

interface ShapeRow {
  id: string;
  name: string;
  kind: TAreaShapes['items'][number]['area']['kind'];
  iso3: string | null;
  pcode: string | null;
  disputed: boolean;
  children: number;
  geometry: TAreaGeometry | null;
  source: string | null;
  imported_at: Date | null;
}

/**
 * The areas one level beneath `parentId` (or at the top of the tree), each with its
 * imported boundary, and which of them every deeper area lies in, so a map can colour a
 * shape by what is recorded anywhere within it. Areas carry no sensitivity: every signed-in
 * reader sees the same tree and the same shapes, as with GET /api/areas.
 */
export async function listAreaShapes(
  db: Db,
  ctx: RequestContext,
  query: TAreaShapesQuery,
): Promise<TAreaShapes> {
  requireActor(ctx);
  const found = query.parentId
    ? await db.area.findUnique({
        where: { id: query.parentId },
        select: { id: true, name: true, iso3: true, parentId: true, shape: true },
      })
    : null;
  const parent = found && {
    id: found.id,
    name: found.name,
    iso3: found.iso3,
    parentId: found.parentId,
    geometry: (found.shape?.geometry ?? null) as TAreaGeometry | null,
    source: found.shape?.source ?? null,
  };
  if (query.parentId && !parent) throw AppError.notFound('The area');
  const under = parent
    ? Prisma.sql`a.parent_id = ${parent.id}::uuid`
    : Prisma.sql`a.parent_id IS NULL`;
  const rows = await db.$queryRaw<ShapeRow[]>`
    SELECT a.id, a.name, a.kind, a.iso3, a.pcode, a.disputed,
           (SELECT count(*)::int FROM areas c WHERE c.parent_id = a.id) AS children,
           s.geometry, s.source, s.imported_at
    FROM areas a LEFT JOIN area_shapes s ON s.area_id = a.id
    WHERE ${under}
    ORDER BY a.name, a.id`;
  // one JSON text, not a row per area: for the countries every area is listed (4,850 in the
  // benchmark's data), and decoding as many rows cost more than the rest of the request
  const [members] = rows.length
    ? await db.$queryRaw<{ contained_in: string }[]>`
        WITH RECURSIVE within(id, shown) AS (
          SELECT id, id FROM areas WHERE id = ANY(${rows.map((row) => row.id)}::uuid[])
          UNION
          SELECT child.id, within.shown FROM areas child JOIN within ON child.parent_id = within.id
        )
        -- in a fixed order: a recursive UNION's rows come in no order of their own, and the
        -- answer (its containedIn keys) must not change between two identical requests
        SELECT coalesce(json_object_agg(id, shown ORDER BY id), '{}')::text AS contained_in FROM within`
    : [];
  return {
    parent,
    items: rows.map((row) => ({
      area: {
        id: row.id,
        name: row.name,
        kind: row.kind,
        iso3: row.iso3,
        pcode: row.pcode,
        disputed: row.disputed,
        children: row.children,
      },
      geometry: row.geometry,
      source: row.source,
      importedAt: row.imported_at?.toISOString() ?? null,
    })),
    containedIn: JSON.parse(members?.contained_in ?? '{}') as Record<string, string>,
  };
}
