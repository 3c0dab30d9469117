import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';

/**
 * An incident's id outlives its first version. Were it time-ordered (UUID v7, as version
 * ids are), a reader cleared below the first version would read from the id when the
 * incident was first recorded above their clearance, once a later version is declassified.
 */

let t: TestApp;
let coordinator: Client;
let viewer: Client;
let organization: string;
let area: string;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  area = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

it('gives a declassified incident an id that carries no time of its hidden first version', async () => {
  const severe = await coordinator.post('/api/incidents', {
    organizationId: organization,
    occurredOn: '2024-05-03',
    areaId: area,
    category: 6,
    subType: 'STAFF_ABDUCTED',
    impacts: ['SUSPENDED'],
    sectors: ['HEA'],
    description: 'Recorded at SEVERE first',
    sources: [{ title: 'Security report' }],
    sensitivity: 'SEVERE',
  });
  expect(severe.statusCode).toBe(201);
  const { id: versionId, incidentId } = severe.json();
  expect((await viewer.get(`/api/incidents/${incidentId}`)).statusCode).toBe(404);

  const declassified = await coordinator.post(`/api/incidents/versions/${versionId}/corrections`, {
    occurredOn: '2024-05-03',
    areaId: area,
    category: 6,
    subType: 'STAFF_ABDUCTED',
    impacts: ['SUSPENDED'],
    sectors: ['HEA'],
    description: 'Declassified',
    sources: [{ title: 'Security report' }],
    sensitivity: 'LOW',
  });
  expect(declassified.statusCode).toBe(201);
  const seen = await viewer.get(`/api/incidents/${incidentId}`);
  expect(seen.statusCode).toBe(200);
  expect(seen.json().description).toBe('Declassified');
  // RFC 9562: the version nibble is the 13th hex digit; 4 is random, 7 time-ordered
  expect(incidentId[14]).toBe('4');
});

it("keeps an editor's incident proposals from viewers and other organisations' editors", async () => {
  const editor = await t.signIn(
    (await makeUser(t.db, 'EDITOR', 'HIGH', [organization])).email,
    TEST_PASSWORD,
  );
  const otherEditor = await t.signIn(
    (await makeUser(t.db, 'EDITOR', 'SEVERE', [(await makeOrganization(t.db)).id])).email,
    TEST_PASSWORD,
  );
  const entry = {
    organizationId: organization,
    occurredOn: '2024-06-01',
    areaId: area,
    category: 4,
    subType: 'CHECKPOINT',
    impacts: ['DELAYED'],
    sectors: ['FSC'],
    description: 'Convoy held at a checkpoint',
    sources: [{ title: 'Field report' }],
    sensitivity: 'LOW',
  };
  for (const reviewState of ['SUBMITTED', 'DRAFT'] as const) {
    const proposed = await editor.post('/api/incidents', { ...entry, reviewState });
    expect(proposed.statusCode).toBe(201);
    const { incidentId } = proposed.json();
    const path = `/api/incidents/${incidentId}/history?includeProposals=true`;
    // rows of the incident a reader is shown: none when it does not exist for them (404)
    const rowsFor = async (reader: Client) => {
      const history = await reader.get(path);
      if (history.statusCode === 404) return 0;
      expect(history.statusCode).toBe(200);
      return history.json().items.length as number;
    };
    expect(await rowsFor(editor)).toBe(1);
    // a reviewer reads what was submitted for review, never another's draft
    expect(await rowsFor(coordinator)).toBe(reviewState === 'DRAFT' ? 0 : 1);
    expect(await rowsFor(viewer)).toBe(0);
    expect(await rowsFor(otherEditor)).toBe(0);
  }
});

it('counts an incident dated 1900 without refusing the default period, and forgets its month once corrected', async () => {
  const body = {
    organizationId: organization,
    occurredOn: '1900-01-01',
    areaId: area,
    category: 2,
    subType: 'OTHER',
    impacts: ['DELAYED'],
    sectors: ['FSC'],
    description: 'Date typed wrong',
    sources: [{ title: 'Field report' }],
    sensitivity: 'LOW',
  };
  const recorded = await coordinator.post('/api/incidents', body);
  expect(recorded.statusCode).toBe(201);
  const counts = async () => {
    const response = await viewer.get(`/api/stats/incidents?areaId=${area}&category=2`);
    expect(response.statusCode).toBe(200);
    return response.json() as { total: number; months: { month: string; total: number }[] };
  };
  const before = await counts();
  expect(before.total).toBe(1);
  expect(before.months.length).toBeLessThanOrEqual(1200);
  const { organizationId: _recorder, ...fields } = body;
  const corrected = await coordinator.post(
    `/api/incidents/versions/${recorded.json().id}/corrections`,
    { ...fields, occurredOn: '2026-10-01' },
  );
  expect(corrected.statusCode).toBe(201);
  const after = await counts();
  expect(after.total).toBe(1);
  expect(after.months[0]!.month).toBe('2026-10-01');
  expect(after.months.find((month) => month.month === '2026-10-01')!.total).toBe(1);
});
