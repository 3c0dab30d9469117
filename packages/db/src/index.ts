import { createHash } from 'node:crypto';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { clearLogs as forgetDebugArguments } from '@prisma/debug';
import { PrismaClient } from '../generated/prisma/client';
import { DatabaseBusyError, rawQueriesOf, type RawQueries } from './raw-transaction';
import { UTC_SESSIONS } from './sessions';

export * from '../generated/prisma/client';
export { sharedBuffersMb, startEmbeddedPostgres } from './embedded';
export { refuseIfOwned } from './embedded-owner';
export type { RunningEmbeddedPostgres } from './embedded';
export { startStreamingReplica, type StreamingReplica } from './replica';
export { runMigrations, type MigrationReport } from './migrate';
export {
  connectOrExplain,
  connectionError,
  databaseAddress,
  DatabaseConnectionError,
} from './connection';
export { backupDatabase, restoreDatabase, RestoreError, type BackupReport } from './backup';
export {
  createQueryStreamer,
  inlineParameters,
  StatementTimeoutError,
  type QueryStreamer,
} from './query-stream';

export type Database = PrismaClient;
export { DatabaseBusyError, type RawQueries } from './raw-transaction';

/** Begins the text of a statement that each connection prepares once, by name (see below). */
export const PREPARED = '/* prepared */';

/**
 * The name of a statement whose text begins with PREPARED, else undefined (unnamed, as
 * Prisma sends statements by default: parsed, analysed and planned on every call).
 *
 * A named statement is parsed once per connection, and after five calls PostgreSQL may keep
 * a generic plan instead of planning each call for its values (plan_cache_mode auto). The
 * single change's statements are marked (the session, the pair's lock, its state, the
 * version's INSERT, the writer's answer, the stored versions, the audit event with its
 * outbox rows): named, recording over HTTP went from 125–136 to 154–158 changes/s, and to
 * 188–214 with generic plans forced after the write (writeChange; BENCHMARKS.md, issue
 * 19). Not every statement: with all named, the matrix of a country got a generic plan 60%
 * slower, so statements are marked where the gain was measured. The name is a hash of the text and
 * the parameters' types, so one text is one statement on every connection; the texts marked
 * are fixed, so a connection holds a handful.
 */
function preparedStatementName(query: { sql: string; argTypes: unknown[] }): string | undefined {
  if (!query.sql.trimStart().startsWith(PREPARED)) return undefined;
  return `s${createHash('sha1').update(query.sql).update(JSON.stringify(query.argTypes)).digest('base64url')}`;
}

/**
 * Prisma's debug module keeps the arguments of its last 100 debug calls whether or not
 * debugging is on (for its error reports), and the pg driver adapter passes it every
 * statement with its parameters. So each thread held its last 100 statements' values after
 * they ran: a background import's 2,000-version batches (1 MB of JSON each) kept 40–80 MB
 * alive, more than the import's own state, and ran it out of a 128 MB heap; every
 * request's values (reasons, terms, names at any sensitivity) stayed in memory after the
 * request. The history is emptied every 200 ms, one timer per thread; the adapter's copy of
 * the module is this one (tests/db/query-arguments.test.ts).
 */
let forgetting: NodeJS.Timeout | undefined;
function forgetQueryArguments(): void {
  if (forgetting) return;
  forgetting = setInterval(forgetDebugArguments, 200);
  forgetting.unref();
}

/** No statement of a request may hold a connection longer than this (the API's STATEMENT_TIMEOUT_MS). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

/** How long a transaction waits for a connection (Prisma's and withRawTransaction's). */
const TRANSACTION_MAX_WAIT_MS = 15_000;

/** The one place a PrismaClient is made. */
export function createDatabase(
  databaseUrl: string,
  options: { poolSize?: number; statementTimeoutMs?: number; transactionMaxWaitMs?: number } = {},
): PrismaClient {
  const maxWait = options.transactionMaxWaitMs ?? TRANSACTION_MAX_WAIT_MS;
  forgetQueryArguments();
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    ...UTC_SESSIONS,
    max: options.poolSize ?? 10,
    // PostgreSQL cancels a statement running longer (error 57014, answered 503 QUERY_TIMEOUT)
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  const adapter = new PrismaPg(pool, {
    statementNameGenerator: preparedStatementName as (query: unknown) => string,
    // the pool is the client's: $disconnect ends it
    disposeExternalPool: true,
  });
  // Writers to one organisation–area pair queue on its lock: under a burst, give a
  // transaction time to get a connection and to finish rather than failing at 2 s / 5 s.
  const client = new PrismaClient({
    adapter,
    transactionOptions: { maxWait, timeout: 30_000 },
  });
  pools.set(client, { pool, maxWait });
  return client;
}

const pools = new WeakMap<PrismaClient, { pool: pg.Pool; maxWait: number }>();

function poolOf(db: PrismaClient): pg.Pool {
  return made(db).pool;
}

function made(db: PrismaClient): { pool: pg.Pool; maxWait: number } {
  const found = pools.get(db);
  if (!found) throw new Error('the client was not made by createDatabase');
  return found;
}

/**
 * A piece of a large object (an import's stored file) as bytes, read with `pg` on the
 * client's own pool: through Prisma's raw queries it comes as base64 text (a 60 MB file
 * read back in 64 kB pieces went through Prisma's query engine as JSON). See withPgTransaction.
 */
export async function readLargeObject(
  db: PrismaClient,
  oid: bigint,
  offset: number,
  length: number,
): Promise<Buffer> {
  // pg reads results as text: the bytes come as hex, which it decodes into a Buffer
  const { rows } = await poolOf(db).query<{ chunk: Buffer | null }>(
    'SELECT lo_get($1::oid, $2::bigint, $3::int) AS chunk',
    [oid.toString(), offset, length],
  );
  return rows[0]?.chunk ?? Buffer.alloc(0);
}

/**
 * A transaction with `pg` itself, on the client's own pool, for the one thing Prisma's
 * client costs too much for: bytes. An import's upload (60 MB in 64 kB pieces) went through
 * Prisma as base64 text, 1.9 s and +108 MB of the API's memory; as `pg`'s binary parameters,
 * 0.6 s and about half the memory (BENCHMARKS.md, issue 13). Everything else goes through
 * Prisma.
 */
export async function withPgTransaction<T>(
  db: PrismaClient,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  return transactionOn(await poolOf(db).connect(), work);
}

/**
 * A transaction for the single change's statements (RawQueries) on `pg` itself, on the
 * client's own pool: Prisma's client cost four times `pg`'s CPU per statement, and a change
 * is ten statements (raw-transaction.ts; BENCHMARKS.md, issue 19). Waits for a connection as
 * long as Prisma's transactions do (then DatabaseBusyError, answered 503 BUSY); each
 * statement has the pool's statement timeout.
 */
export async function withRawTransaction<T>(
  db: PrismaClient,
  work: (tx: RawQueries) => Promise<T>,
): Promise<T> {
  const { pool, maxWait } = made(db);
  const client = await connectWithin(pool, maxWait);
  return transactionOn(client, (connection) => work(rawQueriesOf(connection, pg.types, PREPARED)));
}

/**
 * RawQueries on the client's own pool, each statement on its own (no transaction): for a
 * statement every request runs (the session's), where Prisma's client cost four times
 * `pg`'s CPU (raw-transaction.ts).
 */
export function rawQueries(db: PrismaClient): RawQueries {
  const pool = poolOf(db);
  return rawQueriesOf(pool, pg.types, PREPARED);
}

/** A connection from the pool, or DatabaseBusyError after `ms` (one that comes later goes back). */
async function connectWithin(pool: pg.Pool, ms: number): Promise<pg.PoolClient> {
  let timer: NodeJS.Timeout | undefined;
  let late = false;
  const connecting = pool.connect();
  try {
    return await Promise.race([
      connecting,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => {
          late = true;
          reject(new DatabaseBusyError());
        }, ms);
      }),
    ]);
  } catch (error) {
    if (late) void connecting.then((client) => client.release()).catch(() => {});
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

async function transactionOn<T>(
  client: pg.PoolClient,
  work: (client: pg.PoolClient) => Promise<T>,
): Promise<T> {
  let broken: Error | undefined;
  // A connection that ends while checked out (the server restarting, a backend terminated)
  // emits 'error' on the client, which the pool listens for only while the client is idle:
  // unheard, it ended the process. Heard here, the statement in flight fails and the
  // connection is dropped.
  const ended = (error: Error) => {
    broken ??= error;
  };
  client.on('error', ended);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // a connection that cannot even roll back is dropped, not given to the next caller
    await client.query('ROLLBACK').catch((rollback: Error) => {
      broken = rollback;
    });
    throw error;
  } finally {
    client.removeListener('error', ended);
    client.release(broken);
  }
}
