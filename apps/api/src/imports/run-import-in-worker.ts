import { Worker } from 'node:worker_threads';

export interface ImportWorkerData {
  databaseUrl: string;
  importId: string;
  statementTimeoutMs: number;
}

export type ImportWorkerMessage = { type: 'internal-error'; message: string; stack?: string };

/** A worker's end that is not the import's own: its heap ran out, or it crashed. */
export class ImportWorkerFailure extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message);
  }
}

/**
 * Runs a queued import in a worker thread whose heap is capped at `heapMb`. The import
 * streams its file and keeps a few numbers per row (row-spool.ts), so what it allocates is
 * mostly short-lived; with the API's own heap, V8 let that garbage grow the process by
 * 200–400 MB before collecting it. Capped, the worker collects early and the API's memory
 * stays bounded whatever the file; an import that truly needed more ends FAILED instead of
 * taking the API down. The main thread's event loop is left to requests meanwhile.
 *
 * Resolves when the import is over (done, failed or handed back: runImportJob records
 * which); rejects with ImportWorkerFailure when the worker itself died.
 */
export function runImportInWorker(
  data: ImportWorkerData,
  options: {
    heapMb: number;
    /** aborted when the queue hands the job back (this instance is stopping) */
    signal?: AbortSignal;
    onInternalError: (error: Error) => void;
  },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), {
      workerData: data,
      // the API runs its TypeScript through tsx (`node --import tsx`), and so does the worker
      execArgv: ['--import', 'tsx'],
      resourceLimits: { maxOldGenerationSizeMb: options.heapMb, maxYoungGenerationSizeMb: 16 },
    });
    // a stopping API does not wait for an import inside a long statement: PostgreSQL rolls
    // it back when the process's connections close
    worker.unref();
    const stop = () => worker.postMessage('stop');
    options.signal?.addEventListener('abort', stop, { once: true });
    let failure: ImportWorkerFailure | null = null;
    worker.on('message', (message: ImportWorkerMessage) => {
      if (message.type === 'internal-error') {
        const error = new Error(message.message);
        error.stack = message.stack;
        options.onInternalError(error);
      }
    });
    worker.on('error', (error: Error & { code?: string }) => {
      const outOfMemory = error.code === 'ERR_WORKER_OUT_OF_MEMORY';
      failure = new ImportWorkerFailure(error.message, outOfMemory);
    });
    worker.on('exit', (code) => {
      options.signal?.removeEventListener('abort', stop);
      if (failure) reject(failure);
      else if (code !== 0)
        reject(new ImportWorkerFailure(`the import's worker exited with ${code}`, false));
      else resolve();
    });
  });
}
