import { Worker } from 'node:worker_threads';

export interface ImportWorkerData {
  databaseUrl: string;
  statementTimeoutMs: number;
}

export type ToImportWorker = { type: 'run'; importId: string } | { type: 'stop' };
export type FromImportWorker =
  | { type: 'started'; importId: string }
  | { type: 'done'; importId: string }
  | { type: 'internal-error'; importId: string; message: string; stack?: string };

/** The thread's end while it ran an import: its heap ran out, or it crashed. */
export class ImportWorkerFailure extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message);
  }
}

/**
 * The thread that runs this instance's background imports, one at a time (import-worker.ts),
 * with its heap capped at `heapMb`. The import streams its file and keeps a few numbers per
 * row (row-spool.ts), so what it allocates is mostly short-lived; in the API's own heap V8 let
 * that garbage grow the process by 200–400 MB before collecting it. Capped, the thread
 * collects early and an import that truly needs more ends FAILED instead of taking the API
 * down; requests keep the main thread meanwhile.
 *
 * The thread is started with the API and kept between imports: loading the domain and
 * Prisma into a new thread costs ~75 MB of memory and a second of CPU, paid once, not by
 * every import. A thread that died is started again for the next import; one that died
 * before it took an import up (idle, its end not yet reported when the import was posted)
 * never ran it, so the import is posted again to a new thread instead of failing.
 */
export class ImportThread {
  private worker: Worker | null = null;
  private closed = false;
  private current: {
    importId: string;
    /** the thread it was posted to */
    worker: Worker | null;
    started: boolean;
    postedAgain: boolean;
    resolve: () => void;
    reject: (error: Error) => void;
    onInternalError: (error: Error) => void;
  } | null = null;

  constructor(
    private readonly data: ImportWorkerData,
    private readonly heapMb: number,
  ) {}

  /** Starts the thread now (the API's start), so the first import does not pay for it. */
  start(): void {
    if (this.worker) return;
    const worker = new Worker(new URL('./import-worker.ts', import.meta.url), {
      workerData: this.data,
      // the API runs its TypeScript through tsx (`node --import tsx`), and so does the thread
      execArgv: ['--import', 'tsx'],
      resourceLimits: { maxOldGenerationSizeMb: this.heapMb, maxYoungGenerationSizeMb: 16 },
    });
    // an idle thread (its pool's connections) never keeps a stopping API alive, and a
    // stopping API does not wait for an import inside a long statement: PostgreSQL rolls it
    // back when the process's connections close
    worker.unref();
    this.worker = worker;
    worker.on('message', (message: FromImportWorker) => {
      const current = this.current;
      if (!current || current.worker !== worker || message.importId !== current.importId) return;
      if (message.type === 'started') current.started = true;
      else if (message.type === 'internal-error') {
        const error = new Error(message.message);
        error.stack = message.stack;
        current.onInternalError(error);
      } else {
        this.current = null;
        current.resolve();
      }
    });
    let failure: ImportWorkerFailure | null = null;
    worker.on('error', (error: Error & { code?: string }) => {
      failure = new ImportWorkerFailure(error.message, error.code === 'ERR_WORKER_OUT_OF_MEMORY');
    });
    worker.on('exit', (code) => {
      if (this.worker === worker) this.worker = null;
      const current = this.current;
      if (!current || current.worker !== worker) return;
      if (!current.started && !current.postedAgain && !this.closed) {
        // it died before taking the import up: nothing ran, so a new thread runs it (once:
        // a thread that cannot even start, its heap too small, fails the import)
        current.postedAgain = true;
        this.post(current);
        return;
      }
      this.current = null;
      current.reject(
        failure ?? new ImportWorkerFailure(`the import thread exited with ${code}`, false),
      );
    });
  }

  /** Posts the current import to a running thread (started now if there is none). */
  private post(current: NonNullable<typeof this.current>): void {
    // a thread that has stopped running reports its end later (threadId is -1 at once)
    if (this.worker && this.worker.threadId === -1) this.worker = null;
    this.start();
    const worker = this.worker!;
    current.worker = worker;
    current.started = false;
    worker.postMessage({ type: 'run', importId: current.importId } satisfies ToImportWorker);
  }

  /**
   * Runs a queued import on the thread. Resolves when it is over (done, failed or handed
   * back: runImportJob records which); rejects with ImportWorkerFailure when the thread died
   * under it. `signal` aborted: the queue hands the job back (this instance is stopping).
   */
  run(
    importId: string,
    options: { signal?: AbortSignal; onInternalError: (error: Error) => void },
  ): Promise<void> {
    if (this.current) return Promise.reject(new Error('the import thread is busy'));
    const stop = () => this.current?.worker?.postMessage({ type: 'stop' } satisfies ToImportWorker);
    options.signal?.addEventListener('abort', stop, { once: true });
    return new Promise<void>((resolve, reject) => {
      const current = {
        importId,
        worker: null,
        started: false,
        postedAgain: false,
        resolve,
        reject,
        onInternalError: options.onInternalError,
      };
      this.current = current;
      this.post(current);
    }).finally(() => options.signal?.removeEventListener('abort', stop));
  }

  async close(): Promise<void> {
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }
}
