import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from '../generated/prisma/client';

export * from '../generated/prisma/client';
export { startEmbeddedPostgres } from './embedded';
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

/** The one place a PrismaClient is made. */
/** No statement of a request may hold a connection longer than this (the API's STATEMENT_TIMEOUT_MS). */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 15_000;

export function createDatabase(
  databaseUrl: string,
  options: { poolSize?: number; statementTimeoutMs?: number } = {},
): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: databaseUrl,
    max: options.poolSize ?? 10,
    // PostgreSQL cancels a statement running longer (error 57014, answered 503 QUERY_TIMEOUT)
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
  });
  // Writers to one organisation–area pair queue on its lock: under a burst, give a
  // transaction time to get a connection and to finish rather than failing at 2 s / 5 s.
  return new PrismaClient({ adapter, transactionOptions: { maxWait: 15_000, timeout: 30_000 } });
}
