import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
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
 * The findings of the trust review, one by one: what a reader below a record's level used
 * to learn about it (its status as "previous", its id, its start date) and what a writer
 * below it used to change.
 */

let t: TestApp;
let coordinator: Client;
let viewer: Client;
let editor: Client;
/** cleared HIGH and writing into the timeline (an editor's entries are proposals, in no timeline) */
let writer: Client;
let organization: string;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'MODERATE')).email, TEST_PASSWORD);
  editor = await t.signIn(
    (await makeUser(t.db, 'EDITOR', 'HIGH', [organization])).email,
    TEST_PASSWORD,
  );
  writer = await t.signIn((await makeUser(t.db, 'COORDINATOR', 'HIGH')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

/** A pair whose history is LOW FULL (Jan), then SEVERE DENIED (Feb), then MODERATE CONSTRAINED (Mar). */
async function layeredPair() {
  const areaId = (await makeArea(t.db)).id;
  const post = async (body: Record<string, unknown>) => {
    const response = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, areaId, body),
    );
    expect(response.statusCode, response.body).toBe(201);
    return response.json();
  };
  const low = await post({ status: 'FULL', validFrom: '2023-01-01', sensitivity: 'LOW' });
  const severe = await post({ status: 'DENIED', validFrom: '2023-02-01', sensitivity: 'SEVERE' });
  const moderate = await post({
    status: 'CONSTRAINED',
    validFrom: '2023-03-01',
    sensitivity: 'MODERATE',
  });
  return { areaId, low, severe, moderate };
}

describe("a reader below a record's level", () => {
  it('sees the status before a visible version as the one they can see, everywhere', async () => {
    const { areaId, moderate } = await layeredPair();
    expect((await viewer.get(`/api/access-statuses/${moderate.id}`)).json().previousStatus).toBe(
      'FULL',
    );
    expect(
      (await coordinator.get(`/api/access-statuses/${moderate.id}`)).json().previousStatus,
    ).toBe('DENIED');

    const history = (
      await viewer.get(
        `/api/access-statuses/history?organizationId=${organization}&areaId=${areaId}`,
      )
    ).json().items;
    expect(
      history.map(
        (v: { status: string; previousStatus: string | null }) => `${v.previousStatus}→${v.status}`,
      ),
    ).toEqual(['null→FULL', 'FULL→CONSTRAINED']);

    const change = (await viewer.get(`/api/changes?areaId=${areaId}`))
      .json()
      .items.find((c: { versionId: string }) => c.versionId === moderate.id);
    expect(change).toMatchObject({ previousStatus: 'FULL', trend: 'DETERIORATED' });

    for (const url of [
      `/api/exports/access-statuses.csv?areaId=${areaId}&allPeriods=true`,
      `/api/exports/access-history.csv?areaId=${areaId}`,
    ]) {
      const rows = (
        parse((await viewer.get(url)).body, { columns: true, from_line: 1 }) as Record<
          string,
          string
        >[]
      ).slice(1);
      expect(
        rows.map((row) => row.previous_status),
        url,
      ).not.toContain('DENIED');
      expect(
        rows.map((row) => row.valid_to),
        url,
      ).not.toContain('2023-02-01');
    }
  });

  it('sees a visible period run until the next period they can see, not until a hidden one starts', async () => {
    const { areaId, low } = await layeredPair();
    expect((await viewer.get(`/api/access-statuses/${low.id}`)).json().validTo).toBe('2023-03-01');
    expect((await coordinator.get(`/api/access-statuses/${low.id}`)).json().validTo).toBe(
      '2023-02-01',
    );
    const onFeb15 = (
      await viewer.get(`/api/access-statuses?asOf=2023-02-15&areaId=${areaId}`)
    ).json().items;
    expect(onFeb15.map((v: { status: string }) => v.status)).toEqual(['FULL']);
  });

  it('never gets the id of a hidden version: not as successor, predecessor, ETag or in an error', async () => {
    const areaId = (await makeArea(t.db)).id;
    const visible = (
      await coordinator.post(
        '/api/access-statuses',
        statusBody(organization, areaId, { sensitivity: 'LOW' }),
      )
    ).json();
    const hidden = (
      await coordinator.post(`/api/access-statuses/${visible.id}/corrections`, {
        status: 'DENIED',
        validFrom: '2024-01-01',
        reason: 'confidential',
        sensitivity: 'SEVERE',
      })
    ).json();
    const read = await viewer.get(`/api/access-statuses/${visible.id}`);
    expect(read.json().supersededById).toBeNull();
    expect(read.headers.etag).toBe(`"${visible.id}"`);
    expect(read.body).not.toContain(hidden.id);
    // a correction by someone cleared HIGH of what they see: kept below the hidden level, no error naming it
    const corrected = await writer.post(`/api/access-statuses/${visible.id}/corrections`, {
      status: 'FULL',
      validFrom: '2024-01-01',
      reason: 'as we see it',
      sensitivity: 'LOW',
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    expect(corrected.body).not.toContain(hidden.id);
    expect(corrected.json().supersedesId).toBe(visible.id);
    // the coordinator still sees the hidden correction, untouched
    const timeline = (
      await coordinator.get(
        `/api/access-statuses/timeline?organizationId=${organization}&areaId=${areaId}`,
      )
    ).json().items;
    expect(timeline.map((v: { id: string }) => v.id)).toEqual([hidden.id]);
  });
});

describe("a writer below a record's level", () => {
  it('records before or after a hidden period without learning of it, and without ending it', async () => {
    const areaId = (await makeArea(t.db)).id;
    const severe = (
      await coordinator.post(
        '/api/access-statuses',
        statusBody(organization, areaId, {
          status: 'DENIED',
          validFrom: '2023-06-01',
          sensitivity: 'SEVERE',
        }),
      )
    ).json();

    const earlier = await writer.post(
      '/api/access-statuses',
      statusBody(organization, areaId, {
        status: 'FULL',
        validFrom: '2023-01-01',
        sensitivity: 'LOW',
      }),
    );
    expect(earlier.statusCode, earlier.body).toBe(201);
    expect(earlier.json()).toMatchObject({ previousStatus: null, validTo: null });

    const later = await writer.post(
      '/api/access-statuses',
      statusBody(organization, areaId, {
        status: 'CONSTRAINED',
        validFrom: '2023-09-01',
        sensitivity: 'LOW',
      }),
    );
    expect(later.statusCode, later.body).toBe(201);
    expect(later.json().previousStatus).toBe('FULL');
    expect(later.body).not.toContain(severe.id);
    expect(later.body).not.toContain('2023-06-01');

    // the SEVERE period is still open for those cleared for it: the later LOW entry waits for them
    const seen = (
      await coordinator.get(
        `/api/access-statuses/timeline?organizationId=${organization}&areaId=${areaId}`,
      )
    ).json().items;
    expect(
      seen.map(
        (v: { status: string; validFrom: string; validTo: string | null }) =>
          `${v.status} ${v.validFrom}..${v.validTo ?? ''}`,
      ),
    ).toEqual(['FULL 2023-01-01..2023-06-01', 'DENIED 2023-06-01..']);
    // and the writer sees their own timeline
    const own = (
      await writer.get(
        `/api/access-statuses/timeline?organizationId=${organization}&areaId=${areaId}`,
      )
    ).json().items;
    expect(own.map((v: { status: string }) => v.status)).toEqual(['FULL', 'CONSTRAINED']);
  });

  it('gets the same answer as if the hidden record did not exist', async () => {
    const answer = async (withHidden: boolean) => {
      const areaId = (await makeArea(t.db, { name: `Same ${withHidden}` })).id;
      if (withHidden)
        await coordinator.post(
          '/api/access-statuses',
          statusBody(organization, areaId, {
            status: 'DENIED',
            validFrom: '2023-06-01',
            sensitivity: 'SEVERE',
          }),
        );
      await writer.post(
        '/api/access-statuses',
        statusBody(organization, areaId, {
          status: 'FULL',
          validFrom: '2023-01-01',
          sensitivity: 'LOW',
        }),
      );
      const response = await writer.post(
        '/api/access-statuses',
        statusBody(organization, areaId, {
          status: 'CONSTRAINED',
          validFrom: '2023-09-01',
          sensitivity: 'LOW',
        }),
      );
      const { id: _id, recordedAt: _at, area: _area, ...rest } = response.json();
      return { status: response.statusCode, rest };
    };
    expect(await answer(true)).toEqual(await answer(false));
  });
});

describe('entries kept below a level', () => {
  it('reach coordinators cleared above it, who note them reconciled once', async () => {
    const areaId = (await makeArea(t.db)).id;
    const moderateCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    const highCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'HIGH')).email,
      TEST_PASSWORD,
    );
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, areaId, {
        status: 'DENIED',
        validFrom: '2023-06-01',
        sensitivity: 'SEVERE',
      }),
    );
    const kept = (
      await writer.post(
        '/api/access-statuses',
        statusBody(organization, areaId, {
          status: 'FULL',
          validFrom: '2023-09-01',
          sensitivity: 'LOW',
        }),
      )
    ).json();

    const queue = (await coordinator.get('/api/reconciliation-queue')).json().items;
    expect(
      queue.map((item: { version: { id: string }; keptUpTo: string }) => [
        item.version.id,
        item.keptUpTo,
      ]),
    ).toContainEqual([kept.id, 'HIGH']);
    // readers up to HIGH have it in their timeline: nothing to reconcile there
    expect((await highCoordinator.get('/api/reconciliation-queue')).json().items).toEqual([]);
    expect(
      (
        await moderateCoordinator.post(`/api/access-statuses/${kept.id}/reconciliation`, {
          note: 'x',
        })
      ).statusCode,
    ).toBe(404);
    expect(
      (await editor.post(`/api/access-statuses/${kept.id}/reconciliation`, { note: 'x' }))
        .statusCode,
    ).toBe(403);

    const noted = await coordinator.post(`/api/access-statuses/${kept.id}/reconciliation`, {
      note: 'Confirmed: access resumed in September',
    });
    expect(noted.statusCode, noted.body).toBe(201);
    expect(noted.json()).toMatchObject({ versionId: kept.id, level: 'SEVERE' });
    expect(
      (await coordinator.post(`/api/access-statuses/${kept.id}/reconciliation`, { note: 'again' }))
        .statusCode,
    ).toBe(409);
    expect(
      (await coordinator.get('/api/reconciliation-queue'))
        .json()
        .items.map((item: { version: { id: string } }) => item.version.id),
    ).not.toContain(kept.id);
  });
});

describe('the audit trail', () => {
  it('records versions as stored: an event a lower reader sees carries nothing derived from a hidden version', async () => {
    const { areaId } = await layeredPair();
    const moderateCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    // a coordinator cleared SEVERE records a LOW status after the SEVERE period: they see DENIED before it
    const latest = (
      await coordinator.post(
        '/api/access-statuses',
        statusBody(organization, areaId, {
          status: 'FULL',
          validFrom: '2023-05-01',
          sensitivity: 'LOW',
        }),
      )
    ).json();
    expect(latest.previousStatus).toBe('CONSTRAINED');
    const events = (await moderateCoordinator.get(`/api/audit-events?entityId=${latest.id}`)).json()
      .items;
    expect(events).toHaveLength(1);
    expect(JSON.stringify(events)).not.toContain('DENIED');
    expect(JSON.stringify(events)).not.toContain('2023-02-01');
  });
});

describe('a declassifying correction (a version above a reader corrected into one they see)', () => {
  it('reads to them as a new entry without its correction note, for a status, an incident and a request', async () => {
    const areaId = (await makeArea(t.db)).id;
    const note = 'was SEVERE: source protected';
    // a status
    const hiddenStatus = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, areaId, { validFrom: '2024-01-01', sensitivity: 'SEVERE' }),
    );
    expect(hiddenStatus.statusCode, hiddenStatus.body).toBe(201);
    const status = await coordinator.post(
      `/api/access-statuses/${hiddenStatus.json().id}/corrections`,
      {
        status: 'FULL',
        validFrom: '2024-01-01',
        reason: 'shared',
        sensitivity: 'LOW',
        correctionNote: note,
      },
    );
    expect(status.statusCode, status.body).toBe(201);
    // an incident
    const { organizationId: _organization, ...incidentContent } = incidentBody(
      organization,
      areaId,
    );
    const hiddenIncident = await coordinator.post(
      '/api/incidents',
      incidentBody(organization, areaId, { sensitivity: 'SEVERE' }),
    );
    expect(hiddenIncident.statusCode, hiddenIncident.body).toBe(201);
    const incident = await coordinator.post(
      `/api/incidents/versions/${hiddenIncident.json().id}/corrections`,
      { ...incidentContent, correctionNote: note },
    );
    expect(incident.statusCode, incident.body).toBe(201);
    // a request
    const partyId = (await makeParty(t.db)).id;
    const requestContent = {
      kind: 'DELIVERY',
      areaId,
      requestedOn: '2024-01-05',
      purpose: 'Convoy',
      neededPartyIds: [partyId],
      sensitivity: 'LOW',
    };
    const hiddenRequest = await coordinator.post('/api/access-requests', {
      organizationId: organization,
      ...requestContent,
      sensitivity: 'SEVERE',
    });
    expect(hiddenRequest.statusCode, hiddenRequest.body).toBe(201);
    const request = await coordinator.post(
      `/api/access-requests/versions/${hiddenRequest.json().id}/corrections`,
      { ...requestContent, correctionNote: note },
    );
    expect(request.statusCode, request.body).toBe(201);
    const reads = [
      `/api/access-requests/${request.json().requestId}?asOf=2024-02-01`,
      `/api/access-requests/${request.json().requestId}/history`,
      `/api/access-statuses/${status.json().id}`,
      `/api/access-statuses/history?organizationId=${organization}&areaId=${areaId}`,
      `/api/incidents/${incident.json().incidentId}`,
      `/api/incidents/${incident.json().incidentId}/history`,
    ];
    for (const url of reads) {
      const seen = await viewer.get(url);
      expect(seen.statusCode, `${url}: ${seen.body}`).toBe(200);
      expect(seen.body, url).not.toContain(note);
      expect(seen.body, url).toContain('"changeKind":"RECORD"');
      // the coordinator, who sees what was corrected, reads the note
      expect((await coordinator.get(url)).body, url).toContain(note);
    }
    const csv = await viewer.get(`/api/exports/incidents.csv?organizationId=${organization}`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).not.toContain(note);
    expect(
      (await coordinator.get(`/api/exports/incidents.csv?organizationId=${organization}`)).body,
    ).toContain(note);
  });
});

describe("a party's positions as a reader below one of them sees them", () => {
  it('are ordered by when each came into their sight, not by when a hidden version of it was written', async () => {
    // Two positions of one party on one day: the later one holds. World "declassified":
    // a SEVERE refusal is written first, then a LOW consent, then the refusal is corrected
    // into LOW. World "plain": the consent, then the same refusal written LOW. A MODERATE
    // reader sees the same versions recorded in the same order in both, so must read the
    // same request; ordering by the position's first (hidden) write made the consent hold
    // in the first world and the refusal in the second.
    const areaId = (await makeArea(t.db)).id;
    const partyId = (await makeParty(t.db)).id;
    const position = (stance: string, sensitivity: string) => ({
      stance,
      statedOn: '2024-02-01',
      reason: stance === 'REFUSED' ? 'Not this week' : null,
      sensitivity,
    });
    const newRequest = async () => {
      const response = await coordinator.post('/api/access-requests', {
        organizationId: organization,
        kind: 'DELIVERY',
        areaId,
        requestedOn: '2024-01-05',
        purpose: 'Convoy',
        neededPartyIds: [partyId],
        sensitivity: 'LOW',
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().requestId as string;
    };
    const take = async (requestId: string, body: Record<string, unknown>) => {
      const response = await coordinator.post(`/api/access-requests/${requestId}/positions`, {
        partyId,
        ...body,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    const declassified = await newRequest();
    const hidden = await take(declassified, position('REFUSED', 'SEVERE'));
    await take(declassified, position('GRANTED', 'LOW'));
    const corrected = await coordinator.post(
      `/api/access-requests/positions/versions/${hidden.id}/corrections`,
      position('REFUSED', 'LOW'),
    );
    expect(corrected.statusCode, corrected.body).toBe(201);
    const plain = await newRequest();
    await take(plain, position('GRANTED', 'LOW'));
    await take(plain, position('REFUSED', 'LOW'));

    const seen = async (requestId: string, knownAt?: string) => {
      const query = knownAt ? `&knownAt=${encodeURIComponent(knownAt)}` : '';
      const response = await viewer.get(
        `/api/access-requests/${requestId}?asOf=2024-03-01${query}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json();
      return {
        state: body.state,
        stances: body.consents.map((consent: { stance: string }) => consent.stance),
        positions: body.positions.map((p: { stance: string; until: string | null }) => [
          p.stance,
          p.until,
        ]),
      };
    };
    const expected = {
      state: 'REFUSED',
      stances: ['REFUSED'],
      positions: [
        ['GRANTED', '2024-02-01'],
        ['REFUSED', null],
      ],
    };
    // as known now (the kept states) and as known at an instant (derived on the fly)
    const later = new Date(Date.now() + 60_000).toISOString();
    for (const knownAt of [undefined, later]) {
      expect(await seen(declassified, knownAt)).toEqual(expected);
      expect(await seen(plain, knownAt)).toEqual(expected);
    }
    // the list derives the same state
    const listed = await viewer.get(
      `/api/access-requests?organizationId=${organization}&asOf=2024-03-01&limit=500`,
    );
    expect(listed.statusCode, listed.body).toBe(200);
    const stateOf = (id: string) =>
      listed
        .json()
        .items.find((item: { request: { requestId: string } }) => item.request.requestId === id)
        ?.state;
    expect(stateOf(declassified)).toBe('REFUSED');
    expect(stateOf(plain)).toBe('REFUSED');
  });
});
