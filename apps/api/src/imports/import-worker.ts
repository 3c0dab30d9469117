import { createDatabase, type Database } from '@access/db';
import { runImportJob } from '@access/domain';
import type { FromImportWorker, ToImportWorker } from './import-process';

/**
 * The API's import process (see import-process.ts): runs the background imports it is sent,
 * one at a time, on connections of its own. 'stop' hands the running one back (it rolls
 * back at its next step, as runImportJob does with an aborted signal). It ends with the
 * API: when the channel to it closes.
 */
const post = (message: FromImportWorker) => process.send?.(message);
let db: Database | null = null;
let running: AbortController | null = null;

/** An unexpected error of an import, for the API's log. */
const internalError = (importId: string, error: unknown): FromImportWorker => ({
  type: 'internal-error',
  importId,
  message: error instanceof Error ? error.message : String(error),
  stack: error instanceof Error ? error.stack : undefined,
});

process.on('disconnect', () => process.exit(0));
process.on('message', (message: ToImportWorker) => {
  if (message.type === 'init') {
    // the file's reads and the progress beside the import's one transaction
    db = createDatabase(message.data.databaseUrl, {
      poolSize: 2,
      statementTimeoutMs: message.data.statementTimeoutMs,
    });
    return;
  }
  if (message.type === 'stop') {
    running?.abort();
    return;
  }
  const { importId } = message;
  post({ type: 'started', importId });
  const stopped = new AbortController();
  running = stopped;
  void runImportJob(db!, importId, (error) => post(internalError(importId, error)), stopped.signal)
    // runImportJob records its own failures; a rejection is one it could not record
    .catch((error: unknown) => post(internalError(importId, error)))
    .finally(() => {
      running = null;
      post({ type: 'done', importId });
    });
});
