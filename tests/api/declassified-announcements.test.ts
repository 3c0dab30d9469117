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
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * Finding F8: a SEVERE record corrected down to LOW reads, for a LOW reader, as a record
 * (the API's changeKind RECORD). Its notification (type, title) and its webhook (event,
 * X-Webhook-Event header, stored delivery) must read exactly as those of a record first
 * written at LOW, never as a correction revealing the hidden version it replaced; a
 * SEVERE reader, who sees that version, still hears of a correction.
 */
let t: TestApp;
let severeCoordinator: Client;
let lowViewer: Client;
let severeViewer: Client;
let lowCoordinator: Client;
let lowReceiver: WebhookReceiver;
let severeReceiver: WebhookReceiver;
let country: string;
let organization: string;

beforeAll(async () => {
  t = await createTestApp({ env: { WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' } });
  severeCoordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  lowViewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
  severeViewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'SEVERE')).email, TEST_PASSWORD);
  lowCoordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
    TEST_PASSWORD,
  );
  lowReceiver = await startWebhookReceiver();
  severeReceiver = await startWebhookReceiver();
  country = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  organization = (await makeOrganization(t.db)).id;
  for (const client of [lowViewer, severeViewer]) {
    const follow = await client.post('/api/follows', { targetType: 'AREA', targetId: country });
    expect(follow.statusCode, follow.body).toBe(201);
  }
  // the LOW owner asks for records only: a declassified entry must reach it as one
  for (const [client, receiver, events] of [
    [lowCoordinator, lowReceiver, ['access_status.recorded', 'incident.recorded']],
    [severeCoordinator, severeReceiver, ['*']],
  ] as const) {
    const endpoint = await client.post('/api/webhooks', {
      url: receiver.url,
      secret: 'a-long-enough-webhook-secret',
      events,
      areaIds: [country],
    });
    expect(endpoint.statusCode, endpoint.body).toBe(201);
  }
});
afterAll(async () => {
  await lowReceiver?.close();
  await severeReceiver?.close();
  await t?.close();
});

async function postFull(path: string, body: Record<string, unknown>) {
  const response = await severeCoordinator.post(path, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; incidentId?: string };
}
const post = async (path: string, body: Record<string, unknown>) => (await postFull(path, body)).id;

async function notifications(client: Client) {
  await drainOutbox(t.db);
  const response = await client.get('/api/notifications?limit=100');
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as { type: string; title: string; recordId: string }[]).reverse();
}

/** What a reader is told of: the type, and the title's label (the names differ by record). */
const told = (item: { type: string; title: string }) => ({
  type: item.type,
  label: item.title.split(':')[0],
});

async function deliveries(receiver: WebhookReceiver, count: number) {
  const received = await receiver.waitFor(count);
  return received.map((delivery) => ({
    header: delivery.headers['x-webhook-event'],
    event: JSON.parse(delivery.body).event as string,
    id:
      JSON.parse(delivery.body).data.accessStatus?.id ??
      JSON.parse(delivery.body).data.incident?.id,
  }));
}

describe('a record corrected from SEVERE down to LOW (F8)', () => {
  it('is announced to LOW readers exactly as a record first written at LOW, and as a correction at SEVERE', async () => {
    const areaOf = async () => (await makeArea(t.db, { parentId: country })).id;
    // a status first written at LOW, then one written SEVERE and corrected to LOW
    const plainStatus = await post(
      '/api/access-statuses',
      statusBody(organization, await areaOf(), { status: 'DENIED' }),
    );
    const severeArea = await areaOf();
    const severeStatus = await post(
      '/api/access-statuses',
      statusBody(organization, severeArea, { status: 'SUSPENDED', sensitivity: 'SEVERE' }),
    );
    const declassifiedStatus = await post(`/api/access-statuses/${severeStatus}/corrections`, {
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'Declassified',
      sensitivity: 'LOW',
    });
    // the same for incidents
    const plain = await postFull('/api/incidents', incidentBody(organization, await areaOf()));
    const plainIncident = plain.id;
    const plainIncidentId = plain.incidentId!;
    const incidentArea = await areaOf();
    const hidden = await postFull(
      '/api/incidents',
      incidentBody(organization, incidentArea, { sensitivity: 'SEVERE' }),
    );
    const severeIncident = hidden.id;
    const declassifiedIncidentId = hidden.incidentId!;
    const declassifiedIncident = await post(
      `/api/incidents/versions/${severeIncident}/corrections`,
      incidentBody(organization, incidentArea, {
        organizationId: undefined,
        correctionNote: 'declassified',
      }),
    );

    // the API shows the LOW reader a record
    const history = await lowViewer.get(`/api/access-statuses/${declassifiedStatus}`);
    expect(history.statusCode, history.body).toBe(200);
    expect(history.json().changeKind).toBe('RECORD');

    // notifications: the LOW follower reads the declassified entries as the plain ones
    const low = await notifications(lowViewer);
    expect(low).toHaveLength(4);
    const byRecord = (items: typeof low, id: string) => items.find((item) => item.recordId === id)!;
    expect(told(byRecord(low, declassifiedStatus))).toEqual(told(byRecord(low, plainStatus)));
    expect(told(byRecord(low, declassifiedStatus))).toEqual({
      type: 'access_status.recorded',
      label: 'Access status recorded',
    });
    expect(told(byRecord(low, declassifiedIncidentId))).toEqual(
      told(byRecord(low, plainIncidentId)),
    );
    expect(told(byRecord(low, declassifiedIncidentId)).type).toBe('incident.recorded');

    // the SEVERE follower saw the hidden versions: for them, corrections
    const severe = await notifications(severeViewer);
    expect(byRecord(severe, declassifiedStatus).type).toBe('access_status.corrected');
    expect(
      severe.filter((item) => item.recordId === declassifiedIncidentId).map((item) => item.type),
    ).toEqual(['incident.recorded', 'incident.corrected']);

    // webhooks: the LOW owner (records only) gets all four as records, header and body
    const lowDeliveries = await deliveries(lowReceiver, 4);
    expect(lowDeliveries).toHaveLength(4);
    expect(lowDeliveries).toEqual(
      expect.arrayContaining([
        { header: 'access_status.recorded', event: 'access_status.recorded', id: plainStatus },
        {
          header: 'access_status.recorded',
          event: 'access_status.recorded',
          id: declassifiedStatus,
        },
        { header: 'incident.recorded', event: 'incident.recorded', id: plainIncident },
        { header: 'incident.recorded', event: 'incident.recorded', id: declassifiedIncident },
      ]),
    );
    const severeDeliveries = await deliveries(severeReceiver, 6);
    expect(severeDeliveries.map((delivery) => delivery.event).sort()).toEqual(
      [
        'access_status.recorded',
        'access_status.recorded',
        'access_status.corrected',
        'incident.recorded',
        'incident.recorded',
        'incident.corrected',
      ].sort(),
    );
  }, 60_000);
});
