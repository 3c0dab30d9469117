import fp from 'fastify-plugin';
import {
  abandonImportJob,
  IMPORT_QUEUE,
  type ImportJobData,
  type ImportQueue,
} from '@access/domain';
import { ImportProcess, ImportWorkerFailure } from '../imports/import-process';
import { QUEUE_STOP_MS } from './queue-stop';

declare module 'fastify' {
  interface FastifyInstance {
    importQueue: ImportQueue;
    /** the process synchronous imports (POST /api/imports without async) run in, one at a time */
    syncImports: ImportProcess;
  }
}

/**
 * Synchronous imports that may wait for the import process at once; one more is answered 503
 * BUSY. Each waits with its upload in a temporary file (not in memory), and one-row imports
 * take a fraction of a second each.
 */
export const SYNC_IMPORTS_WAITING = 32;

/** Where imports the queue gave up on go, to be marked failed. */
const ABANDONED_QUEUE = `${IMPORT_QUEUE}-abandoned`;

/**
 * Background imports on pg-boss: every instance works the queue (one import at a time
 * each, in a process with a capped heap: import-process.ts), so instances share
 * the work. A running import beats a heartbeat every 5 s; an
 * instance that dies stops it, and within about 20 s another instance's supervisor fails
 * the job, which is then run again once (an apply that was cut off wrote nothing) and,
 * should that die too, marked failed.
 */
export default fp<{ databaseUrl: string }>(async (app, { databaseUrl }) => {
  const { boss } = app.jobQueue;
  const importer = new ImportProcess(
    { databaseUrl, statementTimeoutMs: app.config.BULK_TIMEOUT_MS },
    app.config.IMPORT_HEAP_MB,
  );
  importer.start();
  await boss.createQueue(ABANDONED_QUEUE);
  await boss.createQueue(IMPORT_QUEUE, {
    heartbeatSeconds: 10,
    retryLimit: 1,
    retryDelay: 1,
    expireInSeconds: 3 * 60 * 60,
    deadLetter: ABANDONED_QUEUE,
  });
  const worker = await boss.work<ImportJobData>(
    IMPORT_QUEUE,
    { localConcurrency: 1, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 5 },
    async ([job]) => {
      // an import's statements cover the whole file: they run under the bulk timeout
      // job.signal is aborted when this instance stops with the import still running
      // (pg-boss has then failed the job, to be retried): the import rolls back and yields
      const { importId } = job!.data;
      try {
        await importer.run(importId, {
          signal: job!.signal,
          onInternalError: (error) => app.log.error({ err: error, importId }, 'import failed'),
        });
      } catch (error) {
        // handed back, then cut short by the stop: the next run takes it up
        if (job!.signal.aborted) return;
        app.log.error({ err: error, importId }, 'import worker died');
        await abandonImportJob(
          app.db,
          importId,
          error instanceof ImportWorkerFailure && error.outOfMemory
            ? {
                code: 'TOO_LARGE',
                message: `The import needed more memory than an import is given (${app.config.IMPORT_HEAP_MB} MB); nothing was imported. Split the file, or ask an administrator to raise IMPORT_HEAP_MB.`,
              }
            : {
                code: 'INTERNAL',
                message: 'The import failed on our side; nothing was imported',
              },
        );
      }
    },
  );
  await boss.work<ImportJobData>(ABANDONED_QUEUE, { pollingIntervalSeconds: 2 }, async ([job]) => {
    await abandonImportJob(app.db, job!.data.importId);
  });
  app.decorate('importQueue', {
    send: async (data: ImportJobData) => {
      await boss.send(IMPORT_QUEUE, data);
      // this instance's worker fetches now if idle (others poll every second)
      boss.notifyWorker(worker);
    },
  } satisfies ImportQueue);
  // Synchronous imports run in a process of their own, with the same heap cap: in the API's
  // own heap, 16 one-row imports at once took it to 1.45 GB and held GET /api/health for
  // seconds. Their own, not the queue's: a request never waits behind a background import.
  // Started with the first of them (an API that is never sent one never pays for it).
  const syncImports = new ImportProcess(
    { databaseUrl, statementTimeoutMs: app.config.BULK_TIMEOUT_MS },
    app.config.IMPORT_HEAP_MB,
    SYNC_IMPORTS_WAITING,
  );
  app.decorate('syncImports', syncImports);
  app.addHook('onClose', async () => {
    // the requests waiting for it are answered first (as the API waits for requests in flight)
    for (let waited = 0; !syncImports.idle && waited < QUEUE_STOP_MS; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await syncImports.close();
  });
  // On close the job queue stops (job-queue.ts): a running import is given QUEUE_STOP_MS to
  // finish, else pg-boss fails it (to be retried, by this instance's next start or another)
  // and aborts its signal; then the import process ends.
  app.jobQueue.afterStop(() => importer.close());
});
