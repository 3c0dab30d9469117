import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * Requests for access and each party's consent (issue 16): bitemporal positions, a state
 * derived from them, proposals decided by coordinators, and nothing above a reader's
 * clearance in any answer.
 */

let t: TestApp;
let coordinator: Client;
let lowCoordinator: Client;
let editor: Client;
let otherEditor: Client;
let viewer: Client;
let organization: string;
let otherOrganization: string;
let area: string;
let baku: string;
let yerevan: string;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  otherOrganization = (await makeOrganization(t.db, { typeCode: 447 })).id;
  area = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  baku = (await makeParty(t.db)).id;
  yerevan = (await makeParty(t.db)).id;
  const signIn = async (
    ...args: Parameters<typeof makeUser> extends [unknown, ...infer R] ? R : never
  ) => t.signIn((await makeUser(t.db, ...args)).email, TEST_PASSWORD);
  coordinator = await signIn('COORDINATOR', 'SEVERE');
  lowCoordinator = await signIn('COORDINATOR', 'LOW');
  editor = await signIn('EDITOR', 'HIGH', [organization]);
  otherEditor = await signIn('EDITOR', 'HIGH', [otherOrganization]);
  viewer = await signIn('VIEWER', 'HIGH');
});
afterAll(() => t.close());

function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    organizationId: organization,
    kind: 'ASSESSMENT_MISSION',
    areaId: area,
    requestedOn: '2023-01-10',
    periodFrom: '2023-02-01',
    periodTo: '2023-02-14',
    purpose: 'A needs-assessment mission',
    neededPartyIds: [baku, yerevan],
    sources: [{ title: 'Field report', publishedOn: '2023-01-11' }],
    sensitivity: 'LOW',
    ...overrides,
  };
}

function position(
  partyId: string,
  stance: string,
  statedOn: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    partyId,
    stance,
    statedOn,
    sensitivity: 'LOW',
    sources: [{ title: 'Letter' }],
    ...overrides,
  };
}

async function createRequest(overrides: Record<string, unknown> = {}) {
  const created = await coordinator.post('/api/access-requests', requestBody(overrides));
  expect(created.statusCode, created.body).toBe(201);
  return created.json() as { id: string; requestId: string };
}

describe('POST /api/access-requests and positions', () => {
  it('derives pending, then granted, then refused from the parties’ positions over valid time', async () => {
    const { requestId } = await createRequest();
    for (const body of [
      position(baku, 'REQUESTED', '2023-01-10'),
      position(yerevan, 'REQUESTED', '2023-01-12'),
      position(yerevan, 'GRANTED_WITH_CONDITIONS', '2023-02-01', {
        conditions: [{ type: 'NOTIFICATION', grantingPartyId: yerevan, note: 'notify 48 h ahead' }],
      }),
      position(baku, 'NO_RESPONSE', '2023-02-10'),
      position(baku, 'GRANTED', '2023-03-01'),
      position(yerevan, 'WITHDRAWN', '2023-04-01', { reason: 'security' }),
    ]) {
      const recorded = await coordinator.post(`/api/access-requests/${requestId}/positions`, body);
      expect(recorded.statusCode, recorded.body).toBe(201);
    }
    const on = async (asOf: string) =>
      (await viewer.get(`/api/access-requests/${requestId}?asOf=${asOf}`)).json();
    const early = await on('2023-01-11');
    expect(early.state).toBe('PENDING');
    expect(
      early.consents.map((c: { stance: string | null; daysWaited: number | null }) => [
        c.stance,
        c.daysWaited,
      ]),
    ).toEqual([
      ['REQUESTED', 1],
      [null, null],
    ]);
    const february = await on('2023-02-20');
    expect(february.state).toBe('PENDING');
    expect(february.daysWaited).toBe(41); // Baku asked on 10 January, no response since
    expect(february.consents[0]).toMatchObject({
      stance: 'NO_RESPONSE',
      waitingSince: '2023-01-10',
    });
    expect(february.consents[1]).toMatchObject({
      stance: 'GRANTED_WITH_CONDITIONS',
      daysWaited: null,
    });
    expect(february.consents[1].conditions[0]).toMatchObject({
      type: 'NOTIFICATION',
      note: 'notify 48 h ahead',
    });
    expect((await on('2023-03-15')).state).toBe('GRANTED');
    expect((await on('2023-04-02')).state).toBe('REFUSED');
    const detail = await on('2023-04-02');
    expect(detail.positions).toHaveLength(6);
    expect(detail.positions[0]).toMatchObject({
      stance: 'REQUESTED',
      statedOn: '2023-01-10',
      until: '2023-02-10',
    });
  });

  it('leaves a request out of the list, the board and the report on days before it was made, and shows it by id', async () => {
    const place = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
    const { requestId } = await createRequest({ areaId: place, requestedOn: '2023-01-10' });
    const on = async (asOf: string) => {
      const list = (await viewer.get(`/api/access-requests?areaId=${place}&asOf=${asOf}`)).json();
      const board = (
        await viewer.get(`/api/access-requests/consent-board?areaId=${place}&asOf=${asOf}`)
      ).json();
      const csv = await viewer.get(`/api/exports/access-requests.csv?areaId=${place}&asOf=${asOf}`);
      expect(csv.statusCode, csv.body).toBe(200);
      return {
        listed: list.items.map((item: any) => item.request.requestId),
        waiting: [...new Set(board.items.map((item: any) => item.requestId))],
        reported: csv.body.includes(requestId),
      };
    };
    expect(await on('2023-01-09')).toEqual({ listed: [], waiting: [], reported: false });
    expect(await on('2023-01-10')).toEqual({
      listed: [requestId],
      waiting: [requestId],
      reported: true,
    });
    // asked for by id, it is shown on any day
    expect((await viewer.get(`/api/access-requests/${requestId}?asOf=2023-01-09`)).statusCode).toBe(
      200,
    );
  });

  it('lists requests waiting on a party, and the consent board puts the longest wait first', async () => {
    const older = await createRequest({ requestedOn: '2022-05-01', purpose: 'older' });
    const newer = await createRequest({ requestedOn: '2022-06-01', purpose: 'newer' });
    await coordinator.post(
      `/api/access-requests/${older.requestId}/positions`,
      position(baku, 'REQUESTED', '2022-05-01'),
    );
    await coordinator.post(
      `/api/access-requests/${newer.requestId}/positions`,
      position(baku, 'REQUESTED', '2022-06-01'),
    );
    await coordinator.post(
      `/api/access-requests/${newer.requestId}/positions`,
      position(yerevan, 'REFUSED', '2022-06-05'),
    );
    const waiting = await viewer.get(`/api/access-requests?waitingOn=${baku}&asOf=2022-07-01`);
    expect(waiting.statusCode, waiting.body).toBe(200);
    const ids = waiting
      .json()
      .items.map((item: { request: { requestId: string } }) => item.request.requestId);
    expect(ids).toContain(older.requestId);
    expect(ids).not.toContain(newer.requestId); // refused by Yerevan: no longer pending
    const board = await viewer.get(
      `/api/access-requests/consent-board?asOf=2022-07-01&partyId=${baku}`,
    );
    expect(board.statusCode, board.body).toBe(200);
    const first = board.json().items[0];
    expect(first).toMatchObject({
      requestId: older.requestId,
      daysWaited: 61,
      waitingSince: '2022-05-01',
    });
    expect(first.party.id).toBe(baku);
    const figures = await viewer.get(
      `/api/access-requests/party-figures?from=2022-01-01&to=2022-12-31&partyId=${yerevan}`,
    );
    expect(figures.statusCode, figures.body).toBe(200);
    expect(figures.json().items[0]).toMatchObject({ answered: 1, refused: 1, refusalRate: 1 });
  });

  it('refuses a position of a party the request does not need, with the field, and changes nothing', async () => {
    const { requestId } = await createRequest();
    const stranger = (await makeParty(t.db)).id;
    const refused = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(stranger, 'GRANTED', '2023-02-01'),
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.json().error.details.issues[0].field).toBe('partyId');
    const history = (await coordinator.get(`/api/access-requests/${requestId}/history`)).json();
    expect(history.positions).toHaveLength(0);
  });
});

describe("a position's day and its request's", () => {
  it('refuses a position dated before its request, and a request corrected to after a position on it, by every path, naming the field and changing nothing', async () => {
    const { id, requestId } = await createRequest({ requestedOn: '2023-01-10' });
    const before = await t.db.consentPositionVersion.count();
    // recorded before the request was made
    const early = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'GRANTED', '2023-01-09'),
    );
    expect(early.statusCode, early.body).toBe(400);
    expect(early.json().error.details.issues[0]).toMatchObject({ field: 'statedOn' });
    expect(early.json().error.message).toContain('2023-01-10');
    // on the day itself: taken
    const onTheDay = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'REQUESTED', '2023-01-10'),
    );
    expect(onTheDay.statusCode, onTheDay.body).toBe(201);
    // corrected to before it
    const corrected = await coordinator.post(
      `/api/access-requests/positions/versions/${onTheDay.json().id}/corrections`,
      { ...position(baku, 'REQUESTED', '1990-01-01'), partyId: undefined },
    );
    expect(corrected.statusCode, corrected.body).toBe(400);
    expect(corrected.json().error.details.issues[0]).toMatchObject({ field: 'statedOn' });
    // the request corrected to a day after that position
    const { organizationId: _o, ...content } = requestBody({ requestedOn: '2023-01-11' });
    const moved = await coordinator.post(
      `/api/access-requests/versions/${id}/corrections`,
      content,
    );
    expect(moved.statusCode, moved.body).toBe(400);
    expect(moved.json().error.details.issues[0]).toMatchObject({ field: 'requestedOn' });
    expect(await t.db.consentPositionVersion.count()).toBe(before + 1);
    // the party figures never count a negative wait
    const figures = (
      await coordinator.get(
        `/api/access-requests/party-figures?from=1900-01-01&to=2023-12-31&partyId=${baku}`,
      )
    ).json();
    for (const item of figures.items)
      expect(item.medianDaysToAnswer ?? 0).toBeGreaterThanOrEqual(0);
  });
});

describe("a position's day and its request's, through review and by writers cleared lower", () => {
  it("refuses to validate an editor's proposal that would date the request after a position on it (409), and lets a writer who cannot see a position move the day", async () => {
    const { id, requestId } = await createRequest({ requestedOn: '2023-01-10' });
    // the editor proposes a later day while no position exists
    const { organizationId: _o, ...content } = requestBody({ requestedOn: '2023-02-01' });
    const proposed = await editor.post(`/api/access-requests/versions/${id}/corrections`, content);
    expect(proposed.statusCode, proposed.body).toBe(201);
    // then a coordinator records a position before that day
    const answered = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'GRANTED', '2023-01-20'),
    );
    expect(answered.statusCode, answered.body).toBe(201);
    const validated = await coordinator.post(
      `/api/access-requests/versions/${proposed.json().id}/validation`,
      {},
    );
    expect(validated.statusCode, validated.body).toBe(409);
    expect(validated.json().error.message).toContain('2023-01-20');
    // a LOW coordinator does not see a SEVERE position: its day does not hold them back
    const hidden = await createRequest({ requestedOn: '2023-03-01' });
    const severe = await coordinator.post(
      `/api/access-requests/${hidden.requestId}/positions`,
      position(baku, 'REFUSED', '2023-03-02', { sensitivity: 'SEVERE' }),
    );
    expect(severe.statusCode, severe.body).toBe(201);
    const { organizationId: _p, ...later } = requestBody({ requestedOn: '2023-03-05' });
    const moved = await lowCoordinator.post(
      `/api/access-requests/versions/${hidden.id}/corrections`,
      later,
    );
    expect(moved.statusCode, moved.body).toBe(201);
  });
});

describe('asOf and knownAt', () => {
  it('answers what was known at an instant: a correction recorded later does not change the earlier answer', async () => {
    const { requestId } = await createRequest();
    const asked = (
      await coordinator.post(
        `/api/access-requests/${requestId}/positions`,
        position(baku, 'REFUSED', '2023-02-01', { reason: 'no' }),
      )
    ).json();
    const before = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const corrected = await coordinator.request({
      method: 'POST',
      url: `/api/access-requests/positions/versions/${asked.id}/corrections`,
      payload: {
        stance: 'GRANTED',
        statedOn: '2023-02-01',
        sensitivity: 'LOW',
        correctionNote: 'misread the letter',
      },
      headers: { 'if-match': `"${asked.id}"` },
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const then = (
      await viewer.get(`/api/access-requests/${requestId}?asOf=2023-03-01&knownAt=${before}`)
    ).json();
    expect([then.state, then.consents[0].stance, then.positions.length]).toEqual([
      'REFUSED',
      'REFUSED',
      1,
    ]);
    const now = (await viewer.get(`/api/access-requests/${requestId}?asOf=2023-03-01`)).json();
    expect([now.state, now.consents[0].stance]).toEqual(['PENDING', 'GRANTED']);
    // the old version is kept, replaced by the correction
    const history = (await viewer.get(`/api/access-requests/${requestId}/history`)).json();
    expect(history.positions.map((p: any) => [p.stance, p.supersededById !== null])).toEqual([
      ['REFUSED', true],
      ['GRANTED', false],
    ]);
    // a stale If-Match is refused and changes nothing
    const stale = await coordinator.request({
      method: 'POST',
      url: `/api/access-requests/positions/versions/${asked.id}/corrections`,
      payload: { stance: 'REFUSED', statedOn: '2023-02-01', sensitivity: 'LOW' },
      headers: { 'if-match': `"${asked.id}"` },
    });
    expect(stale.statusCode).toBe(412);
    // before the request was recorded, nothing was known of it
    expect(
      (await viewer.get(`/api/access-requests/${requestId}?knownAt=2020-01-01T00:00:00Z`))
        .statusCode,
    ).toBe(404);
  });
});

describe('clearance and review', () => {
  it("keeps an editor's request and position proposals out of everyone's answers until a coordinator validates them", async () => {
    const proposed = await editor.post('/api/access-requests', requestBody());
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({ reviewState: 'SUBMITTED', proposal: true });
    const { requestId, id } = proposed.json();
    expect((await viewer.get(`/api/access-requests/${requestId}`)).statusCode).toBe(404);
    expect(
      (await otherEditor.get(`/api/access-requests/${requestId}/history?includeProposals=true`))
        .statusCode,
    ).toBe(404);
    // its organisation's editors see it with includeProposals
    const own = (
      await editor.get(`/api/access-requests/${requestId}/history?includeProposals=true`)
    ).json();
    expect(own.versions.map((v: any) => v.id)).toEqual([id]);
    // another organisation's editor may not record on it, nor a viewer propose
    expect((await otherEditor.post('/api/access-requests', requestBody())).statusCode).toBe(403);
    const validated = await coordinator.post(`/api/access-requests/versions/${id}/validation`, {});
    expect(validated.statusCode, validated.body).toBe(201);
    expect((await viewer.get(`/api/access-requests/${requestId}`)).statusCode).toBe(200);
    const refusal = await editor.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'REFUSED', '2023-02-01'),
    );
    expect(refusal.json()).toMatchObject({ reviewState: 'SUBMITTED', proposal: true });
    expect(
      (await viewer.get(`/api/access-requests/${requestId}?asOf=2023-03-01`)).json().state,
    ).toBe('PENDING');
    const returned = await coordinator.post(
      `/api/access-requests/positions/versions/${refusal.json().id}/return`,
      {},
    );
    expect(returned.statusCode).toBe(400); // a return says why
    expect(
      (
        await coordinator.post(
          `/api/access-requests/positions/versions/${refusal.json().id}/validation`,
          {},
        )
      ).statusCode,
    ).toBe(201);
    expect(
      (await viewer.get(`/api/access-requests/${requestId}?asOf=2023-03-01`)).json().state,
    ).toBe('REFUSED');
  });

  it("heads an editor's list with their organisation's request proposals (includeProposals), each with the state its validated positions give it, and nobody else's", async () => {
    const place = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
    const listed = async (client: Client, query = '') =>
      (
        await client.get(`/api/access-requests?areaId=${place}&asOf=2023-03-01&limit=50${query}`)
      ).json().items as any[];
    const summary = (items: any[]) =>
      items.map((item) => [item.request.purpose, item.request.proposal, item.state]);
    // a validated request Baku refused, and an editor's correction of it, waiting
    const validated = await createRequest({ areaId: place, purpose: 'Validated' });
    const refusal = await coordinator.post(
      `/api/access-requests/${validated.requestId}/positions`,
      position(baku, 'REFUSED', '2023-02-01'),
    );
    expect(refusal.statusCode, refusal.body).toBe(201);
    const { organizationId: _lead, ...correctionBody } = requestBody({
      areaId: place,
      purpose: 'Validated, corrected',
    });
    const correction = await editor.request({
      method: 'POST',
      url: `/api/access-requests/versions/${validated.id}/corrections`,
      payload: { ...correctionBody, correctionNote: 'the period was wrong' },
      headers: { 'if-match': `"${validated.id}"` },
    });
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json()).toMatchObject({ proposal: true, reviewState: 'SUBMITTED' });
    // and a new request the editor proposed, requested later: nobody has answered it
    const proposed = await editor.post(
      '/api/access-requests',
      requestBody({ areaId: place, purpose: 'Proposed', requestedOn: '2023-01-20' }),
    );
    expect(proposed.statusCode, proposed.body).toBe(201);

    const own = await listed(editor, '&includeProposals=true');
    expect(summary(own)).toEqual([
      ['Proposed', true, 'PENDING'],
      ['Validated, corrected', true, 'REFUSED'],
      ['Validated', false, 'REFUSED'],
    ]);
    // the new one waits on both parties, who have not answered; the correction has Baku's refusal
    expect(own[0].consents.map((c: any) => [c.party.id, c.stance])).toEqual([
      [baku, null],
      [yerevan, null],
    ]);
    expect(own[1].consents.map((c: any) => [c.party.id, c.stance])).toEqual([
      [baku, 'REFUSED'],
      [yerevan, null],
    ]);
    // the list's filters hold for them too
    expect(summary(await listed(editor, '&includeProposals=true&state=PENDING'))).toEqual([
      ['Proposed', true, 'PENDING'],
    ]);
    // without the flag, and as known at an instant: the validated one alone
    expect(summary(await listed(editor))).toEqual([['Validated', false, 'REFUSED']]);
    const known = new Date().toISOString();
    expect(summary(await listed(editor, `&includeProposals=true&knownAt=${known}`))).toEqual([
      ['Validated', false, 'REFUSED'],
    ]);
    // another organisation's editor and a viewer see none of them
    for (const other of [otherEditor, viewer])
      expect(summary(await listed(other, '&includeProposals=true'))).toEqual([
        ['Validated', false, 'REFUSED'],
      ]);
    // once validated, the new request is listed once, as a request, after the proposal left
    const decided = await coordinator.post(
      `/api/access-requests/versions/${proposed.json().id}/validation`,
      {},
    );
    expect(decided.statusCode, decided.body).toBe(201);
    expect(summary(await listed(editor, '&includeProposals=true'))).toEqual([
      ['Validated, corrected', true, 'REFUSED'],
      ['Proposed', false, 'PENDING'],
      ['Validated', false, 'REFUSED'],
    ]);
  });

  it('lists the submitted request and position proposals a coordinator may decide, oldest first, each with its request, and drops each once decided', async () => {
    const queue = async (client: Client) =>
      (await client.get('/api/access-requests/review-queue')).json();
    const before = (await queue(coordinator)).items.length;
    const proposed = (
      await editor.post('/api/access-requests', requestBody({ purpose: 'Queued request' }))
    ).json();
    const draft = await editor.post(
      '/api/access-requests',
      requestBody({ purpose: 'Kept as a draft', reviewState: 'DRAFT' }),
    );
    expect(draft.statusCode, draft.body).toBe(201);
    const secret = (
      await editor.post(
        '/api/access-requests',
        requestBody({ purpose: 'Above a LOW coordinator', sensitivity: 'HIGH' }),
      )
    ).json();
    const { requestId } = await createRequest({ purpose: 'Answered by an editor' });
    const answer = (
      await editor.post(
        `/api/access-requests/${requestId}/positions`,
        position(yerevan, 'GRANTED', '2023-02-03'),
      )
    ).json();

    const seen = await queue(coordinator);
    const mine = seen.items.slice(before);
    expect(mine.map((item: any) => [item.kind, item.position?.id ?? item.request.id])).toEqual([
      ['request', proposed.id],
      ['request', secret.id],
      ['position', answer.id],
    ]);
    expect(mine[2].request).toMatchObject({ requestId, purpose: 'Answered by an editor' });
    expect(mine[2].position).toMatchObject({ stance: 'GRANTED', party: { id: yerevan } });
    expect(mine[0]).toMatchObject({ current: null, currentPosition: null, waitingDays: 0 });
    // the HIGH proposal does not exist for a LOW coordinator; editors and viewers have no queue
    const low = await queue(lowCoordinator);
    expect(low.items.map((item: any) => item.request.id)).not.toContain(secret.id);
    expect(low.items.map((item: any) => item.request.id)).toContain(proposed.id);
    expect((await editor.get('/api/access-requests/review-queue')).statusCode).toBe(403);
    expect((await viewer.get('/api/access-requests/review-queue')).statusCode).toBe(403);

    // decided: validated or returned proposals leave the queue
    expect(
      (await coordinator.post(`/api/access-requests/versions/${proposed.id}/validation`, {}))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await coordinator.post(`/api/access-requests/positions/versions/${answer.id}/return`, {
          note: 'Which letter says so?',
        })
      ).statusCode,
    ).toBe(201);
    const after = (await queue(coordinator)).items.map(
      (item: any) => item.position?.id ?? item.request.id,
    );
    expect(after).toContain(secret.id);
    expect(after).not.toContain(proposed.id);
    expect(after).not.toContain(answer.id);
  });

  it('hides a request above a reader’s clearance as if it did not exist, and its positions from the state', async () => {
    const secret = await createRequest({ sensitivity: 'SEVERE' });
    expect((await lowCoordinator.get(`/api/access-requests/${secret.requestId}`)).statusCode).toBe(
      404,
    );
    const never = await lowCoordinator.get(
      '/api/access-requests/00000000-0000-4000-8000-000000000000',
    );
    const hidden = await lowCoordinator.get(`/api/access-requests/${secret.requestId}`);
    expect(hidden.json().error.code).toBe(never.json().error.code);
    const { requestId } = await createRequest();
    await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'REFUSED', '2023-02-01', { sensitivity: 'HIGH' }),
    );
    const low = (
      await lowCoordinator.get(`/api/access-requests/${requestId}?asOf=2023-03-01`)
    ).json();
    expect([low.state, low.consents[0].stance, low.positions]).toEqual(['PENDING', null, []]);
    const list = (await lowCoordinator.get('/api/access-requests?limit=500')).json();
    expect(list.items.map((item: any) => item.request.requestId)).not.toContain(secret.requestId);
    // a writer cannot record above their own clearance
    const above = await lowCoordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'GRANTED', '2023-02-01', { sensitivity: 'MODERATE' }),
    );
    expect([above.statusCode, above.json().error.details.issues[0].field]).toEqual([
      400,
      'sensitivity',
    ]);
  });

  it("answers a review of a hidden request's position exactly as an unknown id (it was 409 'already validated')", async () => {
    const { requestId } = await createRequest({ sensitivity: 'SEVERE' });
    const answer = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'REQUESTED', '2023-01-12'),
    );
    expect(answer.statusCode, answer.body).toBe(201);
    const unknown = '01900000-0000-7000-8000-000000000000';
    for (const decision of ['validation', 'return']) {
      const [hidden, none] = await Promise.all(
        [answer.json().id, unknown].map((id) =>
          lowCoordinator.post(`/api/access-requests/positions/versions/${id}/${decision}`, {
            note: 'Please check',
          }),
        ),
      );
      expect([hidden!.statusCode, hidden!.json().error]).toEqual([
        none!.statusCode,
        none!.json().error,
      ]);
      expect(hidden!.statusCode).toBe(404);
    }
  });

  it('refuses bad input with the field and changes nothing', async () => {
    const count = await t.db.accessRequestVersion.count();
    for (const [body, field] of [
      [requestBody({ neededPartyIds: [] }), 'neededPartyIds'],
      [requestBody({ neededPartyIds: [baku, baku] }), 'neededPartyIds'],
      [requestBody({ periodTo: '2023-01-01' }), 'periodTo'],
      [requestBody({ areaId: '00000000-0000-4000-8000-000000000000' }), 'areaId'],
      [requestBody({ kind: 'PICNIC' }), 'kind'],
      [requestBody({ requestedOn: '2199-12-31' }), 'requestedOn'],
      [requestBody({ otherOrganizationIds: [organization] }), 'otherOrganizationIds.0'],
      [
        requestBody({ otherOrganizationIds: [otherOrganization, otherOrganization] }),
        'otherOrganizationIds.1',
      ],
    ] as const) {
      const response = await coordinator.post('/api/access-requests', body);
      expect(response.statusCode, response.body).toBe(400);
      expect(JSON.stringify(response.json().error.details), response.body).toContain(field);
    }
    expect(await t.db.accessRequestVersion.count()).toBe(count);
    const { requestId } = await createRequest();
    const unconditional = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'GRANTED_WITH_CONDITIONS', '2023-02-01'),
    );
    expect(unconditional.statusCode).toBe(400);
    expect(JSON.stringify(unconditional.json().error.details)).toContain('conditions');
    const future = await coordinator.post(
      `/api/access-requests/${requestId}/positions`,
      position(baku, 'REFUSED', '2199-12-31'),
    );
    expect(future.statusCode).toBe(400);
    expect(JSON.stringify(future.json().error.details)).toContain('statedOn');
  });
});
