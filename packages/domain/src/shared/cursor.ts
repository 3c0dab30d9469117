import { Prisma } from '@access/db';
import { z } from 'zod';
import { AppError } from './errors';

/**
 * Opaque keyset cursors: base64url JSON of the sort key of the last row seen. Every list
 * breaks ties by the row's id, so a key always ends with that id (a uuid).
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * A page read forwards (`limit + 1` rows in the list's order): the page, and the cursor of
 * the rows after it (the key of its last row), null when there are none.
 */
export function pageForwards<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => unknown[],
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor(keyOf(last)) : null };
}

/**
 * A page read from the latest back (`limit + 1` rows, newest first): the page in its
 * reading order (oldest first), and the cursor of the rows before it (the key of its
 * first row), null when there are none.
 */
export function pageBackwards<T>(
  rows: T[],
  limit: number,
  keyOf: (row: T) => unknown[],
): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit).reverse();
  const first = page[0];
  return {
    page,
    nextCursor: rows.length > limit && first ? encodeCursor(keyOf(first)) : null,
  };
}

const ZRowId = z.uuid();

/**
 * A timestamptz column as a cursor keeps it (ZTimestampKey): in UTC with its microseconds,
 * whatever the session's TimeZone and DateStyle.
 */
export const timestampKeySql = (column: Prisma.Sql) =>
  Prisma.sql`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'`;

/** A date column as a cursor keeps it (ZDateKey), whatever the session's DateStyle. */
export const dateKeySql = (column: Prisma.Sql) => Prisma.sql`to_char(${column}, 'YYYY-MM-DD')`;

/** A calendar day PostgreSQL can cast (year 1 on): 2024-02-30 or year 0 would fail the cast. */
function isDay(day: string): boolean {
  const date = new Date(`${day}T00:00:00Z`);
  return (
    !day.startsWith('0000') && !Number.isNaN(date.getTime()) && date.toISOString().startsWith(day)
  );
}

/** A day as dateKeySql writes it. */
export const ZDateKey = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine(isDay);

/** An instant as timestampKeySql writes it (or PostgreSQL prints a timestamptz in ISO style). */
export const ZTimestampKey = z
  .string()
  .regex(
    /^(\d{4}-\d{2}-\d{2}) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,6})?[+-](0\d|1[0-5])(:[0-5]\d)?$/,
  )
  .refine((value) => isDay(value.slice(0, 10)));

/**
 * A key no list could have given out: not ending with a row id, or holding text the
 * database never returns: a NUL (PostgreSQL text holds none, the query would fail) or a
 * lone surrogate (pg would send U+FFFD instead).
 */
function isImpossibleKey(key: unknown): boolean {
  if (!Array.isArray(key) || !ZRowId.safeParse(key.at(-1)).success) return true;
  return key.some(
    (value) => typeof value === 'string' && (value.includes('\u0000') || /\p{Cs}/u.test(value)),
  );
}

export function decodeCursor<T extends z.ZodType>(
  cursor: string | undefined,
  schema: T,
): z.infer<T> | undefined {
  if (!cursor) return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')));
    if (parsed.success && !isImpossibleKey(parsed.data)) return parsed.data;
  } catch {
    // fall through to the error below
  }
  throw AppError.invalid('cursor', 'is not a cursor this list gave out; start again without it');
}
