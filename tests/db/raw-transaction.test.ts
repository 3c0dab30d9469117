import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, DatabaseBusyError, Prisma, withRawTransaction } from '@access/db';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The single change's transaction on `pg` (withRawTransaction) reads and writes as Prisma's
 * raw queries do, so the domain's statements give the same answers on either: the same
 * statement through both returns equal rows; a failure rolls everything back; a transaction
 * that waits too long for a connection is refused with DatabaseBusyError (503 BUSY).
 */

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.close());

const statement = (day: string, ids: string[]) => Prisma.sql`
  /* prepared */ SELECT 9007199254740993::int8 AS big, 7::int AS small, ${day}::date AS day,
    timestamptz '2025-03-04 05:06:07.891+00' AS at, ${ids}::uuid[] AS ids, ARRAY['a', NULL, 'c'] AS texts,
    json_build_object('n', 1, 'day', ${day}::date) AS object, 'LOW'::"Sensitivity" AS level,
    true AS yes, NULL::text AS nothing, 1.5::numeric(4, 2)::float8 AS ratio, 12.25::numeric(5, 2) AS amount,
    ARRAY[1, NULL, 9007199254740993]::int8[] AS bigs, ARRAY[1.5, NULL]::numeric[] AS amounts,
    sum(x) AS total, 'pg_class'::regclass::oid AS object_id, ARRAY['2024-02-29'::date, NULL] AS days,
    ${new Date('2024-02-29T23:30:00.000Z')}::timestamptz AS sent
  FROM (VALUES (1::int8), (2::int8)) AS v(x)`;

describe('withRawTransaction', () => {
  it('answers a statement as Prisma does, named or not', async () => {
    const ids = ['0190b5a4-0000-7000-8000-000000000001', '0190b5a4-0000-7000-8000-000000000002'];
    const viaPrisma = await t.db.$queryRaw(statement('2024-02-29', ids));
    const viaPg = await withRawTransaction(t.db, async (tx) => [
      await tx.$queryRaw(statement('2024-02-29', ids)),
      // twice: the second runs the statement prepared by name
      await tx.$queryRaw(statement('2024-02-29', ids)),
      await tx.$queryRaw`SELECT ${'x'}::text AS tagged, ${12n}::int8 AS counted`,
    ]);
    expect(viaPg[0]).toEqual(viaPrisma);
    expect(viaPg[1]).toEqual(viaPrisma);
    expect(viaPg[2]).toEqual(
      await t.db.$queryRaw`SELECT ${'x'}::text AS tagged, ${12n}::int8 AS counted`,
    );
    expect((viaPrisma as { day: Date }[])[0]!.day.toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('commits what the work wrote, and rolls all of it back when the work fails', async () => {
    await t.sql('CREATE TABLE raw_probe (id int PRIMARY KEY, note text)');
    const count = await withRawTransaction(
      t.db,
      (tx) => tx.$executeRaw`INSERT INTO raw_probe VALUES (1, ${'kept'}), (2, ${'kept'})`,
    );
    expect(count).toBe(2);
    await expect(
      withRawTransaction(t.db, async (tx) => {
        await tx.$executeRaw`INSERT INTO raw_probe VALUES (3, ${'lost'})`;
        await tx.$executeRaw`INSERT INTO raw_probe VALUES (1, ${'duplicate'})`;
      }),
    ).rejects.toMatchObject({ code: '23505' });
    const rows = await t.sql('SELECT id, note FROM raw_probe ORDER BY id');
    expect(rows.rows).toEqual([
      { id: 1, note: 'kept' },
      { id: 2, note: 'kept' },
    ]);
  });

  it('fails, without ending the process, when its connection ends mid-transaction', async () => {
    const uncaught: unknown[] = [];
    const listener = (error: unknown) => uncaught.push(error);
    process.on('uncaughtException', listener);
    try {
      await expect(
        withRawTransaction(t.db, async (tx) => {
          const [row] = await tx.$queryRaw<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
          await t.sql('SELECT pg_terminate_backend($1)', [row!.pid]);
          await new Promise((resolve) => setTimeout(resolve, 300));
          return tx.$queryRaw`SELECT 1 AS one`;
        }),
      ).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(uncaught).toEqual([]);
      // the ended connection was dropped: the next transaction gets a live one
      expect(await withRawTransaction(t.db, (tx) => tx.$queryRaw`SELECT 1 AS one`)).toEqual([
        { one: 1 },
      ]);
    } finally {
      process.off('uncaughtException', listener);
    }
  });

  it('refuses a transaction that waits longer than the wait allowed for a connection', async () => {
    const small = createDatabase(t.url, { poolSize: 1, transactionMaxWaitMs: 300 });
    try {
      let release!: () => void;
      const holding = withRawTransaction(
        small,
        () => new Promise<void>((resolve) => (release = resolve)),
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      await expect(withRawTransaction(small, async () => 'never')).rejects.toBeInstanceOf(
        DatabaseBusyError,
      );
      release();
      await holding;
      // the connection taken late went back to the pool: the next transaction runs
      expect(await withRawTransaction(small, async (tx) => tx.$queryRaw`SELECT 1 AS one`)).toEqual([
        { one: 1 },
      ]);
    } finally {
      await small.$disconnect();
    }
  });
});
