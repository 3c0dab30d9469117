import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_HEADERS } from '@access/contracts';
import { signInOver, startApiProcess, type ApiProcess } from '../support/api-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

/**
 * A SIGKILL of the API while a webhook is being delivered loses nothing (issue 18): the
 * delivery and its queue job are in PostgreSQL, the killed instance's heartbeat stops, and
 * the instance started next sends it again, under the same idempotency key.
 */
let database: TestDatabase;
let receiver: WebhookReceiver;
const instances: ApiProcess[] = [];
const env = () => ({
  DATABASE_URL: database.url,
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true',
  WEBHOOK_RETRY_DELAY_SECONDS: '1',
  // the receiver holds the first attempt open: it must still be in flight when the API dies
  WEBHOOK_TIMEOUT_MS: '120000',
});

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  receiver = await startWebhookReceiver();
}, 60_000);
afterAll(async () => {
  for (const instance of instances) instance.child.kill('SIGKILL');
  await Promise.all(instances.map((instance) => instance.exited));
  await receiver?.close();
  await database?.close();
});

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached in time: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe('webhook delivery across a SIGKILL', () => {
  it('is delivered after the restart, with the idempotency key and body it had before', async () => {
    const first = await startApiProcess(env());
    instances.push(first);
    const headers = {
      ...(await signInOver(first.base, 'coordinator@demo.local', 'demo-password')),
      'content-type': 'application/json',
    };
    const registered = await fetch(`${first.base}/webhooks`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ url: receiver.url, events: ['*'], secret: 'crash-test-secret-long' }),
    });
    expect(registered.status, await registered.clone().text()).toBe(201);
    const endpoint = (await registered.json()) as { id: string };
    const { rows: pair } = await database.sql<{ organization: string; area: string }>(
      `SELECT (SELECT id::text FROM organizations ORDER BY name LIMIT 1) AS organization,
              (SELECT id::text FROM areas ORDER BY name LIMIT 1) AS area`,
    );
    receiver.answer = 'hang';
    const recorded = await fetch(`${first.base}/access-statuses`, {
      method: 'POST',
      headers,
      body: JSON.stringify({
        organizationId: pair[0]!.organization,
        areaId: pair[0]!.area,
        status: 'DENIED',
        validFrom: '2032-01-01',
        reason: 'Recorded before the crash',
        sensitivity: 'LOW',
      }),
    });
    expect(recorded.status).toBe(201);
    // the first attempt is at the receiver, unanswered: the API dies in the middle of it
    const [inFlight] = await receiver.waitFor(1, 30_000);
    first.child.kill('SIGKILL');
    await first.exited;
    const { rows: before } = await database.sql<{ id: string; state: string }>(
      'SELECT id::text, state::text FROM webhook_deliveries WHERE endpoint_id = $1',
      [endpoint.id],
    );
    expect(before).toEqual([{ id: inFlight!.headers[WEBHOOK_HEADERS.id], state: 'PENDING' }]);

    receiver.answer = 204;
    const second = await startApiProcess(env());
    instances.push(second);
    const [delivery] = await until(
      async () =>
        (
          await database.sql<{ id: string; state: string; attempts: number }>(
            'SELECT id::text, state::text, attempts FROM webhook_deliveries WHERE endpoint_id = $1',
            [endpoint.id],
          )
        ).rows,
      (rows) => rows[0]?.state === 'DELIVERED',
      90_000,
    );
    expect(receiver.received).toHaveLength(2);
    const [again] = receiver.received.slice(1);
    expect(again!.headers[WEBHOOK_HEADERS.id]).toBe(inFlight!.headers[WEBHOOK_HEADERS.id]);
    expect(delivery!.id).toBe(inFlight!.headers[WEBHOOK_HEADERS.id]);
    // the same body (the same record, the same key); only the signature's timestamp is new
    expect(JSON.parse(again!.body)).toEqual(JSON.parse(inFlight!.body));
    expect(JSON.parse(again!.body).data.accessStatus.reason).toBe('Recorded before the crash');
  }, 240_000);
});
