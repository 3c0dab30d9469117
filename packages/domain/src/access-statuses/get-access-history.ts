import type { TAccessHistoryQuery } from '@access/contracts';
import { z } from 'zod';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import {
  dateKeySql,
  decodeCursor,
  pageBackwards,
  timestampKeySql,
  ZDateKey,
  ZTimestampKey,
} from '../shared/cursor';
import { AppError } from '../shared/errors';
import { Prisma } from '@access/db';
import { existingProposalsSql, existingVersionsSql } from './access-sql';
import { loadVersionsAndProposals } from './version-view';

/**
 * Every version of an organisation–area pair that exists for the reader, oldest recorded
 * first, a page at a time: the latest `limit` first, `nextCursor` for the ones before them.
 */
export async function getAccessHistory(db: Db, ctx: RequestContext, query: TAccessHistoryQuery) {
  const actor = requireActor(ctx);
  const { organizationId, areaId } = query;
  // the key holds nothing a reader is not shown: a stored change kind would tell a correction
  // of a hidden version (shown as a new entry) from a new entry
  const before = decodeCursor(query.cursor, z.tuple([ZTimestampKey, ZDateKey, z.uuid()]));
  const [organization, area] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
    db.area.findUnique({ where: { id: areaId }, select: { id: true } }),
  ]);
  if (!organization) throw AppError.notFound('The organisation');
  if (!area) throw AppError.notFound('The area');
  // with includeProposals, every row of the pair's proposals too, in recorded order
  const proposals = query.includeProposals
    ? Prisma.sql`UNION ALL SELECT p.id, p.recorded_at, p.valid_from, true FROM ${existingProposalsSql(actor)}
                 WHERE p.organization_id = ${organizationId}::uuid AND p.area_id = ${areaId}::uuid`
    : Prisma.empty;
  const beforeSql = before
    ? Prisma.sql`WHERE (v.recorded_at, v.valid_from, v.id) < (${before[0]}::timestamptz, ${before[1]}::date, ${before[2]}::uuid)`
    : Prisma.empty;
  const visible = Prisma.sql`(
      SELECT v.id, v.recorded_at, v.valid_from, false AS proposal FROM ${existingVersionsSql(actor)}
      WHERE l.organization_id = ${organizationId}::uuid AND l.area_id = ${areaId}::uuid
      ${proposals}
    )`;
  // the page that holds a version (a link to one entry): skip the whole pages after it, so
  // it is the page a reader following the cursors from the latest would reach. A version
  // that does not exist for the reader counts as none (the latest page), as an id of nothing.
  const skip =
    query.version && !before
      ? Number(
          (
            await db.$queryRaw<{ skip: bigint }[]>`
              SELECT (count(*) / ${query.limit}) * ${query.limit} AS skip FROM ${visible} w, ${visible} t
              WHERE t.id = ${query.version}::uuid
                AND (w.recorded_at, w.valid_from, w.id) > (t.recorded_at, t.valid_from, t.id)`
          )[0]!.skip,
        )
      : 0;
  const rows = await db.$queryRaw<
    {
      id: string;
      proposal: boolean;
      recorded_at: string;
      valid_from: string;
    }[]
  >`
    SELECT id, proposal, ${timestampKeySql(Prisma.sql`recorded_at`)} AS recorded_at,
           ${dateKeySql(Prisma.sql`valid_from`)} AS valid_from
    FROM ${visible} v
    ${beforeSql}
    ORDER BY v.recorded_at DESC, v.valid_from DESC, v.id DESC
    LIMIT ${query.limit + 1} OFFSET ${skip}`;
  const { page, nextCursor } = pageBackwards(rows, query.limit, (row) => [
    row.recorded_at,
    row.valid_from,
    row.id,
  ]);
  return {
    items: await loadVersionsAndProposals(db, actor, page),
    nextCursor,
    latestPage: !before && skip === 0,
  };
}
