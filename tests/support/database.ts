import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDatabase, type Database } from '@access/db';

export interface TestDatabase {
  db: Database;
  url: string;
  name: string;
  /** run raw SQL as the database owner, outside Prisma */
  sql<T extends pg.QueryResultRow = pg.QueryResultRow>(
    text: string,
    values?: unknown[],
  ): Promise<pg.QueryResult<T>>;
  close(): Promise<void>;
}

function urlOf(database: string): string {
  const url = new URL(inject('clusterUrl'));
  url.pathname = `/${database}`;
  return url.toString();
}

/** A private copy of a migrated template: empty, or with the demo data. */
export async function createTestDatabase(options: { demo?: boolean } = {}): Promise<TestDatabase> {
  const template = options.demo ? inject('demoTemplate') : inject('emptyTemplate');
  const name = `access_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: inject('clusterUrl') });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  } finally {
    await admin.end();
  }
  const url = urlOf(name);
  const db = createDatabase(url, { poolSize: 5 });
  const raw = new pg.Pool({ connectionString: url, max: 2 });
  return {
    db,
    url,
    name,
    sql: (text, values) => raw.query(text, values as unknown[]),
    close: async () => {
      await db.$disconnect();
      await raw.end();
    },
  };
}

export { urlOf as testDatabaseUrl };
