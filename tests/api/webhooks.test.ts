import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import type dns from 'node:dns';
import http from 'node:http';
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
  assertAllowedTarget,
  createMailer,
  drainOutbox,
  fanOutToWebhooks,
  guardedLookup,
  isPublicAddress,
  tellOwnerOfPause,
  verifyWebhookSignature,
} from '@access/domain';
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
import { tokenizer } from '../support/tokens';
import {
  startWebhookReceiver,
  type ReceivedDelivery,
  type WebhookReceiver,
} from '../support/webhook-receiver';

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
      [{ url: 'https://example.org:0/hook' }, 'url'],
      [{ url: 'not a url' }, 'url'],
      [{ events: [] }, 'events'],
      [{ events: ['access_status.exploded'] }, 'events'],
      [{ secret: 'short' }, 'secret'],
      [{ areaIds: [randomUUID()] }, 'areaIds'],
      [{ organizationIds: [randomUUID()] }, 'organizationIds'],
      [{ partyIds: [randomUUID()] }, 'partyIds'],
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
    // an unknown event type is answered with the ones there are
    const unknown = await coordinator.post('/api/webhooks', {
      url: receiver.url,
      events: ['access_status.exploded'],
      secret: SECRET,
    });
    expect(unknown.json().error.details.issues[0]).toMatchObject({ field: 'events.0' });
    expect(unknown.json().error.details.issues[0].message).toContain('access_status.recorded');
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
    expect(refused.json().error).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/25 webhook endpoints/),
      details: { limit: 25, issues: [{ field: 'url' }] },
    });
    expect(await t.db.webhookEndpoint.count({ where: { ownerId: owner.id } })).toBe(25);
    // another owner is not bound by this one's endpoints
    await register(lowCoordinator, { url: receiver.url, areaIds: [area.id] });
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

  it('refuses every IPv6 form that carries an IPv4 address, and 0.0.0.0/8, whatever the spelling', () => {
    for (const address of [
      // IPv4-mapped ::ffff:0:0/96
      '::ffff:7f00:1',
      '0:0:0:0:0:ffff:7f00:1',
      '::FFFF:127.0.0.1',
      '::ffff:a9fe:a9fe',
      '::ffff:8.8.8.8',
      // IPv4-translated ::ffff:0:0:0/96 (SIIT)
      '::ffff:0:7f00:1',
      '::ffff:0:127.0.0.1',
      // IPv4-compatible ::/96
      '::7f00:1',
      '::127.0.0.1',
      '::a00:1',
      // NAT64 64:ff9b::/96 and the local-use 64:ff9b:1::/48
      '64:ff9b::7f00:1',
      '64:ff9b::127.0.0.1',
      '64:ff9b::a00:1',
      '64:ff9b:1::a00:1',
      // 6to4 2002::/16 with a private IPv4 inside (and any other)
      '2002:7f00:1::',
      '2002:c0a8:101::1',
      '2002:a00:1:1::1',
      // Teredo
      '2001:0:4136:e378:8000:63bf:3fff:fdd2',
      // 0.0.0.0/8
      '0.0.0.0',
      '0.1.2.3',
      '0.255.255.255',
    ])
      expect(isPublicAddress(address), address).toBe(false);
    // IPv6 rules never leak onto IPv4 (BlockList matches IPv4 against mapped IPv6 rules)
    for (const address of ['8.8.8.8', '1.1.1.1', '93.184.216.34', '2a00:1450:4007::64'])
      expect(isPublicAddress(address), address).toBe(true);
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
        'http://0.1.2.3/hook',
        'http://[::ffff:7f00:1]/hook',
        'http://[0:0:0:0:0:ffff:7f00:1]:8080/hook',
        'http://[::ffff:0:7f00:1]/hook',
        'http://[::127.0.0.1]/hook',
        'http://[64:ff9b::7f00:1]/hook',
        'http://[64:ff9b::a00:1]/hook',
        'http://[2002:7f00:1::]/hook',
        'http://[2002:c0a8:101::1]/hook',
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

  it('refuses a host name resolving to any of those forms, at registration and at each connection (rebinding)', async () => {
    const forms = [
      '::ffff:127.0.0.1',
      '::ffff:0:7f00:1',
      '::7f00:1',
      '64:ff9b::7f00:1',
      '2002:7f00:1::',
      '0.0.0.0',
    ];
    /** a DNS that answers `address` for every name */
    const dnsAnswering = (address: string): typeof dns.lookup =>
      ((_host: string, _options: unknown, callback: (...args: unknown[]) => void) =>
        callback(null, [{ address, family: address.includes(':') ? 6 : 4 }])) as never;
    for (const address of forms) {
      const policy = { allowPrivateTargets: false, resolve: dnsAnswering(address) };
      await expect(
        assertAllowedTarget('https://hooks.example.org/in', policy),
        address,
      ).rejects.toMatchObject({
        code: 'VALIDATION_FAILED',
        details: { issues: [{ field: 'url' }] },
      });
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) =>
        guardedLookup(policy)('hooks.example.org', {}, (failure) => resolve(failure)),
      );
      expect(error?.code, address).toBe('EPRIVATETARGET');
    }
    // a name that resolves to a public address is taken
    await expect(
      assertAllowedTarget('https://hooks.example.org/in', {
        allowPrivateTargets: false,
        resolve: dnsAnswering('93.184.216.34'),
      }),
    ).resolves.toBeUndefined();
    // end to end: a POST to a name the DNS now answers with ::ffff:127.0.0.1 (the loopback
    // receiver) is refused before connecting; the same DNS with private targets allowed
    // reaches it, so the refusal is the guard's, not a broken resolver's
    const trap = await newReceiver();
    const port = new URL(trap.url).port;
    const postVia = (policy: Parameters<typeof guardedLookup>[0]) =>
      new Promise<string>((resolve) => {
        const request = http.request(
          `http://rebinding.example:${port}/hook`,
          { method: 'POST', lookup: guardedLookup(policy), agent: false },
          (response) => {
            response.resume();
            resolve(String(response.statusCode));
          },
        );
        request.on('error', (failure: NodeJS.ErrnoException) => resolve(failure.code ?? 'ERROR'));
        request.end('{}');
      });
    for (const address of ['::ffff:127.0.0.1', '127.0.0.1'])
      expect(
        await postVia({ allowPrivateTargets: false, resolve: dnsAnswering(address) }),
        address,
      ).toBe('EPRIVATETARGET');
    expect(trap.received).toEqual([]);
    expect(await postVia({ allowPrivateTargets: true, resolve: dnsAnswering('127.0.0.1') })).toBe(
      '204',
    );
    expect(trap.received).toHaveLength(1);
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

  it("retries a failing endpoint with the same idempotency key, pauses it at the failing delivery's sensitivity after it failed for the set time, keeps sending below it, and sends what it held once resumed", async () => {
    const failing = await newReceiver();
    failing.answer = 500;
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const endpoint = await register(coordinator, { url: failing.url, areaIds: [area.id] });
    // a SEVERE record fails: the pause is at SEVERE, and tells of it only there
    await recordStatus(organization.id, area.id, 'SEVERE');
    // retried with a growing delay (1 s, then about 2 s…) until it has failed for 3 s
    const paused = await until(
      async () => (await coordinator.get(`/api/webhooks/${endpoint.id}`)).json(),
      (view) => view.pausedAt !== null,
      30_000,
    );
    // the reason names the policy, not when the SEVERE delivery first failed (that is the
    // delivery's time, in the log of those who may see it)
    expect(paused).toMatchObject({
      pausedSensitivity: 'SEVERE',
      pauseReason: 'failing for 3 s or more with no delivery: paused automatically',
    });
    expect(failing.received.length).toBeGreaterThanOrEqual(2);
    const keys = new Set(failing.received.map((r) => r.headers[WEBHOOK_HEADERS.id]));
    expect(keys.size).toBe(1);
    const gaps = failing.received.slice(1).map((r, i) => r.at - failing.received[i]!.at);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(500);
    const [held] = await deliveriesOf(endpoint.id);
    expect(held).toMatchObject({ state: 'HELD', lastStatusCode: 500 });
    expect(held!.attempts).toBe(failing.received.length);
    // the owner is told: the pause is in the audit trail, with no actor (the system did it),
    // as sensitive as its level
    const audit = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'webhook.pause', entityId: endpoint.id },
    });
    expect(audit.actorId).toBeNull();
    expect(audit.sensitivity).toBe('SEVERE');
    expect(audit.after).toMatchObject({ heldDeliveries: 1, pausedSensitivity: 'SEVERE' });
    // ...and by e-mail
    const mail = await until(
      async () => mails.find((m) => m.subject === `Webhook paused: ${failing.url}`),
      Boolean,
    );
    expect(mail!.to).toMatchObject({ text: coordinatorEmail });
    expect(mail!.text).toContain(`PATCH /api/webhooks/${endpoint.id} {"paused": false}`);
    expect(mail!.text).not.toContain(SECRET);
    // below the pause, deliveries are sent as if it were active; the SEVERE one stays held
    const sent = failing.received.length;
    failing.answer = 204;
    await recordStatus(organization.id, area.id, 'LOW', '2024-06-01');
    await failing.waitFor(sent + 1);
    await settle();
    expect(failing.received).toHaveLength(sent + 1);
    expect(failing.received.at(-1)!.headers[WEBHOOK_HEADERS.id]).not.toBe(held!.id);
    expect((await deliveriesOf(endpoint.id)).map((d) => [d.sensitivity, d.state])).toEqual([
      ['SEVERE', 'HELD'],
      ['LOW', 'DELIVERED'],
    ]);
    // resumed, the receiver healthy: the held one arrives, under its first key
    const resumed = await coordinator.patch(`/api/webhooks/${endpoint.id}`, { paused: false });
    expect(resumed.json()).toMatchObject({
      pausedAt: null,
      pausedSensitivity: null,
      pauseReason: null,
    });
    // A resume alone is one event, as sensitive as the pause it ends, with the pause it
    // ends and how many of its level it sends again; no LOW update tells of it
    const events = await t.db.auditEvent.findMany({
      where: { entityId: endpoint.id, action: { in: ['webhook.update', 'webhook.resume'] } },
    });
    expect(events.map((e) => [e.action, e.sensitivity, e.before, e.after])).toEqual([
      [
        'webhook.resume',
        'SEVERE',
        { pausedAt: paused.pausedAt, pausedSensitivity: 'SEVERE', pauseReason: paused.pauseReason },
        { resumedDeliveries: 1 },
      ],
    ]);
    const delivered = await until(
      () => deliveriesOf(endpoint.id),
      (rows) => rows.every((row) => row.state === 'DELIVERED'),
    );
    expect(failing.received).toHaveLength(sent + 2);
    expect(failing.received.at(-1)!.headers[WEBHOOK_HEADERS.id]).toBe(delivered[0]!.id);
    expect([...keys][0]).toBe(delivered[0]!.id);
  }, 60_000);
});

describe('a pause per sensitivity', () => {
  const sensitivityOf = (delivery: ReceivedDelivery) =>
    (JSON.parse(delivery.body) as TWebhookPayload).data.accessStatus?.sensitivity;
  const worlds: TestApp[] = [];
  afterAll(() => Promise.all(worlds.map((world) => world.close())));

  /**
   * One world, a database of its own: a SEVERE administrator's endpoint; a LOW record
   * delivered, then a SEVERE one whose delivery fails until it pauses the endpoint (or, in
   * the world where it never failed, is delivered), then a LOW one; then a LOW
   * administrator asks to resume it. `read` is everything the LOW administrator is answered
   * about the endpoint, its log and the audit trail.
   */
  async function world(severeFails: boolean) {
    const app = await createTestApp({
      env: {
        WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
        WEBHOOK_RETRY_DELAY_SECONDS: '1',
        WEBHOOK_PAUSE_AFTER_SECONDS: '3',
        WEBHOOK_TIMEOUT_MS: '2000',
      },
    });
    worlds.push(app);
    const receiver = await newReceiver();
    receiver.answer = (delivery) =>
      severeFails && sensitivityOf(delivery) === 'SEVERE' ? 500 : 204;
    // the same people, names and places in both worlds
    const person = async (role: 'ADMIN' | 'COORDINATOR', clearance: TSensitivity, name: string) => {
      const user = await makeUser(app.db, role, clearance);
      const email = `${name}@world.test`;
      await app.db.user.update({ where: { id: user.id }, data: { email, displayName: name } });
      return app.signIn(email, TEST_PASSWORD);
    };
    const owner = await person('ADMIN', 'SEVERE', 'owner');
    const writer = await person('COORDINATOR', 'SEVERE', 'writer');
    const lowAdmin = await person('ADMIN', 'LOW', 'low-admin');
    const area = await makeArea(app.db, { name: 'Area 000001-world' });
    const endpoint = await register(owner, { url: receiver.url, areaIds: [area.id] });
    const deliveries = () =>
      app.db.webhookDelivery.findMany({
        where: { endpointId: endpoint.id },
        orderBy: { createdAt: 'asc' },
      });
    const record = async (name: string, sensitivity: TSensitivity, state: string) => {
      const organization = await makeOrganization(app.db, { name: `Organisation 000001-${name}` });
      const response = await writer.post(
        '/api/access-statuses',
        statusBody(organization.id, area.id, { sensitivity }),
      );
      expect(response.statusCode, response.body).toBe(201);
      const count = (await deliveries()).length + 1;
      await until(
        deliveries,
        (rows) => rows.length === count && rows.at(-1)!.state === state,
        30_000,
      );
    };
    await record('a', 'LOW', 'DELIVERED');
    await record('b', 'SEVERE', severeFails ? 'HELD' : 'DELIVERED');
    await record('c', 'LOW', 'DELIVERED');
    const resume = await lowAdmin.patch(`/api/webhooks/${endpoint.id}`, { paused: false });
    const tokens = tokenizer();
    const read = async () => {
      const answers = [resume];
      for (const url of [
        '/api/webhooks',
        `/api/webhooks/${endpoint.id}`,
        `/api/webhooks/${endpoint.id}/deliveries?limit=500`,
        '/api/audit-events?limit=500',
      ])
        answers.push(await lowAdmin.get(url));
      return answers.map((answer) =>
        tokens(
          `${answer.statusCode} ${answer.body}`
            .replaceAll(receiver.url, '<receiver>')
            // how long the receiver took is no part of what a world holds
            .replace(/"latencyMs":\d+/g, '"latencyMs":<ms>'),
        ),
      );
    };
    return { app, receiver, endpoint, owner, deliveries, read };
  }

  it('a LOW administrator is answered about an endpoint paused at SEVERE as in a world where the SEVERE delivery never failed, before and after a SEVERE administrator resumes it; deliveries below the pause keep being sent', async () => {
    const [paused, clear] = await Promise.all([world(true), world(false)]);
    // the SEVERE delivery failing paused the endpoint at SEVERE; the LOW ones after it were
    // sent, and the LOW administrator's resume changed nothing
    expect((await paused.deliveries()).map((d) => [d.sensitivity, d.state])).toEqual([
      ['LOW', 'DELIVERED'],
      ['SEVERE', 'HELD'],
      ['LOW', 'DELIVERED'],
    ]);
    const seen = (await paused.owner.get(`/api/webhooks/${paused.endpoint.id}`)).json();
    expect(seen).toMatchObject({ pausedAt: expect.any(String), pausedSensitivity: 'SEVERE' });
    const [before, beforeClear] = [await paused.read(), await clear.read()];
    expect(before[0]).toMatch(/^200 .*"pausedAt":null/);
    expect(before).toEqual(beforeClear);
    // a SEVERE administrator sees it and resumes it: what it held is sent
    paused.receiver.answer = 204;
    const resumed = await paused.owner.patch(`/api/webhooks/${paused.endpoint.id}`, {
      paused: false,
    });
    expect(resumed.json()).toMatchObject({ pausedAt: null, pausedSensitivity: null });
    await until(paused.deliveries, (rows) => rows.every((row) => row.state === 'DELIVERED'));
    const resumeEvent = await paused.app.db.auditEvent.findFirstOrThrow({
      where: { action: 'webhook.resume', entityId: paused.endpoint.id },
    });
    expect(resumeEvent).toMatchObject({ sensitivity: 'SEVERE', after: { resumedDeliveries: 1 } });
    expect(await paused.read()).toEqual(await clear.read());
  }, 90_000);

  it('a failure below the pause lowers it, and readers at that level then see it; a LOW administrator cannot resume a pause above them, and resumes the lowered one', async () => {
    const lowAdmin = await t.signIn((await makeUser(t.db, 'ADMIN', 'LOW')).email, TEST_PASSWORD);
    const receiver = await newReceiver();
    receiver.answer = (delivery) => (sensitivityOf(delivery) === 'SEVERE' ? 500 : 204);
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const endpoint = await register(coordinator, { url: receiver.url, areaIds: [area.id] });
    const asLow = async () => (await lowAdmin.get(`/api/webhooks/${endpoint.id}`)).json();
    const asSevere = async () => (await admin.get(`/api/webhooks/${endpoint.id}`)).json();
    await recordStatus(organization.id, area.id, 'SEVERE');
    const severe = await until(asSevere, (view) => view.pausedSensitivity === 'SEVERE', 30_000);
    // for the LOW administrator there is no pause: resuming it answers as resuming an
    // endpoint that is not paused, and changes and writes nothing
    const unpaused = await asLow();
    expect(unpaused).toMatchObject({ pausedAt: null, pausedSensitivity: null, pauseReason: null });
    expect(unpaused.updatedAt).toBe(unpaused.createdAt);
    const trail = () => t.db.auditEvent.count({ where: { entityId: endpoint.id } });
    const events = await trail();
    const refused = await lowAdmin.patch(`/api/webhooks/${endpoint.id}`, { paused: false });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toEqual(unpaused);
    expect(await trail()).toBe(events);
    expect(await asSevere()).toEqual(severe);
    // a LOW delivery failing for the set time lowers the pause to LOW: every administrator
    // then sees the LOW pause, from when it was lowered
    receiver.answer = 500;
    await recordStatus(organization.id, area.id, 'LOW', '2024-06-01');
    const lowered = await until(asLow, (view) => view.pausedSensitivity === 'LOW', 30_000);
    expect(lowered.pausedAt > severe.pausedAt).toBe(true);
    expect(await asSevere()).toEqual(lowered);
    // its event is in the LOW administrator's trail, counting the LOW delivery it held
    const seen = (await lowAdmin.get(`/api/audit-events?entityId=${endpoint.id}`)).json().items;
    expect(
      seen.map((e: any) => [e.action, e.sensitivity, e.after?.heldDeliveries ?? null]),
    ).toEqual([
      ['webhook.pause', 'LOW', 1],
      ['webhook.create', 'LOW', null],
    ]);
    // the LOW administrator resumes it: everything it held is sent, the SEVERE delivery too
    receiver.answer = 204;
    const resumed = await lowAdmin.patch(`/api/webhooks/${endpoint.id}`, { paused: false });
    expect(resumed.json()).toMatchObject({ pausedAt: null, pausedSensitivity: null });
    await until(
      () => deliveriesOf(endpoint.id),
      (rows) => rows.length === 2 && rows.every((row) => row.state === 'DELIVERED'),
    );
    expect(
      await t.db.auditEvent.findFirstOrThrow({
        where: { action: 'webhook.resume', entityId: endpoint.id },
      }),
    ).toMatchObject({ sensitivity: 'LOW', after: { resumedDeliveries: 1 } });
  }, 90_000);
});

describe('the pause e-mail', () => {
  it("is written in the owner's language (users.locale), English when they have none", async () => {
    const mailer = createMailer({
      smtp: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'access@access.test',
      dashboardUrl: 'https://dashboard.access.test',
      tokenSecret: 'webhook-tests-token-secret-of-32-characters',
    });
    const expected = {
      fr: {
        subject: 'Webhook suspendu :',
        words: ['a été suspendu le', 'mis en attente, pas perdus'],
      },
      es: {
        subject: 'Webhook en pausa:',
        words: ['se puso en pausa el', 'retenidos, no perdidos'],
      },
      ru: {
        subject: 'Вебхук приостановлен:',
        words: ['приостановлена', 'задержаны, а не потеряны'],
      },
      ar: { subject: 'أُوقف خطاف الويب مؤقتًا:', words: ['مؤقتًا في', 'محتجزة وليست مفقودة'] },
      none: { subject: 'Webhook paused:', words: ['was paused on', 'held, not lost'] },
    } as const;
    try {
      for (const [locale, want] of Object.entries(expected)) {
        const owner = await makeUser(t.db, 'COORDINATOR', 'LOW');
        if (locale !== 'none')
          await t.sql('UPDATE users SET locale = $1 WHERE id = $2', [locale, owner.id]);
        const endpoint = await t.db.webhookEndpoint.create({
          data: {
            ownerId: owner.id,
            url: `https://hooks.example.org/${locale}`,
            events: ['*'],
            secret: SECRET,
            areaIds: [],
            organizationIds: [],
            pausedAt: new Date('2026-03-04T05:06:00Z'),
            pausedSensitivity: 'LOW',
            pauseReason: 'failing for 24 h or more with no delivery: paused automatically',
          },
        });
        expect(await tellOwnerOfPause(t.db, mailer, endpoint.id)).toBe(true);
        const mail = await until(
          async () => mails.find((m) => m.subject?.endsWith(endpoint.url)),
          Boolean,
        );
        expect(mail!.subject).toBe(`${want.subject} ${endpoint.url}`);
        for (const word of want.words) expect(mail!.text, locale).toContain(word);
        expect(mail!.text).toContain(`PATCH /api/webhooks/${endpoint.id} {"paused": false}`);
        expect(mail!.text).toContain(
          `https://dashboard.access.test/api/webhooks/${endpoint.id}/deliveries`,
        );
        expect(mail!.headers.get('content-language')).toBe(locale === 'none' ? 'en' : locale);
        expect(mail!.html).toContain(`lang="${locale === 'none' ? 'en' : locale}"`);
        if (locale === 'ar') expect(mail!.html).toContain('dir="rtl"');
        // the time, in the owner's language
        expect(mail!.text).toContain(
          new Intl.DateTimeFormat(locale === 'none' ? 'en' : locale, {
            dateStyle: 'long',
            timeStyle: 'short',
            timeZone: 'UTC',
          }).format(endpoint.pausedAt!),
        );
      }
    } finally {
      mailer.close();
    }
  });
});

describe('the pause e-mail and clearance', () => {
  it('tells no owner of a pause above their clearance (lowered since its deliveries were made), and tells them once it is lowered to theirs', async () => {
    const mailer = createMailer({
      smtp: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
      from: 'access@access.test',
      dashboardUrl: 'https://dashboard.access.test',
      tokenSecret: 'webhook-tests-token-secret-of-32-characters',
    });
    try {
      const owner = await makeUser(t.db, 'COORDINATOR', 'LOW');
      const endpoint = await t.db.webhookEndpoint.create({
        data: {
          ownerId: owner.id,
          url: 'https://hooks.example.org/above-the-owner',
          events: ['*'],
          secret: SECRET,
          areaIds: [],
          organizationIds: [],
          pausedAt: new Date('2026-03-04T05:06:00Z'),
          pausedSensitivity: 'HIGH',
          pauseReason: 'failing for 24 h or more with no delivery: paused automatically',
        },
      });
      expect(await tellOwnerOfPause(t.db, mailer, endpoint.id)).toBe(false);
      await t.db.webhookEndpoint.update({
        where: { id: endpoint.id },
        data: { pausedSensitivity: 'LOW' },
      });
      expect(await tellOwnerOfPause(t.db, mailer, endpoint.id)).toBe(true);
      const arrived = await until(
        async () => mails.filter((m) => m.subject?.endsWith(endpoint.url)),
        (found) => found.length > 0,
      );
      expect(arrived).toHaveLength(1);
    } finally {
      mailer.close();
    }
  });
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

describe('consents answered (request.consent_answered)', () => {
  it("reach endpoints that asked for them, filtered by the request's area and organisations, as the owner sees them; never above the owner's clearance", async () => {
    const country = await makeArea(t.db, { kind: 'COUNTRY' });
    const province = await makeArea(t.db, { parentId: country.id });
    const lead = await makeOrganization(t.db);
    const partner = await makeOrganization(t.db);
    const unrelated = await makeOrganization(t.db);
    const party = (await makeParty(t.db)).id;
    const endpoints = {
      // the SEVERE coordinator's: every event in the country
      severe: await newReceiver(),
      // the LOW coordinator's: answers in the country
      low: await newReceiver(),
      // answers of a partner organisation of the request (not its lead)
      partner: await newReceiver(),
      // answers of an organisation the request does not name
      unrelated: await newReceiver(),
      // statuses only
      statuses: await newReceiver(),
      // answers of the party, and of another party
      party: await newReceiver(),
      otherParty: await newReceiver(),
    };
    const watch = { areaIds: [country.id] };
    await register(coordinator, { url: endpoints.severe.url, events: ['*'], ...watch });
    const low = await register(lowCoordinator, {
      url: endpoints.low.url,
      events: ['request.consent_answered'],
      ...watch,
    });
    await register(coordinator, {
      url: endpoints.partner.url,
      events: ['request.consent_answered'],
      organizationIds: [partner.id],
    });
    await register(coordinator, {
      url: endpoints.unrelated.url,
      events: ['request.consent_answered'],
      organizationIds: [unrelated.id],
    });
    await register(coordinator, {
      url: endpoints.statuses.url,
      events: ['access_status.recorded'],
      ...watch,
    });
    await register(coordinator, {
      url: endpoints.party.url,
      events: ['request.consent_answered'],
      partyIds: [party],
    });
    await register(coordinator, {
      url: endpoints.otherParty.url,
      events: ['request.consent_answered'],
      partyIds: [(await makeParty(t.db)).id],
    });
    const newRequest = async (sensitivity: TSensitivity) => {
      const created = await coordinator.post('/api/access-requests', {
        organizationId: lead.id,
        otherOrganizationIds: [partner.id],
        kind: 'ASSESSMENT_MISSION',
        areaId: province.id,
        requestedOn: '2024-01-01',
        purpose: `Needs assessment (${sensitivity})`,
        neededPartyIds: [party],
        sensitivity,
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json().requestId as string;
    };
    const answer = async (
      requestId: string,
      stance: string,
      sensitivity: TSensitivity,
      statedOn: string,
    ) => {
      const response = await coordinator.post(`/api/access-requests/${requestId}/positions`, {
        partyId: party,
        stance,
        statedOn,
        sensitivity,
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().id as string;
    };
    const open = await newRequest('LOW');
    const hidden = await newRequest('SEVERE');
    // a request sent is no answer: nothing
    await answer(open, 'REQUESTED', 'LOW', '2024-01-10');
    // a LOW answer on the LOW request: both levels
    const granted = await answer(open, 'GRANTED', 'LOW', '2024-02-01');
    // a SEVERE answer on the LOW request, and a LOW answer on the SEVERE request: SEVERE only
    const refused = await answer(open, 'REFUSED', 'SEVERE', '2024-03-01');
    const onHidden = await answer(hidden, 'GRANTED', 'LOW', '2024-02-15');
    // three answers, and the two requests themselves (request.recorded: '*' selects them)
    await endpoints.severe.waitFor(5);
    await endpoints.low.waitFor(1);
    await settle();
    const bodies = (name: keyof typeof endpoints) =>
      endpoints[name].received.map((d) => JSON.parse(d.body) as TWebhookPayload);
    const summary = (name: keyof typeof endpoints) =>
      bodies(name)
        .filter((p) => p.event === 'request.consent_answered')
        .map(
          (p) =>
            `${p.event} ${p.data.position?.stance} ${p.data.request?.requestId === open ? 'open' : 'hidden'}`,
        )
        .sort();
    expect(summary('severe')).toEqual([
      'request.consent_answered GRANTED hidden',
      'request.consent_answered GRANTED open',
      'request.consent_answered REFUSED open',
    ]);
    expect(
      bodies('severe')
        .filter((p) => p.event !== 'request.consent_answered')
        .map((p) => `${p.event} ${p.data.request?.requestId === open ? 'open' : 'hidden'}`)
        .sort(),
    ).toEqual(['request.recorded hidden', 'request.recorded open']);
    expect(summary('low')).toEqual(['request.consent_answered GRANTED open']);
    expect(bodies('low')).toHaveLength(1);
    expect(summary('partner')).toEqual(summary('severe'));
    expect(bodies('partner')).toHaveLength(3);
    expect(bodies('unrelated')).toEqual([]);
    expect(bodies('statuses')).toEqual([]);
    expect(summary('party')).toEqual(summary('severe'));
    expect(bodies('party')).toHaveLength(3);
    expect(bodies('otherParty')).toEqual([]);
    // the LOW owner's body: the answer and the request as they see them, signed, nothing above LOW
    const [arrived] = endpoints.low.received;
    expect(arrived!.headers[WEBHOOK_HEADERS.event]).toBe('request.consent_answered');
    expect(readmeVerify(SECRET, arrived!.headers, arrived!.body)).toBe(true);
    const payload = ZWebhookPayload.parse(JSON.parse(arrived!.body));
    expect(payload).toMatchObject({
      event: 'request.consent_answered',
      deteriorated: false,
      data: {
        accessStatus: null,
        incident: null,
        request: {
          requestId: open,
          sensitivity: 'LOW',
          organization: { id: lead.id },
          area: { id: province.id },
        },
        position: { id: granted, requestId: open, stance: 'GRANTED', sensitivity: 'LOW' },
      },
    });
    const lowText = endpoints.low.received.map((d) => d.body).join('\n');
    for (const secret of [hidden, refused, onHidden, 'SEVERE', 'REFUSED'])
      expect(lowText).not.toContain(secret);
    // its log holds that one delivery; the SEVERE owner's answers are no line of it
    const log = await until(
      async () => (await lowCoordinator.get(`/api/webhooks/${low.id}/deliveries`)).json(),
      (page) => page.items[0]?.state === 'DELIVERED',
    );
    expect(log.items.map((item: { event: string }) => item.event)).toEqual([
      'request.consent_answered',
    ]);
    const stored = await deliveriesOf(low.id);
    expect(stored.map((d) => d.sensitivity)).toEqual(['LOW']);
  });
});

describe("a request's own versions (request.recorded, .corrected, .validated)", () => {
  it('reach the endpoints that asked for them as their owner sees them: a SEVERE request never reaches a LOW owner, and its declassification reads as a record', async () => {
    const country = await makeArea(t.db, { kind: 'COUNTRY' });
    const province = await makeArea(t.db, { parentId: country.id });
    const lead = await makeOrganization(t.db);
    const party = (await makeParty(t.db)).id;
    const severe = await newReceiver();
    const low = await newReceiver();
    const answersOnly = await newReceiver();
    const watch = { areaIds: [country.id] };
    await register(coordinator, { url: severe.url, events: ['*'], ...watch });
    await register(lowCoordinator, {
      url: low.url,
      events: ['request.recorded', 'request.corrected', 'request.validated'],
      ...watch,
    });
    await register(coordinator, {
      url: answersOnly.url,
      events: ['request.consent_answered'],
      ...watch,
    });
    const fields = (sensitivity: TSensitivity, purpose: string) => ({
      kind: 'ASSESSMENT_MISSION',
      areaId: province.id,
      requestedOn: '2024-01-01',
      purpose,
      neededPartyIds: [party],
      sensitivity,
    });
    const create = async (client: Client, body: Record<string, unknown>) => {
      const created = await client.post('/api/access-requests', {
        organizationId: lead.id,
        ...body,
      });
      expect(created.statusCode, created.body).toBe(201);
      return created.json() as { id: string; requestId: string };
    };
    const correct = async (versionId: string, body: Record<string, unknown>) => {
      const corrected = await coordinator.request({
        method: 'POST',
        url: `/api/access-requests/versions/${versionId}/corrections`,
        payload: body,
        headers: { 'if-match': `"${versionId}"` },
      });
      expect(corrected.statusCode, corrected.body).toBe(201);
      return corrected.json() as { id: string; requestId: string };
    };
    // LOW: recorded, then corrected
    const open = await create(coordinator, fields('LOW', 'Open assessment'));
    const openCorrected = await correct(open.id, {
      ...fields('LOW', 'Open assessment, corrected'),
      correctionNote: 'wrong purpose',
    });
    // SEVERE: recorded, never at LOW
    const hidden = await create(coordinator, fields('SEVERE', 'Hidden negotiation'));
    // SEVERE, then declassified to LOW: for the LOW owner a record, not a correction
    const declassified = await create(coordinator, fields('SEVERE', 'Declassified later'));
    const declassifiedLow = await correct(declassified.id, fields('LOW', 'Declassified later'));
    // an editor's proposal, validated by the coordinator
    const editor = await makeUser(t.db, 'EDITOR', 'LOW', [lead.id]);
    const editorClient = await t.signIn(editor.email, TEST_PASSWORD);
    const proposal = await create(editorClient, {
      ...fields('LOW', 'Proposed by an editor'),
      reviewState: 'SUBMITTED',
    });
    const validation = await coordinator.request({
      method: 'POST',
      url: `/api/access-requests/versions/${proposal.id}/validation`,
      payload: {},
      headers: { 'if-match': `"${proposal.id}"` },
    });
    expect(validation.statusCode, validation.body).toBe(201);
    const validated = validation.json() as { id: string };
    await severe.waitFor(6);
    await low.waitFor(4);
    await settle();
    const summary = (r: WebhookReceiver) =>
      r.received
        .map((d) => {
          const payload = JSON.parse(d.body) as TWebhookPayload;
          expect(d.headers[WEBHOOK_HEADERS.event]).toBe(payload.event);
          return `${payload.event} ${payload.data.request?.id} ${payload.data.request?.sensitivity}`;
        })
        .sort();
    expect(summary(severe)).toEqual(
      [
        `request.recorded ${open.id} LOW`,
        `request.corrected ${openCorrected.id} LOW`,
        `request.recorded ${hidden.id} SEVERE`,
        `request.recorded ${declassified.id} SEVERE`,
        `request.corrected ${declassifiedLow.id} LOW`,
        `request.validated ${validated.id} LOW`,
      ].sort(),
    );
    expect(summary(low)).toEqual(
      [
        `request.recorded ${open.id} LOW`,
        `request.corrected ${openCorrected.id} LOW`,
        `request.recorded ${declassifiedLow.id} LOW`,
        `request.validated ${validated.id} LOW`,
      ].sort(),
    );
    expect(answersOnly.received).toEqual([]);
    // the LOW owner's bodies: the version as they see it, nothing of the SEVERE ones
    const lowText = low.received.map((d) => d.body).join('\n');
    for (const secret of [
      hidden.id,
      hidden.requestId,
      declassified.id,
      'SEVERE',
      'Hidden negotiation',
    ])
      expect(lowText).not.toContain(secret);
    const first = low.received
      .map((d) => ZWebhookPayload.parse(JSON.parse(d.body)))
      .find((p) => p.data.request?.id === declassifiedLow.id)!;
    expect(first.data).toMatchObject({
      accessStatus: null,
      incident: null,
      position: null,
      request: { changeKind: 'RECORD', supersedesId: null, area: { id: province.id } },
    });
    expect(readmeVerify(SECRET, low.received[0]!.headers, low.received[0]!.body)).toBe(true);
  });
});
