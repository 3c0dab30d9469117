import type { TPairTimelineQuery } from '@access/contracts';
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
import { Prisma } from '@access/db';
import { inPairSql, pairTimelineSql, timelineWithProposalsSql } from './access-sql';
import { loadVersionsAndProposals } from './version-view';

/**
 * A pair's timeline as the reader sees it, as known at `knownAt` (default now): the versions
 * current then, in period order, each with that timeline's end and previous status; with
 * `includeProposals`, pending proposals too (`proposal: true`, their stated end). A page at
 * a time: the latest `limit` periods, `nextCursor` for the ones before them.
 */
export async function getPairTimeline(db: Db, ctx: RequestContext, query: TPairTimelineQuery) {
  const actor = requireActor(ctx);
  const before = decodeCursor(query.cursor, z.tuple([ZDateKey, ZTimestampKey, z.uuid()]));
  const pair = { organizationId: query.organizationId, areaId: query.areaId };
  const timeline = pairTimelineSql(actor, query.knownAt, pair);
  const source = query.includeProposals
    ? {
        from: timelineWithProposalsSql(actor, { knownAt: query.knownAt }, timeline),
        where: inPairSql(pair),
      }
    : timeline;
  const beforeSql = before
    ? Prisma.sql`AND (v.valid_from, v.recorded_at, v.id) < (${before[0]}::date, ${before[1]}::timestamptz, ${before[2]}::uuid)`
    : Prisma.empty;
  const rows = await db.$queryRaw<
    {
      id: string;
      valid_from: string;
      recorded_at: string;
      valid_to: string | null;
      previous_status: string | null;
      proposal: boolean;
    }[]
  >`
    SELECT v.id, ${dateKeySql(Prisma.sql`v.valid_from`)} AS valid_from, ${timestampKeySql(Prisma.sql`v.recorded_at`)} AS recorded_at,
           to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to, v.previous_status::text AS previous_status,
           ${query.includeProposals ? Prisma.sql`v.proposal` : Prisma.sql`false`} AS proposal
    FROM ${source.from}
    WHERE ${source.where} ${beforeSql}
    ORDER BY v.valid_from DESC, v.recorded_at DESC, v.id DESC
    LIMIT ${query.limit + 1}`;
  const { page, nextCursor } = pageBackwards(rows, query.limit, (row) => [
    row.valid_from,
    row.recorded_at,
    row.id,
  ]);
  const versions = await loadVersionsAndProposals(db, actor, page);
  return {
    items: versions.map((version, index) => ({
      ...version,
      validTo: page[index]!.valid_to,
      previousStatus: page[index]!.previous_status as typeof version.previousStatus,
    })),
    nextCursor,
    latestPage: !before,
  };
}
