import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { AppErrorCode, ImportReport, RequestContext } from '@access/domain';

export interface ImportWorkerData {
  databaseUrl: string;
  statementTimeoutMs: number;
}

/** A synchronous import's upload, kept in a temporary file the process reads. */
export interface ImportFileTask {
  path: string;
  filename: string;
  ctx: RequestContext;
  dryRun: boolean;
}

/**
 * How a synchronous import ended: its report, the error it was refused with (an AppError's
 * parts), or an unexpected error (its parts, for the API's error handler to answer as it
 * would have answered it in the API: a statement timeout, the database unreachable…).
 */
export type ImportFileOutcome =
  | { report: ImportReport }
  | { refused: { code: AppErrorCode; message: string; details?: unknown } }
  | {
      failed: {
        message: string;
        stack?: string;
        code?: string;
        meta?: unknown;
        clientVersion?: string;
        prismaKnown: boolean;
      };
    };

export type ToImportWorker =
  | { type: 'init'; data: ImportWorkerData }
  | { type: 'run'; importId: string }
  | ({ type: 'run-file'; importId: string } & ImportFileTask)
  | { type: 'stop' };
export type FromImportWorker =
  | { type: 'started'; importId: string }
  | { type: 'done'; importId: string; outcome?: ImportFileOutcome }
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

/** Too many imports already wait for the process: try again later. */
export class ImportProcessBusy extends Error {
  constructor(readonly waiting: number) {
    super(`${waiting} imports are already waiting for the import process`);
  }
}

/** How V8 says a process ran out of memory (on stderr, before its native stack trace). */
const OUT_OF_MEMORY = /heap out of memory|Allocation failed/i;

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
 *
 * It runs one import at a time; others wait their turn (`maxWaiting` of them at most: one
 * more is refused with ImportProcessBusy). The API has two: one for the queue's background
 * imports, one for synchronous imports (`runFile`), so that a request never waits behind a
 * long background import, and each has its own heap cap.
 */
export class ImportProcess {
  private child: ChildProcess | null = null;
  private closed = false;
  /** an import holds the process (running, or about to be sent) */
  private busy = false;
  /** imports waiting their turn, first come first served */
  private readonly waiting: { go: () => void; fail: (error: unknown) => void }[] = [];
  private current: {
    importId: string;
    message: ToImportWorker;
    /** the process it was sent to */
    child: ChildProcess | null;
    started: boolean;
    sentAgain: boolean;
    resolve: (outcome: ImportFileOutcome | undefined) => void;
    reject: (error: Error) => void;
    onInternalError: (error: Error) => void;
  } | null = null;

  constructor(
    private readonly data: ImportWorkerData,
    private readonly heapMb: number,
    private readonly maxWaiting = Number.POSITIVE_INFINITY,
    /** the process's script (tests put a stand-in there) */
    private readonly script: URL = new URL('./import-worker.ts', import.meta.url),
  ) {}

  /** Starts the process now (the API's start), so the first import does not pay for it. */
  start(): void {
    if (this.child) return;
    const child = fork(fileURLToPath(this.script), [], {
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
    // the end of what it wrote last: a phrase may be split between two pieces of text
    let tail = '';
    // decided as the text comes: V8's native stack trace after "heap out of memory" runs to
    // kilobytes, and a 4 kB tail read at the end lost the line (on Node 22, where an
    // out-of-memory end then read as a crash: INTERNAL instead of TOO_LARGE)
    let outOfMemory = false;
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      process.stderr.write(text);
      outOfMemory ||= OUT_OF_MEMORY.test(tail + text);
      tail = (tail + text).slice(-64);
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
        current.resolve(message.outcome);
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
    child.send(current.message);
  }

  /** Waits for the process to be free (refused when too many wait); `release` frees it. */
  private async acquire(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (this.closed) throw new Error('the import process is closed: the API is stopping');
    if (!this.busy) {
      this.busy = true;
      return;
    }
    if (this.waiting.length >= this.maxWaiting) throw new ImportProcessBusy(this.waiting.length);
    await new Promise<void>((resolve, reject) => {
      const turn = {
        go: () => {
          signal?.removeEventListener('abort', abandon);
          resolve();
        },
        fail: (error: unknown) => {
          signal?.removeEventListener('abort', abandon);
          reject(error);
        },
      };
      // a request whose client went away leaves the line: nothing of it has run
      const abandon = () => {
        const at = this.waiting.indexOf(turn);
        if (at >= 0) this.waiting.splice(at, 1);
        reject(signal!.reason);
      };
      signal?.addEventListener('abort', abandon, { once: true });
      this.waiting.push(turn);
    });
  }

  /** Hands the process to the next import waiting (it stays busy), or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next.go();
    else this.busy = false;
  }

  /** Sends `message` to the process and waits for its end (the process is held). */
  private runMessage(
    importId: string,
    message: ToImportWorker,
    onInternalError: (error: Error) => void,
  ): Promise<ImportFileOutcome | undefined> {
    return new Promise<ImportFileOutcome | undefined>((resolve, reject) => {
      if (this.closed) {
        reject(new Error('the import process is closed: the API is stopping'));
        return;
      }
      const current = {
        importId,
        message,
        child: null,
        started: false,
        sentAgain: false,
        resolve,
        reject,
        onInternalError,
      };
      this.current = current;
      this.send(current);
    });
  }

  /** Whether no import runs or waits (a closing API lets the last ones finish). */
  get idle(): boolean {
    return !this.busy;
  }

  /**
   * Runs a queued import in the process. Resolves when it is over (done, failed or handed
   * back: runImportJob records which); rejects with ImportWorkerFailure when the process died
   * under it. `signal` aborted: the queue hands the job back (this instance is stopping).
   */
  async run(
    importId: string,
    options: { signal?: AbortSignal; onInternalError: (error: Error) => void },
  ): Promise<void> {
    await this.acquire();
    const stop = () => {
      const child = this.current?.child;
      if (child?.connected) child.send({ type: 'stop' } satisfies ToImportWorker);
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    try {
      await this.runMessage(importId, { type: 'run', importId }, options.onInternalError);
    } finally {
      options.signal?.removeEventListener('abort', stop);
      this.release();
    }
  }

  /**
   * Runs a synchronous import of the file at `task.path` in the process, once the imports
   * before it are over, and gives how it ended. Rejects with ImportProcessBusy when too many
   * wait already, with ImportWorkerFailure when the process died under it (its heap ran
   * out…), and with `signal`'s reason when it was aborted while waiting (once it runs, it
   * runs to its end, as it did in the API).
   */
  async runFile(
    task: ImportFileTask,
    options: { signal?: AbortSignal; onInternalError: (error: Error) => void },
  ): Promise<ImportFileOutcome> {
    await this.acquire(options.signal);
    try {
      const importId = randomUUID();
      const outcome = await this.runMessage(
        importId,
        { type: 'run-file', importId, ...task },
        options.onInternalError,
      );
      if (!outcome) throw new Error('the import process ended the import without an outcome');
      return outcome;
    } finally {
      this.release();
    }
  }

  /** Ends the process (an import in it rolls back: its connections close). */
  async close(): Promise<void> {
    this.closed = true;
    for (const waiting of this.waiting.splice(0))
      waiting.fail(new Error('the import process is closed: the API is stopping'));
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  }
}
