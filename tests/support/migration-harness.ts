import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, inject } from 'vitest';
import { testDatabaseUrl } from './database';

const migrations = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../prisma/migrations',
);

/** Each migration's SQL, in order, as `prisma migrate deploy` applies them (one script each). */
const scripts = () =>
  fs
    .readdirSync(migrations)
    .filter((folder) => fs.existsSync(path.join(migrations, folder, 'migration.sql')))
    .sort()
    .map((folder) => ({
      folder,
      sql: fs.readFileSync(path.join(migrations, folder, 'migration.sql'), 'utf8'),
    }));

/**
 * A database of its own, migrated up to (not including) `migration`, for a test that
 * writes rows the old way and then checks what `migration` does to them. Registers the
 * file's beforeAll/afterAll; `client` is connected once beforeAll has run.
 */
export function databaseBeforeMigration(migration: string, label: string) {
  const name = `access_${label}_migration_${process.pid}`;
  const harness = {
    client: undefined as unknown as pg.Client,
    /** applies `migration` itself, as `prisma migrate deploy` would */
    apply: async () => {
      const script = scripts().find((candidate) => candidate.folder === migration);
      if (!script) throw new Error(`no migration ${migration}`);
      await harness.client.query(script.sql);
    },
  };
  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: inject('clusterUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name}`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    harness.client = new pg.Client({ connectionString: testDatabaseUrl(name) });
    await harness.client.connect();
    for (const { folder, sql } of scripts()) {
      if (folder >= migration) break;
      await harness.client.query(sql);
    }
  });
  afterAll(async () => {
    await harness.client?.end();
    const admin = new pg.Client({ connectionString: inject('clusterUrl') });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });
  return harness;
}
