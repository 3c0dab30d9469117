import fp from 'fastify-plugin';
import { connectOrExplain } from '@access/db';
import {
  createMailer,
  drainOutbox,
  sendDailyDigests,
  sendImmediateEmails,
  type MailSettings,
  type Mailer,
} from '@access/domain';
import type { Config } from '../config';

export const FANOUT_QUEUE = 'notifications-fanout';
const EMAIL_QUEUE = 'notifications-email';
const DIGEST_QUEUE = 'notifications-digest';

/** E-mail as configured (SMTP_URL, or SMTP_HOST/PORT/USER/PASS), or null: e-mail is off. */
export function mailSettingsOf(config: Config): MailSettings | null {
  const smtp: MailSettings['smtp'] | null = config.SMTP_URL
    ? config.SMTP_URL
    : config.SMTP_HOST
      ? {
          host: config.SMTP_HOST,
          port: config.SMTP_PORT ?? 587,
          secure: (config.SMTP_PORT ?? 587) === 465,
          ...(config.SMTP_USER
            ? { auth: { user: config.SMTP_USER, pass: config.SMTP_PASS ?? '' } }
            : {}),
        }
      : null;
  if (!smtp) return null;
  if (!config.NOTIFICATION_TOKEN_SECRET) {
    throw new Error(
      'NOTIFICATION_TOKEN_SECRET must be set (32 characters or more) when SMTP is configured: it signs the unsubscribe links of e-mails',
    );
  }
  return {
    smtp,
    from: config.MAIL_FROM,
    dashboardUrl: config.DASHBOARD_URL,
    tokenSecret: config.NOTIFICATION_TOKEN_SECRET,
  };
}

declare module 'fastify' {
  interface FastifyInstance {
    /** null when SMTP is not configured */
    mailer: Mailer | null;
  }
}

/**
 * Notifications on pg-boss (the queue the imports use). Events commit into the outbox
 * with their change; a NOTIFY on commit (and a sweep every 2 s, should one be missed)
 * queues a fan-out job, which every instance works: batches are taken with SKIP LOCKED,
 * so instances share the events, and a batch whose instance dies is rolled back and taken
 * again. E-mail (when configured) follows the same way: immediate ones after each
 * fan-out, daily digests from a schedule.
 */
export default fp<{ databaseUrl: string }>(async (app, { databaseUrl }) => {
  const settings = mailSettingsOf(app.config);
  const mailer = settings ? createMailer(settings) : null;
  app.decorate('mailer', mailer);
  const { boss } = app.jobQueue;
  await boss.createQueue(FANOUT_QUEUE, { retryLimit: 10, retryDelay: 1, expireInSeconds: 600 });
  await boss.createQueue(EMAIL_QUEUE, { retryLimit: 10, retryDelay: 5, expireInSeconds: 600 });
  await boss.createQueue(DIGEST_QUEUE, { retryLimit: 3, retryDelay: 60, expireInSeconds: 3600 });

  let queued = false;
  const fanOutWorker = await boss.work(
    FANOUT_QUEUE,
    { localConcurrency: 1, pollingIntervalSeconds: 0.5 },
    async () => {
      queued = false;
      const fannedOut = await drainOutbox(app.db, { email: mailer !== null, skipLocked: true });
      if (fannedOut > 0) kickEmail();
    },
  );
  /**
   * Queues one fan-out and wakes this instance's worker; kicks within a second of a send
   * are folded into it. The flag is also cleared a second after the send, not only by this
   * instance's worker: another instance's worker may take the job, and a flag left set
   * then ignored every later kick here for good (the sweep below catches any event a
   * folded kick leaves behind).
   */
  const kick = () => {
    if (queued) return;
    queued = true;
    boss
      .send(FANOUT_QUEUE, {})
      .then(() => {
        setTimeout(() => {
          queued = false;
        }, 1000).unref();
        return boss.notifyWorker(fanOutWorker);
      })
      .catch((error) => {
        queued = false;
        app.log.error({ err: error }, 'notification queue');
      });
  };

  let emailQueued = false;
  /** Queues one e-mail run; kicks within a second of a send are folded into it (as kick's). */
  const kickEmail = () => {
    if (emailQueued || !mailer) return;
    emailQueued = true;
    boss
      .send(EMAIL_QUEUE, {})
      .then(() => {
        setTimeout(() => {
          emailQueued = false;
        }, 1000).unref();
      })
      .catch((error) => {
        emailQueued = false;
        app.log.error({ err: error }, 'notification queue');
      });
  };
  if (mailer) {
    await boss.work(EMAIL_QUEUE, { localConcurrency: 1, pollingIntervalSeconds: 1 }, async () => {
      emailQueued = false;
      await sendImmediateEmails(app.db, mailer);
    });
    await boss.work(DIGEST_QUEUE, { localConcurrency: 1, pollingIntervalSeconds: 5 }, async () => {
      await sendDailyDigests(app.db, mailer);
    });
    // a digest is due a day after the last: checked every quarter hour
    await boss.schedule(DIGEST_QUEUE, '*/15 * * * *', {});
  }

  const listener = await connectOrExplain(databaseUrl);
  listener.on('notification', kick);
  await listener.query('LISTEN outbox_events');
  // what a dead instance left: events not fanned out, e-mails not sent (their rows unlocked
  // when its connections died), taken up here within 2 s
  const sweep = setInterval(() => {
    app.db.$queryRaw<{ events: boolean; emails: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM outbox_events WHERE fanned_out_at IS NULL) AS events,
             ${mailer !== null} AND EXISTS (
               SELECT 1 FROM notifications n JOIN notification_settings s ON s.user_id = n.user_id
               WHERE n.email_state = 'PENDING' AND s.email_mode = 'IMMEDIATE') AS emails`
      .then(([row]) => {
        if (row?.events) kick();
        if (row?.emails) kickEmail();
      })
      .catch(() => {});
  }, 2000);
  sweep.unref();
  kick();

  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await listener.end().catch(() => {});
  });
  // the mailer is closed once the queue's jobs (those sending e-mail) have stopped
  app.jobQueue.afterStop(() => mailer?.close());
});
