import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

let t: TestApp;
let coordinator: Client;
let country: { id: string };
const organizations: { id: string }[] = [];
const areas: { id: string }[] = [];

/**
 * Hand-checked data, in one country:
 *   A × area1: DENIED from 2024-01-10, FULL from 2024-03-05
 *   A × area2: PENDING from 2024-02-01 to 2024-02-20
 *   B × area1: CONSTRAINED from 2023-12-01
 */
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  country = await makeArea(t.db, { kind: 'COUNTRY' });
  areas.push(
    await makeArea(t.db, { parentId: country.id, name: 'Area one' }),
    await makeArea(t.db, { parentId: country.id, name: 'Area two' }),
  );
  organizations.push(
    await makeOrganization(t.db, { name: 'Org A', typeCode: 447 }),
    await makeOrganization(t.db, { name: 'Org B', typeCode: 437 }),
  );
  const [a, b] = organizations;
  const [area1, area2] = areas;
  for (const body of [
    statusBody(a!.id, area1!.id, { status: 'DENIED', validFrom: '2024-01-10' }),
    statusBody(a!.id, area1!.id, { status: 'FULL', validFrom: '2024-03-05' }),
    statusBody(a!.id, area2!.id, {
      status: 'PENDING',
      validFrom: '2024-02-01',
      validTo: '2024-02-20',
    }),
    statusBody(b!.id, area1!.id, {
      status: 'CONSTRAINED',
      validFrom: '2023-12-01',
      constraintCategories: [4],
    }),
  ]) {
    const response = await coordinator.post('/api/access-statuses', body);
    expect(response.statusCode).toBe(201);
  }
});
afterAll(() => t.close());

const nonZero = (counts: Record<string, number>) =>
  Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));

describe('GET /api/stats/timeseries', () => {
  it('counts pairs per status on the first day of each month', async () => {
    const response = await coordinator.get(
      `/api/stats/timeseries?areaId=${country.id}&from=2023-11-15&to=2024-04-30&interval=month`,
    );
    expect(response.statusCode).toBe(200);
    const series = response.json();
    expect(series.from).toBe('2023-11-01');
    expect(
      series.buckets.map((bucket: any) => [bucket.date, nonZero(bucket.counts), bucket.total]),
    ).toEqual([
      ['2023-11-01', {}, 0],
      ['2023-12-01', { CONSTRAINED: 1 }, 1],
      ['2024-01-01', { CONSTRAINED: 1 }, 1],
      ['2024-02-01', { CONSTRAINED: 1, DENIED: 1, PENDING: 1 }, 3],
      ['2024-03-01', { CONSTRAINED: 1, DENIED: 1 }, 2],
      ['2024-04-01', { CONSTRAINED: 1, FULL: 1 }, 2],
    ]);
  });

  it('buckets by day and by ISO week, and applies filters', async () => {
    const days = (
      await coordinator.get(
        `/api/stats/timeseries?areaId=${country.id}&from=2024-02-19&to=2024-02-21&interval=day`,
      )
    ).json();
    expect(days.buckets.map((bucket: any) => [bucket.date, bucket.counts.PENDING])).toEqual([
      ['2024-02-19', 1],
      ['2024-02-20', 0],
      ['2024-02-21', 0],
    ]);
    const weeks = (
      await coordinator.get(
        `/api/stats/timeseries?areaId=${country.id}&from=2024-03-01&to=2024-03-12&interval=week`,
      )
    ).json();
    // Weeks start on Monday: 26 Feb, 4 Mar, 11 Mar. FULL starts on Tue 5 Mar, so it shows from the week of 11 Mar.
    expect(weeks.buckets.map((bucket: any) => [bucket.date, nonZero(bucket.counts)])).toEqual([
      ['2024-02-26', { CONSTRAINED: 1, DENIED: 1 }],
      ['2024-03-04', { CONSTRAINED: 1, DENIED: 1 }],
      ['2024-03-11', { CONSTRAINED: 1, FULL: 1 }],
    ]);
    const unOnly = (
      await coordinator.get(
        `/api/stats/timeseries?areaId=${country.id}&organizationType=447&from=2024-04-01&to=2024-04-01&interval=day`,
      )
    ).json();
    expect(nonZero(unOnly.buckets[0].counts)).toEqual({ FULL: 1 });
    const category = (
      await coordinator.get(
        `/api/stats/timeseries?areaId=${country.id}&constraintCategory=4&from=2024-04-01&to=2024-04-01&interval=day`,
      )
    ).json();
    expect(nonZero(category.buckets[0].counts)).toEqual({ CONSTRAINED: 1 });
  });

  it('rejects a reversed period and too many buckets with 400', async () => {
    expect(
      (await coordinator.get('/api/stats/timeseries?from=2024-05-01&to=2024-01-01')).statusCode,
    ).toBe(400);
    const tooMany = await coordinator.get(
      '/api/stats/timeseries?from=1900-01-01&to=2024-01-01&interval=day',
    );
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().error.details.issues[0].field).toBe('interval');
    expect((await coordinator.get('/api/stats/timeseries?interval=year')).statusCode).toBe(400);
  });
});

describe('GET /api/stats/matrix', () => {
  it('gives organisations × areas → status on a date', async () => {
    const matrix = (
      await coordinator.get(`/api/stats/matrix?areaId=${country.id}&asOf=2024-02-10`)
    ).json();
    expect(matrix.organizations.map((organization: any) => organization.name)).toEqual([
      'Org A',
      'Org B',
    ]);
    expect(matrix.areas.map((area: any) => area.name)).toEqual(['Area one', 'Area two']);
    const cells = matrix.cells.map((cell: any) => [
      matrix.organizations.find((organization: any) => organization.id === cell.organizationId)
        .name,
      matrix.areas.find((area: any) => area.id === cell.areaId).name,
      cell.status,
    ]);
    expect(cells.sort()).toEqual([
      ['Org A', 'Area one', 'DENIED'],
      ['Org A', 'Area two', 'PENDING'],
      ['Org B', 'Area one', 'CONSTRAINED'],
    ]);
    expect(matrix.totals).toEqual({
      cells: 3,
      organizations: 2,
      areas: 2,
      byStatus: { FULL: 0, CONSTRAINED: 1, PENDING: 1, DENIED: 1, SUSPENDED: 0, UNKNOWN: 0 },
      blockedAreas: 1,
      reachingOrganizations: 1,
    });
  });

  it('bounds the cells to the first organisations and areas by name, while the totals count every cell', async () => {
    const matrix = (
      await coordinator.get(
        `/api/stats/matrix?areaId=${country.id}&asOf=2024-02-10&maxOrganizations=1&maxAreas=1`,
      )
    ).json();
    expect(matrix.organizations.map((organization: any) => organization.name)).toEqual(['Org A']);
    expect(matrix.areas.map((area: any) => area.name)).toEqual(['Area one']);
    expect(matrix.cells.map((cell: any) => cell.status)).toEqual(['DENIED']);
    expect(matrix.totals).toMatchObject({
      cells: 3,
      organizations: 2,
      areas: 2,
      blockedAreas: 1,
      reachingOrganizations: 1,
    });
    expect((await coordinator.get(`/api/stats/matrix?maxAreas=0`)).statusCode).toBe(400);
  });
});

describe('GET /api/changes', () => {
  it('lists new statuses newest first, marked improved, deteriorated, stable or new', async () => {
    const changes = (await coordinator.get(`/api/changes?areaId=${country.id}`)).json().items;
    expect(
      changes.map((change: any) => [
        change.organization.name,
        change.status,
        change.previousStatus,
        change.trend,
      ]),
    ).toEqual([
      ['Org B', 'CONSTRAINED', null, 'NEW'],
      ['Org A', 'PENDING', null, 'NEW'],
      ['Org A', 'FULL', 'DENIED', 'IMPROVED'],
      ['Org A', 'DENIED', null, 'NEW'],
    ]);
    const deterioration = await coordinator.post(
      `/api/access-statuses`,
      statusBody(organizations[1]!.id, areas[0]!.id, {
        status: 'SUSPENDED',
        validFrom: '2024-06-01',
      }),
    );
    expect(deterioration.statusCode).toBe(201);
    const latest = (await coordinator.get(`/api/changes?areaId=${country.id}&limit=1`)).json();
    expect(latest.items[0]).toMatchObject({
      status: 'SUSPENDED',
      previousStatus: 'CONSTRAINED',
      trend: 'DETERIORATED',
    });
    const next = (
      await coordinator.get(`/api/changes?areaId=${country.id}&limit=1&cursor=${latest.nextCursor}`)
    ).json();
    expect(next.items[0].organization.name).toBe('Org B');
    expect(next.items[0].status).toBe('CONSTRAINED');
    const future = await coordinator.get(
      `/api/changes?since=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`,
    );
    expect(future.json().items).toEqual([]);
  });
});
