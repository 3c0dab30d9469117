import type { TPairTimelineQuery } from '@access/contracts';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { timelineSql } from './access-sql';
import { loadVersions } from './version-view';

/**
 * A pair's timeline as the reader sees it, as known at `knownAt` (default now): the versions
 * current then, in period order, each with that timeline's end and previous status.
 */
export async function getPairTimeline(db: Db, ctx: RequestContext, query: TPairTimelineQuery) {
  const actor = requireActor(ctx);
  const source = timelineSql(actor, {
    knownAt: query.knownAt,
    organizationId: [query.organizationId],
  });
  const rows = await db.$queryRaw<
    { id: string; valid_to: string | null; previous_status: string | null }[]
  >`
    SELECT v.id, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to, v.previous_status::text AS previous_status
    FROM ${source.from}
    WHERE ${source.where} AND v.organization_id = ${query.organizationId}::uuid AND v.area_id = ${query.areaId}::uuid
    ORDER BY v.valid_from, v.recorded_at, v.id`;
  const versions = await loadVersions(
    db,
    actor,
    rows.map((row) => row.id),
  );
  return {
    items: versions.map((version, index) => ({
      ...version,
      validTo: rows[index]!.valid_to,
      previousStatus: rows[index]!.previous_status as typeof version.previousStatus,
    })),
  };
}
