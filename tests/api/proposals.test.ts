import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';
import { upload } from '../support/upload';

/**
 * Editors propose, coordinators decide (issue 12): an editor's entry is a proposal, in no
 * timeline, until a coordinator validates it; returning it leaves the timeline untouched.
 */

let t: TestApp;
let coordinator: Client;
let editor: Client;
let viewer: Client;
let organization: string;
let partyId: string;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  partyId = (await makeParty(t.db)).id;
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  editor = await t.signIn(
    (await makeUser(t.db, 'EDITOR', 'HIGH', [organization])).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'HIGH')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

const content = {
  status: 'DENIED',
  validFrom: '2024-03-01',
  validTo: '2024-09-01',
  reason: 'Checkpoint closed to all convoys',
  constraintCategories: [2, 4],
  severity: 4,
  sensitivity: 'MODERATE',
  terms: [{ type: 'PERMIT', legalReference: 'Order 12', note: 'weekly' }],
  sources: [{ title: 'Field report', publisher: 'Field office', publishedOn: '2024-03-02' }],
};

/** A pair in a country of its own, with one validated status from 2024-01-01. */
async function validatedPair() {
  const country = await makeArea(t.db, { kind: 'COUNTRY' });
  const area = await makeArea(t.db, { parentId: country.id });
  const first = await coordinator.post(
    '/api/access-statuses',
    statusBody(organization, area.id, {
      status: 'FULL',
      validFrom: '2024-01-01',
      terms: [{ type: 'ALL_PARTIES_CONSENT', grantingPartyId: partyId }],
      sources: [{ title: 'Agreement text' }],
    }),
  );
  expect(first.statusCode, first.body).toBe(201);
  return { countryId: country.id, areaId: area.id, validated: first.json() };
}

/** Every validated answer and figure for the pair's country, as a reader sees them. */
async function validatedAnswers(reader: Client, pair: { countryId: string; areaId: string }) {
  const pairQuery = `organizationId=${organization}&areaId=${pair.areaId}`;
  const urls = [
    `/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01`,
    `/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01&validatedOnly=true`,
    `/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01&knownAt=2199-01-01T00:00:00Z`,
    `/api/access-statuses/history?${pairQuery}`,
    `/api/access-statuses/timeline?${pairQuery}`,
    `/api/access-statuses/timeline?${pairQuery}&knownAt=2199-01-01T00:00:00Z`,
    `/api/stats/matrix?areaId=${pair.countryId}&asOf=2024-04-01`,
    `/api/stats/matrix?areaId=${pair.countryId}&asOf=2024-04-01&validatedOnly=true`,
    `/api/stats/timeseries?areaId=${pair.countryId}&from=2023-12-01&to=2024-12-31&interval=month`,
    `/api/changes?areaId=${pair.countryId}&since=2000-01-01T00:00:00Z`,
    `/api/exports/access-statuses.csv?areaId=${pair.countryId}&asOf=2024-04-01`,
    `/api/exports/access-statuses.csv?areaId=${pair.countryId}&allPeriods=true`,
    `/api/exports/access-statuses.csv?areaId=${pair.countryId}&asOf=2024-04-01&summary=true`,
    `/api/exports/access-history.csv?areaId=${pair.countryId}`,
  ];
  const answers: Record<string, string> = {};
  for (const url of urls) {
    const response = await reader.get(url);
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    answers[url] = response.body.replace(/"knownAt":"[^"]*"/, '"knownAt":"<now>"');
  }
  return answers;
}

describe('a proposal', () => {
  it('changes no validated answer, figure or export while pending, nor once returned', async () => {
    const pair = await validatedPair();
    const before = {
      coordinator: await validatedAnswers(coordinator, pair),
      viewer: await validatedAnswers(viewer, pair),
    };

    const proposed = await editor.post('/api/access-statuses', {
      organizationId: organization,
      areaId: pair.areaId,
      ...content,
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    expect(proposed.json()).toMatchObject({ proposal: true, reviewState: 'SUBMITTED' });
    const correction = await editor.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
      ...content,
      validFrom: '2024-01-01',
      status: 'CONSTRAINED',
    });
    expect(correction.statusCode, correction.body).toBe(201);
    expect(correction.json()).toMatchObject({ proposal: true, supersedesId: pair.validated.id });

    expect(await validatedAnswers(coordinator, pair)).toEqual(before.coordinator);
    expect(await validatedAnswers(viewer, pair)).toEqual(before.viewer);
    // the validated version is not superseded by a proposal: its ETag and successor are unchanged
    const read = await viewer.get(`/api/access-statuses/${pair.validated.id}`);
    expect(read.json().supersededById).toBeNull();
    expect(read.headers.etag).toBe(`"${pair.validated.id}"`);

    const returned = await coordinator.post(`/api/access-statuses/${proposed.json().id}/return`, {
      note: 'Which checkpoint?',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(await validatedAnswers(coordinator, pair)).toEqual(before.coordinator);
    expect(await validatedAnswers(viewer, pair)).toEqual(before.viewer);
  });

  it('shows in lists, pair timelines and CSV reports only when asked, marked as a proposal', async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post('/api/access-statuses', {
        organizationId: organization,
        areaId: pair.areaId,
        ...content,
      })
    ).json();
    const list = (
      await coordinator.get(
        `/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01&includeProposals=true`,
      )
    ).json();
    // the same pair, both true on asOf: in id order, as the list orders a pair's rows
    expect(
      list.items
        .map((item: any) => [item.id, item.proposal])
        .sort((a: any, b: any) => (a[1] ? 1 : b[1] ? -1 : 0)),
    ).toEqual([
      [pair.validated.id, false],
      [proposed.id, true],
    ]);
    expect(
      (await coordinator.get(`/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01`))
        .json()
        .items.map((item: any) => item.id),
    ).toEqual([pair.validated.id]);
    const timeline = (
      await coordinator.get(
        `/api/access-statuses/timeline?organizationId=${organization}&areaId=${pair.areaId}&includeProposals=true`,
      )
    ).json();
    expect(
      timeline.items.map((item: any) => [item.status, item.validFrom, item.validTo, item.proposal]),
    ).toEqual([
      // the validated period runs on: the proposal does not end it
      ['FULL', '2024-01-01', null, false],
      ['DENIED', '2024-03-01', '2024-09-01', true],
    ]);
    const report = await coordinator.get(
      `/api/exports/access-statuses.csv?areaId=${pair.countryId}&allPeriods=true&includeProposals=true`,
    );
    const [header, hashtags, ...rows] = parse(report.body) as string[][];
    expect(header!.at(-1)).toBe('proposal');
    expect(hashtags!.at(-1)).toBe('#meta+proposal');
    expect(rows.map((row) => [row[0], row.at(-1)])).toEqual([
      [pair.validated.id, 'false'],
      [proposed.id, 'true'],
    ]);
    // an unreviewed entry is its organisation's word only: a viewer cleared for it, and
    // an editor of another organisation, read the validated status alone
    const otherEditor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'SEVERE', [(await makeOrganization(t.db)).id])).email,
      TEST_PASSWORD,
    );
    for (const reader of [viewer, otherEditor]) {
      const seen = (
        await reader.get(
          `/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01&includeProposals=true`,
        )
      ).json();
      expect(seen.items.map((item: any) => item.id)).toEqual([pair.validated.id]);
      expect((await reader.get(`/api/access-statuses/${proposed.id}`)).statusCode).toBe(404);
      const history = (
        await reader.get(
          `/api/access-statuses/history?organizationId=${organization}&areaId=${pair.areaId}&includeProposals=true`,
        )
      ).json();
      expect(history.items.map((item: any) => item.id)).not.toContain(proposed.id);
    }
    // a reader cleared below the proposal's sensitivity never sees it
    const low = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
    const lowList = (
      await low.get(
        `/api/access-statuses?areaId=${pair.countryId}&asOf=2024-04-01&includeProposals=true`,
      )
    ).json();
    expect(lowList.items.map((item: any) => item.id)).toEqual([pair.validated.id]);
    expect((await low.get(`/api/access-statuses/${proposed.id}`)).statusCode).toBe(404);
  });
});

describe('validation', () => {
  it('writes exactly one validated version equal to the proposal, with one audit event, and empties the queue', async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
        ...content,
        validFrom: '2024-01-01',
        correctionNote: 'The convoy was stopped from the first day',
      })
    ).json();
    const queued = (await coordinator.get('/api/review-queue'))
      .json()
      .items.find((item: any) => item.id === proposed.id);
    expect(queued).toMatchObject({
      kind: 'CORRECTION',
      targetId: pair.validated.id,
      state: 'SUBMITTED',
      status: 'DENIED',
      reason: content.reason,
      correctionNote: 'The convoy was stopped from the first day',
      terms: [{ type: 'PERMIT', legalReference: 'Order 12', note: 'weekly', grantingParty: null }],
      sources: [{ title: 'Field report' }],
      submittedAt: proposed.recordedAt,
      waitingDays: 0,
      current: {
        id: pair.validated.id,
        status: 'FULL',
        validFrom: '2024-01-01',
        reason: 'Field report',
        terms: [{ type: 'ALL_PARTIES_CONSENT', grantingParty: { id: partyId } }],
        sources: [{ title: 'Agreement text' }],
      },
    });

    const versionsBefore = await t.db.accessStatusVersion.count();
    const lastEvent = await t.db.auditEvent.findFirst({ orderBy: { id: 'desc' } });
    const validated = await coordinator.post(`/api/access-statuses/${proposed.id}/validation`, {});
    expect(validated.statusCode, validated.body).toBe(201);
    expect(await t.db.accessStatusVersion.count()).toBe(versionsBefore + 1);
    const events = await t.db.auditEvent.findMany({ where: { id: { gt: lastEvent!.id } } });
    expect(events.map((event) => [event.action, event.entityId])).toEqual([
      ['access_status.validate', validated.json().id],
    ]);
    const pick = (version: any) => ({
      status: version.status,
      validFrom: version.validFrom,
      validTo: version.validTo,
      reason: version.reason,
      correctionNote: version.correctionNote,
      constraintCategories: version.constraintCategories,
      severity: version.severity,
      sensitivity: version.sensitivity,
      terms: version.terms,
      sources: version.sources,
    });
    expect(validated.json()).toMatchObject({
      proposal: false,
      reviewState: 'VALIDATED',
      changeKind: 'CORRECTION',
      supersedesId: pair.validated.id,
    });
    expect(pick(validated.json())).toEqual(pick(proposed));
    // the timeline now holds it, and the proposal records what it became
    const timeline = (
      await viewer.get(
        `/api/access-statuses/timeline?organizationId=${organization}&areaId=${pair.areaId}`,
      )
    ).json();
    expect(timeline.items.map((item: any) => item.id)).toEqual([validated.json().id]);
    const queue = (await coordinator.get('/api/review-queue')).json().items;
    expect(queue.map((item: any) => item.id)).not.toContain(proposed.id);
    const mine = (await editor.get('/api/my-entries')).json().items;
    expect(mine.find((item: any) => item.id === proposed.id)).toMatchObject({
      state: 'VALIDATED',
      validatedVersionId: validated.json().id,
    });
  });

  it('is refused with 409 TIMELINE_MOVED when the status it corrects was changed meanwhile, writing nothing', async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
        ...content,
        validFrom: '2024-01-01',
      })
    ).json();
    const moved = await coordinator.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
      status: 'PENDING',
      validFrom: '2024-01-01',
      reason: 'Coordinator fix',
      sensitivity: 'LOW',
    });
    expect(moved.statusCode, moved.body).toBe(201);
    const versionsBefore = await t.db.accessStatusVersion.count();
    const eventsBefore = await t.db.auditEvent.count();
    const refused = await coordinator.post(`/api/access-statuses/${proposed.id}/validation`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'TIMELINE_MOVED',
      details: { versionId: pair.validated.id, supersededById: moved.json().id },
    });
    expect(await t.db.accessStatusVersion.count()).toBe(versionsBefore);
    expect(await t.db.auditEvent.count()).toBe(eventsBefore);

    // returned, and resubmitted after reading the note: it now corrects the current status
    const returned = (
      await coordinator.post(`/api/access-statuses/${proposed.id}/return`, {
        note: 'The status changed meanwhile: check against the current one',
      })
    ).json();
    const resubmitted = await editor.post(`/api/access-statuses/${returned.id}/corrections`, {
      ...content,
      validFrom: '2024-01-01',
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(201);
    expect(resubmitted.json()).toMatchObject({ proposal: true });
    const queued = (await coordinator.get('/api/review-queue'))
      .json()
      .items.find((item: any) => item.id === resubmitted.json().id);
    expect(queued).toMatchObject({ targetId: moved.json().id, current: { id: moved.json().id } });
    const validated = await coordinator.post(
      `/api/access-statuses/${resubmitted.json().id}/validation`,
      {},
    );
    expect(validated.statusCode, validated.body).toBe(201);
    expect(validated.json().supersedesId).toBe(moved.json().id);
  });

  it('is refused with 409 TIMELINE_MOVED when the period a new status followed was corrected meanwhile', async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post('/api/access-statuses', {
        organizationId: organization,
        areaId: pair.areaId,
        ...content,
      })
    ).json();
    await coordinator.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
      status: 'CONSTRAINED',
      validFrom: '2024-01-01',
      reason: 'Coordinator fix',
      sensitivity: 'LOW',
    });
    const refused = await coordinator.post(`/api/access-statuses/${proposed.id}/validation`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('TIMELINE_MOVED');
  });

  it("is refused with the engine's own 409 PERIOD_CONFLICT when a validated status starts on the same day", async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post('/api/access-statuses', {
        organizationId: organization,
        areaId: pair.areaId,
        ...content,
        validFrom: '2023-06-01',
      })
    ).json();
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, pair.areaId, { validFrom: '2023-06-01' }),
    );
    const refused = await coordinator.post(`/api/access-statuses/${proposed.id}/validation`, {});
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('PERIOD_CONFLICT');
  });
});

describe('the review loop', () => {
  it("returns with a note, lets the editor resubmit, then validates, keeping the proposal's history", async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post('/api/access-statuses', {
        organizationId: organization,
        areaId: pair.areaId,
        ...content,
      })
    ).json();
    const returned = (
      await coordinator.post(`/api/access-statuses/${proposed.id}/return`, {
        note: 'Add the permit number',
      })
    ).json();
    expect(returned).toMatchObject({ reviewState: 'RETURNED', proposal: true });
    expect(
      (await coordinator.get('/api/review-queue')).json().items.map((i: any) => i.id),
    ).not.toContain(returned.id);
    const mine = (await editor.get('/api/my-entries')).json().items;
    expect(mine[0]).toMatchObject({
      id: returned.id,
      state: 'RETURNED',
      returnNote: 'Add the permit number',
    });

    const resubmitted = await editor.post(`/api/access-statuses/${returned.id}/corrections`, {
      ...content,
      terms: [{ type: 'PERMIT', legalReference: 'Permit 4411' }],
    });
    expect(resubmitted.statusCode, resubmitted.body).toBe(201);
    expect(resubmitted.json()).toMatchObject({ reviewState: 'SUBMITTED', proposal: true });
    // the old row can no longer be resubmitted or decided
    expect(
      (await editor.post(`/api/access-statuses/${returned.id}/corrections`, content)).statusCode,
    ).toBe(409);
    const queued = (await coordinator.get('/api/review-queue'))
      .json()
      .items.find((item: any) => item.id === resubmitted.json().id);
    expect(queued).toMatchObject({ kind: 'NEW', current: { id: pair.validated.id } });

    const validated = await coordinator.post(
      `/api/access-statuses/${resubmitted.json().id}/validation`,
      { note: 'Thanks' },
    );
    expect(validated.statusCode, validated.body).toBe(201);
    const proposal = (await editor.get('/api/my-entries'))
      .json()
      .items.find((item: any) => item.id === resubmitted.json().id);
    expect(proposal.state).toBe('VALIDATED');
    expect(
      proposal.history.map((event: any) => [event.event, event.note, event.versionId]),
    ).toEqual([
      ['SUBMITTED', null, proposed.id],
      ['RETURNED', 'Add the permit number', returned.id],
      ['RESUBMITTED', null, resubmitted.json().id],
      ['VALIDATED', null, validated.json().id],
    ]);
    const timeline = (
      await viewer.get(
        `/api/access-statuses/timeline?organizationId=${organization}&areaId=${pair.areaId}`,
      )
    ).json();
    expect(timeline.items.map((item: any) => [item.status, item.validFrom, item.validTo])).toEqual([
      ['FULL', '2024-01-01', '2024-03-01'],
      ['DENIED', '2024-03-01', '2024-09-01'],
    ]);
  });

  it("refuses a coordinator's correction of a pending proposal (validate or return it instead), changing nothing", async () => {
    const pair = await validatedPair();
    const proposed = (
      await editor.post('/api/access-statuses', {
        organizationId: organization,
        areaId: pair.areaId,
        ...content,
      })
    ).json();
    const versionsBefore = await t.db.accessStatusVersion.count();
    const refused = await coordinator.post(`/api/access-statuses/${proposed.id}/corrections`, {
      ...content,
      status: 'FULL',
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error).toMatchObject({
      code: 'PROPOSAL_UNDER_REVIEW',
      details: { proposalId: proposed.id },
    });
    expect(refused.json().error.message).toMatch(/validate it or return it/);
    expect(await t.db.accessStatusVersion.count()).toBe(versionsBefore);
    expect(
      (await coordinator.get('/api/review-queue')).json().items.map((i: any) => i.id),
    ).toContain(proposed.id);
  });
});

describe('a correction', () => {
  it("keeps the status's reason and records its own note beside it; a reason alone is the status's reason", async () => {
    const pair = await validatedPair();
    const corrected = await coordinator.post(
      `/api/access-statuses/${pair.validated.id}/corrections`,
      {
        status: 'FULL',
        validFrom: '2024-01-02',
        reason: 'Field report',
        correctionNote: 'Corrected the start date',
        sensitivity: 'LOW',
      },
    );
    expect(corrected.json()).toMatchObject({
      reason: 'Field report',
      correctionNote: 'Corrected the start date',
    });
    const old = await coordinator.post(`/api/access-statuses/${corrected.json().id}/corrections`, {
      status: 'FULL',
      validFrom: '2024-01-03',
      reason: 'Agreement signed',
      sensitivity: 'LOW',
    });
    expect(old.json()).toMatchObject({ reason: 'Agreement signed', correctionNote: null });
  });
});

describe('a start date in the future', () => {
  it('is accepted with a START_IN_FUTURE warning on validFrom', async () => {
    const area = await makeArea(t.db);
    const future = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
    const response = await editor.post(
      '/api/access-statuses',
      statusBody(organization, area.id, { validFrom: future }),
    );
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json().warnings).toEqual([
      { code: 'START_IN_FUTURE', field: 'validFrom', message: expect.stringContaining(future) },
    ]);
    const past = await editor.post(
      '/api/access-statuses',
      statusBody(organization, area.id, { validFrom: '2024-01-01' }),
    );
    expect(past.json().warnings).toBeUndefined();
  });
});

describe("an editor's import", () => {
  it('writes proposals: the review queue and My entries have them, the validated answers do not', async () => {
    const pair = await validatedPair();
    const before = await validatedAnswers(viewer, pair);
    const file = [
      'organization_id,area_id,status,valid_from,reason,sensitivity',
      `${organization},${pair.areaId},DENIED,2024-05-01,Imported from the field,LOW`,
      `${organization},${pair.areaId},PENDING,2024-07-01,Imported later,LOW`,
    ].join('\r\n');
    const applied = await upload(editor, file, { dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().summary).toMatchObject({ new: 2, errors: 0 });
    expect(await validatedAnswers(viewer, pair)).toEqual(before);
    const queued = (await coordinator.get('/api/review-queue'))
      .json()
      .items.filter((item: any) => item.area.id === pair.areaId);
    // written in one statement, so recorded at one instant: in no particular order
    expect(queued.map((item: any) => [item.status, item.kind, item.proposal]).sort()).toEqual([
      ['DENIED', 'NEW', true],
      ['PENDING', 'NEW', true],
    ]);
    const mine = (await editor.get('/api/my-entries'))
      .json()
      .items.filter((item: any) => item.area.id === pair.areaId);
    expect(mine.map((item: any) => item.state)).toEqual(['SUBMITTED', 'SUBMITTED']);
  });
});

describe('a resubmission whose earlier rows are hidden (issue 12, hostile review)', () => {
  /**
   * A LOW correction P1 of a HIGH version V2 is returned with a note about V2; meanwhile V2
   * was corrected at LOW (V3), so the resubmission P2 corrects V3 and exists for a MODERATE
   * reader, while P1 and its return R1 (whose target V2 is HIGH) do not.
   */
  async function hiddenChain() {
    const pair = await validatedPair();
    const v2 = await coordinator.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'Convoy route through the HIGH corridor',
      sensitivity: 'HIGH',
    });
    expect(v2.statusCode, v2.body).toBe(201);
    const p1 = await editor.post(`/api/access-statuses/${v2.json().id}/corrections`, {
      ...content,
      validFrom: '2024-01-01',
      validTo: null,
      sensitivity: 'LOW',
    });
    expect(p1.statusCode, p1.body).toBe(201);
    const v3 = await coordinator.post(`/api/access-statuses/${v2.json().id}/corrections`, {
      status: 'CONSTRAINED',
      validFrom: '2024-01-01',
      reason: 'Public summary',
      sensitivity: 'LOW',
    });
    expect(v3.statusCode, v3.body).toBe(201);
    const r1 = await coordinator.post(`/api/access-statuses/${p1.json().id}/return`, {
      note: 'The HIGH corridor note is secret-bravo',
    });
    expect(r1.statusCode, r1.body).toBe(201);
    const p2 = await editor.post(`/api/access-statuses/${r1.json().id}/corrections`, {
      ...content,
      validFrom: '2024-01-01',
      validTo: null,
      sensitivity: 'LOW',
    });
    expect(p2.statusCode, p2.body).toBe(201);
    return {
      pair,
      hidden: [v2.json().id, p1.json().id, r1.json().id, 'secret-bravo'],
      v3: v3.json().id,
      p2: p2.json().id,
    };
  }

  it('shows a MODERATE reader the resubmission as a fresh correction, with none of the hidden rows (D2, D3)', async () => {
    const chain = await hiddenChain();
    const moderateCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    const moderateEditor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'MODERATE', [organization])).email,
      TEST_PASSWORD,
    );
    const queue = await moderateCoordinator.get('/api/review-queue');
    const mine = await moderateEditor.get('/api/my-entries');
    for (const [name, response] of [
      ['review queue', queue],
      ['my entries', mine],
    ] as const) {
      expect(response.statusCode, name).toBe(200);
      const item = response.json().items.find((entry: any) => entry.id === chain.p2);
      expect(item, name).toMatchObject({
        supersedesId: chain.v3,
        changeKind: 'CORRECTION',
        targetId: chain.v3,
      });
      expect(
        item.history.map((event: any) => [event.event, event.versionId]),
        name,
      ).toEqual([['SUBMITTED', chain.p2]]);
      for (const hidden of chain.hidden) expect(response.body, name).not.toContain(hidden);
    }
    const pairQuery = `organizationId=${organization}&areaId=${chain.pair.areaId}&includeProposals=true`;
    for (const url of [
      `/api/access-statuses?areaId=${chain.pair.countryId}&asOf=2024-04-01&includeProposals=true`,
      `/api/access-statuses/history?${pairQuery}`,
      `/api/access-statuses/timeline?${pairQuery}`,
      `/api/exports/access-statuses.csv?areaId=${chain.pair.countryId}&allPeriods=true&includeProposals=true`,
    ]) {
      const response = await moderateCoordinator.get(url);
      expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
      expect(response.body, url).toContain(chain.p2);
      for (const hidden of chain.hidden) expect(response.body, url).not.toContain(hidden);
    }
  });

  it('classifies the audit events of the return and the resubmission by the HIGH target they name (D1)', async () => {
    const chain = await hiddenChain();
    const moderate = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    const events = await moderate.get('/api/audit-events?limit=500');
    expect(events.statusCode, events.body).toBe(200);
    expect(events.json().items.length).toBeGreaterThan(0);
    for (const hidden of chain.hidden) expect(events.body).not.toContain(hidden);
    const severe = (await coordinator.get('/api/audit-events?limit=500')).json().items;
    const returned = severe.find(
      (event: any) => event.action === 'access_status.return' && event.entityId === chain.hidden[2],
    );
    expect(returned).toMatchObject({ sensitivity: 'HIGH' });
  });

  it("keeps a draft's audit events from reviewers and administrators, as every other route does; the submitted row's event they read", async () => {
    const pair = await validatedPair();
    const admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
    const secret = `Draft wording ${Math.random().toString(36).slice(2)}`;
    const draft = await editor.post('/api/access-statuses', {
      organizationId: organization,
      areaId: pair.areaId,
      ...content,
      reason: secret,
      reviewState: 'DRAFT',
    });
    expect(draft.statusCode, draft.body).toBe(201);
    expect(draft.json()).toMatchObject({ reviewState: 'DRAFT' });
    for (const reader of [coordinator, admin]) {
      for (const url of [
        '/api/audit-events?limit=500',
        `/api/audit-events?entityId=${draft.json().id}`,
        '/api/audit-events?entityType=access_status_version&limit=500',
      ]) {
        const events = await reader.get(url);
        expect(events.statusCode, events.body).toBe(200);
        expect(events.body, url).not.toContain(draft.json().id);
        expect(events.body, url).not.toContain(secret);
      }
    }
    // submitted (a correction of the draft resubmits it): the submission's event is the
    // reviewers' to read, as a fresh proposal: neither the draft nor its id
    const submitted = await editor.post(`/api/access-statuses/${draft.json().id}/corrections`, {
      ...content,
      reason: 'Submitted wording',
      reviewState: 'SUBMITTED',
    });
    expect(submitted.statusCode, submitted.body).toBe(201);
    for (const reader of [coordinator, admin]) {
      const events = await reader.get(`/api/audit-events?entityId=${submitted.json().id}`);
      expect(events.statusCode, events.body).toBe(200);
      expect(events.json().items).toHaveLength(1);
      expect(events.json().items[0]).toMatchObject({
        before: null,
        after: { id: submitted.json().id, reason: 'Submitted wording', supersedesId: null },
      });
      expect(events.body).not.toContain(draft.json().id);
      expect(events.body).not.toContain(secret);
    }
    // the editor's own organisation's draft stays in the row the next event replaced
    const again = await editor.post(`/api/access-statuses/${submitted.json().id}/corrections`, {
      ...content,
      reason: 'Submitted again',
      reviewState: 'SUBMITTED',
    });
    expect(again.statusCode, again.body).toBe(201);
    const visible = await coordinator.get(`/api/audit-events?entityId=${again.json().id}`);
    expect(visible.json().items).toHaveLength(1);
    expect(visible.json().items[0]).toMatchObject({
      before: { id: submitted.json().id, reason: 'Submitted wording' },
      after: { reason: 'Submitted again', supersedesId: submitted.json().id },
    });
  });

  it('reads a new status resubmitted from a hidden earlier row as a RECORD, in lists and CSV (D3)', async () => {
    const pair = await validatedPair();
    const proposed = await editor.post('/api/access-statuses', {
      organizationId: organization,
      areaId: pair.areaId,
      ...content,
      sensitivity: 'HIGH',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const returned = await coordinator.post(`/api/access-statuses/${proposed.json().id}/return`, {
      note: 'Lower its sensitivity',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    const resubmitted = await editor.post(
      `/api/access-statuses/${returned.json().id}/corrections`,
      {
        ...content,
        sensitivity: 'LOW',
      },
    );
    expect(resubmitted.statusCode, resubmitted.body).toBe(201);
    const moderate = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    const item = (await moderate.get('/api/review-queue'))
      .json()
      .items.find((entry: any) => entry.id === resubmitted.json().id);
    expect(item).toMatchObject({ changeKind: 'RECORD', supersedesId: null, kind: 'NEW' });
    const csv = parse(
      (
        await moderate.get(
          `/api/exports/access-statuses.csv?areaId=${pair.countryId}&allPeriods=true&includeProposals=true`,
        )
      ).body,
      { columns: true, from_line: 1 },
    ) as Record<string, string>[];
    const row = csv.find((line) => Object.values(line).includes(resubmitted.json().id));
    expect(row, JSON.stringify(csv)).toBeDefined();
    expect(Object.values(row!)).toContain('RECORD');
    expect(Object.values(row!)).not.toContain('CORRECTION');
  });

  it("keeps a returned proposal its editor's: the reviewer's My entries stay empty of it, the history names the reviewer (D7)", async () => {
    const pair = await validatedPair();
    const reviewerUser = await makeUser(t.db, 'COORDINATOR', 'SEVERE');
    const reviewer = await t.signIn(reviewerUser.email, TEST_PASSWORD);
    const proposed = (
      await editor.post('/api/access-statuses', {
        organizationId: organization,
        areaId: pair.areaId,
        ...content,
      })
    ).json();
    const returned = await reviewer.post(`/api/access-statuses/${proposed.id}/return`, {
      note: 'Add the permit number',
    });
    expect(returned.statusCode, returned.body).toBe(201);
    expect(returned.json().recordedBy.id).toBe(proposed.recordedBy.id);
    const reviewerEntries = await reviewer.get('/api/my-entries');
    expect(reviewerEntries.statusCode).toBe(200);
    expect(reviewerEntries.json().items).toEqual([]);
    const entry = (await editor.get('/api/my-entries'))
      .json()
      .items.find((item: any) => item.id === returned.json().id);
    expect(entry.recordedBy.id).toBe(proposed.recordedBy.id);
    expect(entry.history.map((event: any) => [event.event, event.by.id])).toEqual([
      ['SUBMITTED', proposed.recordedBy.id],
      ['RETURNED', reviewerUser.id],
    ]);
  });
});

describe('GET /api/review-queue', () => {
  it.each(['abc', '-1', '0', '501'])('answers 400 naming limit for limit=%s', async (limit) => {
    const response = await coordinator.get(`/api/review-queue?limit=${limit}`);
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(response.json().error.details.issues[0].field).toBe('querystring.limit');
  });

  it('answers at most limit proposals, saying the list is truncated', async () => {
    const response = await coordinator.get('/api/review-queue?limit=1');
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().items).toHaveLength(1);
    expect(response.json().truncated).toBe(true);
  });
});

describe('a proposal validated by a coordinator cleared lower (issue 12, D4)', () => {
  it('cannot be returned or validated again by a coordinator cleared higher, who finds it decided', async () => {
    const pair = await validatedPair();
    const high = await coordinator.post(`/api/access-statuses/${pair.validated.id}/corrections`, {
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'HIGH detail',
      sensitivity: 'HIGH',
    });
    expect(high.statusCode, high.body).toBe(201);
    const moderateEditor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'MODERATE', [organization])).email,
      TEST_PASSWORD,
    );
    const moderateCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    const proposed = await moderateEditor.post(
      `/api/access-statuses/${pair.validated.id}/corrections`,
      { ...content, validFrom: '2024-01-01', validTo: null, sensitivity: 'LOW' },
    );
    expect(proposed.statusCode, proposed.body).toBe(201);
    const validated = await moderateCoordinator.post(
      `/api/access-statuses/${proposed.json().id}/validation`,
      { note: 'Fine' },
    );
    expect(validated.statusCode, validated.body).toBe(201);
    for (const decision of ['return', 'validation']) {
      const again = await coordinator.post(
        `/api/access-statuses/${proposed.json().id}/${decision}`,
        { note: 'Something else' },
      );
      expect(again.statusCode, `${decision}: ${again.body}`).toBe(409);
      expect(again.json().error.message).toContain('already validated');
    }
    const entry = (await moderateEditor.get('/api/my-entries'))
      .json()
      .items.filter((item: any) => item.area.id === pair.areaId);
    expect(entry.map((item: any) => [item.id, item.state])).toEqual([
      [proposed.json().id, 'VALIDATED'],
    ]);
  });
});
