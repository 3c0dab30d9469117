import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '@access/db';
import { runImportJob } from '@access/domain';
import type { ImportWorkerData, ImportWorkerMessage } from './run-import-in-worker';

/**
 * One background import, in a worker thread of the API (see run-import-in-worker.ts): its
 * own connections, its own heap, and the main thread's event loop left to requests. The
 * main thread posts 'stop' when the queue hands the job back (the import then rolls back at
 * its next step, as runImportJob does with an aborted signal).
 */
const data = workerData as ImportWorkerData;
const port = parentPort!;
const stopped = new AbortController();
port.on('message', (message) => {
  if (message === 'stop') stopped.abort();
});
// the port does not keep the thread alive: the import's work does, and the thread ends with it
port.unref();

const post = (message: ImportWorkerMessage) => port.postMessage(message);
// the file's reads and the progress beside the import's one transaction
const db = createDatabase(data.databaseUrl, {
  poolSize: 2,
  statementTimeoutMs: data.statementTimeoutMs,
});
try {
  await runImportJob(
    db,
    data.importId,
    (error) =>
      post({
        type: 'internal-error',
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      }),
    stopped.signal,
  );
} finally {
  await db.$disconnect();
}
