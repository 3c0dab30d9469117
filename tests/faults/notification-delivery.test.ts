import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signInOver, startApiProcess, type ApiProcess } from '../support/api-process';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization, makeUser } from '../support/factories';

/**
 * Notifications survive the death of the API that was delivering them (issue 18): an
 * instance killed with SIGKILL while its e-mail waits on the SMTP server leaves the
 * notification waiting, and the next instance sends it again with the same idempotency key
 * (Message-ID); an event committed just before the kill is fanned out by the next instance.
 */

let database: TestDatabase;
let api: ApiProcess | undefined;
let smtp: SMTPServer;
let answering = false;
const received: { mail: ParsedMail; acknowledged: boolean }[] = [];
let env: Record<string, string>;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      void simpleParser(stream).then((mail) => {
        // while not answering, the message is read but never acknowledged: the sender waits
        received.push({ mail, acknowledged: answering });
        if (answering) callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  env = {
    DATABASE_URL: database.url,
    SMTP_URL: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    NOTIFICATION_TOKEN_SECRET: 'fault-test-secret-0123456789abcdefghij',
  };
}, 60_000);

afterAll(async () => {
  api?.child.kill('SIGKILL');
  await database?.close();
  smtp.close();
});

async function until<T>(check: () => Promise<T | undefined> | T | undefined, what: string) {
  for (let waited = 0; ; waited += 100) {
    const value = await check();
    if (value) return value;
    if (waited > 30_000) throw new Error(`waited 30 s for ${what}:\n${api?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const emailStateOf = async (userId: string) =>
  (
    await database.sql<{ email_state: string | null }>(
      'SELECT email_state::text FROM notifications WHERE user_id = $1',
      [userId],
    )
  ).rows.map((row) => row.email_state);

describe('notification delivery under SIGKILL', () => {
  it('sends an e-mail cut off by SIGKILL again after restart, with the same Message-ID', async () => {
    const organization = await makeOrganization(database.db);
    const area = await makeArea(database.db);
    const follower = await makeUser(database.db, 'VIEWER', 'LOW');
    await database.sql(
      `INSERT INTO follows (id, user_id, target_type, target_id, kinds) VALUES (gen_random_uuid(), $1, 'AREA', $2, '{ANY_CHANGE}')`,
      [follower.id, area.id],
    );
    await database.sql(
      `INSERT INTO notification_settings (user_id, email_mode) VALUES ($1, 'IMMEDIATE')`,
      [follower.id],
    );
    api = await startApiProcess(env);
    const headers = await signInOver(api.base, 'coordinator@demo.local', 'demo-password');
    const recorded = await fetch(`${api.base}/access-statuses`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json' },
      body: JSON.stringify({
        organizationId: organization.id,
        areaId: area.id,
        status: 'DENIED',
        validFrom: '2025-03-01',
        reason: 'Checkpoint closed',
        sensitivity: 'LOW',
      }),
    });
    expect(recorded.status).toBe(201);
    // the e-mail reaches the SMTP server, which holds it unanswered: the sender is mid-delivery
    const cut = await until(
      () => received.find((entry) => !entry.acknowledged),
      'the first e-mail',
    );
    expect(await emailStateOf(follower.id)).toEqual(['PENDING']);
    api.child.kill('SIGKILL');
    await api.exited;

    answering = true;
    api = await startApiProcess(env);
    const again = await until(
      () =>
        received.find((entry) => entry.acknowledged && entry.mail.messageId === cut.mail.messageId),
      'the e-mail sent again after restart',
    );
    expect(again.mail.to).toEqual(cut.mail.to);
    expect(cut.mail.messageId).toContain(`.${follower.id}@notifications.access`);
    await until(
      async () => (await emailStateOf(follower.id))[0] === 'SENT',
      'the e-mail marked sent',
    );
    expect(await emailStateOf(follower.id)).toEqual(['SENT']);
  }, 120_000);

  it('fans out, after restart, an event committed just before SIGKILL', async () => {
    const organization = await makeOrganization(database.db);
    const area = await makeArea(database.db);
    const follower = await makeUser(database.db, 'VIEWER', 'LOW');
    await database.sql(
      `INSERT INTO follows (id, user_id, target_type, target_id, kinds) VALUES (gen_random_uuid(), $1, 'AREA', $2, '{ANY_CHANGE}')`,
      [follower.id, area.id],
    );
    // a change committed in the database as the API's write path commits it, with its event,
    // and no instance running to fan it out
    api!.child.kill('SIGKILL');
    await api!.exited;
    const { recordAccessStatus } = await import('@access/domain');
    const [coordinator] = (
      await database.sql<{ id: string }>(
        `SELECT id::text FROM users WHERE email = 'coordinator@demo.local'`,
      )
    ).rows;
    const { actorOfUser } = await import('@access/domain');
    const actor = await actorOfUser(database.db, coordinator!.id);
    const version = await recordAccessStatus(database.db, { actor }, {
      organizationId: organization.id,
      areaId: area.id,
      status: 'SUSPENDED',
      validFrom: '2025-04-01',
      reason: 'Convoy halted',
      sensitivity: 'LOW',
      terms: [],
      sources: [],
      constraintCategories: [],
    } as never);
    api = await startApiProcess(env);
    const notified = await until(async () => {
      const { rows } = await database.sql<{ id: string }>(
        `SELECT n.id::text FROM notifications n JOIN outbox_events e ON e.id = n.event_id
         WHERE n.user_id = $1 AND e.access_status_version_id = $2`,
        [follower.id, version.id],
      );
      return rows[0];
    }, 'the fan-out after restart');
    expect(notified.id).toEqual(expect.any(String));
  }, 120_000);
});
