import type { TAreaRanking, TAreaRankingQuery } from '@access/contracts';
import { visibleIncidentVersionsSql } from '../incidents/incident-sql';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { addDays } from '../shared/format';
import { rankAreas } from './rank-areas';

/**
 * The ranking of areas (rankAreas, unchanged: same items, same order, same scores) with, for
 * each ranked area, the incidents that occurred there (sub-areas included) in the 30 and 90
 * days up to asOf: the reader's current validated versions as known at knownAt
 * (visibleIncidentVersionsSql), so nothing above their clearance counts. The ranking's
 * status filters do not apply to incidents. One query over the ranked areas' subtrees and
 * ninety days of incidents, by the (area, occurred_on) index.
 */
export async function rankAreasWithIncidents(
  db: Db,
  ctx: RequestContext,
  query: TAreaRankingQuery,
): Promise<TAreaRanking> {
  const ranking = await rankAreas(db, ctx, query);
  const areaIds = ranking.items.map((item) => item.area.id);
  if (areaIds.length === 0) return ranking;
  const rows = await db.$queryRaw<{ area_id: string; days30: number; days90: number }[]>`
    WITH RECURSIVE tops(top_id, id) AS (
      SELECT id, id FROM areas WHERE id = ANY(${areaIds}::uuid[])
      UNION ALL
      SELECT tops.top_id, child.id FROM areas child JOIN tops ON child.parent_id = tops.id
    )
    SELECT tops.top_id::text AS area_id,
           count(*) FILTER (WHERE v.occurred_on > ${addDays(ranking.asOf, -30)}::date)::int AS days30,
           count(*)::int AS days90
    FROM ${visibleIncidentVersionsSql(requireActor(ctx), query.knownAt)} v
    JOIN tops ON tops.id = v.area_id
    WHERE v.occurred_on > ${addDays(ranking.asOf, -90)}::date AND v.occurred_on <= ${ranking.asOf}::date
    GROUP BY tops.top_id`;
  const byArea = new Map(rows.map((row) => [row.area_id, row]));
  return {
    ...ranking,
    items: ranking.items.map((item) => ({
      ...item,
      incidents30: byArea.get(item.area.id)?.days30 ?? 0,
      incidents90: byArea.get(item.area.id)?.days90 ?? 0,
    })),
  };
}
