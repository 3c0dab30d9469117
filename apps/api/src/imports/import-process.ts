import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface ImportWorkerData {
  databaseUrl: string;
  statementTimeoutMs: number;
}

export type ToImportWorker =
  | { type: 'init'; data: ImportWorkerData }
  | { type: 'run'; importId: string }
  | { type: 'stop' };
export type FromImportWorker =
  | { type: 'started'; importId: string }
  | { type: 'done'; importId: string }
  | { type: 'internal-error'; importId: string; message: string; stack?: string };

/** The import process's end while it ran an import: its heap ran out, or it crashed. */
export class ImportWorkerFailure extends Error {
  constructor(
    message: string,
    readonly outOfMemory: boolean,
  ) {
    super(message);
  }
}

/** What the process wrote to stderr last: enough to tell an out-of-memory end. */
const STDERR_KEPT = 4096;

/**
 * The process that runs this instance's background imports, one at a time (import-worker.ts),
 * with its heap capped at `heapMb`. The import streams its file and keeps a few numbers per
 * row (row-spool.ts), so what it allocates is mostly short-lived; in the API's own heap V8 let
 * that garbage grow the process by 200–400 MB before collecting it. Capped, the import's
 * heap is collected early, and an import that truly needs more ends FAILED instead of taking
 * the API down.
 *
 * A process, not a worker thread: V8 keeps a thread's out-of-memory inside the thread only
 * when the limit is met gently; one large allocation beyond it (a 30 MB line, seen in a
 * hostile walk) aborted the whole API. A process's end is its own. It exits when the API's
 * channel closes (the API stopped or was killed), and PostgreSQL rolls its import back.
 *
 * The process is started with the API and kept between imports: loading the domain and
 * Prisma costs ~75 MB of memory and a second of CPU, paid once, not by every import. One
 * that died is started again for the next import; one that died before it took an import
 * up (idle, its end not yet reported when the import was sent) never ran it, so the import
 * is sent again to a new process instead of failing.
 */
export class ImportProcess {
  private child: ChildProcess | null = null;
  private closed = false;
  private current: {
    importId: string;
    /** the process it was sent to */
    child: ChildProcess | null;
    started: boolean;
    sentAgain: boolean;
    resolve: () => void;
    reject: (error: Error) => void;
    onInternalError: (error: Error) => void;
  } | null = null;

  constructor(
    private readonly data: ImportWorkerData,
    private readonly heapMb: number,
  ) {}

  /** Starts the process now (the API's start), so the first import does not pay for it. */
  start(): void {
    if (this.child) return;
    const child = fork(fileURLToPath(new URL('./import-worker.ts', import.meta.url)), [], {
      // the API runs its TypeScript through tsx (`node --import tsx`), and so does the process
      execArgv: [
        '--import',
        'tsx',
        `--max-old-space-size=${this.heapMb}`,
        '--max-semi-space-size=8',
      ],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    // an idle process never keeps a stopping API alive
    child.unref();
    child.channel?.unref();
    this.child = child;
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      process.stderr.write(text);
      stderr = (stderr + text).slice(-STDERR_KEPT);
    });
    (child.stderr as (NodeJS.ReadableStream & { unref?: () => void }) | null)?.unref?.();
    child.on('message', (message: FromImportWorker) => {
      const current = this.current;
      if (!current || current.child !== child || message.importId !== current.importId) return;
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
    // a process that cannot be started at all ends too ('close' follows 'error')
    child.on('error', () => {});
    // 'close', not 'exit': it comes once stderr is read to its end, which tells an
    // out-of-memory end (on Node 22 'exit' came before the last of stderr)
    child.on('close', (code, signal) => {
      if (this.child === child) this.child = null;
      const current = this.current;
      if (!current || current.child !== child) return;
      if (!current.started && !current.sentAgain && !this.closed) {
        // it died before taking the import up: nothing ran, so a new process runs it (once:
        // a process that cannot even start, its heap too small, fails the import)
        current.sentAgain = true;
        this.send(current);
        return;
      }
      this.current = null;
      const outOfMemory = /heap out of memory|Allocation failed/i.test(stderr);
      current.reject(
        new ImportWorkerFailure(
          outOfMemory
            ? 'the import process ran out of memory'
            : `the import process exited with ${signal ?? code}`,
          outOfMemory,
        ),
      );
    });
    child.send({ type: 'init', data: this.data } satisfies ToImportWorker);
  }

  /** Sends the current import to a running process (started now if there is none). */
  private send(current: NonNullable<typeof this.current>): void {
    // a process that has ended may report its exit later
    if (
      this.child &&
      (this.child.exitCode !== null || this.child.signalCode !== null || !this.child.connected)
    )
      this.child = null;
    this.start();
    const child = this.child!;
    current.child = child;
    current.started = false;
    child.send({ type: 'run', importId: current.importId } satisfies ToImportWorker);
  }

  /**
   * Runs a queued import in the process. Resolves when it is over (done, failed or handed
   * back: runImportJob records which); rejects with ImportWorkerFailure when the process died
   * under it. `signal` aborted: the queue hands the job back (this instance is stopping).
   */
  run(
    importId: string,
    options: { signal?: AbortSignal; onInternalError: (error: Error) => void },
  ): Promise<void> {
    if (this.current) return Promise.reject(new Error('the import process is busy'));
    const stop = () => {
      const child = this.current?.child;
      if (child?.connected) child.send({ type: 'stop' } satisfies ToImportWorker);
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    return new Promise<void>((resolve, reject) => {
      const current = {
        importId,
        child: null,
        started: false,
        sentAgain: false,
        resolve,
        reject,
        onInternalError: options.onInternalError,
      };
      this.current = current;
      this.send(current);
    }).finally(() => options.signal?.removeEventListener('abort', stop));
  }

  /** Ends the process (an import in it rolls back: its connections close). */
  async close(): Promise<void> {
    this.closed = true;
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
