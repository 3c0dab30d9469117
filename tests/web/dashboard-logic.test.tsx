import { NextIntlClientProvider } from 'next-intl';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ACCESS_STATUSES, trendOf, type TAccessStatusVersion } from '@access/contracts';
import { bucketStarts } from '@access/domain';
import { TimelineBand } from '@/components/charts/timeline-band';
import { apiQuery, parseFilters, viewQuery } from '@/lib/filters';
import { STATUS_STYLE } from '@/lib/status-style';
import en from '../../apps/web/messages/en.json';
import fr from '../../apps/web/messages/fr.json';

const AREA = '7492594f-7385-49d9-befb-da5a5e1ff674';

function version(overrides: Partial<TAccessStatusVersion>): TAccessStatusVersion {
  return {
    id: crypto.randomUUID(),
    organization: { id: crypto.randomUUID(), name: 'Org', acronym: null, typeCode: 437 },
    area: { id: AREA, name: 'Area', kind: 'ADM1', pcode: null },
    status: 'FULL',
    previousStatus: null,
    validFrom: '2024-01-01',
    validTo: null,
    recordedAt: '2024-01-01T00:00:00.000Z',
    recordedBy: { id: crypto.randomUUID(), displayName: 'Someone' },
    changeKind: 'RECORD',
    reason: 'because',
    constraintCategories: [],
    severity: null,
    sensitivity: 'LOW',
    reviewState: 'VALIDATED',
    reviewNote: null,
    supersedesId: null,
    supersededById: null,
    terms: [],
    sources: [],
    correctionNote: null,
    proposal: false,
    ...overrides,
  };
}

describe('dashboard filters', () => {
  it('read the URL, dropping values the API would refuse, so a bad link shows the unfiltered view', () => {
    const filters = parseFilters({
      areaId: AREA,
      status: 'DENIED,PENDING',
      asOf: '2023-03-01',
      knownOn: 'yesterday',
      interval: 'year',
      organizationType: '447',
      constraintCategory: '12',
    });
    expect(filters).toMatchObject({
      areaId: AREA,
      status: ['DENIED', 'PENDING'],
      asOf: '2023-03-01',
      interval: 'month',
      organizationType: '447',
    });
    expect(filters.knownOn).toBeUndefined();
    expect(filters.constraintCategory).toEqual([]);
    expect(parseFilters({ areaId: '1; DROP TABLE areas' }).areaId).toBeUndefined();
  });

  it("check each value with the contracts' schema the API uses: real dates, known statuses, codes and categories", () => {
    const filters = parseFilters({
      status: ['DENIED', 'FROZEN', 'pending', 'FULL'],
      asOf: '2023-02-30',
      from: '2024-02-29',
      to: '2023-13-01',
      organizationType: '999',
      constraintCategory: '3',
      organizationId: 'not-a-uuid',
      validatedOnly: 'yes',
      interval: ['week', 'day'],
    });
    expect(filters).toEqual(
      parseFilters({
        status: 'DENIED,FULL',
        from: '2024-02-29',
        constraintCategory: '3',
        interval: 'week',
      }),
    );
    expect(filters).toMatchObject({
      status: ['DENIED', 'FULL'],
      from: '2024-02-29',
      constraintCategory: ['3'],
      validatedOnly: false,
      interval: 'week',
    });
    for (const dropped of ['asOf', 'to', 'organizationType', 'organizationId'] as const)
      expect(filters[dropped], dropped).toBeUndefined();
    expect(parseFilters({ constraintCategory: '0' }).constraintCategory).toEqual([]);
    expect(parseFilters({ constraintCategory: '3,9' }).constraintCategory).toEqual(['3', '9']);
    expect(parseFilters({ organizationType: ['433', '447'] }).organizationType).toBe('433');
  });

  it('become API queries: knownOn means the end of that day, and only endpoints that take a date or period get one', () => {
    const filters = parseFilters({
      areaId: AREA,
      asOf: '2023-03-01',
      knownOn: '2023-04-01',
      from: '2023-01-01',
      interval: 'week',
      validatedOnly: 'true',
    });
    expect(Object.fromEntries(apiQuery(filters))).toEqual({
      areaId: AREA,
      knownAt: '2023-04-01T23:59:59.999Z',
      validatedOnly: 'true',
    });
    expect(apiQuery(filters, { asOf: true }).get('asOf')).toBe('2023-03-01');
    expect(Object.fromEntries(apiQuery(filters, { period: true }))).toMatchObject({
      from: '2023-01-01',
      interval: 'week',
    });
  });

  it('round-trip through the URL', () => {
    const filters = parseFilters({ status: 'DENIED', asOf: '2023-03-01', validatedOnly: 'true' });
    const again = parseFilters(
      Object.fromEntries(new URLSearchParams(viewQuery(filters).slice(1))),
    );
    expect(again).toEqual(filters);
    expect(viewQuery(parseFilters({}))).toBe('');
  });
});

describe('status visuals', () => {
  it('give every status its own symbol and pattern, not only a colour', () => {
    const symbols = ACCESS_STATUSES.map((status) => STATUS_STYLE[status].symbol);
    const patterns = ACCESS_STATUSES.map((status) => STATUS_STYLE[status].pattern);
    expect(new Set(symbols).size).toBe(ACCESS_STATUSES.length);
    expect(new Set(patterns).size).toBe(ACCESS_STATUSES.length);
  });

  it('mark trends as the field does: improved, deteriorated, stable, a new entry, or unclear around an information gap', () => {
    expect(trendOf('DENIED', 'CONSTRAINED')).toBe('IMPROVED');
    expect(trendOf('FULL', 'SUSPENDED')).toBe('DETERIORATED');
    expect(trendOf('PENDING', 'PENDING')).toBe('STABLE');
    expect(trendOf(null, 'DENIED')).toBe('NEW');
    expect(trendOf('UNKNOWN', 'FULL')).toBe('UNCLEAR');
  });
});

describe('timeline bands', () => {
  it('draw periods in proportion, label them in words, and leave gaps visible', () => {
    const versions = [
      version({ status: 'DENIED', validFrom: '2024-01-01', validTo: '2024-01-03' }),
      version({ status: 'FULL', validFrom: '2024-01-06' }),
    ];
    const html = renderToStaticMarkup(
      <NextIntlClientProvider locale="en" messages={en} timeZone="UTC">
        <TimelineBand
          label="ICRC in Area"
          locale="en-GB"
          start="2024-01-01"
          end="2024-01-11"
          versions={versions}
        />
      </NextIntlClientProvider>,
    );
    // the same band in French: French words and French dates
    const french = renderToStaticMarkup(
      <NextIntlClientProvider locale="fr" messages={fr} timeZone="UTC">
        <TimelineBand
          label="CICR à Zone"
          locale="fr"
          start="2024-01-01"
          end="2024-01-11"
          versions={versions}
        />
      </NextIntlClientProvider>,
    );
    expect(french).toContain(
      'aria-label="CICR à Zone: Refusé du 1 janv. 2024 au 3 janv. 2024; Accès complet à partir du 6 janv. 2024"',
    );
    expect(html).toContain(
      'aria-label="ICRC in Area: Denied from 1 Jan 2024 until 3 Jan 2024; Full access from 6 Jan 2024"',
    );
    expect(html).toMatch(/width:20%;background:#D55E00/);
    expect(html).toMatch(/width:30%" title="no entry for this period"/);
    expect(html).toMatch(/width:50%;background:#009E73/);
  });
});

describe('chart buckets', () => {
  it("start on the first day of each month and on Mondays for weeks, as PostgreSQL's date_trunc does", () => {
    expect(bucketStarts('2024-01-15', '2024-03-01', 'month')).toEqual([
      '2024-01-01',
      '2024-02-01',
      '2024-03-01',
    ]);
    expect(bucketStarts('2024-03-01', '2024-03-12', 'week')).toEqual([
      '2024-02-26',
      '2024-03-04',
      '2024-03-11',
    ]);
    expect(bucketStarts('2024-02-28', '2024-03-01', 'day')).toEqual([
      '2024-02-28',
      '2024-02-29',
      '2024-03-01',
    ]);
  });
});
