import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';

/**
 * Access incidents (issue 17): bitemporal and append-only, proposed by editors and decided
 * by coordinators like statuses, and nonexistent for readers below their sensitivity.
 */

let t: TestApp;
let coordinator: Client;
let highCoordinator: Client;
let editor: Client;
let otherEditor: Client;
let viewer: Client;
let organization: string;
let otherOrganization: string;
let country: string;
let area: string;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  otherOrganization = (await makeOrganization(t.db, { typeCode: 447 })).id;
  country = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  area = (await makeArea(t.db, { parentId: country })).id;
  const signIn = async (
    ...args: Parameters<typeof makeUser> extends [unknown, ...infer R] ? R : never
  ) => t.signIn((await makeUser(t.db, ...args)).email, TEST_PASSWORD);
  coordinator = await signIn('COORDINATOR', 'SEVERE');
  highCoordinator = await signIn('COORDINATOR', 'HIGH');
  editor = await signIn('EDITOR', 'HIGH', [organization]);
  otherEditor = await signIn('EDITOR', 'HIGH', [otherOrganization]);
  viewer = await signIn('VIEWER', 'HIGH');
});
afterAll(() => t.close());

function incident(overrides: Record<string, unknown> = {}) {
  return {
    organizationId: organization,
    occurredOn: '2024-05-03',
    occurredTime: '14:30',
    areaId: area,
    category: 6,
    subType: 'STAFF_ABDUCTED',
    impacts: ['SUSPENDED', 'STAFF_RELOCATED'],
    sectors: ['HEA', 'PRO_CPN'],
    affectedOrganizationIds: [otherOrganization],
    affectedOrganizationTypes: [437],
    peopleAffected: 1200,
    perpetrator: 'NON_STATE_ARMED_GROUP',
    description: 'Two drivers held at a roadblock for six hours',
    sources: [{ title: 'Security report', publisher: 'Field office', publishedOn: '2024-05-04' }],
    sensitivity: 'MODERATE',
    ...overrides,
  };
}

/** A correction's body: an incident's fields without the recording organisation. */
function correction(overrides: Record<string, unknown> = {}) {
  const { organizationId: _recorder, ...fields } = incident(overrides);
  return fields;
}

describe('POST /api/incidents and corrections', () => {
  it('records, corrects with If-Match and keeps every version in the history', async () => {
    const created = await coordinator.post('/api/incidents', incident());
    expect(created.statusCode).toBe(201);
    const first = created.json();
    expect(first).toMatchObject({
      occurredOn: '2024-05-03',
      occurredTime: '14:30',
      category: 6,
      subType: 'STAFF_ABDUCTED',
      reviewState: 'VALIDATED',
      proposal: false,
      changeKind: 'RECORD',
      impacts: ['SUSPENDED', 'STAFF_RELOCATED'],
      sectors: ['HEA', 'PRO_CPN'],
      peopleAffected: 1200,
      organization: { id: organization },
      affectedOrganizations: [{ id: otherOrganization, typeCode: 447 }],
    });
    // the affected organisation's own type joins the stated one
    expect(first.affectedOrganizationTypes).toEqual([437, 447]);
    expect(created.headers.etag).toBe(`"${first.id}"`);

    const read = await viewer.get(`/api/incidents/${first.incidentId}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().id).toBe(first.id);

    const corrected = await coordinator.request({
      method: 'POST',
      url: `/api/incidents/versions/${first.id}/corrections`,
      headers: { 'if-match': read.headers.etag as string },
      payload: correction({ peopleAffected: 1500, correctionNote: 'count from the camp' }),
    });
    expect(corrected.statusCode).toBe(201);
    const second = corrected.json();
    expect(second).toMatchObject({
      incidentId: first.incidentId,
      peopleAffected: 1500,
      changeKind: 'CORRECTION',
      supersedesId: first.id,
      correctionNote: 'count from the camp',
    });

    // the old version can no longer be corrected, and an old ETag fails
    const stale = await coordinator.request({
      method: 'POST',
      url: `/api/incidents/versions/${first.id}/corrections`,
      headers: { 'if-match': `"${first.id}"` },
      payload: correction(),
    });
    expect(stale.statusCode).toBe(412);
    const superseded = await coordinator.post(
      `/api/incidents/versions/${first.id}/corrections`,
      correction(),
    );
    expect(superseded.statusCode).toBe(409);
    expect(superseded.json().error.code).toBe('VERSION_SUPERSEDED');

    const history = await viewer.get(`/api/incidents/${first.incidentId}/history`);
    expect(history.json().items.map((item: { id: string }) => item.id)).toEqual([
      first.id,
      second.id,
    ]);
    expect(history.json().items[0].supersededById).toBe(second.id);

    // as known before the correction: the first version
    const before = await viewer.get(
      `/api/incidents?areaId=${country}&knownAt=${encodeURIComponent(first.recordedAt)}`,
    );
    const now = await viewer.get(`/api/incidents?areaId=${country}`);
    const ids = (response: typeof before) =>
      response.json().items.map((item: { id: string }) => item.id);
    expect(ids(before)).toContain(first.id);
    expect(ids(before)).not.toContain(second.id);
    expect(ids(now)).toContain(second.id);
    expect(ids(now)).not.toContain(first.id);
    const asKnown = await viewer.get(
      `/api/incidents/${first.incidentId}?knownAt=${encodeURIComponent(first.recordedAt)}`,
    );
    expect(asKnown.json().id).toBe(first.id);
    expect(asKnown.json().supersededById).toBe(second.id);
    expect(
      (await viewer.get(`/api/incidents/${first.incidentId}?knownAt=2020-01-01T00:00:00Z`))
        .statusCode,
    ).toBe(404);
    const earlier = await viewer.get(
      `/api/incidents?areaId=${country}&knownAt=2020-01-01T00:00:00Z`,
    );
    expect(ids(earlier)).toEqual([]);
  });

  it('filters by category, occurred dates and organisation', async () => {
    const own = (await makeArea(t.db, { parentId: country })).id;
    const access = (
      await coordinator.post(
        '/api/incidents',
        incident({ areaId: own, category: 4, subType: 'CHECKPOINT', occurredOn: '2023-02-10' }),
      )
    ).json();
    const ids = async (query: string) =>
      (await viewer.get(`/api/incidents?areaId=${own}&${query}`))
        .json()
        .items.map((item: { id: string }) => item.id);
    expect(await ids('category=4')).toEqual([access.id]);
    expect(await ids('category=6')).toEqual([]);
    expect(await ids('from=2023-02-10&to=2023-02-10')).toEqual([access.id]);
    expect(await ids('asOf=2023-02-09')).toEqual([]);
    expect(await ids(`organizationId=${otherOrganization}`)).toEqual([access.id]);
  });

  it('refuses bad input with the field named, changing nothing', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ category: 6, subType: 'CHECKPOINT' }, 'subType'],
      [{ category: 10 }, 'category'],
      [{ occurredOn: '2999-01-01' }, 'occurredOn'],
      // not yet begun anywhere: refused (an incident is recorded once it happened)
      [
        { occurredOn: new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10) },
        'occurredOn',
      ],
      [{ occurredTime: '25:00' }, 'occurredTime'],
      [{ peopleAffected: -1 }, 'peopleAffected'],
      [{ impacts: ['EXPLODED'] }, 'impacts.0'],
      [{ description: '  ' }, 'description'],
      [{ areaId: '00000000-0000-4000-8000-000000000000' }, 'areaId'],
      [
        { affectedOrganizationIds: ['00000000-0000-4000-8000-000000000000'] },
        'affectedOrganizationIds.0',
      ],
    ];
    const count = async () =>
      (await t.sql<{ n: number }>('SELECT count(*)::int AS n FROM incident_versions')).rows[0]!.n;
    const before = await count();
    for (const [overrides, field] of cases) {
      const response = await coordinator.post('/api/incidents', incident(overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      const fields = (response.json().error.details.issues as { field: string }[]).map(
        (issue) => issue.field,
      );
      expect(fields).toContain(field);
    }
    expect(await count()).toBe(before);
  });

  it('lets one of two simultaneous corrections of a version through; the other is refused', async () => {
    const first = (await coordinator.post('/api/incidents', incident())).json();
    const answers = await Promise.all(
      [5, 6].map((peopleAffected) =>
        coordinator.post(
          `/api/incidents/versions/${first.id}/corrections`,
          correction({ peopleAffected }),
        ),
      ),
    );
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([201, 409]);
    const history = (await coordinator.get(`/api/incidents/${first.incidentId}/history`)).json();
    expect(history.items).toHaveLength(2);
  });

  it('refuses UPDATE and DELETE of incident versions in the database', async () => {
    await expect(t.sql(`UPDATE incident_versions SET description = 'x'`)).rejects.toThrow(
      /append-only/,
    );
    await expect(t.sql(`DELETE FROM incidents`)).rejects.toThrow(/append-only/);
  });
});

describe('review of incidents', () => {
  it('editor proposal → return with note → resubmit → validate', async () => {
    const own = (await makeArea(t.db, { parentId: country })).id;
    const proposed = await editor.post('/api/incidents', incident({ areaId: own }));
    expect(proposed.statusCode).toBe(201);
    const proposal = proposed.json();
    expect(proposal).toMatchObject({ proposal: true, reviewState: 'SUBMITTED' });

    // counted nowhere: not listed, no current version
    expect((await viewer.get(`/api/incidents?areaId=${own}`)).json().items).toEqual([]);
    expect((await viewer.get(`/api/incidents/${proposal.incidentId}`)).statusCode).toBe(404);
    const mine = await editor.get(`/api/incidents?areaId=${own}&includeProposals=true`);
    expect(mine.json().items.map((item: { id: string }) => item.id)).toEqual([proposal.id]);

    const queue = (await coordinator.get('/api/incidents/review-queue')).json();
    expect(queue.items.find((item: { id: string }) => item.id === proposal.id)).toMatchObject({
      kind: 'NEW',
      state: 'SUBMITTED',
      current: null,
    });
    expect((await editor.get('/api/incidents/review-queue')).statusCode).toBe(403);

    const noNote = await coordinator.post(`/api/incidents/versions/${proposal.id}/return`, {});
    expect(noNote.statusCode).toBe(400);
    expect(noNote.json().error.details.issues[0].field).toBe('note');
    const returned = await coordinator.post(`/api/incidents/versions/${proposal.id}/return`, {
      note: 'Name the roadblock',
    });
    expect(returned.statusCode).toBe(201);
    expect(returned.json()).toMatchObject({
      reviewState: 'RETURNED',
      reviewNote: 'Name the roadblock',
    });

    const entries = (await editor.get('/api/incidents/my-entries')).json().items;
    expect(entries[0]).toMatchObject({
      id: returned.json().id,
      state: 'RETURNED',
      returnNote: 'Name the roadblock',
    });
    // a coordinator does not correct an editor's proposal
    const byCoordinator = await coordinator.post(
      `/api/incidents/versions/${returned.json().id}/corrections`,
      correction({ areaId: own }),
    );
    expect(byCoordinator.statusCode).toBe(409);
    expect(byCoordinator.json().error.code).toBe('PROPOSAL_UNDER_REVIEW');

    const resubmitted = await editor.post(
      `/api/incidents/versions/${returned.json().id}/corrections`,
      correction({ areaId: own, description: 'Held at the Km 12 roadblock' }),
    );
    expect(resubmitted.statusCode).toBe(201);
    expect(resubmitted.json()).toMatchObject({ reviewState: 'SUBMITTED', proposal: true });

    const validated = await coordinator.post(
      `/api/incidents/versions/${resubmitted.json().id}/validation`,
      {},
    );
    expect(validated.statusCode).toBe(201);
    expect(validated.json()).toMatchObject({
      reviewState: 'VALIDATED',
      proposal: false,
      description: 'Held at the Km 12 roadblock',
      incidentId: proposal.incidentId,
    });
    const listed = (await viewer.get(`/api/incidents?areaId=${own}`)).json().items;
    expect(listed.map((item: { id: string }) => item.id)).toEqual([validated.json().id]);
    const again = await coordinator.post(
      `/api/incidents/versions/${resubmitted.json().id}/validation`,
      {},
    );
    expect(again.statusCode).toBe(409);
    const history = await editor.get(
      `/api/incidents/${proposal.incidentId}/history?includeProposals=true`,
    );
    expect(history.json().items.map((item: { reviewState: string }) => item.reviewState)).toEqual([
      'SUBMITTED',
      'RETURNED',
      'SUBMITTED',
      'VALIDATED',
    ]);
    const decided = (await editor.get('/api/incidents/my-entries')).json().items;
    expect(decided.find((item: { id: string }) => item.id === resubmitted.json().id)).toMatchObject(
      {
        state: 'VALIDATED',
        validatedVersionId: validated.json().id,
      },
    );
  });

  it('refuses to validate a correction whose target was corrected since (TIMELINE_MOVED)', async () => {
    const first = (await coordinator.post('/api/incidents', incident())).json();
    const proposal = await editor.post(
      `/api/incidents/versions/${first.id}/corrections`,
      correction({ peopleAffected: 10 }),
    );
    expect(proposal.json()).toMatchObject({ proposal: true, targetId: first.id });
    await coordinator.post(
      `/api/incidents/versions/${first.id}/corrections`,
      correction({ peopleAffected: 20 }),
    );
    const validation = await coordinator.post(
      `/api/incidents/versions/${proposal.json().id}/validation`,
      {},
    );
    expect(validation.statusCode).toBe(409);
    expect(validation.json().error.code).toBe('TIMELINE_MOVED');
  });

  it('rejects an editor of another organisation with 403', async () => {
    const response = await otherEditor.post('/api/incidents', incident());
    expect(response.statusCode).toBe(403);
    const first = (await coordinator.post('/api/incidents', incident())).json();
    const correcting = await otherEditor.post(
      `/api/incidents/versions/${first.id}/corrections`,
      correction(),
    );
    expect(correcting.statusCode).toBe(403);
    expect(
      (await editor.post('/api/incidents', incident({ reviewState: 'VALIDATED' }))).statusCode,
    ).toBe(400);
    expect((await viewer.post('/api/incidents', incident())).statusCode).toBe(403);
  });
});

describe('clearance', () => {
  it('a SEVERE incident does not exist below SEVERE: 404 as for an unknown id, absent from lists', async () => {
    const own = (await makeArea(t.db, { parentId: country })).id;
    const severe = (
      await coordinator.post('/api/incidents', incident({ areaId: own, sensitivity: 'SEVERE' }))
    ).json();
    const hidden = await viewer.get(`/api/incidents/${severe.incidentId}`);
    const unknown = await viewer.get('/api/incidents/00000000-0000-4000-8000-000000000000');
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(unknown.body);
    const hiddenHistory = await viewer.get(`/api/incidents/${severe.incidentId}/history`);
    expect(hiddenHistory.statusCode).toBe(404);
    expect(hiddenHistory.body).toBe(
      (await viewer.get('/api/incidents/00000000-0000-4000-8000-000000000000/history')).body,
    );
    expect((await viewer.get(`/api/incidents?areaId=${own}`)).json().items).toEqual([]);
    expect((await coordinator.get(`/api/incidents?areaId=${own}`)).json().items).toHaveLength(1);
    // nor can it be corrected or reviewed from below: 404 as for an unknown version
    const correcting = await highCoordinator.post(
      `/api/incidents/versions/${severe.id}/corrections`,
      correction(),
    );
    expect(correcting.statusCode).toBe(404);
  });

  it('a correction by a coordinator cleared lower does not replace a version above their clearance', async () => {
    const own = (await makeArea(t.db, { parentId: country })).id;
    const first = (await coordinator.post('/api/incidents', incident({ areaId: own }))).json();
    const severe = (
      await coordinator.post(
        `/api/incidents/versions/${first.id}/corrections`,
        correction({ areaId: own, sensitivity: 'SEVERE', perpetrator: 'STATE_SECURITY_FORCES' }),
      )
    ).json();
    // the HIGH coordinator still sees the first version as current, and corrects it
    const seen = await highCoordinator.get(`/api/incidents/${first.incidentId}`);
    expect(seen.json().id).toBe(first.id);
    expect(seen.headers.etag).toBe(`"${first.id}"`);
    const high = await highCoordinator.post(
      `/api/incidents/versions/${first.id}/corrections`,
      correction({ areaId: own, peopleAffected: 3 }),
    );
    expect(high.statusCode).toBe(201);
    expect(high.json().supersedesId).toBe(first.id);
    // for SEVERE, the SEVERE correction stays current; for HIGH, the HIGH one is
    expect((await coordinator.get(`/api/incidents/${first.incidentId}`)).json().id).toBe(severe.id);
    expect((await viewer.get(`/api/incidents/${first.incidentId}`)).json().id).toBe(high.json().id);
  });
});
