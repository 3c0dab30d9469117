import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  WEBHOOK_HEADERS,
  ZWebhookPayload,
  type TSensitivity,
  type TWebhookPayload,
} from '@access/contracts';
import {
  drainOutbox,
  fanOutToWebhooks,
  guardedLookup,
  isPublicAddress,
  verifyWebhookSignature,
} from '@access/domain';
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
 * Webhooks (issue 18): registration and its refusals, SSRF, the signature as the README
 * documents it, retries then a pause, the owner's clearance on every body, and each event
 * type reaching only the endpoints that asked for it.
 */
const SECRET = 'a-long-enough-webhook-secret';
let t: TestApp;
let admin: Client;
let coordinator: Client;
let coordinatorId: string;
let lowCoordinator: Client;
let viewer: Client;
let receiver: WebhookReceiver;
let coordinatorEmail: string;
/** e-mail reaches a real SMTP server: a paused endpoint's owner is told */
let smtp: SMTPServer;
const mails: ParsedMail[] = [];

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => mails.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  t = await createTestApp({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      NOTIFICATION_TOKEN_SECRET: 'webhook-tests-token-secret-of-32-characters',
      DASHBOARD_URL: 'https://dashboard.access.test',
      WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
      WEBHOOK_RETRY_DELAY_SECONDS: '1',
      WEBHOOK_PAUSE_AFTER_SECONDS: '3',
      WEBHOOK_TIMEOUT_MS: '2000',
    },
  });
  admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
  const coordinatorUser = await makeUser(t.db, 'COORDINATOR', 'SEVERE');
  coordinatorId = coordinatorUser.id;
  coordinatorEmail = coordinatorUser.email;
  coordinator = await t.signIn(coordinatorUser.email, TEST_PASSWORD);
  lowCoordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'SEVERE')).email, TEST_PASSWORD);
  receiver = await startWebhookReceiver();
});
afterAll(async () => {
  await receiver?.close();
  await t?.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

/** A receiver of its own for a test, closed with the file. */
const receivers: WebhookReceiver[] = [];
afterAll(() => Promise.all(receivers.map((r) => r.close())));
async function newReceiver(): Promise<WebhookReceiver> {
  const fresh = await startWebhookReceiver();
  receivers.push(fresh);
  return fresh;
}

async function register(client: Client, body: Record<string, unknown>) {
  const response = await client.post('/api/webhooks', { secret: SECRET, events: ['*'], ...body });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** The outbox's events for a record (written with the change, fanned out by the queue). */
async function eventOf(column: 'access_status_version_id' | 'incident_version_id', id: string) {
  const { rows } = await t.sql<{ id: string }>(
    `SELECT id::text FROM outbox_events WHERE ${column} = $1`,
    [id],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.id;
}

/** Nothing more will arrive: the outbox is drained and the queue has had time to send. */
async function settle(): Promise<void> {
  await drainOutbox(t.db);
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

async function recordStatus(
  organizationId: string,
  areaId: string,
  sensitivity: TSensitivity = 'LOW',
  validFrom = '2024-01-01',
): Promise<string> {
  const response = await coordinator.post(
    '/api/access-statuses',
    statusBody(organizationId, areaId, { sensitivity, validFrom }),
  );
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id;
}

async function deliveriesOf(endpointId: string) {
  return t.db.webhookDelivery.findMany({ where: { endpointId }, orderBy: { createdAt: 'asc' } });
}

async function until<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The README's recipe, written out as a receiver would (not the API's own helper). */
function readmeVerify(secret: string, headers: Record<string, unknown>, rawBody: string): boolean {
  const timestamp = String(headers['x-webhook-timestamp']);
  const signature = String(headers['x-webhook-signature']);
  const expected = `sha256=${createHmac('sha256', secret).update(`${timestamp}.${rawBody}`).digest('hex')}`;
  const fresh = Math.abs(Date.now() / 1000 - Number(timestamp)) <= 300;
  return (
    fresh &&
    expected.length === signature.length &&
    timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
  );
}

describe('POST /api/webhooks', () => {
  it('registers an endpoint for its owner and never returns or audits the secret', async () => {
    const area = await makeArea(t.db);
    const organization = await makeOrganization(t.db);
    const response = await coordinator.post('/api/webhooks', {
      url: receiver.url,
      events: ['access_status.recorded', 'incident.recorded'],
      secret: SECRET,
      description: 'Our security platform',
      areaIds: [area.id],
      organizationIds: [organization.id],
    });
    expect(response.statusCode, response.body).toBe(201);
    const created = response.json();
    expect(created).toMatchObject({
      url: receiver.url,
      events: ['access_status.recorded', 'incident.recorded'],
      areaIds: [area.id],
      organizationIds: [organization.id],
      owner: { id: coordinatorId },
      pausedAt: null,
    });
    expect(response.body).not.toContain(SECRET);
    for (const read of [
      await coordinator.get('/api/webhooks'),
      await coordinator.get(`/api/webhooks/${created.id}`),
      await admin.get('/api/webhooks'),
      await admin.get(`/api/audit-events?entityId=${created.id}`),
    ]) {
      expect(read.statusCode, read.body).toBe(200);
      expect(read.body).toContain(created.id);
      expect(read.body).not.toContain(SECRET);
    }
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'webhook.create', entityId: created.id },
    });
    expect(
      JSON.stringify(event, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
    ).not.toContain(SECRET);
  });

  it("lets a coordinator manage only their own endpoints (another's is 404) and refuses viewers (403)", async () => {
    const own = await register(admin, { url: receiver.url });
    expect((await coordinator.get(`/api/webhooks/${own.id}`)).statusCode).toBe(404);
    expect((await coordinator.patch(`/api/webhooks/${own.id}`, { paused: true })).statusCode).toBe(
      404,
    );
    expect((await coordinator.delete(`/api/webhooks/${own.id}`)).statusCode).toBe(404);
    expect((await coordinator.get(`/api/webhooks/${own.id}/deliveries`)).statusCode).toBe(404);
    expect(
      (await coordinator.get('/api/webhooks')).json().items.map((w: { id: string }) => w.id),
    ).not.toContain(own.id);
    expect((await admin.get(`/api/webhooks/${own.id}`)).statusCode).toBe(200);
    const refused = await viewer.post('/api/webhooks', {
      url: receiver.url,
      events: ['*'],
      secret: SECRET,
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('FORBIDDEN');
    expect((await viewer.get('/api/webhooks')).statusCode).toBe(403);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await t.db.webhookEndpoint.count();
    const cases: [Record<string, unknown>, string][] = [
      [{ url: 'ftp://example.org/hook' }, 'url'],
      [{ url: 'https://user:pass@example.org/hook' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ events: [] }, 'events'],
      [{ events: ['access_status.exploded'] }, 'events'],
      [{ secret: 'short' }, 'secret'],
      [{ areaIds: [randomUUID()] }, 'areaIds'],
      [{ organizationIds: [randomUUID()] }, 'organizationIds'],
      [{ surprise: true }, ''],
    ];
    for (const [change, field] of cases) {
      const response = await coordinator.post('/api/webhooks', {
        url: receiver.url,
        events: ['*'],
        secret: SECRET,
        ...change,
      });
      expect(response.statusCode, JSON.stringify(change)).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toEqual(expect.any(String));
      if (field) expect(JSON.stringify(error.details), JSON.stringify(change)).toContain(field);
    }
    expect(await t.db.webhookEndpoint.count()).toBe(before);
  });
});

describe('how many endpoints', () => {
  it('one person may own at most 25 (409), so a change cannot be multiplied without bound', async () => {
    const owner = await makeUser(t.db, 'COORDINATOR', 'LOW');
    const client = await t.signIn(owner.email, TEST_PASSWORD);
    const area = await makeArea(t.db);
    for (let n = 0; n < 25; n++) await register(client, { url: receiver.url, areaIds: [area.id] });
    const refused = await client.post('/api/webhooks', {
      url: receiver.url,
      events: ['*'],
      secret: SECRET,
    });
    expect(refused.statusCode).toBe(409);
    expect(refused.json().error.code).toBe('CONFLICT');
    expect(await t.db.webhookEndpoint.count({ where: { ownerId: owner.id } })).toBe(25);
  });
});

describe('SSRF', () => {
  it('knows which addresses are public', () => {
    for (const address of ['93.184.216.34', '8.8.8.8', '2606:4700:4700::1111'])
      expect(isPublicAddress(address), address).toBe(true);
    for (const address of [
      '127.0.0.1',
      '127.1.2.3',
      '10.1.2.3',
      '172.16.5.4',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '224.0.0.1',
      '255.255.255.255',
      '::1',
      '::',
      'fe80::1',
      'fd00::1',
      'ff02::1',
      '::ffff:127.0.0.1',
      '::ffff:7f00:1',
      '::ffff:10.0.0.1',
      'not an address',
    ])
      expect(isPublicAddress(address), address).toBe(false);
  });

  it('refuses loopback, private, link-local and multicast targets at registration, unless WEBHOOK_ALLOW_PRIVATE_TARGETS', async () => {
    const strict = await createTestApp();
    try {
      const user = await makeUser(strict.db, 'ADMIN', 'SEVERE');
      const client = await strict.signIn(user.email, TEST_PASSWORD);
      for (const url of [
        'http://127.0.0.1:8080/hook',
        'http://localhost/hook',
        'http://10.0.0.7/hook',
        'http://192.168.0.1/hook',
        'http://169.254.169.254/latest/meta-data',
        'http://[::1]/hook',
        'http://[::ffff:127.0.0.1]/hook',
        'http://224.0.0.1/hook',
        'http://0.0.0.0/hook',
      ]) {
        const response = await client.post('/api/webhooks', { url, events: ['*'], secret: SECRET });
        expect(response.statusCode, url).toBe(400);
        expect(response.json().error.details.issues[0].field, url).toBe('url');
      }
      // a public address is taken (nothing is sent at registration)
      const accepted = await client.post('/api/webhooks', {
        url: 'https://93.184.216.34/hook',
        events: ['*'],
        secret: SECRET,
      });
      expect(accepted.statusCode, accepted.body).toBe(201);
      // and cannot be changed to a private one
      const changed = await client.patch(`/api/webhooks/${accepted.json().id}`, {
        url: 'http://127.0.0.1/hook',
      });
      expect(changed.statusCode).toBe(400);
    } finally {
      await strict.close();
    }
  });

  it('refuses at delivery a host name that now resolves to a private address (DNS changed)', async () => {
    const lookup = guardedLookup({ allowPrivateTargets: false });
    const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
      lookup('localhost', {}, (failure) => resolve(failure)),
    );
    expect(error?.code).toBe('EPRIVATETARGET');
    // end to end: an endpoint registered while public, its host now private
    const strict = await createTestApp({ env: { WEBHOOK_RETRY_LIMIT: '0' } });
    const trap = await newReceiver();
    try {
      const owner = await makeUser(strict.db, 'ADMIN', 'SEVERE');
      const client = await strict.signIn(owner.email, TEST_PASSWORD);
      const endpoint = (
        await client.post('/api/webhooks', {
          url: 'https://93.184.216.34/hook',
          events: ['*'],
          secret: SECRET,
        })
      ).json();
      await strict.db.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { url: trap.url.replace('127.0.0.1', 'localhost') },
      });
      const organization = await makeOrganization(strict.db);
      const area = await makeArea(strict.db);
      // recorded: the outbox's worker fans it out to the endpoint
      await client.post('/api/access-statuses', statusBody(organization.id, area.id));
      const [delivery] = await until(
        () => strict.db.webhookDelivery.findMany({ where: { endpointId: endpoint.id } }),
        (rows) => rows[0]?.state === 'FAILED',
      );
      expect(delivery!.lastError).toMatch(/EPRIVATETARGET|non-public/);
      expect(trap.received).toEqual([]);
    } finally {
      await strict.close();
    }
  });
});

describe('deliveries', () => {
  it('are signed as the README documents, carry an idempotency key, and are logged', async () => {
    const own = await newReceiver();
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const endpoint = await register(coordinator, { url: own.url, areaIds: [area.id] });
    const versionId = await recordStatus(organization.id, area.id);
    const [arrived] = await own.waitFor(1);
    const eventId = await eventOf('access_status_version_id', versionId);
    const headers = arrived!.headers;
    expect(headers['content-type']).toBe('application/json');
    expect(headers[WEBHOOK_HEADERS.event]).toBe('access_status.recorded');
    expect(readmeVerify(SECRET, headers, arrived!.body)).toBe(true);
    expect(
      verifyWebhookSignature(
        SECRET,
        {
          timestamp: headers[WEBHOOK_HEADERS.timestamp] as string,
          signature: headers[WEBHOOK_HEADERS.signature] as string,
        },
        arrived!.body,
      ),
    ).toBe(true);
    // a tampered body, another secret or a stale timestamp fail the recipe
    expect(readmeVerify(SECRET, headers, arrived!.body.replace('LOW', 'SEVERE'))).toBe(false);
    expect(readmeVerify('another-secret-entirely', headers, arrived!.body)).toBe(false);
    expect(
      readmeVerify(
        SECRET,
        { ...headers, 'x-webhook-timestamp': String(Number(headers['x-webhook-timestamp']) - 301) },
        arrived!.body,
      ),
    ).toBe(false);
    const payload = ZWebhookPayload.parse(JSON.parse(arrived!.body));
    expect(payload).toMatchObject({
      id: headers[WEBHOOK_HEADERS.id],
      event: 'access_status.recorded',
      eventId,
      deteriorated: false,
      data: { accessStatus: { id: versionId, sensitivity: 'LOW' }, incident: null },
    });
    const log = await until(
      async () => (await coordinator.get(`/api/webhooks/${endpoint.id}/deliveries`)).json(),
      (page) => page.items[0]?.state === 'DELIVERED',
    );
    expect(log.items).toEqual([
      expect.objectContaining({
        id: payload.id,
        event: 'access_status.recorded',
        eventId,
        state: 'DELIVERED',
        attempts: 1,
        lastStatusCode: 204,
        lastError: null,
        latencyMs: expect.any(Number),
        deliveredAt: expect.any(String),
      }),
    ]);
    // the outbox batch fanned out again (its transaction died after ours committed): nothing more
    const [row] = await t.db.outboxEvent.findMany({ where: { id: eventId } });
    expect(await t.db.$transaction((tx) => fanOutToWebhooks(tx, [row!]))).toBe(0);
    await settle();
    expect(own.received).toHaveLength(1);
  });

  it('retries a failing endpoint with the same idempotency key, pauses it after it failed for the set time, and sends what it held once resumed', async () => {
    const failing = await newReceiver();
    failing.answer = 500;
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const endpoint = await register(coordinator, { url: failing.url, areaIds: [area.id] });
    await recordStatus(organization.id, area.id);
    // retried with a growing delay (1 s, then about 2 s…) until it has failed for 3 s
    const paused = await until(
      async () => (await coordinator.get(`/api/webhooks/${endpoint.id}`)).json(),
      (view) => view.pausedAt !== null,
      30_000,
    );
    expect(paused.pauseReason).toMatch(/failing since/);
    expect(failing.received.length).toBeGreaterThanOrEqual(2);
    const keys = new Set(failing.received.map((r) => r.headers[WEBHOOK_HEADERS.id]));
    expect(keys.size).toBe(1);
    const gaps = failing.received.slice(1).map((r, i) => r.at - failing.received[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    const [held] = await deliveriesOf(endpoint.id);
    expect(held).toMatchObject({ state: 'HELD', lastStatusCode: 500 });
    expect(held!.attempts).toBe(failing.received.length);
    // the owner is told: the pause is in the audit trail, with no actor (the system did it)
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'webhook.pause', entityId: endpoint.id },
    });
    expect(audit.actorId).toBeNull();
    // ...and by e-mail
    const mail = await until(
      async () => mails.find((m) => m.subject === `Webhook paused: ${failing.url}`),
      Boolean,
    );
    expect(mail!.to).toMatchObject({ text: coordinatorEmail });
    expect(mail!.text).toContain(`PATCH /api/webhooks/${endpoint.id} {"paused": false}`);
    expect(mail!.text).not.toContain(SECRET);
    // while paused, new events are held, not sent
    const sent = failing.received.length;
    await recordStatus(organization.id, area.id, 'LOW', '2024-06-01');
    await settle();
    expect(failing.received).toHaveLength(sent);
    expect((await deliveriesOf(endpoint.id)).map((d) => d.state)).toEqual(['HELD', 'HELD']);
    // resumed, the receiver healthy: both arrive, the first under its first key
    failing.answer = 200;
    const resumed = await coordinator.patch(`/api/webhooks/${endpoint.id}`, { paused: false });
    expect(resumed.json()).toMatchObject({ pausedAt: null, pauseReason: null });
    const delivered = await until(
      () => deliveriesOf(endpoint.id),
      (rows) => rows.every((row) => row.state === 'DELIVERED'),
    );
    expect(
      failing.received
        .map((r) => r.headers[WEBHOOK_HEADERS.id])
        .slice(-2)
        .sort(),
    ).toEqual(delivered.map((d) => d.id).sort());
    expect([...keys][0]).toBe(delivered[0]!.id);
  }, 60_000);
});

describe('clearance', () => {
  it("a coordinator's endpoint never receives a record above their clearance; an administrator's cleared for it does", async () => {
    const low = await newReceiver();
    const severe = await newReceiver();
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const lowEndpoint = await register(lowCoordinator, { url: low.url, areaIds: [area.id] });
    await register(admin, { url: severe.url, areaIds: [area.id] });
    const hidden = await recordStatus(organization.id, area.id, 'SEVERE', '2024-01-01');
    const shown = await recordStatus(organization.id, area.id, 'LOW', '2024-03-01');
    const incident = (
      await coordinator.post(
        '/api/incidents',
        incidentBody(organization.id, area.id, { sensitivity: 'HIGH' }),
      )
    ).json();
    await severe.waitFor(3);
    await low.waitFor(1);
    await settle();
    expect(low.received).toHaveLength(1);
    const payload = JSON.parse(low.received[0]!.body) as TWebhookPayload;
    expect(payload.data.accessStatus?.id).toBe(shown);
    // the LOW reader's timeline: the SEVERE period before it does not exist for them, so
    // neither its status nor a deterioration from it
    expect(payload.data.accessStatus?.previousStatus ?? null).toBeNull();
    expect(payload.deteriorated).toBe(false);
    expect(low.received[0]!.body).not.toContain(hidden);
    expect(low.received[0]!.body).not.toContain(incident.id);
    // and nothing about the hidden ones is in their delivery log either
    const log = (await lowCoordinator.get(`/api/webhooks/${lowEndpoint.id}/deliveries`)).json();
    expect(log.items).toHaveLength(1);
    expect(
      severe.received.map((r) => (JSON.parse(r.body) as TWebhookPayload).data.accessStatus?.id),
    ).toEqual(expect.arrayContaining([hidden, shown]));
  });

  it('sends nothing once the owner may no longer see what a delivery holds', async () => {
    const own = await newReceiver();
    own.answer = 503;
    const owner = await makeUser(t.db, 'COORDINATOR', 'HIGH');
    const client = await t.signIn(owner.email, TEST_PASSWORD);
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const endpoint = await register(client, { url: own.url, areaIds: [area.id] });
    await recordStatus(organization.id, area.id, 'HIGH');
    await own.waitFor(1);
    await t.db.user.update({ where: { id: owner.id }, data: { clearance: 'LOW' } });
    const [delivery] = await until(
      () => deliveriesOf(endpoint.id),
      (rows) => rows[0]?.state === 'FAILED',
    );
    expect(delivery!.lastError).toMatch(/may no longer/);
    expect(own.received).toHaveLength(1);
  });
});

describe('an administrator cleared below the owner', () => {
  it("cannot steer another's endpoint (url, secret, filters) nor read its deliveries above their clearance; pausing and deleting stay theirs", async () => {
    const own = await newReceiver();
    const owner = await makeUser(t.db, 'COORDINATOR', 'SEVERE');
    const ownerClient = await t.signIn(owner.email, TEST_PASSWORD);
    const lowAdmin = await t.signIn((await makeUser(t.db, 'ADMIN', 'LOW')).email, TEST_PASSWORD);
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const endpoint = await register(ownerClient, { url: own.url, areaIds: [area.id] });
    await recordStatus(organization.id, area.id, 'SEVERE', '2024-01-01');
    await recordStatus(organization.id, area.id, 'LOW', '2024-03-01');
    await own.waitFor(2);
    await settle();

    // the owner sees both deliveries; the LOW administrator only the LOW one
    const all = (await ownerClient.get(`/api/webhooks/${endpoint.id}/deliveries`)).json().items;
    expect(all).toHaveLength(2);
    const seen = (await lowAdmin.get(`/api/webhooks/${endpoint.id}/deliveries`)).json().items;
    expect(seen).toHaveLength(1);

    // redirecting the deliveries (or re-keying, re-filtering them) is the owner's alone
    const thief = await newReceiver();
    for (const change of [
      { url: thief.url, secret: 'a-secret-the-thief-chose-1234' },
      { secret: 'a-secret-the-thief-chose-1234' },
      { areaIds: [] },
      { events: ['*'] },
    ]) {
      const refused = await lowAdmin.patch(`/api/webhooks/${endpoint.id}`, change);
      expect(refused.statusCode, JSON.stringify(change)).toBe(403);
      expect(refused.json().error.code).toBe('FORBIDDEN');
    }
    const unchanged = (await ownerClient.get(`/api/webhooks/${endpoint.id}`)).json();
    expect(unchanged.url).toBe(own.url);
    await recordStatus(organization.id, area.id, 'SEVERE', '2024-05-01');
    await own.waitFor(3);
    await settle();
    expect(thief.received).toHaveLength(0);

    // pausing and deleting another's endpoint stay an administrator's
    expect(
      (await lowAdmin.patch(`/api/webhooks/${endpoint.id}`, { paused: true })).statusCode,
    ).toBe(200);
    expect((await lowAdmin.delete(`/api/webhooks/${endpoint.id}`)).statusCode).toBe(200);
  }, 60_000);
});

describe('events and filters', () => {
  it('each event type reaches the endpoints that asked for it, its areas (with sub-areas) and organisations, and no other', async () => {
    const country = await makeArea(t.db, { kind: 'COUNTRY' });
    const province = await makeArea(t.db, { parentId: country.id });
    const elsewhere = await makeArea(t.db);
    const ours = await makeOrganization(t.db);
    const theirs = await makeOrganization(t.db);
    const endpoints = {
      statuses: await newReceiver(),
      incidents: await newReceiver(),
      everything: await newReceiver(),
      elsewhere: await newReceiver(),
      ours: await newReceiver(),
      deteriorations: await newReceiver(),
    };
    // every endpoint but "elsewhere" watches the country (so other tests' events stay out)
    const watch = { areaIds: [country.id] };
    await register(coordinator, {
      url: endpoints.statuses.url,
      events: ['access_status.recorded'],
      ...watch,
    });
    await register(coordinator, {
      url: endpoints.incidents.url,
      events: ['incident.recorded'],
      ...watch,
    });
    await register(coordinator, { url: endpoints.everything.url, events: ['*'], ...watch });
    await register(coordinator, { url: endpoints.elsewhere.url, areaIds: [elsewhere.id] });
    await register(coordinator, {
      url: endpoints.ours.url,
      organizationIds: [ours.id],
      ...watch,
    });
    await register(coordinator, {
      url: endpoints.deteriorations.url,
      events: ['access_status.deteriorated'],
      ...watch,
    });
    // recorded in the province (a sub-area), then corrected to worse; an incident of ours there
    const status = await recordStatus(theirs.id, province.id);
    const corrected = await coordinator.post(`/api/access-statuses/${status}/corrections`, {
      status: 'DENIED',
      validFrom: '2024-01-01',
      reason: 'Road closed after all',
      sensitivity: 'LOW',
    });
    expect(corrected.statusCode, corrected.body).toBe(201);
    const incident = await coordinator.post('/api/incidents', incidentBody(ours.id, province.id));
    expect(incident.statusCode, incident.body).toBe(201);
    await endpoints.everything.waitFor(3);
    await settle();
    const seen = Object.fromEntries(
      Object.entries(endpoints).map(([name, r]) => [
        name,
        r.received
          .map((d) => {
            const payload = JSON.parse(d.body) as TWebhookPayload;
            return `${payload.event}${payload.deteriorated ? ' (worse)' : ''}`;
          })
          .sort(),
      ]),
    );
    expect(seen).toEqual({
      statuses: ['access_status.recorded'],
      incidents: ['incident.recorded'],
      everything: [
        'access_status.corrected (worse)',
        'access_status.recorded',
        'incident.recorded',
      ],
      elsewhere: [],
      ours: ['incident.recorded'],
      deteriorations: ['access_status.corrected (worse)'],
    });
  });
});
