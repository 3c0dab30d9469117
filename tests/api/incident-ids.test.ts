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
