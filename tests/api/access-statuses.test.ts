import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

let t: TestApp;
let coordinator: Client;
let organizationId: string;
let areaId: string;

beforeAll(async () => {
  t = await createTestApp();
  const user = await makeUser(t.db, 'COORDINATOR', 'SEVERE');
  coordinator = await t.signIn(user.email, TEST_PASSWORD);
});
afterAll(() => t.close());

beforeEach(async () => {
  organizationId = (await makeOrganization(t.db)).id;
  areaId = (await makeArea(t.db)).id;
});

const record = (overrides: Record<string, unknown> = {}) =>
  coordinator.post('/api/access-statuses', statusBody(organizationId, areaId, overrides));
const statusesOn = async (asOf: string, knownAt?: string) => {
  const response = await coordinator.get(
    `/api/access-statuses?organizationId=${organizationId}&asOf=${asOf}${knownAt ? `&knownAt=${encodeURIComponent(knownAt)}` : ''}`,
  );
  expect(response.statusCode).toBe(200);
  return response.json().items as any[];
};
const versionCount = () => t.db.accessStatusVersion.count({ where: { organizationId } });

describe('POST /api/access-statuses', () => {
  it('records a status with its terms, categories and sources and returns the version written', async () => {
    const party = await makeParty(t.db);
    const response = await record({
      status: 'DENIED',
      constraintCategories: [3, 7, 3],
      severity: 4,
      terms: [
        {
          type: 'ALL_PARTIES_CONSENT',
          grantingPartyId: party.id,
          legalReference: 'Note verbale 12',
          note: 'Both sides',
        },
      ],
      sources: [
        {
          title: 'Field report',
          publisher: 'Access WG',
          url: 'https://example.org/report',
          publishedOn: '2024-01-02',
        },
      ],
    });
    expect(response.statusCode).toBe(201);
    const version = response.json();
    expect(version).toMatchObject({
      status: 'DENIED',
      previousStatus: null,
      validFrom: '2024-01-01',
      validTo: null,
      changeKind: 'RECORD',
      constraintCategories: [3, 7],
      severity: 4,
      reviewState: 'VALIDATED',
      terms: [
        {
          type: 'ALL_PARTIES_CONSENT',
          grantingParty: { id: party.id, name: party.name },
          legalReference: 'Note verbale 12',
        },
      ],
      sources: [
        { title: 'Field report', url: 'https://example.org/report', publishedOn: '2024-01-02' },
      ],
    });
    expect(Date.parse(version.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('ends the period before at the start of the next status, without writing anything over it', async () => {
    const first = (await record({ status: 'DENIED', validFrom: '2024-01-01' })).json();
    const second = (await record({ status: 'CONSTRAINED', validFrom: '2024-03-01' })).json();
    expect(second.previousStatus).toBe('DENIED');
    expect((await statusesOn('2024-02-29')).map((item) => [item.status, item.validTo])).toEqual([
      ['DENIED', '2024-03-01'],
    ]);
    expect((await statusesOn('2024-03-01')).map((item) => item.id)).toEqual([second.id]);
    const history = (
      await coordinator.get(
        `/api/access-statuses/history?organizationId=${organizationId}&areaId=${areaId}`,
      )
    ).json().items;
    expect(history.map((item: any) => [item.changeKind, item.status, item.validTo])).toEqual([
      ['RECORD', 'DENIED', '2024-03-01'],
      ['RECORD', 'CONSTRAINED', null],
    ]);
    expect(history[0].id).toBe(first.id);
    expect(history[0].supersededById).toBeNull();
    expect(await versionCount()).toBe(2);
  });

  it('slots a status recorded later into the past between the periods around it', async () => {
    await record({ status: 'DENIED', validFrom: '2024-01-01' });
    await record({ status: 'FULL', validFrom: '2024-06-01' });
    const between = (await record({ status: 'SUSPENDED', validFrom: '2024-03-01' })).json();
    expect(between).toMatchObject({ previousStatus: 'DENIED', validTo: '2024-06-01' });
    expect((await statusesOn('2024-04-01')).map((item) => item.status)).toEqual(['SUSPENDED']);
    expect((await statusesOn('2024-02-01')).map((item) => item.validTo)).toEqual(['2024-03-01']);
  });

  it('leaves a gap when the previous period already ended', async () => {
    await record({ status: 'PENDING', validFrom: '2024-01-01', validTo: '2024-02-01' });
    await record({ status: 'FULL', validFrom: '2024-03-01' });
    expect(await statusesOn('2024-02-15')).toEqual([]);
    expect(await versionCount()).toBe(2);
  });

  it('refuses a second entry starting on the same day with 409, naming validFrom, and writes nothing', async () => {
    await record({ validFrom: '2024-05-01' });
    const response = await record({ validFrom: '2024-05-01', status: 'DENIED' });
    expect(response.statusCode).toBe(409);
    expect(response.json().error).toMatchObject({
      code: 'PERIOD_CONFLICT',
      details: { issues: [{ field: 'validFrom' }] },
    });
    expect(await versionCount()).toBe(1);
  });

  it.each([
    ['an unknown status', { status: 'OPEN' }, 'status'],
    ['a date that does not exist', { validFrom: '2024-02-30' }, 'validFrom'],
    ['an end before the start', { validTo: '2023-12-01' }, 'validTo'],
    ['a constraint category outside 1–9', { constraintCategories: [10] }, 'constraintCategories.0'],
    ['a severity outside 0–5', { severity: 6 }, 'severity'],
    ['an unknown sensitivity', { sensitivity: 'SECRET' }, 'sensitivity'],
    ['an empty reason', { reason: '   ' }, 'reason'],
    ['an unknown term type', { terms: [{ type: 'BRIBE' }] }, 'terms.0.type'],
    ['a source without a title', { sources: [{ title: '' }] }, 'sources.0.title'],
    [
      'a source URL that is not http(s)',
      { sources: [{ title: 'x', url: 'javascript:alert(1)' }] },
      'sources.0.url',
    ],
    ['an unexpected field', { recordedAt: '2020-01-01T00:00:00Z' }, ''],
  ])(
    'rejects %s with 400 naming the field, and writes nothing',
    async (_label, overrides, field) => {
      const response = await record(overrides);
      expect(response.statusCode).toBe(400);
      const error = response.json().error;
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toEqual(expect.any(String));
      if (field) expect(error.details.issues.map((issue: any) => issue.field)).toContain(field);
      expect(await versionCount()).toBe(0);
    },
  );

  it('rejects an organisation, area or granting party that does not exist with 400', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const [body, field] of [
      [statusBody(missing, areaId), 'organizationId'],
      [statusBody(organizationId, missing), 'areaId'],
      [
        statusBody(organizationId, areaId, {
          terms: [{ type: 'PERMIT', grantingPartyId: missing }],
        }),
        'terms.0.grantingPartyId',
      ],
    ] as const) {
      const response = await coordinator.post('/api/access-statuses', body);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.details.issues[0].field).toBe(field);
    }
    expect(await versionCount()).toBe(0);
  });

  it('rejects malformed JSON with 400 and a non-JSON body with 415', async () => {
    const broken = await coordinator.request({
      method: 'POST',
      url: '/api/access-statuses',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(broken.statusCode).toBe(400);
    expect(broken.json().error.code).toBe('BAD_REQUEST');
    // the field at fault and where, as for every other bad input
    expect(broken.json().error.details.issues[0].field).toBe('body');
    expect(broken.json().error.message).toMatch(/not valid JSON.*position|not valid JSON.*line/i);
    // a body whose words look like a database's is still the sender's mistake, not an outage
    for (const payload of ['ECONNREFUSED', 'canceling statement 57014', '{"x": P1001}']) {
      const faked = await coordinator.request({
        method: 'POST',
        url: '/api/access-statuses',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(faked.statusCode, payload).toBe(400);
      expect(faked.headers['retry-after'], payload).toBeUndefined();
    }
    // an empty body and a refused key keep sentences that say so
    const empty = await coordinator.request({
      method: 'POST',
      url: '/api/access-statuses',
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.message).toMatch(/empty/i);
    const poisoned = await coordinator.request({
      method: 'POST',
      url: '/api/access-statuses',
      payload: '{"__proto__": {"admin": true}}',
      headers: { 'content-type': 'application/json' },
    });
    expect(poisoned.statusCode).toBe(400);
    expect(poisoned.json().error.message).toContain('__proto__');
    const text = await coordinator.request({
      method: 'POST',
      url: '/api/access-statuses',
      payload: 'status=FULL',
      headers: { 'content-type': 'text/plain' },
    });
    expect(text.statusCode).toBe(415);
    expect(text.json().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      message: 'This route reads application/json, not text/plain',
      details: { issues: [{ field: 'content-type' }] },
    });
    // a CSV sent as it is to the import is told how to send it
    const csv = await coordinator.request({
      method: 'POST',
      url: '/api/imports?dryRun=true',
      payload: 'organization_id,area_id\n',
      headers: { 'content-type': 'text/csv' },
    });
    expect(csv.statusCode).toBe(415);
    expect(csv.json().error.message).toBe(
      'This route reads multipart/form-data (the file in a field named file), not text/csv',
    );
  });

  it("takes an editor's own organisation id in capitals as the same id", async () => {
    const editor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'SEVERE', [organizationId])).email,
      TEST_PASSWORD,
    );
    const response = await editor.post(
      '/api/access-statuses',
      statusBody(organizationId.toUpperCase(), areaId.toUpperCase()),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toMatchObject({
      organization: { id: organizationId },
      area: { id: areaId },
    });
  });
});

describe('POST /api/access-statuses/{id}/corrections', () => {
  it('supersedes the wrong version; both remain and knownAt answers with what was believed then', async () => {
    const wrong = (await record({ status: 'FULL', validFrom: '2024-01-01' })).json();
    const beforeCorrection = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 5));
    const response = await coordinator.post(`/api/access-statuses/${wrong.id}/corrections`, {
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'The first report was wrong',
      sensitivity: 'LOW',
    });
    expect(response.statusCode).toBe(201);
    const corrected = response.json();
    expect(corrected).toMatchObject({
      changeKind: 'CORRECTION',
      supersedesId: wrong.id,
      status: 'DENIED',
    });
    expect((await statusesOn('2024-06-01')).map((item) => item.status)).toEqual(['DENIED']);
    expect((await statusesOn('2024-06-01', beforeCorrection)).map((item) => item.status)).toEqual([
      'FULL',
    ]);
    expect(await versionCount()).toBe(2);
  });

  it("can move a period's start past its neighbour, and refuses one onto another period's start", async () => {
    const first = (await record({ status: 'DENIED', validFrom: '2024-01-01' })).json();
    const second = (await record({ status: 'FULL', validFrom: '2024-06-01' })).json();
    const moved = await coordinator.post(`/api/access-statuses/${second.id}/corrections`, {
      status: 'FULL',
      validFrom: '2024-07-01',
      reason: 'Later than reported',
      sensitivity: 'LOW',
    });
    expect(moved.statusCode).toBe(201);
    expect((await statusesOn('2024-06-15')).map((item) => [item.id, item.validTo])).toEqual([
      [first.id, '2024-07-01'],
    ]);
    const onto = await coordinator.post(`/api/access-statuses/${moved.json().id}/corrections`, {
      status: 'FULL',
      validFrom: '2024-01-01',
      reason: 'x',
      sensitivity: 'LOW',
    });
    expect(onto.statusCode).toBe(409);
    expect(onto.json().error).toMatchObject({
      code: 'PERIOD_CONFLICT',
      details: { conflictingVersionId: first.id, issues: [{ field: 'validFrom' }] },
    });
  });

  it('refuses to correct a version that was already superseded (409) and an unknown one (404)', async () => {
    const wrong = (await record()).json();
    const body = { status: 'DENIED', validFrom: '2024-01-01', reason: 'fix', sensitivity: 'LOW' };
    expect(
      (await coordinator.post(`/api/access-statuses/${wrong.id}/corrections`, body)).statusCode,
    ).toBe(201);
    const again = await coordinator.post(`/api/access-statuses/${wrong.id}/corrections`, body);
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('VERSION_SUPERSEDED');
    expect(
      (
        await coordinator.post(
          `/api/access-statuses/00000000-0000-4000-8000-000000000000/corrections`,
          body,
        )
      ).statusCode,
    ).toBe(404);
    expect(
      (await coordinator.post(`/api/access-statuses/not-a-uuid/corrections`, body)).statusCode,
    ).toBe(400);
    expect(await versionCount()).toBe(2);
  });
});

describe('GET /api/access-statuses', () => {
  it('includes sub-areas when filtering by area, and filters by status, category and organisation type', async () => {
    const country = await makeArea(t.db, { kind: 'COUNTRY' });
    const province = await makeArea(t.db, { parentId: country.id });
    const district = await makeArea(t.db, { parentId: province.id, kind: 'ADM2' });
    const un = await makeOrganization(t.db, { typeCode: 447 });
    await coordinator.post(
      '/api/access-statuses',
      statusBody(un.id, district.id, { status: 'DENIED', constraintCategories: [8] }),
    );
    await coordinator.post(
      '/api/access-statuses',
      statusBody(un.id, province.id, { status: 'FULL' }),
    );
    const query = (q: string) =>
      coordinator
        .get(`/api/access-statuses?asOf=2024-02-01&${q}`)
        .then((r) => r.json().items.map((item: any) => item.area.id));
    expect(new Set(await query(`areaId=${country.id}`))).toEqual(
      new Set([district.id, province.id]),
    );
    expect(await query(`areaId=${country.id}&status=DENIED`)).toEqual([district.id]);
    expect(await query(`areaId=${country.id}&constraintCategory=8`)).toEqual([district.id]);
    expect(await query(`areaId=${country.id}&organizationType=437`)).toEqual([]);
    expect((await query(`areaId=${country.id}&organizationType=447,437`)).length).toBe(2);
    expect(await query(`areaId=${province.id}&status=FULL,CONSTRAINED`)).toEqual([province.id]);
  });

  it('pages with a cursor without losing or repeating rows', async () => {
    const country = await makeArea(t.db, { kind: 'COUNTRY' });
    for (let i = 0; i < 5; i++) {
      const organization = await makeOrganization(t.db);
      await coordinator.post('/api/access-statuses', statusBody(organization.id, country.id));
    }
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 5; page++) {
      const response = (
        await coordinator.get(
          `/api/access-statuses?areaId=${country.id}&asOf=2024-02-01&limit=2${cursor}`,
        )
      ).json();
      seen.push(...response.items.map((item: any) => item.id));
      if (!response.nextCursor) break;
      cursor = `&cursor=${response.nextCursor}`;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('rejects bad filters with 400 naming them', async () => {
    for (const [query, field] of [
      ['asOf=yesterday', 'querystring.asOf'],
      ['knownAt=2024-01-01', 'querystring.knownAt'],
      ['status=OPEN', 'querystring.status.0'],
      ['areaId=1;DROP TABLE areas', 'querystring.areaId'],
      ['limit=100000', 'querystring.limit'],
      ['cursor=garbage', 'cursor'],
    ]) {
      const response = await coordinator.get(`/api/access-statuses?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().error.details.issues[0].field, query).toBe(field);
    }
  });
});

describe('review by coordinators', () => {
  it('returns a submitted proposal with a note, and validates it once resubmitted, as a new validated version', async () => {
    const editor = await makeUser(t.db, 'EDITOR', 'HIGH', [organizationId]);
    const editorClient = await t.signIn(editor.email, TEST_PASSWORD);
    const submitted = (
      await editorClient.post('/api/access-statuses', statusBody(organizationId, areaId))
    ).json();
    expect(submitted).toMatchObject({ reviewState: 'SUBMITTED', proposal: true });
    const queue = (await coordinator.get('/api/review-queue'))
      .json()
      .items.map((item: any) => item.id);
    expect(queue).toContain(submitted.id);
    const noReason = await coordinator.post(`/api/access-statuses/${submitted.id}/return`, {});
    expect(noReason.statusCode).toBe(400);
    const returned = await coordinator.post(`/api/access-statuses/${submitted.id}/return`, {
      note: 'Which source?',
    });
    expect(returned.json()).toMatchObject({
      reviewState: 'RETURNED',
      reviewNote: 'Which source?',
      changeKind: 'REVIEW',
      supersedesId: submitted.id,
      proposal: true,
    });
    const returnedAgain = await coordinator.post(
      `/api/access-statuses/${returned.json().id}/return`,
      { note: 'Again?' },
    );
    expect(returnedAgain.statusCode).toBe(409);
    const resubmitted = await editorClient.post(
      `/api/access-statuses/${returned.json().id}/corrections`,
      { ...statusBody(organizationId, areaId), organizationId: undefined, areaId: undefined },
    );
    expect(resubmitted.statusCode).toBe(201);
    const validated = await coordinator.post(
      `/api/access-statuses/${resubmitted.json().id}/validation`,
      {},
    );
    expect(validated.json()).toMatchObject({ reviewState: 'VALIDATED', proposal: false });
    expect(
      (await coordinator.get('/api/review-queue')).json().items.map((item: any) => item.id),
    ).not.toContain(resubmitted.json().id);
    const onlyValidated = await coordinator.get(
      `/api/access-statuses?organizationId=${organizationId}&asOf=2024-02-01&validatedOnly=true`,
    );
    expect(onlyValidated.json().items.map((item: any) => item.id)).toEqual([validated.json().id]);
  });
});
