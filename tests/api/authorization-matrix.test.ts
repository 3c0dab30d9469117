import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  incidentBody,
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * Every route of the OpenAPI document × every role, against this table. A route added
 * without an entry here fails the test, and so does an entry for a route that is gone.
 *
 *   A  allowed (any answer but 401 and 403)
 *   U  401: sign in first
 *   F  403: the role or organisation may not
 *   H  404: the thing does not exist for this user
 */
const ROLES = ['anonymous', 'viewer', 'editorA', 'editorB', 'coordinator', 'admin'] as const;
type Role = (typeof ROLES)[number];

interface Fixture {
  organizationA: string;
  areaId: string;
  partyId: string;
  versionA: () => Promise<string>;
  adminTokenId: () => Promise<string>;
  importJobId: string;
  userId: string;
  nextDay: () => string;
  incidentA: string;
  incidentVersionA: () => Promise<string>;
  /** a coordinator's webhook endpoint, and a fresh one to delete for each request */
  webhookId: string;
  newWebhookId: () => Promise<string>;
}

interface Entry {
  expect: string;
  path?: (f: Fixture) => Promise<string> | string;
  body?: (f: Fixture) => unknown;
  freshSession?: boolean;
}

const TABLE: Record<string, Entry> = {
  // requests (issue 16): a LOW request of organisation A, recorded by the coordinator
  'GET /api/exports/access-requests.csv': { expect: 'U A A A A A' },
  // no file: allowed roles get a 400 (reachable), viewers a 403
  'POST /api/imports/access-requests': { expect: 'U F A A A A' },
  'GET /api/access-requests': { expect: 'U A A A A A' },
  'GET /api/access-requests/consent-board': { expect: 'U A A A A A' },
  'GET /api/access-requests/party-figures': { expect: 'U A A A A A' },
  'GET /api/access-requests/review-queue': { expect: 'U F F F A A' },
  'GET /api/access-requests/{id}': {
    expect: 'U A A A A A',
    path: async (f) => `/api/access-requests/${(await requestOf(f)).requestId}`,
  },
  'GET /api/access-requests/{id}/history': {
    expect: 'U A A A A A',
    path: async (f) => `/api/access-requests/${(await requestOf(f)).requestId}/history`,
  },
  'POST /api/access-requests': {
    expect: 'U F A F A A',
    body: (f) => accessRequestBody(f),
  },
  'POST /api/access-requests/{id}/positions': {
    expect: 'U F A F A A',
    path: async (f) => `/api/access-requests/${(await requestOf(f)).requestId}/positions`,
    body: (f) => ({
      partyId: f.partyId,
      stance: 'REQUESTED',
      statedOn: '2024-01-02',
      sensitivity: 'LOW',
    }),
  },
  'POST /api/access-requests/versions/{id}/corrections': {
    expect: 'U F A F A A',
    path: async (f) =>
      `/api/access-requests/versions/${await latestValidated('access_request_versions', 'request_id', (await requestOf(f)).requestId)}/corrections`,
    body: (f) => {
      const { organizationId: _lead, ...correction } = accessRequestBody(f);
      return correction;
    },
  },
  'POST /api/access-requests/positions/versions/{id}/corrections': {
    expect: 'U F A F A A',
    path: async (f) =>
      `/api/access-requests/positions/versions/${await latestValidated('consent_position_versions', 'position_id', (await requestOf(f)).positionId)}/corrections`,
    body: () => ({ stance: 'REFUSED', statedOn: '2024-01-03', sensitivity: 'LOW' }),
  },
  // validated versions: allowed roles reach a 409 (only a proposal can be decided)
  'POST /api/access-requests/versions/{id}/validation': {
    expect: 'U F F F A A',
    path: async (f) =>
      `/api/access-requests/versions/${await latestValidated('access_request_versions', 'request_id', (await requestOf(f)).requestId)}/validation`,
    body: () => ({}),
  },
  'POST /api/access-requests/versions/{id}/return': {
    expect: 'U F F F A A',
    path: async (f) =>
      `/api/access-requests/versions/${await latestValidated('access_request_versions', 'request_id', (await requestOf(f)).requestId)}/return`,
    body: () => ({ note: 'why?' }),
  },
  'POST /api/access-requests/positions/versions/{id}/validation': {
    expect: 'U F F F A A',
    path: async (f) =>
      `/api/access-requests/positions/versions/${await latestValidated('consent_position_versions', 'position_id', (await requestOf(f)).positionId)}/validation`,
    body: () => ({}),
  },
  'POST /api/access-requests/positions/versions/{id}/return': {
    expect: 'U F F F A A',
    path: async (f) =>
      `/api/access-requests/positions/versions/${await latestValidated('consent_position_versions', 'position_id', (await requestOf(f)).positionId)}/return`,
    body: () => ({ note: 'why?' }),
  },
  'GET /api/health': { expect: 'A A A A A A' },
  // a malformed body: reachable by anyone, and a wrong password would answer 401 by design
  'POST /api/auth/login': {
    expect: 'A A A A A A',
    body: () => ({ email: 'not an e-mail', password: 'x' }),
  },
  'POST /api/auth/logout': { expect: 'U A A A A A', freshSession: true },
  'GET /api/me': { expect: 'U A A A A A' },
  // every signed-in role sets its own language (issue 15)
  'PUT /api/me/preferences': { expect: 'U A A A A A', body: () => ({ locale: 'fr' }) },
  'GET /api/api-tokens': { expect: 'U A A A A A' },
  'POST /api/api-tokens': { expect: 'U A A A A A', body: () => ({ name: 'matrix' }) },
  'DELETE /api/api-tokens/{id}': {
    expect: 'U H H H H A',
    path: async (f) => `/api/api-tokens/${await f.adminTokenId()}`,
  },
  'GET /api/users': { expect: 'U F F F F A' },
  'POST /api/users': {
    expect: 'U F F F F A',
    body: () => ({
      email: `u${Math.random()}@test.local`,
      displayName: 'New',
      password: 'long-enough-password',
      role: 'VIEWER',
      clearance: 'LOW',
    }),
  },
  'PATCH /api/users/{id}': {
    expect: 'U F F F F A',
    path: (f) => `/api/users/${f.userId}`,
    body: () => ({ displayName: 'Renamed' }),
  },
  'GET /api/organizations': { expect: 'U A A A A A' },
  'GET /api/organizations/{id}': {
    expect: 'U A A A A A',
    path: (f) => `/api/organizations/${f.organizationA}`,
  },
  'POST /api/organizations': {
    expect: 'U F F F F A',
    body: () => ({ name: `Org ${Math.random()}`, typeCode: 441 }),
  },
  'PATCH /api/organizations/{id}': {
    expect: 'U F F F F A',
    path: (f) => `/api/organizations/${f.organizationA}`,
    body: () => ({ aliases: ['x'] }),
  },
  'GET /api/areas': { expect: 'U A A A A A' },
  'GET /api/areas/{id}': { expect: 'U A A A A A', path: (f) => `/api/areas/${f.areaId}` },
  'GET /api/areas/{id}/subtree': {
    expect: 'U A A A A A',
    path: (f) => `/api/areas/${f.areaId}/subtree`,
  },
  'POST /api/areas': {
    expect: 'U F F F F A',
    body: () => ({ kind: 'CUSTOM', names: [{ lang: 'en', name: 'New area' }] }),
  },
  'PATCH /api/areas/{id}': {
    expect: 'U F F F F A',
    path: (f) => `/api/areas/${f.areaId}`,
    body: () => ({ disputed: true }),
  },
  'GET /api/areas/shapes': { expect: 'U A A A A A' },
  'POST /api/areas/shapes': {
    expect: 'U F F F F A',
    path: () => '/api/areas/shapes?source=matrix',
    body: () => ({
      type: 'FeatureCollection',
      features: [
        {
          type: 'Feature',
          properties: { pcode: 'MATRIX-NONE' },
          geometry: {
            type: 'Polygon',
            coordinates: [
              [
                [45, 40],
                [46, 40],
                [46, 41],
                [45, 40],
              ],
            ],
          },
        },
      ],
    }),
  },
  'GET /api/parties': { expect: 'U A A A A A' },
  // notifications (issue 18): everyone signed in has their own; another's id is 404
  'GET /api/follows': { expect: 'U A A A A A' },
  'POST /api/follows': {
    expect: 'U A A A A A',
    body: (f) => ({ targetType: 'AREA', targetId: f.areaId }),
  },
  'DELETE /api/follows/{id}': {
    expect: 'U H H H H H',
    path: () => `/api/follows/${crypto.randomUUID()}`,
  },
  'GET /api/notifications': { expect: 'U A A A A A' },
  'GET /api/notifications/unread-count': { expect: 'U A A A A A' },
  'POST /api/notifications/read': { expect: 'U A A A A A' },
  'POST /api/notifications/{id}/read': {
    expect: 'U H H H H H',
    path: () => `/api/notifications/${crypto.randomUUID()}/read`,
  },
  'GET /api/notifications/settings': { expect: 'U A A A A A' },
  'PUT /api/notifications/settings': {
    expect: 'U A A A A A',
    body: () => ({ emailMode: 'DAILY' }),
  },
  // signed links work without signing in: a forged token is a 400 for anyone
  'POST /api/notifications/unsubscribe': {
    expect: 'A A A A A A',
    body: () => ({ token: 'forged.token' }),
  },
  'GET /api/parties/{id}': { expect: 'U A A A A A', path: (f) => `/api/parties/${f.partyId}` },
  'POST /api/parties': {
    expect: 'U F F F F A',
    body: () => ({ name: `Party ${Math.random()}`, kind: 'OTHER' }),
  },
  'PATCH /api/parties/{id}': {
    expect: 'U F F F F A',
    path: (f) => `/api/parties/${f.partyId}`,
    body: () => ({ note: 'x' }),
  },
  'GET /api/access-statuses': { expect: 'U A A A A A' },
  'GET /api/access-statuses/history': {
    expect: 'U A A A A A',
    path: (f) =>
      `/api/access-statuses/history?organizationId=${f.organizationA}&areaId=${f.areaId}`,
  },
  'GET /api/access-statuses/timeline': {
    expect: 'U A A A A A',
    path: (f) =>
      `/api/access-statuses/timeline?organizationId=${f.organizationA}&areaId=${f.areaId}`,
  },
  'GET /api/access-statuses/{id}': {
    expect: 'U A A A A A',
    path: async (f) => `/api/access-statuses/${await f.versionA()}`,
  },
  'POST /api/access-statuses': {
    expect: 'U F A F A A',
    body: (f) => statusBody(f.organizationA, f.areaId, { validFrom: f.nextDay() }),
  },
  'POST /api/access-statuses/{id}/corrections': {
    expect: 'U F A F A A',
    path: async (f) => `/api/access-statuses/${await f.versionA()}/corrections`,
    body: (f) => ({ status: 'DENIED', validFrom: f.nextDay(), reason: 'fix', sensitivity: 'LOW' }),
  },
  'POST /api/access-statuses/{id}/validation': {
    expect: 'U F F F A A',
    path: async (f) => `/api/access-statuses/${await f.versionA()}/validation`,
    body: () => ({}),
  },
  'POST /api/access-statuses/{id}/return': {
    expect: 'U F F F A A',
    path: async (f) => `/api/access-statuses/${await f.versionA()}/return`,
    body: () => ({ note: 'why?' }),
  },
  'GET /api/changes': { expect: 'U A A A A A' },
  'GET /api/reconciliation-queue': { expect: 'U F F F A A' },
  // nothing kept below anyone's level in this fixture: allowed roles reach a 404
  'POST /api/access-statuses/{id}/reconciliation': {
    expect: 'U F F F A A',
    path: async (f) => `/api/access-statuses/${await f.versionA()}/reconciliation`,
    body: () => ({ note: 'seen' }),
  },
  'GET /api/review-queue': { expect: 'U F F F A A' },
  'GET /api/my-entries': { expect: 'U A A A A A' },
  'GET /api/stats/timeseries': { expect: 'U A A A A A' },
  'GET /api/stats/matrix': { expect: 'U A A A A A' },
  'GET /api/stats/area-ranking': { expect: 'U A A A A A' },
  'GET /api/stats/incidents': { expect: 'U A A A A A' },
  'GET /api/audit-events': { expect: 'U F F F A A' },
  'GET /api/exports/access-statuses.csv': { expect: 'U A A A A A' },
  'GET /api/exports/access-history.csv': { expect: 'U A A A A A' },
  'GET /api/exports/incidents.csv': { expect: 'U A A A A A' },
  // no file: allowed roles get a 400 (reachable), viewers a 403
  'POST /api/imports': { expect: 'U F A A A A' },
  // no file: allowed roles get a 400 (reachable), viewers a 403
  'POST /api/imports/incidents': { expect: 'U F A A A A' },
  // a job of the editor of A: others who are neither coordinator nor administrator do not see it
  'GET /api/imports/{id}': { expect: 'U H A H A A', path: (f) => `/api/imports/${f.importJobId}` },
  'GET /api/incidents': { expect: 'U A A A A A' },
  'GET /api/incidents/review-queue': { expect: 'U F F F A A' },
  'GET /api/incidents/my-entries': { expect: 'U A A A A A' },
  'GET /api/incidents/{id}': {
    expect: 'U A A A A A',
    path: (f) => `/api/incidents/${f.incidentA}`,
  },
  'GET /api/incidents/{id}/history': {
    expect: 'U A A A A A',
    path: (f) => `/api/incidents/${f.incidentA}/history`,
  },
  'POST /api/incidents': {
    expect: 'U F A F A A',
    body: (f) => incidentBody(f.organizationA, f.areaId),
  },
  'POST /api/incidents/versions/{id}/corrections': {
    expect: 'U F A F A A',
    path: async (f) => `/api/incidents/versions/${await f.incidentVersionA()}/corrections`,
    body: (f) => {
      const { organizationId: _recorder, ...correction } = incidentBody(f.organizationA, f.areaId);
      return correction;
    },
  },
  // a validated version: allowed roles reach a 409 (only a proposal can be decided)
  'POST /api/incidents/versions/{id}/validation': {
    expect: 'U F F F A A',
    path: async (f) => `/api/incidents/versions/${await f.incidentVersionA()}/validation`,
    body: () => ({}),
  },
  'POST /api/incidents/versions/{id}/return': {
    expect: 'U F F F A A',
    path: async (f) => `/api/incidents/versions/${await f.incidentVersionA()}/return`,
    body: () => ({ note: 'why?' }),
  },
  // webhooks: administrators and coordinators (their own; another's reads as 404)
  'GET /api/webhooks': { expect: 'U F F F A A' },
  'POST /api/webhooks': {
    expect: 'U F F F A A',
    body: () => ({ url: 'https://93.184.216.34/hook', events: ['*'], secret: WEBHOOK_SECRET }),
  },
  'GET /api/webhooks/{id}': { expect: 'U F F F A A', path: (f) => `/api/webhooks/${f.webhookId}` },
  'PATCH /api/webhooks/{id}': {
    expect: 'U F F F A A',
    path: (f) => `/api/webhooks/${f.webhookId}`,
    body: () => ({ description: 'renamed' }),
  },
  'DELETE /api/webhooks/{id}': {
    expect: 'U F F F A A',
    path: async (f) => `/api/webhooks/${await f.newWebhookId()}`,
  },
  'GET /api/webhooks/{id}/deliveries': {
    expect: 'U F F F A A',
    path: (f) => `/api/webhooks/${f.webhookId}/deliveries`,
  },
  // feeds: every signed-in user (or API token), holding what they may see
  'GET /api/feeds/areas/{id}.atom': {
    expect: 'U A A A A A',
    path: (f) => `/api/feeds/areas/${f.areaId}.atom`,
  },
  'GET /api/feeds/organizations/{id}.atom': {
    expect: 'U A A A A A',
    path: (f) => `/api/feeds/organizations/${f.organizationA}.atom`,
  },
};

const WEBHOOK_SECRET = 'matrix-webhook-secret-long-enough';

let t: TestApp;
const emails = {} as Record<Exclude<Role, 'anonymous'>, string>;
const clients = {} as Record<Role, Client>;
let fixture: Fixture;

beforeAll(async () => {
  t = await createTestApp();
  const organizationA = (await makeOrganization(t.db)).id;
  const organizationB = (await makeOrganization(t.db)).id;
  const areaId = (await makeArea(t.db)).id;
  const users = {
    viewer: await makeUser(t.db, 'VIEWER', 'SEVERE'),
    editorA: await makeUser(t.db, 'EDITOR', 'SEVERE', [organizationA]),
    editorB: await makeUser(t.db, 'EDITOR', 'SEVERE', [organizationB]),
    coordinator: await makeUser(t.db, 'COORDINATOR', 'SEVERE'),
    admin: await makeUser(t.db, 'ADMIN', 'SEVERE'),
  };
  clients.anonymous = t.anonymous;
  for (const [role, user] of Object.entries(users)) {
    emails[role as keyof typeof emails] = user.email;
    clients[role as Role] = await t.signIn(user.email, TEST_PASSWORD);
  }
  let dayOffset = 0;
  const nextDay = () =>
    new Date(Date.UTC(2030, 0, 1) + ++dayOffset * 86_400_000).toISOString().slice(0, 10);
  await clients.coordinator.post(
    '/api/access-statuses',
    statusBody(organizationA, areaId, { validFrom: nextDay() }),
  );
  const incidentA = (
    await clients.coordinator.post('/api/incidents', incidentBody(organizationA, areaId))
  ).json().incidentId as string;
  const newWebhookId = async () =>
    (
      await clients.coordinator.post('/api/webhooks', {
        url: 'https://93.184.216.34/hook',
        events: ['*'],
        secret: WEBHOOK_SECRET,
      })
    ).json().id as string;
  fixture = {
    webhookId: await newWebhookId(),
    newWebhookId,
    incidentA,
    // the incident's latest validated version, whatever earlier requests did to it
    incidentVersionA: async () =>
      (
        await t.sql<{ id: string }>(
          `SELECT id::text FROM incident_versions WHERE incident_id = $1 AND review_state = 'VALIDATED'
           ORDER BY recorded_at DESC, id DESC LIMIT 1`,
          [incidentA],
        )
      ).rows[0]!.id,
    organizationA,
    areaId,
    partyId: (await makeParty(t.db)).id,
    userId: users.viewer.id,
    nextDay,
    // the pair's current validated version, whatever earlier requests did to it (an
    // editor's proposal would be hidden from the other organisation's editor: 404, not 403)
    versionA: async () =>
      (await t.db.accessStatusVersion.findFirst({
        where: {
          organizationId: organizationA,
          reviewState: 'VALIDATED',
          supersededBy: { none: {} },
        },
        orderBy: { validFrom: 'desc' },
      }))!.id,
    adminTokenId: async () =>
      (await clients.admin.post('/api/api-tokens', { name: 'to revoke' })).json().id,
    importJobId: (
      await t.db.importJob.create({
        data: {
          createdById: users.editorA.id,
          filename: 'a.csv',
          dryRun: true,
          status: 'DONE',
          clearance: users.editorA.clearance,
        },
      })
    ).id,
  };
});
afterAll(() => t.close());

describe('authorization matrix', () => {
  it('has an entry for every route in the OpenAPI document, and none for a route that is gone', async () => {
    const document = (await t.anonymous.get('/api/openapi.json')).json();
    const routes = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(routes.length).toBeGreaterThan(30);
    expect(
      routes.filter((route) => !(route in TABLE)),
      'routes missing from TABLE',
    ).toEqual([]);
    expect(
      Object.keys(TABLE).filter((route) => !routes.includes(route)),
      'TABLE entries for unknown routes',
    ).toEqual([]);
  });

  for (const [route, entry] of Object.entries(TABLE)) {
    it(`${route}: ${entry.expect}`, async () => {
      const [method, template] = route.split(' ') as [string, string];
      const expected = entry.expect.split(' ');
      const outcomes: string[] = [];
      for (const role of ROLES) {
        const client =
          entry.freshSession && role !== 'anonymous'
            ? await t.signIn(emails[role], TEST_PASSWORD)
            : clients[role];
        const url = entry.path ? await entry.path(fixture) : template;
        const response = await client.request({
          method: method as 'GET',
          url,
          ...(entry.body ? { payload: entry.body(fixture) as object } : {}),
        });
        expect(response.statusCode, `${role}: ${response.body}`).toBeLessThan(500);
        outcomes.push(
          response.statusCode === 401
            ? 'U'
            : response.statusCode === 403
              ? 'F'
              : response.statusCode === 404
                ? 'H'
                : 'A',
        );
        if (
          response.statusCode === 401 ||
          response.statusCode === 403 ||
          response.statusCode === 404
        ) {
          expect(response.json().error.code).toEqual(expect.any(String));
        }
      }
      // A 404 counts as "allowed" where the table expects A (e.g. nothing to find), but never where it expects U or F.
      expect(
        outcomes
          .map((outcome, index) => (outcome === 'H' && expected[index] === 'A' ? 'A' : outcome))
          .join(' '),
      ).toBe(entry.expect);
    });
  }
});

/** A request body of organisation A needing the fixture's party (issue 16). */
function accessRequestBody(f: Fixture) {
  return {
    organizationId: f.organizationA,
    kind: 'ASSESSMENT_MISSION',
    areaId: f.areaId,
    requestedOn: '2024-01-01',
    purpose: 'Matrix',
    neededPartyIds: [f.partyId],
    sensitivity: 'LOW',
  };
}

let matrixRequest: Promise<{ requestId: string; positionId: string }> | undefined;
/** Organisation A's request with one position, recorded once by the coordinator. */
function requestOf(f: Fixture) {
  matrixRequest ??= (async () => {
    const { requestId } = (
      await clients.coordinator.post('/api/access-requests', accessRequestBody(f))
    ).json();
    const { positionId } = (
      await clients.coordinator.post(`/api/access-requests/${requestId}/positions`, {
        partyId: f.partyId,
        stance: 'REQUESTED',
        statedOn: '2024-01-01',
        sensitivity: 'LOW',
      })
    ).json();
    return { requestId, positionId };
  })();
  return matrixRequest;
}

/** The latest validated version of a request or a position, whatever earlier requests did to it. */
async function latestValidated(table: string, column: string, id: string): Promise<string> {
  return (
    await t.sql<{ id: string }>(
      `SELECT id::text FROM ${table} WHERE ${column} = $1 AND review_state = 'VALIDATED'
       ORDER BY recorded_at DESC, id DESC LIMIT 1`,
      [id],
    )
  ).rows[0]!.id;
}
