import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Prisma } from '@access/db';
import { joinMulti, joinMultiSql, splitMulti } from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';

/** One rule for multi-valued cells: the export's SQL and the import's TypeScript agree on it. */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

const CASES: [(string | null)[], string][] = [
  [['AGREEMENT', 'PERMIT'], 'AGREEMENT | PERMIT'],
  [['Government of Azerbaijan', null, null, null], 'Government of Azerbaijan'],
  [['Government of Azerbaijan', '', ' ', ''], 'Government of Azerbaijan'],
  [[null, 'ref 2'], '| ref 2'],
  [['A', null, 'C'], 'A || C'],
  [[' A ', ' B'], 'A | B'],
  // whatever String.prototype.trim removes, SQL's side removes too (no-break, ideographic spaces, BOM)
  [['\u00a0A\u3000', '\tB\ufeff', '\u2028'], 'A | B'],
  [[null, null], ''],
  [[], ''],
];

describe('multi-valued cells', () => {
  it.each(CASES)(
    'join %j as %j, with no whitespace at either end and no double space',
    async (slots, cell) => {
      expect(joinMulti(slots)).toBe(cell);
      const values = slots.length
        ? Prisma.join(slots.map((slot, index) => Prisma.sql`(${slot}::text, ${index}::int)`))
        : Prisma.sql`(NULL::text, 0)`;
      const [row] = await database.db.$queryRaw<{ cell: string | null }[]>`
      SELECT ${joinMultiSql(Prisma.sql`slot`, Prisma.sql`position`)} AS cell FROM (VALUES ${values}) AS v(slot, position) WHERE ${slots.length > 0}`;
      expect(row?.cell ?? '').toBe(cell);
      expect(cell).toBe(cell.trim());
      expect(cell).not.toContain('  ');
    },
  );

  it.each(CASES)("split %j's cell back into its slots", (slots, cell) => {
    const kept = slots.map((slot) => (slot ?? '').trim());
    while (kept.length && kept.at(-1) === '') kept.pop();
    expect(splitMulti(cell)).toEqual(kept);
  });
});
