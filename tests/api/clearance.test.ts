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
let viewer: Client;
let editorA: Client;
let organizationA: string;
let organizationB: string;
let areaId: string;
let severeVersion: string;
let lowVersionB: string;

beforeAll(async () => {
  t = await createTestApp();
  organizationA = (await makeOrganization(t.db, { name: 'Org A' })).id;
  organizationB = (await makeOrganization(t.db, { name: 'Org B' })).id;
  areaId = (await makeArea(t.db)).id;
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'MODERATE')).email, TEST_PASSWORD);
  editorA = await t.signIn(
    (await makeUser(t.db, 'EDITOR', 'HIGH', [organizationA])).email,
    TEST_PASSWORD,
  );
  severeVersion = (
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organizationA, areaId, { status: 'DENIED', sensitivity: 'SEVERE' }),
    )
  ).json().id;
  lowVersionB = (
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organizationB, areaId, { status: 'FULL', sensitivity: 'LOW' }),
    )
  ).json().id;
});
afterAll(() => t.close());

describe('clearance', () => {
  it("hides records above a user's clearance from every read, aggregates included", async () => {
    const reads = {
      list: async (client: Client) =>
        (await client.get(`/api/access-statuses?asOf=2024-02-01`))
          .json()
          .items.map((item: any) => item.id),
      history: async (client: Client) =>
        (
          await client.get(
            `/api/access-statuses/history?organizationId=${organizationA}&areaId=${areaId}`,
          )
        )
          .json()
          .items.map((item: any) => item.id),
      changes: async (client: Client) =>
        (await client.get(`/api/changes`)).json().items.map((item: any) => item.versionId),
      matrix: async (client: Client) =>
        (await client.get(`/api/stats/matrix?asOf=2024-02-01`))
          .json()
          .cells.map((cell: any) => cell.versionId),
      timeseries: async (client: Client) => {
        const bucket = (
          await client.get(`/api/stats/timeseries?from=2024-02-01&to=2024-02-01&interval=day`)
        ).json().buckets[0];
        return Object.entries(bucket.counts).flatMap(([status, n]) =>
          Array(n as number).fill(status),
        );
      },
    };
    expect(await reads.list(coordinator)).toEqual(
      expect.arrayContaining([severeVersion, lowVersionB]),
    );
    expect(await reads.list(viewer)).toEqual([lowVersionB]);
    expect(await reads.history(coordinator)).toEqual([severeVersion]);
    expect(await reads.history(viewer)).toEqual([]);
    expect(await reads.changes(coordinator)).toContain(severeVersion);
    expect(await reads.changes(viewer)).toEqual([lowVersionB]);
    expect(await reads.matrix(viewer)).toEqual([lowVersionB]);
    expect((await reads.timeseries(coordinator)).sort()).toEqual(['DENIED', 'FULL']);
    expect(await reads.timeseries(viewer)).toEqual(['FULL']);
  });

  it('answers 404, not 403, when a record above clearance is asked for directly', async () => {
    const direct = await viewer.get(`/api/access-statuses/${severeVersion}`);
    expect(direct.statusCode).toBe(404);
    expect(
      (
        await editorA.post(`/api/access-statuses/${severeVersion}/corrections`, {
          status: 'FULL',
          validFrom: '2024-01-01',
          reason: 'x',
          sensitivity: 'LOW',
        })
      ).statusCode,
    ).toBe(404);
  });

  it('does not let a user record what they could not see afterwards', async () => {
    const response = await editorA.post(
      '/api/access-statuses',
      statusBody(organizationA, (await makeArea(t.db)).id, { sensitivity: 'SEVERE' }),
    );
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe('sensitivity');
  });
});

describe('editors', () => {
  it('cannot write for another organisation by any route, whatever ids the body carries', async () => {
    const before = await t.db.accessStatusVersion.count();
    const forB = await editorA.post(
      '/api/access-statuses',
      statusBody(organizationB, areaId, { validFrom: '2024-05-01' }),
    );
    expect(forB.statusCode).toBe(403);
    const correctB = await editorA.post(`/api/access-statuses/${lowVersionB}/corrections`, {
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'x',
      sensitivity: 'LOW',
    });
    expect(correctB.statusCode).toBe(403);
    const smuggled = await editorA.post(`/api/access-statuses/${lowVersionB}/corrections`, {
      organizationId: organizationA,
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'x',
      sensitivity: 'LOW',
    });
    expect(smuggled.statusCode).toBe(400);
    const validate = await editorA.post(`/api/access-statuses/${lowVersionB}/validation`, {});
    expect(validate.statusCode).toBe(403);
    const selfValidate = await editorA.post(
      '/api/access-statuses',
      statusBody(organizationA, (await makeArea(t.db)).id, { reviewState: 'VALIDATED' }),
    );
    expect(selfValidate.statusCode).toBe(400);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it("submit their own organisation's entries for review", async () => {
    const response = await editorA.post(
      '/api/access-statuses',
      statusBody(organizationA, (await makeArea(t.db)).id),
    );
    expect(response.statusCode).toBe(201);
    expect(response.json().reviewState).toBe('SUBMITTED');
  });
});
