import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { testDatabaseUrl } from '../support/database';

const migrations = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../prisma/migrations',
);
const THIS_MIGRATION = '20261127010000_audit_sensitivity';
const name = `access_audit_migration_${process.pid}`;
let client: pg.Client;

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

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: inject('clusterUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name}`);
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  client = new pg.Client({ connectionString: testDatabaseUrl(name) });
  await client.connect();
  for (const { folder, sql } of scripts()) {
    if (folder >= THIS_MIGRATION) break;
    await client.query(sql);
  }
});
afterAll(async () => {
  await client?.end();
  const admin = new pg.Client({ connectionString: inject('clusterUrl') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
});

describe(`migration ${THIS_MIGRATION}`, () => {
  it('gives existing audit events the highest sensitivity in their before/after, LOW for events about no record, SEVERE in doubt, and keeps the trail append-only', async () => {
    const events: [entityType: string, before: unknown, after: unknown, expected: string][] = [
      ['access_status_version', null, { sensitivity: 'MODERATE', status: 'FULL' }, 'MODERATE'],
      ['access_status_version', { sensitivity: 'HIGH' }, { sensitivity: 'LOW' }, 'HIGH'],
      [
        'access_status_version',
        null,
        { nested: [{ deeper: { sensitivity: 'SEVERE' } }], sensitivity: 'LOW' },
        'SEVERE',
      ],
      ['access_status_version', null, { sensitivity: 'SOMETHING ELSE' }, 'SEVERE'],
      ['access_status_version', null, { status: 'FULL' }, 'SEVERE'],
      ['import', null, { new: 1, versionIds: ['00000000-0000-4000-8000-000000000000'] }, 'SEVERE'],
      ['user', { clearance: 'LOW' }, { clearance: 'SEVERE' }, 'LOW'],
      ['organization', null, { name: 'An organisation' }, 'LOW'],
      ['area', null, null, 'LOW'],
      ['party', null, { name: 'A party' }, 'LOW'],
      ['api_token', null, { name: 't' }, 'LOW'],
      ['route', null, null, 'LOW'],
      ['something_new', null, null, 'SEVERE'],
    ];
    for (const [entityType, before, after] of events) {
      await client.query(
        `INSERT INTO audit_events (action, entity_type, before, after) VALUES ('test', $1, $2, $3)`,
        [
          entityType,
          before === null ? null : JSON.stringify(before),
          after === null ? null : JSON.stringify(after),
        ],
      );
    }
    await client.query(scripts().find((script) => script.folder === THIS_MIGRATION)!.sql);

    const { rows } = await client.query<{ sensitivity: string }>(
      `SELECT sensitivity FROM audit_events ORDER BY id`,
    );
    expect(rows.map((row) => row.sensitivity)).toEqual(events.map((event) => event[3]));
    await expect(client.query(`UPDATE audit_events SET sensitivity = 'LOW'`)).rejects.toThrow(
      /append-only/,
    );
    // An insert that does not say is SEVERE.
    const inserted = await client.query<{ sensitivity: string }>(
      `INSERT INTO audit_events (action, entity_type) VALUES ('test', 'user') RETURNING sensitivity`,
    );
    expect(inserted.rows[0]!.sensitivity).toBe('SEVERE');
  });
});
