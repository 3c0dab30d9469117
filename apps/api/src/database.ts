import { createDatabase, runMigrations, startEmbeddedPostgres, type Database } from '@access/db';
import type { Config } from './config';

export interface OpenedDatabase {
  db: Database;
  url: string;
  /** the embedded server is in use and its database has no users yet: a first start */
  freshEmbedded: boolean;
  close(): Promise<void>;
}

/**
 * DATABASE_URL set: use that server and start nothing. Otherwise start the embedded
 * PostgreSQL with its data in the project folder. Migrations are applied either way.
 */
export async function openDatabase(
  config: Config,
  log: (line: string) => void,
): Promise<OpenedDatabase> {
  let url = config.DATABASE_URL;
  let stopEmbedded = async () => {};
  let freshEmbedded = false;
  if (!url) {
    log(`Starting the embedded PostgreSQL (data in ${config.PGDATA_DIR})`);
    const embedded = await startEmbeddedPostgres({
      dataDir: config.PGDATA_DIR,
      port: config.EMBEDDED_PG_PORT,
      database: 'access',
      notice: log,
    });
    url = embedded.url;
    stopEmbedded = () => embedded.stop();
  }
  try {
    const { applied } = await runMigrations(url, { log });
    log(
      applied.length === 0
        ? 'No pending migrations: the database is up to date'
        : `Applied ${applied.length} migration${applied.length === 1 ? '' : 's'}: ${applied.join(', ')}`,
    );
  } catch (error) {
    await stopEmbedded();
    throw error;
  }
  const db = createDatabase(url, { statementTimeoutMs: config.STATEMENT_TIMEOUT_MS });
  // Judged by content rather than by "database just created", so a first start that
  // was interrupted while loading the demo data finishes the job next time.
  if (!config.DATABASE_URL) freshEmbedded = (await db.user.count()) === 0;
  return {
    db,
    url,
    freshEmbedded,
    close: async () => {
      await db.$disconnect();
      await stopEmbedded();
    },
  };
}
