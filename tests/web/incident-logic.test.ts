import { describe, expect, it } from 'vitest';
import { ZIncidentFilters } from '@access/contracts';
import { parseFilters } from '@/lib/filters';
import { calendarQuarter } from '@/lib/incident-categories';
import {
  incidentCountsQuery,
  incidentListHref,
  incidentQuery,
  parseIncidentFilters,
} from '@/lib/incident-filters';

const AREA = '7492594f-7385-49d9-befb-da5a5e1ff674';

describe("the incident chart's quarters", () => {
  it('are the last calendar quarter ended before the day, and the one before it, across a year', () => {
    expect(calendarQuarter('2026-11-27', 1)).toEqual({
      months: ['2026-07-01', '2026-08-01', '2026-09-01'],
      label: 'Q3 2026',
    });
    expect(calendarQuarter('2026-11-27', 2).label).toBe('Q2 2026');
    // in January, last quarter is the previous year's fourth
    expect(calendarQuarter('2027-01-01', 1)).toEqual({
      months: ['2026-10-01', '2026-11-01', '2026-12-01'],
      label: 'Q4 2026',
    });
    expect(calendarQuarter('2027-03-31', 2).months[0]).toBe('2026-07-01');
    expect(calendarQuarter('2026-04-01', 0).label).toBe('Q2 2026');
  });
});

describe('incident filters', () => {
  it('read the list URL, dropping values the API would refuse', () => {
    expect(
      parseIncidentFilters({
        areaId: AREA,
        category: ['6', '3', '12', 'x', '6'],
        from: '2026-02-30',
        to: '2026-03-31',
        cursor: 'not a cursor!',
      }),
    ).toEqual({
      areaId: AREA,
      category: ['3', '6'],
      from: undefined,
      to: '2026-03-31',
      cursor: undefined,
    });
    const filters = parseIncidentFilters({ category: '4,9', areaId: 'nope' });
    expect(incidentQuery(filters).toString()).toBe('category=4%2C9');
    expect(incidentListHref(filters, 'abc')).toBe('/incidents?category=4%2C9&cursor=abc');
    expect(incidentListHref(parseIncidentFilters({}))).toBe('/incidents');
  });

  it("turn the overview's filters into a query the counts' own schema accepts, with the categories", () => {
    const filters = parseFilters({
      areaId: AREA,
      constraintCategory: '3,6',
      status: 'DENIED',
      organizationType: '437',
      from: '2025-01-01',
      asOf: '2026-06-30',
      knownOn: '2026-07-01',
      validatedOnly: 'true',
    });
    const query = new URLSearchParams(incidentCountsQuery(filters));
    expect(Object.fromEntries(query)).toEqual({
      areaId: AREA,
      organizationType: '437',
      category: '3,6',
      from: '2025-01-01',
      asOf: '2026-06-30',
      knownAt: '2026-07-01T23:59:59.999Z',
    });
    const parsed = ZIncidentFilters.safeParse(Object.fromEntries(query));
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data?.category).toEqual([3, 6]);
    expect(incidentCountsQuery(parseFilters({}))).toBe('');
  });
});
