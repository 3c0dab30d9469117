import { parentPort, workerData } from 'node:worker_threads';
import { createDatabase } from '@access/db';
import { runImportJob } from '@access/domain';
import type { ToImportWorker, FromImportWorker, ImportWorkerData } from './import-thread';

/**
 * The API's import thread (see import-thread.ts): runs the background imports it is sent,
 * one at a time, on connections of its own. 'stop' hands the running one back (it rolls
 * back at its next step, as runImportJob does with an aborted signal).
 */
const data = workerData as ImportWorkerData;
const port = parentPort!;
const post = (message: FromImportWorker) => port.postMessage(message);
// the file's reads and the progress beside the import's one transaction
const db = createDatabase(data.databaseUrl, {
  poolSize: 2,
  statementTimeoutMs: data.statementTimeoutMs,
});
let running: AbortController | null = null;

port.on('message', (message: ToImportWorker) => {
  if (message.type === 'stop') {
    running?.abort();
    return;
  }
  const stopped = new AbortController();
  running = stopped;
  void runImportJob(
    db,
    message.importId,
    (error) =>
      post({
        type: 'internal-error',
        importId: message.importId,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      }),
    stopped.signal,
  ).then(
    () => {
      running = null;
      post({ type: 'done', importId: message.importId });
    },
    (error: unknown) => {
      // runImportJob records its own failures; this is one it could not record
      running = null;
      post({
        type: 'internal-error',
        importId: message.importId,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      });
      post({ type: 'done', importId: message.importId });
    },
  );
});
post({ type: 'ready' });
