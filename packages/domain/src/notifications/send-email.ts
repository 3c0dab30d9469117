import nodemailer, { type SendMailOptions } from 'nodemailer';
import { Prisma } from '@access/db';
import { actorOfUser } from '../auth/actor-of-user';
import type { Db, Tx } from '../shared/context';
import {
  loadNotificationViews,
  notificationLink,
  type NotificationView,
} from './list-notifications';
import { notificationMessages, notificationTitle } from './messages';
import { unsubscribeToken } from './settings';

/** E-mail as the server is configured (absent: e-mail is off, notifications stay in the dashboard). */
export interface MailSettings {
  /** an SMTP URL (smtp://user:pass@host:port) or nodemailer's SMTP options */
  smtp:
    | string
    | { host: string; port: number; secure?: boolean; auth?: { user: string; pass: string } };
  from: string;
  /** the dashboard's address, for links (e.g. https://access.example.org) */
  dashboardUrl: string;
  /** signs unsubscribe links */
  tokenSecret: string;
}

export interface Mailer {
  settings: MailSettings;
  send(message: SendMailOptions): Promise<unknown>;
  close(): void;
}

export function createMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport(settings.smtp as never);
  return {
    settings,
    send: (message) => transport.sendMail({ from: settings.from, ...message }),
    close: () => transport.close(),
  };
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** One e-mail of `views` for one reader, plain text and HTML, in their language. */
function compose(
  mailer: Mailer,
  userId: string,
  locale: string | null,
  views: NotificationView[],
  digest: boolean,
) {
  const messages = notificationMessages(locale);
  const base = mailer.settings.dashboardUrl.replace(/\/$/, '');
  const unsubscribe = `${base}/unsubscribe?token=${encodeURIComponent(unsubscribeToken(userId, mailer.settings.tokenSecret))}`;
  const lines = views.map((view) => ({
    title: notificationTitle(messages, view),
    url: `${base}${notificationLink(view).link}`,
  }));
  const intro = digest ? messages.digestIntro : messages.intro;
  const dir = messages.locale === 'ar' ? 'rtl' : 'ltr';
  return {
    subject: digest
      ? messages.subjectDigest(views.length)
      : `${messages.subjectOne}: ${lines[0]!.title}`,
    text: [
      intro,
      '',
      ...lines.map((line) => `- ${line.title}\n  ${line.url}`),
      '',
      messages.why,
      `${messages.unsubscribe}: ${unsubscribe}`,
    ].join('\n'),
    html: `<!doctype html><html lang="${messages.locale}" dir="${dir}"><body>
<p>${escapeHtml(intro)}</p>
<ul>${lines.map((line) => `<li><a href="${escapeHtml(line.url)}">${escapeHtml(line.title)}</a></li>`).join('')}</ul>
<p><small>${escapeHtml(messages.why)} <a href="${escapeHtml(unsubscribe)}">${escapeHtml(messages.unsubscribe)}</a></small></p>
</body></html>`,
    headers: {
      'List-Unsubscribe': `<${unsubscribe}>`,
      'Content-Language': messages.locale,
    },
  };
}

interface Recipient {
  userId: string;
  email: string;
  locale: string | null;
}

/** A user's address and language (the users' locale column, when there is one; else English). */
async function recipient(tx: Tx, userId: string): Promise<Recipient | null> {
  const [row] = await tx.$queryRaw<Recipient[]>`
    SELECT u.id::text AS "userId", u.email, to_jsonb(u)->>'locale' AS locale
    FROM users u WHERE u.id = ${userId}::uuid AND u.disabled_at IS NULL`;
  return row ?? null;
}

/**
 * Sends the notifications waiting for e-mail of users who chose IMMEDIATE, one e-mail each,
 * a batch per transaction. Rows are locked while their e-mail is sent and marked SENT
 * after: an instance killed mid-send leaves them PENDING, and another sends them again with
 * the same Message-ID (the event × recipient key), at least once. Only what the reader may
 * see now is sent; the rest is dropped from e-mail (it stays out of the dashboard too).
 */
export async function sendImmediateEmails(db: Db, mailer: Mailer, batch = 50): Promise<number> {
  let sent = 0;
  for (;;) {
    const done = await db.$transaction(
      async (tx) => {
        const rows = await tx.$queryRaw<{ id: string; userId: string }[]>`
          SELECT n.id::text, n.user_id::text AS "userId" FROM notifications n
          JOIN notification_settings s ON s.user_id = n.user_id AND s.email_mode = 'IMMEDIATE'
          WHERE n.email_state = 'PENDING' ORDER BY n.occurred_at, n.id LIMIT ${batch}
          FOR UPDATE OF n SKIP LOCKED`;
        for (const row of rows) {
          await sendOne(tx, mailer, row);
        }
        return rows.length;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    sent += done;
    if (done === 0) return sent;
  }
}

async function sendOne(tx: Tx, mailer: Mailer, row: { id: string; userId: string }) {
  const [actor, to] = [await actorOfUser(tx, row.userId), await recipient(tx, row.userId)];
  const views =
    actor && to
      ? await loadNotificationViews(tx, actor, Prisma.sql`n.id = ${row.id}::uuid`, 1)
      : [];
  if (views.length > 0) {
    const view = views[0]!;
    await mailer.send({
      to: to!.email,
      // the idempotency key: the same event told to the same reader, however often sent
      messageId: `<${view.eventId}.${row.userId}@notifications.access>`,
      ...compose(mailer, row.userId, to!.locale, views, false),
    });
  }
  await tx.$executeRaw`
    UPDATE notifications SET email_state = ${views.length > 0 ? 'SENT' : null}::"EmailState",
      emailed_at = ${views.length > 0 ? new Date() : null}::timestamptz
    WHERE id = ${row.id}::uuid`;
}

/**
 * The daily digests due at `now`: each user who chose DAILY, whose last digest is a day
 * old or more, and who has notifications waiting, gets one e-mail of what they may see,
 * built for them alone (their clearance, their language). The user's settings row is
 * locked while it is sent, so two workers never send the same digest.
 */
export async function sendDailyDigests(db: Db, mailer: Mailer, now = new Date()): Promise<number> {
  const due = await db.$queryRaw<{ userId: string }[]>`
    SELECT s.user_id::text AS "userId" FROM notification_settings s
    WHERE s.email_mode = 'DAILY' AND (s.last_digest_at IS NULL OR s.last_digest_at <= ${now}::timestamptz - interval '1 day')
      AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = s.user_id AND n.email_state = 'PENDING')`;
  let sent = 0;
  for (const { userId } of due) {
    const delivered = await db.$transaction(
      async (tx) => {
        const [locked] = await tx.$queryRaw<{ userId: string }[]>`
          SELECT user_id::text AS "userId" FROM notification_settings
          WHERE user_id = ${userId}::uuid AND email_mode = 'DAILY'
            AND (last_digest_at IS NULL OR last_digest_at <= ${now}::timestamptz - interval '1 day')
          FOR UPDATE SKIP LOCKED`;
        if (!locked) return false;
        const [actor, to] = [await actorOfUser(tx, userId), await recipient(tx, userId)];
        const views =
          actor && to
            ? await loadNotificationViews(tx, actor, Prisma.sql`n.email_state = 'PENDING'`, null)
            : [];
        if (views.length > 0) {
          await mailer.send({
            to: to!.email,
            messageId: `<digest.${userId}.${now.toISOString().slice(0, 10)}@notifications.access>`,
            ...compose(mailer, userId, to!.locale, views, true),
          });
        }
        await tx.$executeRaw`
          UPDATE notifications SET email_state = CASE WHEN id = ANY(${views.map((view) => view.id)}::uuid[]) THEN 'SENT'::"EmailState" END,
            emailed_at = CASE WHEN id = ANY(${views.map((view) => view.id)}::uuid[]) THEN ${now}::timestamptz END
          WHERE user_id = ${userId}::uuid AND email_state = 'PENDING' AND occurred_at <= ${now}::timestamptz`;
        await tx.$executeRaw`UPDATE notification_settings SET last_digest_at = ${now}::timestamptz WHERE user_id = ${userId}::uuid`;
        return views.length > 0;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
    if (delivered) sent += 1;
  }
  return sent;
}
