import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../support/database';
import { inject } from 'vitest';

const dbPackage = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../packages/db');

/** The parts of a schema that schema.prisma describes, read from PostgreSQL's catalog. */
async function describeSchema(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const query = async (text: string) =>
      (await client.query(text)).rows.map((row) => JSON.stringify(row)).sort();
    return {
      columns: await query(`
        SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default, character_maximum_length
        FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`),
      indexes: await query(
        `SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`,
      ),
      enums: await query(`
        SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumsortorder) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname`),
      keys: await query(`
        SELECT conrelid::regclass::text AS table_name, conname, contype, pg_get_constraintdef(oid) AS definition
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND contype IN ('p', 'f', 'u')
          AND conrelid::regclass::text <> '_prisma_migrations'`),
    };
  } finally {
    await client.end();
  }
}

let migrated: TestDatabase;
let fromSchema: TestDatabase;

beforeAll(async () => {
  migrated = await createTestDatabase();
  // A blank database built straight from schema.prisma, by Prisma's own differ.
  const admin = new pg.Client({ connectionString: inject('clusterUrl') });
  await admin.connect();
  const name = `${migrated.name}_schema`;
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const prismaCli = createRequire(path.join(dbPackage, 'package.json')).resolve(
    'prisma/build/index.js',
  );
  const diff = spawnSync(
    process.execPath,
    [
      prismaCli,
      'migrate',
      'diff',
      '--from-empty',
      '--to-schema-datamodel',
      '../../prisma/schema.prisma',
      '--script',
    ],
    {
      cwd: dbPackage,
      env: { ...process.env, DATABASE_URL: testDatabaseUrl(name) },
      encoding: 'utf8',
    },
  );
  expect(diff.status, diff.stderr).toBe(0);
  const client = new pg.Client({ connectionString: testDatabaseUrl(name) });
  await client.connect();
  await client.query(diff.stdout);
  await client.end();
  fromSchema = { ...migrated, url: testDatabaseUrl(name), name, close: async () => {} };
}, 120_000);

afterAll(() => migrated.close());

describe('prisma/migrations', () => {
  it('produce exactly the tables, columns, indexes, enums and keys that schema.prisma describes', async () => {
    const [actual, expected] = await Promise.all([
      describeSchema(migrated.url),
      describeSchema(fromSchema.url),
    ]);
    expect(actual.enums).toEqual(expected.enums);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.indexes).toEqual(expected.indexes);
    expect(actual.keys).toEqual(expected.keys);
    expect(actual.columns.length).toBeGreaterThan(50);
  });

  it('add only the documented hand-written parts on top: append-only triggers, the level and timeline trigger, the day-count triggers, the request-state triggers and check constraints', async () => {
    const { rows } = await migrated.sql<{ tgname: string }>(
      `SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname`,
    );
    expect(rows.map((row) => row.tgname)).toEqual([
      'access_request_sources_append_only',
      'access_request_sources_no_truncate',
      'access_request_versions_append_only',
      'access_request_versions_no_truncate',
      'access_request_versions_same_request',
      'access_request_versions_states',
      'access_requests_append_only',
      'access_requests_no_truncate',
      'access_sources_append_only',
      'access_sources_no_truncate',
      'access_sources_report_cells',
      'access_status_reconciliations_append_only',
      'access_status_version_levels_append_only',
      'access_status_versions_append_only',
      'access_status_versions_no_truncate',
      'access_status_versions_same_pair',
      'access_status_versions_track_levels',
      'access_terms_append_only',
      'access_terms_no_truncate',
      'access_terms_report_cells',
      'areas_incident_counts',
      'audit_events_append_only',
      'audit_events_no_truncate',
      'consent_conditions_append_only',
      'consent_conditions_no_truncate',
      'consent_position_sources_append_only',
      'consent_position_sources_no_truncate',
      'consent_position_versions_append_only',
      'consent_position_versions_no_truncate',
      'consent_position_versions_same_position',
      'consent_position_versions_states',
      'consent_positions_append_only',
      'consent_positions_no_truncate',
      'current_access_statuses_count_added',
      'current_access_statuses_count_removed',
      'current_access_statuses_open_counts_added',
      'current_access_statuses_open_counts_removed',
      'incident_sources_append_only',
      'incident_sources_no_truncate',
      'incident_versions_append_only',
      'incident_versions_counts',
      'incident_versions_no_truncate',
      'incident_versions_same_incident',
      'incidents_append_only',
      'incidents_no_truncate',
      'outbox_events_notify',
      'parties_report_cells',
    ]);
  });
});
