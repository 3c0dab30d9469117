import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '@access/domain';
import { clientFor, createTestApp, type Client, type TestApp } from '../support/app';
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
 * Follows and notifications (issue 18): each event reaches the followers who asked for
 * it and may see its record, and nobody else; lists and counts hold only what the reader
 * may see now.
 */

let t: TestApp;
let coordinator: Client;
let organization: string;
let otherOrganization: string;
let country: string;
let area: string;
let otherArea: string;

type Role = Parameters<typeof makeUser>[1];
type Level = Parameters<typeof makeUser>[2];

let signIns = 0;
/** A signed-in user; each from its own address, so the sign-in rate limit never trips. */
async function signIn(email: string): Promise<Client> {
  signIns += 1;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
    remoteAddress: `10.18.${Math.floor(signIns / 250)}.${signIns % 250}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((item) => item.name === 'access_session')!;
  return clientFor(t.app, {
    cookie: `access_session=${cookie.value}`,
    'x-csrf-token': response.json().csrfToken,
  });
}

async function reader(role: Role, clearance: Level, organizations: string[] = []) {
  const user = await makeUser(t.db, role, clearance, organizations);
  return { user, client: await signIn(user.email) };
}

async function follow(client: Client, body: Record<string, unknown>) {
  const response = await client.post('/api/follows', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function notificationsOf(client: Client, query = '') {
  await drainOutbox(t.db);
  const response = await client.get(`/api/notifications${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as {
    items: {
      id: string;
      type: string;
      title: string;
      link: string;
      deteriorated: boolean;
      reason: string;
      recordId: string;
    }[];
    unreadCount: number;
    nextCursor: string | null;
  };
}

/** An assessment request in `area` needing `party`'s consent. */
const requestBody = (purpose: string, party: string, sensitivity = 'LOW') => ({
  organizationId: organization,
  kind: 'ASSESSMENT_MISSION',
  areaId: area,
  requestedOn: '2024-01-01',
  purpose,
  neededPartyIds: [party],
  sensitivity,
});

/** A LOW assessment request in `area` needing `party`'s consent, recorded by the coordinator. */
async function recordRequest(purpose: string, party: string): Promise<string> {
  const created = await coordinator.post('/api/access-requests', requestBody(purpose, party));
  expect(created.statusCode, created.body).toBe(201);
  return created.json().requestId;
}

async function record(body: Record<string, unknown>) {
  const response = await coordinator.post('/api/access-statuses', body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  otherOrganization = (await makeOrganization(t.db)).id;
  country = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  area = (await makeArea(t.db, { parentId: country })).id;
  otherArea = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  coordinator = (await reader('COORDINATOR', 'SEVERE')).client;
});
afterAll(() => t.close());

describe('POST/GET/DELETE /api/follows', () => {
  it('follows an area, lists it with its name, changes its kinds, and stops', async () => {
    const { client } = await reader('VIEWER', 'LOW');
    const created = await follow(client, { targetType: 'AREA', targetId: country });
    expect(created).toMatchObject({ targetType: 'AREA', targetId: country, kinds: ['ANY_CHANGE'] });
    expect(created.targetName).toEqual(expect.any(String));
    const changed = await follow(client, {
      targetType: 'AREA',
      targetId: country,
      kinds: ['DETERIORATION', 'NEW_INCIDENT'],
    });
    expect(changed.id).toBe(created.id);
    const list = (await client.get('/api/follows')).json();
    expect(list.items).toHaveLength(1);
    expect(list.items[0].kinds).toEqual(['DETERIORATION', 'NEW_INCIDENT']);
    const filtered = (await client.get(`/api/follows?targetId=${otherArea}`)).json();
    expect(filtered.items).toEqual([]);
    expect((await client.delete(`/api/follows/${created.id}`)).statusCode).toBe(204);
    expect((await client.get('/api/follows')).json().items).toEqual([]);
  });

  it('refuses an unknown area, an empty or repeated kind list, and another reader\u2019s follow', async () => {
    const { client } = await reader('VIEWER', 'LOW');
    const unknown = await client.post('/api/follows', {
      targetType: 'AREA',
      targetId: crypto.randomUUID(),
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0].field).toBe('targetId');
    for (const kinds of [[], ['ANY_CHANGE', 'ANY_CHANGE'], ['EVERYTHING']]) {
      const refused = await client.post('/api/follows', {
        targetType: 'ORGANIZATION',
        targetId: organization,
        kinds,
      });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error.code).toBe('VALIDATION_FAILED');
    }
    const mine = await follow(client, { targetType: 'ORGANIZATION', targetId: organization });
    const { client: other } = await reader('VIEWER', 'LOW');
    expect((await other.delete(`/api/follows/${mine.id}`)).statusCode).toBe(404);
    expect((await client.get('/api/follows')).json().items).toHaveLength(1);
  });
});

describe('how many follows', () => {
  it('one person may follow at most 500 things (409 naming targetId); changing one or stopping one stays possible', async () => {
    const { user, client } = await reader('VIEWER', 'LOW');
    // 499 follows of requests (ids are not checked), written directly: 499 requests would be slow
    await t.sql(
      `INSERT INTO follows (id, user_id, target_type, target_id, kinds)
       SELECT gen_random_uuid(), $1::uuid, 'REQUEST', gen_random_uuid(), '{ANY_CHANGE}' FROM generate_series(1, 499)`,
      [user.id],
    );
    const last = await follow(client, { targetType: 'AREA', targetId: country });
    const before = await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_events');
    for (const body of [
      { targetType: 'ORGANIZATION', targetId: organization },
      { targetType: 'REQUEST', targetId: crypto.randomUUID() },
    ]) {
      const refused = await client.post('/api/follows', body);
      expect(refused.statusCode, refused.body).toBe(409);
      const { error } = refused.json();
      expect(error.code).toBe('CONFLICT');
      expect(error.message).toMatch(/500/);
      expect(error.details.issues[0].field).toBe('targetId');
    }
    const counted = await t.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM follows WHERE user_id = $1',
      [user.id],
    );
    expect(counted.rows[0]!.n).toBe(500);
    expect(
      (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM audit_events')).rows,
    ).toEqual(before.rows);
    // what an existing follow asks for can still change at the bound
    await follow(client, { targetType: 'AREA', targetId: country, kinds: ['DETERIORATION'] });
    // another user is not bound by this one's follows
    const { client: other } = await reader('VIEWER', 'LOW');
    await follow(other, { targetType: 'ORGANIZATION', targetId: organization });
    // once one is stopped, a new one is taken
    expect((await client.delete(`/api/follows/${last.id}`)).statusCode).toBe(204);
    await follow(client, { targetType: 'ORGANIZATION', targetId: organization });
  });
});

describe('the fan-out', () => {
  it('tells followers of an area (with its sub-areas), of an organisation and of a party, each once', async () => {
    const party = (await makeParty(t.db)).id;
    const { client: byCountry } = await reader('VIEWER', 'LOW');
    const { client: byOrganization } = await reader('VIEWER', 'LOW');
    const { client: byParty } = await reader('VIEWER', 'LOW');
    const { client: byBoth } = await reader('VIEWER', 'LOW');
    const { client: elsewhere } = await reader('VIEWER', 'LOW');
    await follow(byCountry, { targetType: 'AREA', targetId: country });
    await follow(byOrganization, { targetType: 'ORGANIZATION', targetId: organization });
    await follow(byParty, { targetType: 'PARTY', targetId: party });
    await follow(byBoth, { targetType: 'AREA', targetId: area });
    await follow(byBoth, { targetType: 'ORGANIZATION', targetId: organization });
    await follow(elsewhere, { targetType: 'AREA', targetId: otherArea });
    const version = await record(
      statusBody(organization, area, {
        status: 'DENIED',
        validFrom: '2024-01-01',
        terms: [{ type: 'PERMIT', grantingPartyId: party }],
      }),
    );
    for (const client of [byCountry, byOrganization, byParty, byBoth]) {
      const { items, unreadCount } = await notificationsOf(client);
      expect(items).toHaveLength(1);
      expect(unreadCount).toBe(1);
      expect(items[0]).toMatchObject({
        type: 'access_status.recorded',
        reason: 'FOLLOW',
        recordId: version.id,
        link: `/history?organizationId=${organization}&areaId=${area}`,
      });
      expect(items[0]!.title).toContain('Denied');
      expect(items[0]!.title).not.toContain('DENIED');
    }
    expect((await notificationsOf(elsewhere)).items).toEqual([]);
  });

  it('tells a follower only of records within their clearance, and a deterioration only as their timeline shows it', async () => {
    const pairArea = (await makeArea(t.db, { parentId: country })).id;
    const { client: low } = await reader('VIEWER', 'LOW');
    const { client: severe } = await reader('VIEWER', 'SEVERE');
    const { client: lowWorse } = await reader('VIEWER', 'LOW');
    const { client: severeWorse } = await reader('VIEWER', 'SEVERE');
    for (const client of [low, severe])
      await follow(client, { targetType: 'AREA', targetId: pairArea });
    for (const client of [lowWorse, severeWorse])
      await follow(client, { targetType: 'AREA', targetId: pairArea, kinds: ['DETERIORATION'] });
    await record(statusBody(organization, pairArea, { status: 'FULL', validFrom: '2024-01-01' }));
    // SEVERE only: DENIED after FULL at SEVERE; nothing at LOW
    const hidden = await record(
      statusBody(organization, pairArea, {
        status: 'DENIED',
        validFrom: '2024-02-01',
        sensitivity: 'SEVERE',
      }),
    );
    // LOW: CONSTRAINED after FULL is worse at LOW; after DENIED at SEVERE it is better
    const visible = await record(
      statusBody(organization, pairArea, { status: 'CONSTRAINED', validFrom: '2024-03-01' }),
    );
    const lowIds = (await notificationsOf(low)).items.map((item) => item.recordId);
    expect(lowIds).not.toContain(hidden.id);
    expect(lowIds).toContain(visible.id);
    expect((await notificationsOf(severe)).items.map((item) => item.recordId)).toContain(hidden.id);
    expect((await notificationsOf(lowWorse)).items.map((item) => item.recordId)).toEqual([
      visible.id,
    ]);
    expect((await notificationsOf(severeWorse)).items.map((item) => item.recordId)).toEqual([
      hidden.id,
    ]);
    const [seen] = (await notificationsOf(lowWorse)).items;
    expect(seen!.deteriorated).toBe(true);
  });

  it('tells a NEW_INCIDENT follower of a new incident and not of its correction', async () => {
    const incidentArea = (await makeArea(t.db, { parentId: country })).id;
    const { client } = await reader('VIEWER', 'MODERATE');
    await follow(client, { targetType: 'AREA', targetId: incidentArea, kinds: ['NEW_INCIDENT'] });
    const recorded = await coordinator.post(
      '/api/incidents',
      incidentBody(organization, incidentArea),
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const corrected = await coordinator.post(
      `/api/incidents/versions/${recorded.json().id}/corrections`,
      {
        ...incidentBody(organization, incidentArea, {
          description: 'Corrected',
          correctionNote: 'typo',
        }),
        organizationId: undefined,
      },
    );
    const { items } = await notificationsOf(client);
    expect(items.map((item) => item.type)).toEqual(['incident.recorded']);
    expect(items[0]!.link).toBe(`/incidents/${recorded.json().incidentId}`);
    expect(corrected.statusCode, corrected.body).toBe(201);
  });

  it("tells an editor of their own entry validated and returned, without a follow, and other organisations' editors nothing", async () => {
    const { user, client: editor } = await reader('EDITOR', 'HIGH', [organization]);
    const { client: otherEditor } = await reader('EDITOR', 'HIGH', [otherOrganization]);
    await follow(otherEditor, { targetType: 'AREA', targetId: otherArea });
    const proposed = await editor.post(
      '/api/access-statuses',
      statusBody(organization, otherArea, { validFrom: '2023-01-01' }),
    );
    const validated = await coordinator.post(
      `/api/access-statuses/${proposed.json().id}/validation`,
      {},
    );
    expect(validated.statusCode, validated.body).toBe(201);
    const second = await editor.post(
      '/api/access-statuses',
      statusBody(organization, otherArea, { validFrom: '2023-06-01' }),
    );
    const returned = await coordinator.post(`/api/access-statuses/${second.json().id}/return`, {
      note: 'Which source?',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    const { items } = await notificationsOf(editor);
    expect(items.map((item) => [item.type, item.reason])).toEqual([
      ['access_status.returned', 'OWN_ENTRY'],
      ['access_status.validated', 'OWN_ENTRY'],
    ]);
    expect(items[0]!.link).toBe('/my-entries');
    expect(user.id).toEqual(expect.any(String));
    // the other editor follows the area: the validation, not the returned proposal
    expect((await notificationsOf(otherEditor)).items.map((item) => item.type)).toEqual([
      'access_status.validated',
    ]);
  });

  it('forgets a notification from list and count once its reader may no longer see the record', async () => {
    const pairArea = (await makeArea(t.db, { parentId: country })).id;
    const { user, client } = await reader('VIEWER', 'HIGH');
    await follow(client, { targetType: 'AREA', targetId: pairArea });
    await record(statusBody(organization, pairArea, { sensitivity: 'HIGH' }));
    expect((await notificationsOf(client)).unreadCount).toBe(1);
    await t.db.user.update({ where: { id: user.id }, data: { clearance: 'LOW' } });
    const again = await signIn(user.email);
    const after = await notificationsOf(again);
    expect([after.items, after.unreadCount]).toEqual([[], 0]);
  });
});

describe('GET /api/notifications and marking read', () => {
  it('pages newest first, marks one and all read, and refuses another reader\u2019s notification with 404', async () => {
    const pairArea = (await makeArea(t.db, { parentId: country })).id;
    const { client } = await reader('VIEWER', 'LOW');
    const { client: other } = await reader('VIEWER', 'LOW');
    await follow(client, { targetType: 'AREA', targetId: pairArea });
    for (const [index, validFrom] of ['2024-01-01', '2024-02-01', '2024-03-01'].entries()) {
      await record(
        statusBody(organization, pairArea, { validFrom, status: index % 2 ? 'FULL' : 'DENIED' }),
      );
    }
    const first = await notificationsOf(client, '?limit=2');
    expect([first.items.length, first.unreadCount]).toEqual([2, 3]);
    const rest = await notificationsOf(client, `?limit=2&cursor=${first.nextCursor}`);
    expect([rest.items.length, rest.nextCursor]).toEqual([1, null]);
    const target = first.items[0]!.id;
    expect((await other.post(`/api/notifications/${target}/read`)).statusCode).toBe(404);
    const marked = await client.post(`/api/notifications/${target}/read`);
    expect([marked.statusCode, marked.json().marked]).toEqual([200, 1]);
    expect((await client.post(`/api/notifications/${target}/read`)).json().marked).toBe(0);
    expect((await client.get('/api/notifications/unread-count')).json().unreadCount).toBe(2);
    expect((await notificationsOf(client, '?unread=true')).items).toHaveLength(2);
    expect((await client.post('/api/notifications/read')).json().marked).toBe(2);
    expect((await client.get('/api/notifications/unread-count')).json().unreadCount).toBe(0);
    const badCursor = await client.get('/api/notifications?cursor=nope!');
    expect(badCursor.statusCode).toBe(400);
    expect((await t.anonymous.get('/api/notifications')).statusCode).toBe(401);
  });
});

describe('e-mail settings', () => {
  it('keeps the choice, says e-mail is off on a server without SMTP, and refuses a forged unsubscribe token', async () => {
    const { client } = await reader('VIEWER', 'LOW');
    expect((await client.get('/api/notifications/settings')).json()).toEqual({
      emailMode: 'OFF',
      emailAvailable: false,
    });
    const saved = await client.request({
      method: 'PUT',
      url: '/api/notifications/settings',
      payload: { emailMode: 'DAILY' },
    });
    expect(saved.json()).toEqual({ emailMode: 'DAILY', emailAvailable: false });
    const bad = await client.request({
      method: 'PUT',
      url: '/api/notifications/settings',
      payload: { emailMode: 'WEEKLY' },
    });
    expect(bad.statusCode).toBe(400);
    const forged = await t.anonymous.post('/api/notifications/unsubscribe', { token: 'abc.def' });
    expect(forged.statusCode).toBe(400);
    expect(forged.json().error.details.issues[0].field).toBe('token');
  });
});

describe('consents answered', () => {
  it('tells followers of the request and of the party of an answer they may see, and not of one above them', async () => {
    const party = (await makeParty(t.db)).id;
    const { client: byRequest } = await reader('VIEWER', 'LOW');
    const { client: byParty } = await reader('VIEWER', 'LOW');
    const { client: anyChangeOfArea } = await reader('VIEWER', 'LOW');
    const requestId = await recordRequest('Needs assessment', party);
    await follow(byRequest, { targetType: 'REQUEST', targetId: requestId });
    await follow(byParty, { targetType: 'PARTY', targetId: party, kinds: ['CONSENT_ANSWERED'] });
    await follow(anyChangeOfArea, { targetType: 'AREA', targetId: otherArea });
    const answer = (stance: string, sensitivity: string, statedOn: string) =>
      coordinator.post(`/api/access-requests/${requestId}/positions`, {
        partyId: party,
        stance,
        statedOn,
        sensitivity,
      });
    // a request sent and a reminder with no answer are no answers: nobody is told
    expect((await answer('REQUESTED', 'LOW', '2024-01-15')).statusCode).toBe(201);
    expect((await answer('NO_RESPONSE', 'LOW', '2024-01-25')).statusCode).toBe(201);
    expect((await answer('REFUSED', 'SEVERE', '2024-02-01')).statusCode).toBe(201);
    const granted = await answer('GRANTED', 'LOW', '2024-03-01');
    expect(granted.statusCode, granted.body).toBe(201);
    for (const client of [byRequest, byParty]) {
      const { items } = await notificationsOf(client);
      expect(items.map((item) => [item.type, item.link])).toEqual([
        ['request.consent_answered', `/requests/${requestId}`],
      ]);
    }
    expect((await notificationsOf(anyChangeOfArea)).items).toEqual([]);
  });
});

describe('a follow made while an event waits in the outbox', () => {
  it('is not told of the event: a follow tells of what happens after it', async () => {
    const party = (await makeParty(t.db)).id;
    const { client } = await reader('VIEWER', 'LOW');
    const requestId = await recordRequest('Queued before the follow', party);
    await drainOutbox(t.db);
    await follow(client, { targetType: 'REQUEST', targetId: requestId });
    // the worker may have fanned the event out already: put it back in the queue, as if
    // it had not yet been reached when the follow was made
    const requeued = await t.db.$executeRaw`
      UPDATE outbox_events SET fanned_out_at = NULL WHERE request_id = ${requestId}::uuid`;
    expect(requeued).toBeGreaterThan(0);
    expect((await notificationsOf(client)).items).toEqual([]);
    const answered = await coordinator.post(`/api/access-requests/${requestId}/positions`, {
      partyId: party,
      stance: 'GRANTED',
      statedOn: '2024-02-01',
      sensitivity: 'LOW',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    expect((await notificationsOf(client)).items.map((item) => item.type)).toEqual([
      'request.consent_answered',
    ]);
  });
});

describe("a request's own versions", () => {
  it('tell the followers of its area, organisation, parties or itself who may see the version, and its editor of their proposal validated or returned', async () => {
    const party = (await makeParty(t.db)).id;
    const { client: byArea } = await reader('VIEWER', 'LOW');
    const { client: byParty } = await reader('VIEWER', 'LOW');
    const { client: severeByArea } = await reader('VIEWER', 'SEVERE');
    const { client: elsewhere } = await reader('VIEWER', 'LOW');
    await follow(byArea, { targetType: 'AREA', targetId: country });
    await follow(byParty, { targetType: 'PARTY', targetId: party });
    await follow(severeByArea, { targetType: 'AREA', targetId: country });
    await follow(elsewhere, { targetType: 'AREA', targetId: otherArea });
    const body = (sensitivity: string, purpose: string) => requestBody(purpose, party, sensitivity);
    const low = await coordinator.post('/api/access-requests', body('LOW', 'Open assessment'));
    expect(low.statusCode, low.body).toBe(201);
    const hidden = await coordinator.post('/api/access-requests', body('SEVERE', 'Hidden talks'));
    expect(hidden.statusCode, hidden.body).toBe(201);
    // an editor's two proposals: one validated, one returned
    const { user: editor, client: editorClient } = await reader('EDITOR', 'LOW', [organization]);
    const propose = async (purpose: string) => {
      const response = await editorClient.post('/api/access-requests', {
        ...body('LOW', purpose),
        reviewState: 'SUBMITTED',
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json() as { id: string; requestId: string };
    };
    const review = async (id: string, decision: 'validation' | 'return') => {
      const response = await coordinator.request({
        method: 'POST',
        url: `/api/access-requests/versions/${id}/${decision}`,
        payload: decision === 'return' ? { note: 'Say which road' } : {},
        headers: { 'if-match': `"${id}"` },
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    const toValidate = await propose('Proposed, then validated');
    const toReturn = await propose('Proposed, then returned');
    await review(toValidate.id, 'validation');
    await review(toReturn.id, 'return');
    const seen = async (client: Client) =>
      (await notificationsOf(client)).items.map((item) => `${item.type} ${item.link}`).sort();
    const lowNews = [
      `request.recorded /requests/${low.json().requestId}`,
      `request.validated /requests/${toValidate.requestId}`,
    ].sort();
    expect(await seen(byArea)).toEqual(lowNews);
    expect(await seen(byParty)).toEqual(lowNews);
    expect(await seen(severeByArea)).toEqual(
      [...lowNews, `request.recorded /requests/${hidden.json().requestId}`].sort(),
    );
    expect(await seen(elsewhere)).toEqual([]);
    // the editor: their proposal validated and returned (their own entries), nothing else
    const editorClientNews = await notificationsOf(editorClient);
    expect(
      editorClientNews.items.map((item) => `${item.type} ${item.reason} ${item.link}`).sort(),
    ).toEqual(
      [
        `request.returned OWN_ENTRY /my-entries`,
        `request.validated OWN_ENTRY /requests/${toValidate.requestId}`,
      ].sort(),
    );
    const titles = editorClientNews.items.map((item) => item.title).join('\n');
    expect(titles).toContain('Access request validated');
    expect(titles).toContain('Your access request entry was returned');
    expect(editor.id).toEqual(expect.any(String));
  });
});
