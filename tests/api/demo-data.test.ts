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
    const requests = await t.db.consentPositionVersion.count();
    expect(await seedDemoData(t.db)).toEqual({ created: 0 });
    expect(await t.db.accessStatusVersion.count()).toBe(before);
    expect(await t.db.consentPositionVersion.count()).toBe(requests);
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

  // issue 16: the requests behind the report, and each party's consent
  it('answers which requests are waiting on Azerbaijan on 1 March 2023, and for how long', async () => {
    const azerbaijan = (await coordinator.get('/api/parties?q=Azerbaijan')).json().items[0].id;
    const board = await coordinator.get(
      `/api/access-requests/consent-board?waitingOn=${azerbaijan}&asOf=2023-03-01`,
    );
    expect(board.statusCode, board.body).toBe(200);
    expect(
      board
        .json()
        .items.map((item: any) => [
          item.kind,
          item.area.name,
          item.party.name,
          item.waitingSince,
          item.daysWaited,
        ]),
    ).toEqual([
      [
        'FACT_FINDING_MISSION',
        'Lachin corridor',
        'Government of the Republic of Azerbaijan',
        '2023-02-01',
        28,
      ],
    ]);
    const listed = await coordinator.get(
      `/api/access-requests?waitingOn=${azerbaijan}&asOf=2023-03-01`,
    );
    expect(
      listed.json().items.map((item: any) => [item.request.kind, item.state, item.daysWaited]),
    ).toEqual([['FACT_FINDING_MISSION', 'PENDING', 28]]);
    // the UN agencies' presence was refused by both governments: it waits on nobody
    const refused = await coordinator.get(`/api/access-requests?state=REFUSED&asOf=2023-03-01`);
    expect(refused.json().items.map((item: any) => item.request.organization.acronym)).toEqual([
      'OCHA',
    ]);
  });

  it("answers what was known about the Lachin mission's consents on 1 March 2023, with sources", async () => {
    const lachin = (await coordinator.get('/api/areas?q=Lachin')).json().items[0].id;
    const [mission] = (await coordinator.get(`/api/access-requests?areaId=${lachin}`)).json().items;
    const known = await coordinator.get(
      `/api/access-requests/${mission.request.requestId}?asOf=2023-03-01&knownAt=${new Date().toISOString()}`,
    );
    expect(known.statusCode, known.body).toBe(200);
    const answer = known.json();
    expect(answer.state).toBe('PENDING');
    expect(
      answer.consents.map((c: any) => [c.party.name, c.stance, c.since, c.daysWaited]),
    ).toEqual([
      ['Government of the Republic of Azerbaijan', 'REQUESTED', '2023-02-01', 28],
      ['Government of the Republic of Armenia', 'REQUESTED', '2023-02-01', 28],
    ]);
    expect(answer.request.sources[0].publisher).toBe('ArmInfo, citing RIA Novosti');
    for (const position of answer.positions)
      expect(position.sources[0].publisher).toBe('ArmInfo, citing RIA Novosti');
    // the viewer (MODERATE) does not learn of the SEVERE mission at all
    const viewer = await t.signIn('viewer@demo.local');
    expect((await viewer.get(`/api/access-requests/${mission.request.requestId}`)).statusCode).toBe(
      404,
    );
  });

  it('tells the peacekeeping proposal as pending a Security Council mandate, and the contingent as granted under the 9 November 2020 statement', async () => {
    const items = (await coordinator.get('/api/access-requests?asOf=2023-03-01')).json().items;
    const byParty = (name: string) =>
      items.filter((item: any) => item.consents.some((c: any) => c.party.name === name));
    const [mandate] = byParty('United Nations Security Council');
    expect([mandate.state, mandate.consents[0].stance]).toEqual(['PENDING', null]);
    const contingent = items.find((item: any) =>
      item.request.organization.name.startsWith('Russian'),
    );
    expect(contingent.state).toBe('GRANTED');
    expect(contingent.consents[0].conditions[0].note).toContain('statement');
    expect(contingent.request.accessStatusVersionId).toEqual(expect.any(String));
  });
});
