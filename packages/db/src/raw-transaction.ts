import { createHash } from 'node:crypto';
import type pg from 'pg';
import { Prisma } from '../generated/prisma/client';

/**
 * The raw-query part of a transaction: what the single change's statements use, served
 * either by Prisma's transaction client or by withRawTransaction's `pg` client.
 */
export interface RawQueries {
  $queryRaw<T = unknown>(
    query: TemplateStringsArray | Prisma.Sql,
    ...values: unknown[]
  ): Promise<T>;
  $executeRaw(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]): Promise<number>;
}

/** No connection came free within the wait Prisma's transactions also allow (answered 503 BUSY). */
export class DatabaseBusyError extends Error {
  readonly code = 'DATABASE_BUSY';
  constructor() {
    super('no database connection came free in time');
  }
}

// Results read as Prisma's raw queries read them: int8 and oid as BigInt, numeric as
// Prisma's Decimal (arrays alike), a date as its UTC midnight. The other types pg reads as
// Prisma does (tests/db/raw-transaction.test.ts compares them).
const INT8 = 20;
const OID = 26;
const NUMERIC = 1700;
const DATE = 1082;
const INT8_ARRAY = 1016;
const NUMERIC_ARRAY = 1231;
const DATE_ARRAY = 1182;
/** text[]: its parser splits any array literal into its items as text */
const TEXT_ARRAY = 1009;
function typeParser(types: typeof pg.types) {
  const each =
    <T>(oid: number, read: (value: string) => T) =>
    (value: string) =>
      (types.getTypeParser(oid, 'text')(value) as (string | null)[]).map((item) =>
        item === null ? null : read(item),
      );
  return {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === INT8 || oid === OID) return (value: string) => BigInt(value);
      if (oid === NUMERIC) return (value: string) => new Prisma.Decimal(value);
      if (oid === DATE) return (value: string) => new Date(`${value}T00:00:00Z`);
      if (oid === INT8_ARRAY) return each(INT8_ARRAY, BigInt);
      if (oid === NUMERIC_ARRAY) return each(NUMERIC_ARRAY, (value) => new Prisma.Decimal(value));
      if (oid === DATE_ARRAY) return each(TEXT_ARRAY, (value) => new Date(`${value}T00:00:00Z`));
      return types.getTypeParser(oid, format);
    },
  };
}

/** Values as Prisma's pg adapter sends them: dates as ISO instants, BigInt as text. */
function parameterOf(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return value.toString();
  if (Array.isArray(value)) return value.map(parameterOf);
  return value;
}

const names = new Map<string, string>();
/** The statement's name when its text begins with PREPARED (as createDatabase names them), else none. */
function nameOf(text: string, prepared: string): string | undefined {
  if (!text.trimStart().startsWith(prepared)) return undefined;
  let name = names.get(text);
  if (!name) {
    name = `r${createHash('sha1').update(text).digest('base64url')}`;
    // the marked texts are fixed and few; a bound keeps a mistake from growing without end
    if (names.size < 1000) names.set(text, name);
  }
  return name;
}

/**
 * `pg`'s client as RawQueries. Prisma's client cost about 480 µs of the API's CPU per
 * statement above `pg`'s own (615 against 133 µs, measured on this machine), ten
 * statements for every change recorded (BENCHMARKS.md, issue 19).
 */
export function rawQueriesOf(
  client: pg.PoolClient | pg.Pool,
  types: typeof pg.types,
  prepared: string,
): RawQueries {
  // one parser set for every statement of this client, not one built per statement
  const parsers = typeParser(types);
  const run = async (query: TemplateStringsArray | Prisma.Sql, values: unknown[]) => {
    const sql = query instanceof Prisma.Sql ? query : Prisma.sql(query, ...values);
    const text = sql.text;
    return client.query({
      text,
      values: sql.values.map(parameterOf),
      name: nameOf(text, prepared),
      types: parsers,
    });
  };
  return {
    $queryRaw: async <T>(query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      (await run(query, values)).rows as T,
    $executeRaw: async (query: TemplateStringsArray | Prisma.Sql, ...values: unknown[]) =>
      (await run(query, values)).rowCount ?? 0,
  };
}
