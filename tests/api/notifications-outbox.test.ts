import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  incidentBody,
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * The outbox (issue 18): every change that can interest someone writes its event in its own
 * transaction, naming ids and levels only; the fan-out tells each follower of what they
 * may see, once.
 */

let t: TestApp;
let coordinator: Client;
let editor: Client;
let organization: string;
let country: string;
let area: string;
let editorId: string;

interface EventRow {
  type: string;
  organization_id: string | null;
  area_id: string | null;
  access_status_version_id: string | null;
  incident_version_id: string | null;
  author_id: string | null;
  sensitivity: string;
  deteriorated_levels: string[];
}

const eventsOf = (versionId: string) =>
  t.db.$queryRaw<EventRow[]>`
    SELECT type, organization_id::text, area_id::text, access_status_version_id::text, incident_version_id::text,
           author_id::text, sensitivity::text, deteriorated_levels::text[]
    FROM outbox_events WHERE access_status_version_id = ${versionId}::uuid OR incident_version_id = ${versionId}::uuid`;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  country = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  area = (await makeArea(t.db, { parentId: country })).id;
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  const editorUser = await makeUser(t.db, 'EDITOR', 'HIGH', [organization]);
  editorId = editorUser.id;
  editor = await t.signIn(editorUser.email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('outbox events', () => {
  it('a validated status writes one event with ids and levels, and a deterioration names the levels where it is worse', async () => {
    const first = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, area, { status: 'FULL', validFrom: '2024-01-01' }),
    );
    expect(first.statusCode).toBe(201);
    const [recorded] = await eventsOf(first.json().id);
    expect(recorded).toMatchObject({
      type: 'access_status.recorded',
      organization_id: organization,
      area_id: area,
      sensitivity: 'LOW',
      deteriorated_levels: [],
    });
    const worse = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, area, { status: 'DENIED', validFrom: '2024-02-01' }),
    );
    const [event] = await eventsOf(worse.json().id);
    expect(event!.deteriorated_levels).toEqual(['LOW', 'MODERATE', 'HIGH', 'SEVERE']);
    // the event carries no text of the record
    const [raw] = await t.db.$queryRaw<{ row: string }[]>`
      SELECT row_to_json(e)::text AS row FROM outbox_events e WHERE access_status_version_id = ${worse.json().id}::uuid`;
    expect(raw!.row).not.toContain('Field report');
  });

  it('a SEVERE deterioration is a deterioration at SEVERE only', async () => {
    const pairArea = (await makeArea(t.db, { parentId: country })).id;
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, pairArea, { status: 'FULL', validFrom: '2024-01-01' }),
    );
    const hidden = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, pairArea, {
        status: 'SUSPENDED',
        validFrom: '2024-03-01',
        sensitivity: 'SEVERE',
      }),
    );
    const [event] = await eventsOf(hidden.json().id);
    expect(event).toMatchObject({ sensitivity: 'SEVERE', deteriorated_levels: ['SEVERE'] });
  });

  it("an editor's proposal writes no event until it is validated, which names its author", async () => {
    const proposed = await editor.post(
      '/api/access-statuses',
      statusBody(organization, area, { status: 'CONSTRAINED', validFrom: '2024-04-01' }),
    );
    expect(proposed.statusCode).toBe(201);
    expect(await eventsOf(proposed.json().id)).toEqual([]);
    const validated = await coordinator.post(
      `/api/access-statuses/${proposed.json().id}/validation`,
      {},
    );
    expect(validated.statusCode, validated.body).toBe(201);
    const [event] = await eventsOf(validated.json().id);
    expect(event).toMatchObject({ type: 'access_status.validated', author_id: editorId });
  });

  it('a refused change writes no event (same transaction)', async () => {
    const before = await t.db.outboxEvent.count();
    const refused = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, area, {
        terms: [{ type: 'PERMIT', grantingPartyId: crypto.randomUUID() }],
      }),
    );
    expect(refused.statusCode).toBe(400);
    expect(await t.db.outboxEvent.count()).toBe(before);
  });

  it('an incident writes incident.recorded with its area and organisation', async () => {
    const recorded = await coordinator.post(
      '/api/incidents',
      incidentBody(organization, area, { sensitivity: 'MODERATE' }),
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const [event] = await eventsOf(recorded.json().id);
    expect(event).toMatchObject({
      type: 'incident.recorded',
      organization_id: organization,
      area_id: area,
      sensitivity: 'MODERATE',
    });
  });

  it('the fan-out marks every event done, once', async () => {
    await drainOutbox(t.db);
    const [pending] = await t.db.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS count FROM outbox_events WHERE fanned_out_at IS NULL`;
    expect(pending!.count).toBe(0);
    expect(await drainOutbox(t.db)).toBe(0);
  });
});
