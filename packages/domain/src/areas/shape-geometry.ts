import type { TAreaGeometry } from '@access/contracts';
import type { FieldIssue } from '../shared/errors';

type Position = [number, number];
type Ring = Position[];

/**
 * Douglas–Peucker tolerance and rounding of stored boundaries, in degrees: about 110 m at
 * the equator, finer than any admin boundary drawn on a dashboard or an A4 page, and it
 * keeps a country's admin-2 shapes in the hundreds of kilobytes instead of tens of megabytes.
 */
export const SIMPLIFY_TOLERANCE = 0.001;
const DECIMALS = 1_000;

/**
 * Positions accepted in one ring and in one file. A country's most detailed COD-AB admin-2
 * file has a few hundred thousand positions, its longest coast ring a few tens of thousands;
 * above these an import is a mistake or an attack (finding F3: 30,000 positions held the API
 * for a minute), and is refused before any work.
 */
export const MAX_RING_POSITIONS = 50_000;
export const MAX_FILE_POSITIONS = 1_000_000;
/**
 * Douglas–Peucker's work (distance computations) allowed per point of a line: a usual line
 * needs about log2(n) per point; a pathological one (a zigzag) peels one point per pass, n².
 * Past the budget the rest of the line keeps every k-th point instead.
 */
const DP_WORK_PER_POINT = 32;
/** Points kept at most by that fallback from one line. */
const FALLBACK_POINTS = 5_000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks one GeoJSON geometry; returns it typed, or the issues naming where it is wrong. */
export function readGeometry(
  value: unknown,
  field: string,
): { geometry: TAreaGeometry } | { issues: FieldIssue[] } {
  if (!isObject(value))
    return { issues: [{ field, message: 'is missing (a boundary is needed)' }] };
  const issues: FieldIssue[] = [];
  if (value.type === 'Polygon') {
    const polygon = readPolygon(value.coordinates, `${field}.coordinates`, issues);
    return issues.length ? { issues } : { geometry: { type: 'Polygon', coordinates: polygon! } };
  }
  if (value.type === 'MultiPolygon') {
    const parts = value.coordinates;
    if (!Array.isArray(parts) || parts.length === 0)
      return { issues: [{ field: `${field}.coordinates`, message: 'needs at least one polygon' }] };
    const polygons = parts.map((part, i) =>
      readPolygon(part, `${field}.coordinates[${i}]`, issues),
    );
    return issues.length
      ? { issues }
      : { geometry: { type: 'MultiPolygon', coordinates: polygons as Ring[][] } };
  }
  return {
    issues: [
      {
        field: `${field}.type`,
        message: `is ${JSON.stringify(value.type ?? null)}; a boundary must be a Polygon or a MultiPolygon`,
      },
    ],
  };
}

function readPolygon(value: unknown, field: string, issues: FieldIssue[]): Ring[] | undefined {
  if (!Array.isArray(value) || value.length === 0) {
    issues.push({ field, message: 'needs at least one ring (its outline)' });
    return undefined;
  }
  return value.map((ring, i) => readRing(ring, `${field}[${i}]`, issues)!);
}

function readRing(value: unknown, field: string, issues: FieldIssue[]): Ring | undefined {
  if (!Array.isArray(value) || value.length < 4) {
    issues.push({ field, message: 'a ring needs at least 4 positions (the first repeated last)' });
    return undefined;
  }
  if (value.length > MAX_RING_POSITIONS) {
    issues.push({
      field,
      message: `has ${value.length.toLocaleString('en')} positions; a ring may have at most ${MAX_RING_POSITIONS.toLocaleString('en')} (simplify the file first, e.g. with mapshaper)`,
    });
    return undefined;
  }
  const ring: Ring = [];
  for (const [i, position] of value.entries()) {
    if (
      !Array.isArray(position) ||
      position.length < 2 ||
      !position.every((n) => typeof n === 'number' && Number.isFinite(n))
    ) {
      issues.push({ field: `${field}[${i}]`, message: 'a position is [longitude, latitude]' });
      return undefined;
    }
    const [lon, lat] = position as number[];
    if (lon! < -180 || lon! > 180 || lat! < -90 || lat! > 90) {
      issues.push({
        field: `${field}[${i}]`,
        message: `[${lon}, ${lat}] is not a longitude and latitude in degrees (WGS 84, longitude first)`,
      });
      return undefined;
    }
    ring.push([lon!, lat!]);
  }
  const [first, last] = [ring[0]!, ring.at(-1)!];
  if (first[0] !== last[0] || first[1] !== last[1]) {
    issues.push({ field, message: 'a ring must end where it starts (closed)' });
    return undefined;
  }
  if (Math.abs(twiceSignedArea(ring)) < MIN_TWICE_AREA) {
    // it would draw nothing, and the administrator would not learn why the area stays blank
    issues.push({
      field,
      message:
        'encloses no area: its positions lie on one line or double back on themselves (a ring must outline its area)',
    });
    return undefined;
  }
  return ring;
}

/**
 * Twice a ring's signed area in plain degrees (the shoelace formula). Zero for positions on
 * one line and for a symmetric figure-of-eight. A ring that crosses itself otherwise is
 * accepted: published COD-AB files carry small self-intersections, and refusing them would
 * refuse real boundaries; the map draws them as they are.
 */
function twiceSignedArea(ring: Ring): number {
  let sum = 0;
  for (let i = 0; i < ring.length - 1; i++)
    sum += ring[i]![0] * ring[i + 1]![1] - ring[i + 1]![0] * ring[i]![1];
  return sum;
}
/** Below about a square metre (1e-10 square degrees): no boundary worth drawing. */
const MIN_TWICE_AREA = 2e-10;

/** Perpendicular distance of p from the segment a–b, in degrees. */
function distance(p: Position, a: Position, b: Position): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const length = dx * dx + dy * dy;
  const t =
    length === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length));
  return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

/** The number of positions in a geometry (every ring of every polygon). */
export function countPositions(geometry: TAreaGeometry): number {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  let count = 0;
  for (const polygon of polygons) for (const ring of polygon) count += ring.length;
  return count;
}

/**
 * Radial-distance pass, O(n): drops the points closer than the tolerance to the last point
 * kept (the ends stay). It removes the dense runs before Douglas–Peucker sees them.
 */
function dropNearPoints(points: Ring, tolerance: number): Ring {
  if (points.length <= 2 || tolerance <= 0) return points;
  const kept: Ring = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const last = kept.at(-1)!;
    const p = points[i]!;
    if (Math.hypot(p[0] - last[0], p[1] - last[1]) >= tolerance) kept.push(p);
  }
  kept.push(points.at(-1)!);
  return kept;
}

/**
 * Douglas–Peucker on an open polyline, iteratively (a country's coast would overflow the
 * stack), within a work budget (DP_WORK_PER_POINT distances per point): past it, the
 * segments not yet simplified keep every k-th point, so no line costs more than O(n).
 */
function simplifyLine(line: Ring, tolerance: number): Ring {
  const points = dropNearPoints(line, tolerance);
  if (points.length <= 2) return points;
  const keep = new Uint8Array(points.length);
  keep[0] = keep[points.length - 1] = 1;
  const stack: [number, number][] = [[0, points.length - 1]];
  let budget = DP_WORK_PER_POINT * points.length;
  while (stack.length) {
    const [from, to] = stack.pop()!;
    if (to - from - 1 > budget) {
      // over budget: this segment and every one left keep every k-th point
      const k = Math.max(1, Math.ceil(points.length / FALLBACK_POINTS));
      for (const [start, end] of [[from, to], ...stack]) {
        for (let i = start! + k; i < end!; i += k) keep[i] = 1;
      }
      break;
    }
    budget -= to - from - 1;
    let farthest = 0;
    let at = -1;
    for (let i = from + 1; i < to; i++) {
      const d = distance(points[i]!, points[from]!, points[to]!);
      if (d > farthest) {
        farthest = d;
        at = i;
      }
    }
    if (at >= 0 && farthest > tolerance) {
      keep[at] = 1;
      stack.push([from, at], [at, to]);
    }
  }
  return points.filter((_, i) => keep[i]);
}

const round = (n: number) => Math.round(n * DECIMALS) / DECIMALS;

/** A ring simplified and rounded, without repeated positions; null when it collapses. */
function simplifyRing(ring: Ring, tolerance: number): Ring | null {
  // split at the farthest point from the start, so the closing point is not the only anchor
  const start = ring[0]!;
  let split = 1;
  for (let i = 1; i < ring.length - 1; i++)
    if (distance(ring[i]!, start, start) > distance(ring[split]!, start, start)) split = i;
  const simplified = [
    ...simplifyLine(ring.slice(0, split + 1), tolerance).slice(0, -1),
    ...simplifyLine(ring.slice(split), tolerance),
  ];
  const rounded: Ring = [];
  for (const [lon, lat] of simplified) {
    const position: Position = [round(lon), round(lat)];
    const last = rounded.at(-1);
    if (!last || last[0] !== position[0] || last[1] !== position[1]) rounded.push(position);
  }
  return rounded.length >= 4 ? rounded : null;
}

function simplifyPolygon(polygon: Ring[], tolerance: number): Ring[] | null {
  const [outline, ...holes] = polygon;
  const simplifiedOutline = simplifyRing(outline!, tolerance);
  if (!simplifiedOutline) return null;
  return [
    simplifiedOutline,
    ...holes.map((hole) => simplifyRing(hole, tolerance)).filter((hole) => hole !== null),
  ];
}

/**
 * The geometry simplified (Douglas–Peucker) and rounded for storage. A polygon smaller than
 * the tolerance keeps its rounded outline unsimplified, so no area loses its shape entirely.
 */
export function simplifyGeometry(
  geometry: TAreaGeometry,
  tolerance = SIMPLIFY_TOLERANCE,
): TAreaGeometry {
  const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  const simplified = polygons
    .map((polygon) => simplifyPolygon(polygon, tolerance))
    .filter((polygon) => polygon !== null);
  if (simplified.length === 0) {
    // every part is smaller than the tolerance: keep them rounded only
    const kept = polygons
      .map((polygon) => simplifyPolygon(polygon, 0))
      .filter((polygon) => polygon !== null);
    if (kept.length === 0) return geometry;
    return kept.length === 1
      ? { type: 'Polygon', coordinates: kept[0]! }
      : { type: 'MultiPolygon', coordinates: kept };
  }
  return simplified.length === 1 && geometry.type === 'Polygon'
    ? { type: 'Polygon', coordinates: simplified[0]! }
    : { type: 'MultiPolygon', coordinates: simplified };
}
