import { describe, expect, it } from 'vitest';
import { databaseBeforeMigration } from '../support/migration-harness';

const THIS_MIGRATION = '20261127010000_audit_sensitivity';
const database = databaseBeforeMigration(THIS_MIGRATION, 'audit');

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
      await database.client.query(
        `INSERT INTO audit_events (action, entity_type, before, after) VALUES ('test', $1, $2, $3)`,
        [
          entityType,
          before === null ? null : JSON.stringify(before),
          after === null ? null : JSON.stringify(after),
        ],
      );
    }
    await database.apply();

    const { rows } = await database.client.query<{ sensitivity: string }>(
      `SELECT sensitivity FROM audit_events ORDER BY id`,
    );
    expect(rows.map((row) => row.sensitivity)).toEqual(events.map((event) => event[3]));
    await expect(
      database.client.query(`UPDATE audit_events SET sensitivity = 'LOW'`),
    ).rejects.toThrow(/append-only/);
    // An insert that does not say is SEVERE.
    const inserted = await database.client.query<{ sensitivity: string }>(
      `INSERT INTO audit_events (action, entity_type) VALUES ('test', 'user') RETURNING sensitivity`,
    );
    expect(inserted.rows[0]!.sensitivity).toBe('SEVERE');
  });
});
