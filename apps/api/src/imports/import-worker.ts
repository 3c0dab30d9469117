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

/** An unexpected error of an import, for the main thread's log. */
const internalError = (importId: string, error: unknown): FromImportWorker => ({
  type: 'internal-error',
  importId,
  message: error instanceof Error ? error.message : String(error),
  stack: error instanceof Error ? error.stack : undefined,
});

port.on('message', (message: ToImportWorker) => {
  if (message.type === 'stop') {
    running?.abort();
    return;
  }
  const { importId } = message;
  post({ type: 'started', importId });
  const stopped = new AbortController();
  running = stopped;
  void runImportJob(db, importId, (error) => post(internalError(importId, error)), stopped.signal)
    // runImportJob records its own failures; a rejection is one it could not record
    .catch((error: unknown) => post(internalError(importId, error)))
    .finally(() => {
      running = null;
      post({ type: 'done', importId });
    });
});
