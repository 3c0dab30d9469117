import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoData } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';

let t: TestApp;
let coordinator: Client;
let nagornoKarabakhId: string;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  coordinator = await t.signIn('coordinator@demo.local');
  const areas = await coordinator.get('/api/areas?q=Nagorno-Karabakh');
  nagornoKarabakhId = areas.json().items[0].id;
});
afterAll(() => t.close());

describe('the demo data set', () => {
  it('answers who had access to Nagorno-Karabakh (with the Lachin corridor) on 1 March 2023, with sources', async () => {
    const response = await coordinator.get(
      `/api/access-statuses?areaId=${nagornoKarabakhId}&asOf=2023-03-01`,
    );
    expect(response.statusCode).toBe(200);
    // Ordered by organisation name, then area name, in byte order.
    const rows = response
      .json()
      .items.map((item: any) => [
        item.organization.acronym ?? item.organization.name,
        item.area.name,
        item.status,
      ]);
    expect(rows).toEqual([
      ['ICRC', 'Nagorno-Karabakh', 'CONSTRAINED'],
      ['UNHCR', 'Nagorno-Karabakh', 'DENIED'],
      ['Proposed UN fact-finding mission to the Lachin corridor', 'Lachin corridor', 'PENDING'],
      [
        'Proposed multinational UN peacekeeping mission for Nagorno-Karabakh',
        'Nagorno-Karabakh',
        'PENDING',
      ],
      ['Russian peacekeeping contingent in Nagorno-Karabakh', 'Lachin corridor', 'FULL'],
      ['Russian peacekeeping contingent in Nagorno-Karabakh', 'Nagorno-Karabakh', 'FULL'],
      ['OCHA', 'Nagorno-Karabakh', 'DENIED'],
    ]);
    for (const item of response.json().items) {
      expect(item.sources[0].publisher).toBe('ArmInfo, citing RIA Novosti');
    }
  });

  it("dates the peacekeepers' period from the 9 November 2020 statement, their legal reference", async () => {
    const response = await coordinator.get(
      `/api/access-statuses?areaId=${nagornoKarabakhId}&asOf=2021-06-01`,
    );
    const items = response.json().items;
    expect(items).toHaveLength(2);
    const peacekeepers = items.find((item: any) => item.area.name === 'Nagorno-Karabakh');
    expect(peacekeepers.validFrom).toBe('2020-11-09');
    expect(peacekeepers.terms.map((term: any) => term.legalReference)).toEqual(
      Array(3).fill(expect.stringContaining('9 November 2020')),
    );
    expect(peacekeepers.terms.map((term: any) => term.grantingParty.name)).toContain(
      'Government of the Republic of Azerbaijan',
    );
  });

  it("keeps the disputed territory's names in English, Armenian, Azerbaijani and Russian", async () => {
    const area = (await coordinator.get(`/api/areas/${nagornoKarabakhId}`)).json();
    expect(area.disputed).toBe(true);
    expect(new Set(area.names.map((name: any) => name.lang))).toEqual(
      new Set(['en', 'hy', 'az', 'ru']),
    );
    expect(area.names.map((name: any) => name.name)).toEqual(
      expect.arrayContaining(['Լեռնային Ղարաբաղ', 'Dağlıq Qarabağ', 'Нагорный Карабах']),
    );
  });

  it('is idempotent: seeding again creates nothing', async () => {
    const before = await t.db.accessStatusVersion.count();
    expect(await seedDemoData(t.db)).toEqual({ created: 0 });
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it("hides the viewer's above-clearance records (the viewer is cleared to MODERATE)", async () => {
    const viewer = await t.signIn('viewer@demo.local');
    const response = await viewer.get(
      `/api/access-statuses?areaId=${nagornoKarabakhId}&asOf=2023-03-01`,
    );
    const sensitivities = response.json().items.map((item: any) => item.sensitivity);
    expect(sensitivities.length).toBe(4);
    expect(sensitivities.every((level: string) => level === 'LOW' || level === 'MODERATE')).toBe(
      true,
    );
  });
});
