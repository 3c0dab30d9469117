import type { TPairTimelineQuery } from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { Prisma } from '@access/db';
import { timelineSql, timelineWithProposalsSql } from './access-sql';
import { loadVersionsAndProposals } from './version-view';

/**
 * A pair's timeline as the reader sees it, as known at `knownAt` (default now): the versions
 * current then, in period order, each with that timeline's end and previous status; with
 * `includeProposals`, pending proposals too (`proposal: true`, their stated end).
 */
export async function getPairTimeline(db: Db, ctx: RequestContext, query: TPairTimelineQuery) {
  const actor = requireActor(ctx);
  const filters = { knownAt: query.knownAt, organizationId: [query.organizationId] };
  const source = query.includeProposals
    ? { from: timelineWithProposalsSql(actor, filters), where: Prisma.sql`TRUE` }
    : timelineSql(actor, filters);
  const rows = await db.$queryRaw<
    { id: string; valid_to: string | null; previous_status: string | null; proposal: boolean }[]
  >`
    SELECT v.id, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to, v.previous_status::text AS previous_status,
           ${query.includeProposals ? Prisma.sql`v.proposal` : Prisma.sql`false`} AS proposal
    FROM ${source.from}
    WHERE ${source.where} AND v.organization_id = ${query.organizationId}::uuid AND v.area_id = ${query.areaId}::uuid
    ORDER BY v.valid_from, v.recorded_at, v.id`;
  const versions = await loadVersionsAndProposals(db, actor, rows);
  return {
    items: versions.map((version, index) => ({
      ...version,
      validTo: rows[index]!.valid_to,
      previousStatus: rows[index]!.previous_status as typeof version.previousStatus,
    })),
  };
}
