import type { Geometry, Polygon, Position } from 'geojson';
import type { TAreaGeometry, TAreaRanking } from '@access/contracts';
import { ACCESS_STATUS_RANK, type TAccessStatusCode } from '@access/contracts/codes';

/**
 * Worst first: denied, suspended, pending, constrained, full (the order trends use,
 * ACCESS_STATUS_RANK); unknown last, so an information gap colours an area only when
 * nothing else is known there.
 */
export const WORST_FIRST: TAccessStatusCode[] = (
  Object.entries(ACCESS_STATUS_RANK) as [TAccessStatusCode, number | null][]
)
  .sort(([, a], [, b]) => (a ?? Number.POSITIVE_INFINITY) - (b ?? Number.POSITIVE_INFINITY))
  .map(([status]) => status);

export function worstOf(statuses: Iterable<TAccessStatusCode>): TAccessStatusCode | null {
  let worst: TAccessStatusCode | null = null;
  for (const status of statuses)
    if (worst === null || WORST_FIRST.indexOf(status) < WORST_FIRST.indexOf(worst)) worst = status;
  return worst;
}

/**
 * Each ranked area's worst status, from the ranking (denied, suspended and constrained
 * organisations are counted there) and the areas the same ranking lists when limited to
 * pending and to full access: pending ranks between suspended and constrained, full above
 * an information gap, and the ranking's score does not count either.
 */
export function worstByArea(
  all: TAreaRanking,
  pending: TAreaRanking | null,
  full: TAreaRanking | null,
): Map<string, TAccessStatusCode> {
  const hasPending = new Set(pending?.items.map((item) => item.area.id));
  const hasFull = new Set(full?.items.map((item) => item.area.id));
  const worst = new Map<string, TAccessStatusCode>();
  for (const item of all.items) {
    const id = item.area.id;
    const status: TAccessStatusCode =
      item.deniedOrganizations > 0
        ? 'DENIED'
        : item.suspendedOrganizations > 0
          ? 'SUSPENDED'
          : hasPending.has(id)
            ? 'PENDING'
            : item.constrainedOrganizations > 0
              ? 'CONSTRAINED'
              : hasFull.has(id)
                ? 'FULL'
                : 'UNKNOWN';
    worst.set(id, status);
  }
  return worst;
}

/** Each shown area's worst status over every area within it (`containedIn`: area → shown area). */
export function worstByShownArea(
  worst: Map<string, TAccessStatusCode>,
  containedIn: Record<string, string>,
): Map<string, TAccessStatusCode> {
  const byShown = new Map<string, TAccessStatusCode>();
  for (const [areaId, status] of worst) {
    const shown = containedIn[areaId];
    if (!shown) continue;
    const before = byShown.get(shown);
    byShown.set(shown, before ? worstOf([before, status])! : status);
  }
  return byShown;
}

/** Twice the signed area of a ring in plain longitude/latitude (> 0: counter-clockwise). */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++)
    sum += ring[i]![0]! * ring[i + 1]![1]! - ring[i + 1]![0]! * ring[i]![1]!;
  return sum;
}

const wound = (ring: Position[], clockwise: boolean) =>
  signedArea(ring) < 0 === clockwise ? ring : [...ring].reverse();

/**
 * d3-geo reads rings on the sphere: an outline must run clockwise, or it stands for the
 * whole globe but the area. GeoJSON files (RFC 7946, COD-AB exports) wind the other way,
 * or either way; this winds every outline clockwise and every hole counter-clockwise.
 */
export function windForD3(geometry: TAreaGeometry): Geometry {
  const polygon = (rings: Position[][]): Polygon['coordinates'] =>
    rings.map((ring, i) => wound(ring, i === 0));
  return geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: polygon(geometry.coordinates) }
    : { type: 'MultiPolygon', coordinates: geometry.coordinates.map(polygon) };
}
