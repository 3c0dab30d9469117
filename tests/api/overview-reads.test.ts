import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';
import { upload } from '../support/upload';

let t: TestApp;
let coordinator: Client;
let worst: { id: string };
let mild: { id: string };
let orgA: { id: string };
let orgB: { id: string };
let beforeAnything: string;

/**
 * In one country, named so that name order is not the worst-first order:
 *   A × "Zeta (worst)": DENIED from 2024-01-10 (severity 4, category 3), FULL from 2024-03-05
 *   B × "Zeta (worst)": CONSTRAINED from 2023-12-01 (category 4)
 *   A × "Alpha (mild)": PENDING from 2024-02-01 to 2024-02-20
 */
beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  beforeAnything = new Date(Date.now() - 1000).toISOString();
  const country = await makeArea(t.db, { kind: 'COUNTRY' });
  worst = await makeArea(t.db, { parentId: country.id, name: 'Zeta (worst)', pcode: 'XY0123' });
  await t.db.areaName.create({
    data: { areaId: worst.id, lang: 'ru', name: 'Лачинский коридор' },
  });
  mild = await makeArea(t.db, { parentId: country.id, name: 'Alpha (mild)' });
  orgA = await makeOrganization(t.db, { name: 'Zulu relief', acronym: 'ZRLF' });
  orgB = await makeOrganization(t.db, { name: 'Alpha aid' });
  await t.db.organization.update({
    where: { id: orgB.id },
    data: { aliases: ['Հայկական օգնություն'], iatiId: 'XM-DAC-99001' },
  });
  for (const body of [
    statusBody(orgA.id, worst.id, {
      status: 'DENIED',
      validFrom: '2024-01-10',
      severity: 4,
      constraintCategories: [3],
    }),
    statusBody(orgA.id, worst.id, { status: 'FULL', validFrom: '2024-03-05' }),
    statusBody(orgA.id, mild.id, {
      status: 'PENDING',
      validFrom: '2024-02-01',
      validTo: '2024-02-20',
    }),
    statusBody(orgB.id, worst.id, {
      status: 'CONSTRAINED',
      validFrom: '2023-12-01',
      constraintCategories: [4],
    }),
  ]) {
    const response = await coordinator.post('/api/access-statuses', {
      ...body,
      reviewState: 'VALIDATED',
    });
    expect(response.statusCode).toBe(201);
  }
}, 60_000);
afterAll(() => t.close());

describe('GET /api/stats/area-ranking', () => {
  it('refuses an asOf whose 90 days earlier falls before 1900 with 400 naming asOf (found by the fuzzer: a 500)', async () => {
    const early = await coordinator.get('/api/stats/area-ranking?asOf=1900-01-01');
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json().error.details.issues.map((issue: any) => issue.field)).toEqual([
      'querystring.asOf',
    ]);
    const earliest = await coordinator.get('/api/stats/area-ranking?asOf=1900-04-01');
    expect(earliest.statusCode, earliest.body).toBe(200);
    expect(earliest.json().comparedWith).toEqual({ days30: '1900-03-02', days90: '1900-01-01' });
  });

  it('ranks areas worst first, with trends against 30 and 90 days earlier', async () => {
    const response = await coordinator.get('/api/stats/area-ranking?asOf=2024-02-15');
    expect(response.statusCode).toBe(200);
    const ranking = response.json();
    expect(ranking.comparedWith).toEqual({ days30: '2024-01-16', days90: '2023-11-17' });
    expect(ranking.totalAreas).toBe(2);
    expect(ranking.items.map((item: { area: { name: string } }) => item.area.name)).toEqual([
      'Zeta (worst)',
      'Alpha (mild)',
    ]);
    expect(ranking.items[0]).toMatchObject({
      rank: 1,
      blockedOrganizations: 1,
      deniedOrganizations: 1,
      constrainedOrganizations: 1,
      organizations: 2,
      maxSeverity: 4,
      constraintCategories: [3, 4],
      // on 16 Jan the same: A denied, B constrained; on 17 Nov nothing yet
      trend30: 'STABLE',
      trend90: 'NEW',
    });
    expect(ranking.items[1]).toMatchObject({ rank: 2, blockedOrganizations: 0, trend30: 'NEW' });
  });

  it('marks an area improved once its denial is lifted', async () => {
    const ranking = (await coordinator.get('/api/stats/area-ranking?asOf=2024-03-10')).json();
    expect(ranking.items).toHaveLength(1);
    expect(ranking.items[0]).toMatchObject({
      area: { id: worst.id },
      blockedOrganizations: 0,
      trend30: 'IMPROVED',
    });
  });

  it('answers as known at an earlier instant, and honours the filters', async () => {
    const known = await coordinator.get(
      `/api/stats/area-ranking?asOf=2024-02-15&knownAt=${beforeAnything}`,
    );
    expect(known.json()).toMatchObject({ totalAreas: 0, items: [] });
    const pending = await coordinator.get('/api/stats/area-ranking?asOf=2024-02-15&status=PENDING');
    expect(pending.json().items.map((item: { area: { id: string } }) => item.area.id)).toEqual([
      mild.id,
    ]);
  });

  it('refuses a bad date with 400, naming the field', async () => {
    const response = await coordinator.get('/api/stats/area-ranking?asOf=2024-02-30');
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('asOf');
  });
});

describe('GET /api/changes', () => {
  it('takes knownAt: nothing recorded after it is listed', async () => {
    const before = await coordinator.get(`/api/changes?knownAt=${beforeAnything}`);
    expect(before.statusCode).toBe(200);
    expect(before.json().items).toEqual([]);
    expect((await coordinator.get('/api/changes')).json().items).toHaveLength(4);
  });

  it('lists the changes taking effect in a window (the overview at a past asOf)', async () => {
    const response = await coordinator.get(
      '/api/changes?effectiveFrom=2024-01-16&effectiveTo=2024-02-15',
    );
    expect(response.json().items.map((change: { validFrom: string }) => change.validFrom)).toEqual([
      '2024-02-01',
    ]);
  });

  it('refuses a bad window with 400', async () => {
    const response = await coordinator.get('/api/changes?effectiveFrom=yesterday');
    expect(response.statusCode).toBe(400);
    expect(JSON.stringify(response.json())).toContain('effectiveFrom');
  });
});

describe('GET /api/stats/matrix?order=worst', () => {
  it('puts the organisations and areas with the most denied or suspended cells first', async () => {
    const byName = (await coordinator.get('/api/stats/matrix?asOf=2024-02-15')).json();
    expect(byName.areas.map((area: { id: string }) => area.id)).toEqual([mild.id, worst.id]);
    const response = await coordinator.get(
      '/api/stats/matrix?asOf=2024-02-15&order=worst&maxAreas=1&maxOrganizations=1',
    );
    const matrix = response.json();
    expect(matrix.areas.map((area: { id: string }) => area.id)).toEqual([worst.id]);
    expect(matrix.organizations.map((organization: { id: string }) => organization.id)).toEqual([
      orgA.id,
    ]);
    expect(matrix.cells).toHaveLength(1);
    expect(matrix.totals.areas).toBe(2);
  });
});

describe('GET /api/stats/timeseries?from=first', () => {
  it('starts the series at the first entry, so it holds all the data', async () => {
    const series = (
      await coordinator.get('/api/stats/timeseries?from=first&to=2024-04-01&interval=month')
    ).json();
    expect(series.buckets[0].date).toBe('2023-12-01');
    expect(series.buckets[0].counts.CONSTRAINED).toBe(1);
    const filtered = (
      await coordinator.get(
        `/api/stats/timeseries?from=first&to=2024-04-01&interval=month&areaId=${mild.id}`,
      )
    ).json();
    expect(filtered.buckets[0].date).toBe('2024-02-01');
  });
});

describe('searching by any name (the dashboard comboboxes)', () => {
  it('finds an area by part of another language’s name and by the start of its p-code', async () => {
    const russian = (
      await coordinator.get(`/api/areas?q=${encodeURIComponent('лачинский')}`)
    ).json();
    expect(russian.items.map((area: { id: string }) => area.id)).toEqual([worst.id]);
    const pcode = (await coordinator.get('/api/areas?q=xy01')).json();
    expect(pcode.items.map((area: { id: string }) => area.id)).toEqual([worst.id]);
  });

  it('finds an organisation by part of an alias, of its acronym or of its IATI id', async () => {
    for (const q of ['օգնություն', 'rlf', '99001']) {
      const page = (await coordinator.get(`/api/organizations?q=${encodeURIComponent(q)}`)).json();
      expect(page.items).toHaveLength(1);
    }
  });
});

describe("the areas' names in every language travel in the CSV reports", () => {
  it('exports each language as a column tagged #loc+name+i_<language>', async () => {
    const response = await coordinator.get('/api/exports/access-statuses.csv?asOf=2024-02-15');
    expect(response.statusCode).toBe(200);
    const [header, hashtags, ...rows] = response.body.trim().split('\r\n');
    const names = header!.split(',').indexOf('area_name');
    expect(header!.split(',').slice(names, names + 3)).toEqual([
      'area_name',
      'area_name_en',
      'area_name_ru',
    ]);
    expect(hashtags!.split(',').slice(names, names + 3)).toEqual([
      '#loc+name',
      '#loc+name+i_en',
      '#loc+name+i_ru',
    ]);
    const worstRows = rows.filter((row) => row.includes(worst.id));
    expect(worstRows).toHaveLength(2);
    for (const row of worstRows)
      expect(row).toContain(`${worst.id},Zeta (worst),Zeta (worst),Лачинский коридор,ADM1`);
    const history = await coordinator.get('/api/exports/access-history.csv');
    expect(history.body.split('\r\n')[1]).toContain('#loc+name+i_ru');
  });

  it('imports a file that names the area only in Russian', async () => {
    const file = [
      'organization_name,area_name_ru,status,valid_from,reason,sensitivity',
      '#org+name,#loc+name+i_ru,#access+status,#date+start,#description+reason,#meta+sensitivity',
      'Alpha aid,Лачинский коридор,DENIED,2024-04-01,Checkpoint closed,LOW',
    ].join('\r\n');
    const response = await upload(coordinator, file);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report.summary).toMatchObject({ new: 1, errors: 0 });
    expect(report.changes[0]).toMatchObject({ action: 'NEW', status: 'DENIED' });
  });
});
