import 'server-only';
import type { TAreaRanking, TAreaShapes } from '@access/contracts';
import type { TAccessStatusCode } from '@access/contracts/codes';
import { api } from '@/lib/api';
import { apiQuery, type DashboardFilters } from '@/lib/filters';
import { worstByArea, worstByShownArea, worstOf } from './map-logic';

/** The ranking's largest page: the map colours the worst 500 areas with an entry. */
export const MAP_RANKED_AREAS = 500;

export interface MapData {
  shapes: TAreaShapes;
  /** the ranking with every filter, worst first (the map's table alternative reads it) */
  ranking: TAreaRanking;
  /** shown area → the worst status within it, as of the chosen date, as known on the chosen day */
  worst: Map<string, TAccessStatusCode>;
  /** the worst status anywhere in the chosen area (its outline's colour), null without one */
  focusWorst: TAccessStatusCode | null;
}

/**
 * The ranking limited to one more status, when the filters allow it (null when they
 * exclude it: no area can be in that status then).
 */
function rankingWith(filters: DashboardFilters, status: TAccessStatusCode) {
  if (filters.status.length && !filters.status.includes(status)) return null;
  const query = apiQuery({ ...filters, status: [status] }, { asOf: true });
  query.set('limit', String(MAP_RANKED_AREAS));
  return api.areaRanking(query);
}

/** The ranking the map colours from: the overview's filters, the worst MAP_RANKED_AREAS. */
export function rankingForMap(filters: DashboardFilters): URLSearchParams {
  const query = apiQuery(filters, { asOf: true });
  query.set('limit', String(MAP_RANKED_AREAS));
  return query;
}

/**
 * What a map of the chosen area (or of the countries) shows: the areas one level beneath
 * it with their boundaries, and each one's worst status with the overview's filters, from
 * the area ranking (GET /api/stats/area-ranking) the overview reads.
 */
export async function loadMap(
  filters: DashboardFilters,
  /** the same ranking (rankingForMap), when the page reads it anyway */
  rankingRead: Promise<TAreaRanking> = api.areaRanking(rankingForMap(filters)),
): Promise<MapData> {
  const [shapes, ranking] = await Promise.all([api.areaShapes(filters.areaId), rankingRead]);
  let byArea = worstByArea(ranking, null, null);
  let worst = worstByShownArea(byArea, shapes.containedIn);
  // pending and full access only matter where nothing is denied or suspended: asked then only
  // (at scale most shown areas have a denial somewhere, and the overview waits for less)
  const settled = (status: TAccessStatusCode | null) =>
    status === 'DENIED' || status === 'SUSPENDED';
  const open =
    [...worst.values()].some((status) => !settled(status)) ||
    (shapes.parent !== null && byArea.size > 0 && !settled(worstOf(byArea.values())));
  if (open) {
    const [pending, full] = await Promise.all([
      rankingWith(filters, 'PENDING'),
      rankingWith(filters, 'FULL'),
    ]);
    byArea = worstByArea(ranking, pending, full);
    worst = worstByShownArea(byArea, shapes.containedIn);
  }
  return { shapes, ranking, worst, focusWorst: worstOf(byArea.values()) };
}
