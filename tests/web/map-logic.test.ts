import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { TAreaRanking } from '@access/contracts';
import { ISO_NUMERIC } from '@/components/map/iso-numeric';
import {
  windForD3,
  WORST_FIRST,
  worstByArea,
  worstByShownArea,
  worstOf,
} from '@/components/map/map-logic';
import { simplifyGeometry } from '../../packages/domain/src/areas/shape-geometry';

const require = createRequire(import.meta.url);

type Item = TAreaRanking['items'][number];
function item(id: string, score: Partial<Item> = {}): Item {
  return {
    rank: 1,
    area: { id, name: id, pcode: null },
    blockedOrganizations: (score.deniedOrganizations ?? 0) + (score.suspendedOrganizations ?? 0),
    deniedOrganizations: 0,
    suspendedOrganizations: 0,
    constrainedOrganizations: 0,
    organizations: 1,
    maxSeverity: null,
    constraintCategories: [],
    trend30: 'STABLE',
    trend90: 'STABLE',
    ...score,
  };
}
const ranking = (...items: Item[]): TAreaRanking => ({
  asOf: '2023-02-10',
  knownAt: '2023-02-10T00:00:00.000Z',
  comparedWith: { days30: '2023-01-11', days90: '2022-11-12' },
  totalAreas: items.length,
  items,
});

describe('the map: the worst status of an area', () => {
  it('orders statuses worst first, an information gap last', () => {
    expect(WORST_FIRST).toEqual([
      'DENIED',
      'SUSPENDED',
      'PENDING',
      'CONSTRAINED',
      'FULL',
      'UNKNOWN',
    ]);
    expect(worstOf(['FULL', 'UNKNOWN', 'CONSTRAINED'])).toBe('CONSTRAINED');
    expect(worstOf(['UNKNOWN'])).toBe('UNKNOWN');
    expect(worstOf([])).toBeNull();
  });

  it('reads each area from the ranking and the rankings limited to pending and to full access', () => {
    const all = ranking(
      item('denied', { deniedOrganizations: 1, suspendedOrganizations: 1 }),
      item('suspended', { suspendedOrganizations: 1, constrainedOrganizations: 2 }),
      item('pending', { constrainedOrganizations: 1 }),
      item('constrained', { constrainedOrganizations: 1 }),
      item('full'),
      item('unknown'),
    );
    const worst = worstByArea(
      all,
      ranking(item('pending')),
      ranking(item('full'), item('pending')),
    );
    expect(Object.fromEntries(worst)).toEqual({
      denied: 'DENIED',
      suspended: 'SUSPENDED',
      pending: 'PENDING',
      constrained: 'CONSTRAINED',
      full: 'FULL',
      unknown: 'UNKNOWN',
    });
    // the filters excluded pending and full: what remains is an information gap
    expect(worstByArea(ranking(item('other')), null, null).get('other')).toBe('UNKNOWN');
  });

  it('colours a shown area by the worst status within it, and ignores areas outside the map', () => {
    const worst = new Map([
      ['nk', 'CONSTRAINED' as const],
      ['lachin', 'DENIED' as const],
      ['elsewhere', 'DENIED' as const],
      ['armenia', 'FULL' as const],
    ]);
    const shown = worstByShownArea(worst, { nk: 'aze', lachin: 'aze', aze: 'aze', armenia: 'arm' });
    expect(Object.fromEntries(shown)).toEqual({ aze: 'DENIED', arm: 'FULL' });
  });
});

describe('the map: boundaries', () => {
  it('knows the ISO 3166 numeric code of every Natural Earth country world-atlas draws', () => {
    const topology = require('world-atlas/countries-50m.json');
    const ids: string[] = topology.objects.countries.geometries
      .map((geometry: { id?: string }) => geometry.id)
      .filter(Boolean);
    const known = new Set(Object.values(ISO_NUMERIC));
    expect(ids.filter((id) => !known.has(id))).toEqual([]);
    expect(ISO_NUMERIC.AZE).toBe('031');
    expect(ISO_NUMERIC.ARM).toBe('051');
  });

  it('winds outlines clockwise and holes counter-clockwise for d3-geo, whatever the file did', () => {
    const counterClockwise = [
      [0, 0],
      [1, 0],
      [1, 1],
      [0, 1],
      [0, 0],
    ];
    const hole = [
      [0.2, 0.2],
      [0.2, 0.4],
      [0.4, 0.4],
      [0.4, 0.2],
      [0.2, 0.2],
    ];
    const wound = windForD3({ type: 'Polygon', coordinates: [counterClockwise, hole] as never });
    expect(wound).toEqual({
      type: 'Polygon',
      coordinates: [[...counterClockwise].reverse(), [...hole].reverse()],
    });
    // already right: unchanged
    expect(windForD3(wound as never)).toEqual(wound);
  });

  it('simplifies a boundary on import but never loses a small area', () => {
    const edge = Array.from({ length: 500 }, (_, i) => [45 + i / 500, 40 + (i % 2) * 1e-5]);
    const large = simplifyGeometry({
      type: 'Polygon',
      coordinates: [[...edge, [46, 40], [46, 41], [45, 41], [45, 40]] as never],
    });
    expect(large.coordinates[0]!.length).toBeLessThan(10);
    const tiny = simplifyGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [45, 40],
          [45.0004, 40],
          [45.0004, 40.0004],
          [45, 40.0004],
          [45, 40],
        ],
      ] as never,
    });
    expect(tiny.type).toBe('Polygon');
    expect(tiny.coordinates.length).toBeGreaterThan(0);
  });
});
