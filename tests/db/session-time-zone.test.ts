import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, withRawTransaction, type Database } from '@access/db';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeUser } from '../support/factories';

/**
 * On a server whose default time zone is not UTC (an administrator's existing PostgreSQL),
 * times read back as they were written: every connection's TimeZone is UTC (UTC_SESSIONS).
 * Prisma's pg adapter read a timestamptz as printed in the server's zone without its
 * offset, hours off.
 */

let t: TestDatabase;
let db: Database;
beforeAll(async () => {
  t = await createTestDatabase();
  await t.sql(`ALTER DATABASE ${t.name} SET timezone = 'America/New_York'`);
  db = createDatabase(t.url, { poolSize: 2 });
});
afterAll(async () => {
  await db.$disconnect();
  await t.close();
});

describe('a server in another time zone', () => {
  it('reads instants as written, through Prisma and through pg', async () => {
    const instant = '2025-03-04T05:06:07.891Z';
    // a connection of its own, made after the server's default changed
    const plain = new pg.Client({ connectionString: t.url });
    await plain.connect();
    const zone = await plain.query("SELECT current_setting('TimeZone') AS zone");
    await plain.end();
    expect(zone.rows[0].zone).toBe('America/New_York');
    const [raw] = await db.$queryRaw<{ at: Date }[]>`SELECT ${instant}::timestamptz AS at`;
    expect(raw!.at.toISOString()).toBe(instant);
    const [viaPg] = await withRawTransaction(
      db,
      (tx) => tx.$queryRaw<{ at: Date }[]>`SELECT ${instant}::timestamptz AS at`,
    );
    expect(viaPg!.at.toISOString()).toBe(instant);
    const user = await makeUser(db, 'VIEWER', 'LOW');
    const stored = await t.sql<{ created: string }>(
      `SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created FROM users WHERE id = $1`,
      [user.id],
    );
    const read = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(read.createdAt.toISOString()).toBe(stored.rows[0]!.created);
  });
});
