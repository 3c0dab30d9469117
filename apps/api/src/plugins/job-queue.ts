import fp from 'fastify-plugin';
import { PgBoss } from 'pg-boss';
import { QUEUE_STOP_MS } from './queue-stop';

declare module 'fastify' {
  interface FastifyInstance {
    /** this instance's one pg-boss (imports, notifications, webhooks each have their queues on it) */
    jobQueue: JobQueue;
  }
}

export interface JobQueue {
  boss: PgBoss;
  /** Runs `cleanup` once the queue has stopped (its running jobs finished, or handed back). */
  afterStop(cleanup: () => Promise<void> | void): void;
}

/**
 * One pg-boss per API instance for every job queue: one pool, one supervisor, one
 * maintenance loop, one schema check at start (three instances, one per kind of job, held
 * eight connections and three timers each, and on a busy machine their three schema checks
 * at once delayed the API's start).
 *
 * On close it stops after the plugins that use it have stopped feeding it (onClose hooks
 * run last-registered first): one graceful stop for every queue, QUEUE_STOP_MS at most. A
 * job still running then is failed, to be retried by the next instance, and its signal
 * aborted; `afterStop` cleanups (the import process) run after that.
 */
export default fp<{ databaseUrl: string }>(
  async (app, { databaseUrl }) => {
    const boss = new PgBoss({
      connectionString: databaseUrl,
      max: 4,
      application_name: 'access-api-queues',
      superviseIntervalSeconds: 5,
      monitorIntervalSeconds: 5,
    });
    boss.on('error', (error) => app.log.error({ err: error }, 'job queue'));
    await boss.start();
    const cleanups: (() => Promise<void> | void)[] = [];
    app.decorate('jobQueue', {
      boss,
      afterStop: (cleanup) => {
        cleanups.push(cleanup);
      },
    } satisfies JobQueue);
    app.addHook('onClose', async () => {
      await boss
        .stop({ graceful: true, timeout: QUEUE_STOP_MS })
        .catch((error) => app.log.error({ err: error }, 'job queue'));
      for (const cleanup of cleanups) await cleanup();
    });
  },
  { name: 'job-queue' },
);
