import { z } from 'zod';
import { Prisma } from '@access/db';
import type { TAccessStatusListQuery } from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { decodeCursor, pageForwards } from '../shared/cursor';
import { today } from '../shared/format';
import { filterSql, timelineSql, timelineWithProposalsSql, validOnSql } from './access-sql';
import { loadVersionsAndProposals } from './version-view';

/** What was true on `asOf`, as the product knew it at `knownAt`; ordered by organisation, then area. */
export async function listAccessStatuses(
  db: Db,
  ctx: RequestContext,
  query: TAccessStatusListQuery,
) {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const after = decodeCursor(query.cursor, z.tuple([z.string(), z.string(), z.uuid()]));
  const afterSql = after
    ? Prisma.sql`AND (o.name, a.name, v.id) > (${after[0]}, ${after[1]}, ${after[2]}::uuid)`
    : Prisma.empty;
  // proposals only when asked: the plain timeline keeps its measured plan
  const source = query.includeProposals
    ? { from: timelineWithProposalsSql(actor, query), where: Prisma.sql`TRUE` }
    : timelineSql(actor, query);
  const proposalSql = query.includeProposals ? Prisma.sql`v.proposal` : Prisma.sql`false`;
  const rows = await db.$queryRaw<
    { id: string; organization_name: string; area_name: string; proposal: boolean }[]
  >`
    SELECT v.id, o.name AS organization_name, a.name AS area_name, ${proposalSql} AS proposal
    FROM ${source.from}
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    WHERE ${source.where} AND ${validOnSql(asOf)} AND ${filterSql(query, { areas: 'filter' })} ${afterSql}
    ORDER BY o.name, a.name, v.id
    LIMIT ${query.limit + 1}`;
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [
    row.organization_name,
    row.area_name,
    row.id,
  ]);
  return { asOf, knownAt, items: await loadVersionsAndProposals(db, actor, page), nextCursor };
}
