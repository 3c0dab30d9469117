import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createDatabase, runMigrations, startEmbeddedPostgres } from '@access/db';
import { seedDemoData } from '@access/domain';

declare module 'vitest' {
  export interface ProvidedContext {
    /** admin connection to the test cluster (database "postgres") */
    clusterUrl: string;
    /** migrated, empty */
    emptyTemplate: string;
    /** migrated, with the demo data and accounts */
    demoTemplate: string;
  }
}

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * One embedded PostgreSQL per test run (or DATABASE_URL's server, if set). Two template
 * databases are migrated once; each test file copies one (CREATE DATABASE … TEMPLATE),
 * so files run in parallel and need no teardown.
 */
export default async function setup(project: TestProject) {
  let clusterUrl: string;
  let stop = async () => {};
  const dataDir = path.join(repoRoot, '.data', `test-postgres-${process.pid}`);
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    clusterUrl = url.toString();
  } else {
    const server = await startEmbeddedPostgres({
      dataDir,
      port: 0,
      database: 'postgres',
      ephemeral: true,
    });
    clusterUrl = server.url;
    stop = async () => {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  const admin = new pg.Client({ connectionString: clusterUrl });
  await admin.connect();
  const suffix = `${process.pid}`;
  const emptyTemplate = `access_template_${suffix}`;
  const demoTemplate = `access_demo_${suffix}`;
  const databaseUrl = (name: string) =>
    Object.assign(new URL(clusterUrl), { pathname: `/${name}` }).toString();
  try {
    for (const name of [emptyTemplate, demoTemplate]) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    await runMigrations(databaseUrl(emptyTemplate));
    await admin.query(`DROP DATABASE ${demoTemplate}`);
    await admin.query(`CREATE DATABASE ${demoTemplate} TEMPLATE ${emptyTemplate}`);
    const demo = createDatabase(databaseUrl(demoTemplate));
    await seedDemoData(demo);
    await demo.$disconnect();
  } finally {
    await admin.end();
  }
  project.provide('clusterUrl', clusterUrl);
  project.provide('emptyTemplate', emptyTemplate);
  project.provide('demoTemplate', demoTemplate);

  return async () => {
    if (process.env.DATABASE_URL) {
      const cleanup = new pg.Client({ connectionString: clusterUrl });
      await cleanup.connect();
      const { rows } = await cleanup.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE $1 OR datname LIKE 'access_test_%'",
        [`access_%_${suffix}`],
      );
      for (const row of rows)
        await cleanup.query(`DROP DATABASE IF EXISTS "${row.datname}" WITH (FORCE)`);
      await cleanup.end();
    }
    await stop();
  };
}
