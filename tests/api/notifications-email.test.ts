import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox, sendDailyDigests, sendImmediateEmails } from '@access/domain';
import { clientFor, createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * Notification e-mail (issue 18) through a real SMTP server started here: each reader gets
 * only what they may see, in their language, immediately or as one daily digest, with a
 * signed unsubscribe link that works without signing in.
 */

const SECRET = 'notifications-email-test-secret-0123456789';
let t: TestApp;
let smtp: SMTPServer;
const received: ParsedMail[] = [];
let coordinator: Client;
let organization: string;
let area: string;
let signIns = 0;

async function signIn(email: string): Promise<Client> {
  signIns += 1;
  const response = await t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
    remoteAddress: `10.19.0.${signIns}`,
  });
  expect(response.statusCode, response.body).toBe(200);
  const cookie = response.cookies.find((item) => item.name === 'access_session')!;
  return clientFor(t.app, {
    cookie: `access_session=${cookie.value}`,
    'x-csrf-token': response.json().csrfToken,
  });
}

/** A reader who follows the area, with an e-mail choice and a language. */
async function follower(
  clearance: 'LOW' | 'SEVERE',
  emailMode: 'IMMEDIATE' | 'DAILY' | 'OFF',
  locale: string | null,
) {
  const user = await makeUser(t.db, 'VIEWER', clearance);
  if (locale)
    await t.db.$executeRaw`UPDATE users SET locale = ${locale} WHERE id = ${user.id}::uuid`;
  const client = await signIn(user.email);
  expect(
    (await client.post('/api/follows', { targetType: 'AREA', targetId: area })).statusCode,
  ).toBe(201);
  const saved = await client.request({
    method: 'PUT',
    url: '/api/notifications/settings',
    payload: { emailMode },
  });
  expect(saved.json()).toEqual({ emailMode, emailAvailable: true });
  return { user, client };
}

const to = (mail: ParsedMail) =>
  (Array.isArray(mail.to) ? mail.to : [mail.to])
    .flatMap((address) => address?.value ?? [])
    .map((a) => a.address);
const mailsTo = (email: string) => received.filter((mail) => to(mail).includes(email));

async function until(check: () => boolean, what: string) {
  for (let waited = 0; !check(); waited += 50) {
    if (waited > 10_000) throw new Error(`waited 10 s for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => received.push(mail))
        .then(() => callback(), callback);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    env: {
      SMTP_URL: `smtp://127.0.0.1:${port}`,
      MAIL_FROM: 'Access monitoring <alerts@access.test>',
      DASHBOARD_URL: 'https://dashboard.access.test',
      NOTIFICATION_TOKEN_SECRET: SECRET,
    },
  });
  organization = (await makeOrganization(t.db, { name: 'Médecins du Monde Test' })).id;
  area = (await makeArea(t.db, { kind: 'COUNTRY', name: 'Zangezur Test' })).id;
  coordinator = await signIn((await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email);
});
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

describe('notification e-mail', () => {
  it('e-mails immediate followers what they may see, in their language, once, with a working unsubscribe link', async () => {
    const french = await follower('LOW', 'IMMEDIATE', 'fr');
    const severe = await follower('SEVERE', 'IMMEDIATE', null);
    const quiet = await follower('SEVERE', 'OFF', null);
    const visible = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, area, { status: 'DENIED', validFrom: '2024-01-01' }),
    );
    const hidden = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, area, {
        status: 'SUSPENDED',
        validFrom: '2024-02-01',
        sensitivity: 'SEVERE',
        reason: 'Negotiation detail that must stay SEVERE',
      }),
    );
    expect([visible.statusCode, hidden.statusCode]).toEqual([201, 201]);
    await drainOutbox(t.db, { email: true });
    await sendImmediateEmails(t.db, t.app.mailer!);
    await until(() => mailsTo(severe.user.email).length >= 2, 'the SEVERE reader’s two e-mails');
    // the SMTP server receives the readers' e-mails in no set order
    await until(() => mailsTo(french.user.email).length >= 1, 'the French reader’s e-mail');

    const [fr, ...more] = mailsTo(french.user.email);
    expect(more).toEqual([]);
    expect(fr!.subject).toContain("Suivi de l'accès");
    // the status in the reader's language, never its code
    expect(fr!.subject).toContain('Refusé');
    expect(fr!.subject).not.toContain('DENIED');
    expect(fr!.text).toContain('Zangezur Test');
    expect(fr!.text).not.toMatch(/SUSPENDED|Suspendu/);
    expect(fr!.html).toContain('lang="fr"');
    expect(fr!.html).toContain('href="https://dashboard.access.test/history?');
    expect(fr!.from?.text).toContain('alerts@access.test');
    expect(fr!.messageId).toMatch(new RegExp(`\\.${french.user.id}@notifications\\.access`));
    for (const mail of received) expect(mail.text).not.toContain('Negotiation detail');

    const severeMails = mailsTo(severe.user.email);
    expect(severeMails.map((mail) => mail.subject?.includes('Suspended')).sort()).toEqual([
      false,
      true,
    ]);
    expect(severeMails[0]!.subject).toContain('Access monitoring');
    expect(mailsTo(quiet.user.email)).toEqual([]);

    // sending again sends nothing: each event x recipient goes out once
    const count = received.length;
    expect(await sendImmediateEmails(t.db, t.app.mailer!)).toBe(0);
    expect(received.length).toBe(count);

    // the link's token turns e-mail off without signing in
    const link = /https:\/\/dashboard\.access\.test\/unsubscribe\?token=(\S+)/.exec(fr!.text ?? '');
    expect(link).not.toBeNull();
    const unsubscribed = await t.anonymous.post('/api/notifications/unsubscribe', {
      token: decodeURIComponent(link![1]!),
    });
    expect(unsubscribed.json()).toEqual({ emailMode: 'OFF' });
    expect((await french.client.get('/api/notifications/settings')).json().emailMode).toBe('OFF');
    expect(fr!.headerLines.map((line) => line.key)).toContain('list-unsubscribe');
  });

  it('sends one digest a day per reader, of what that reader may see, in Russian for a Russian reader', async () => {
    const digestArea = area;
    const russian = await follower('LOW', 'DAILY', 'ru');
    const severe = await follower('SEVERE', 'DAILY', 'en');
    for (const [validFrom, sensitivity] of [
      ['2024-03-01', 'LOW'],
      ['2024-04-01', 'LOW'],
      ['2024-05-01', 'SEVERE'],
    ] as const) {
      const response = await coordinator.post(
        '/api/access-statuses',
        statusBody(organization, digestArea, { validFrom, sensitivity, status: 'CONSTRAINED' }),
      );
      expect(response.statusCode).toBe(201);
    }
    await drainOutbox(t.db, { email: true });
    const now = new Date(Date.now() + 60_000);
    expect(await sendDailyDigests(t.db, t.app.mailer!, now)).toBe(2);
    await until(() => mailsTo(severe.user.email).length === 1, 'the SEVERE digest');
    const [ru] = mailsTo(russian.user.email);
    expect(ru!.subject).toBe('Мониторинг доступа: изменений за день — 2');
    expect(ru!.text!.match(/^- /gm)).toHaveLength(2);
    expect(ru!.html).toContain('lang="ru"');
    const [en] = mailsTo(severe.user.email);
    expect(en!.subject).toBe('Access monitoring: 3 changes today');
    // a day has not passed: no second digest
    expect(await sendDailyDigests(t.db, t.app.mailer!, new Date(now.getTime() + 3_600_000))).toBe(
      0,
    );
  });
});
