import fs from 'node:fs';
import { createDatabase, Prisma, type Database } from '@access/db';
import { AppError, importAccessCsv, runImportJob } from '@access/domain';
import type { FromImportWorker, ImportFileOutcome, ToImportWorker } from './import-process';

/**
 * The API's import process (see import-process.ts): runs the imports it is sent, one at a
 * time, on connections of its own: the queue's background imports ('run'), and synchronous
 * imports of a file the API keeps while the request waits ('run-file': the outcome goes back
 * to the API, which answers the request). 'stop' hands the running one back (it rolls
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
  if (message.type === 'run-file') {
    runFile(message);
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

/** Data that crosses to the API as it is (an error's `meta` may hold anything). */
const plain = (value: unknown): unknown => {
  try {
    return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
  } catch {
    return undefined;
  }
};

/** A synchronous import: the file the API kept, read here, and how it ended sent back. */
function runFile(message: Extract<ToImportWorker, { type: 'run-file' }>): void {
  const { importId, path, filename, ctx, dryRun } = message;
  post({ type: 'started', importId });
  void importAccessCsv(
    db!,
    ctx,
    { filename, content: fs.createReadStream(path, { highWaterMark: 256 * 1024 }) },
    { dryRun },
  )
    .then((report): ImportFileOutcome => ({ report }))
    .catch((error: unknown): ImportFileOutcome => {
      if (error instanceof AppError)
        return {
          refused: { code: error.code, message: error.message, details: plain(error.details) },
        };
      const failure = error as Error & { code?: unknown; meta?: unknown; clientVersion?: unknown };
      return {
        failed: {
          message: failure?.message ?? String(error),
          stack: failure?.stack,
          code: typeof failure?.code === 'string' ? failure.code : undefined,
          meta: plain(failure?.meta),
          clientVersion:
            typeof failure?.clientVersion === 'string' ? failure.clientVersion : undefined,
          prismaKnown: error instanceof Prisma.PrismaClientKnownRequestError,
        },
      };
    })
    .then((outcome) => post({ type: 'done', importId, outcome }));
}
