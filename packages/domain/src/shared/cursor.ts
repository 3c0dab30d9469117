import { z } from 'zod';
import { AppError } from './errors';

/**
 * Opaque keyset cursors: base64url JSON of the sort key of the last row seen. Every list
 * breaks ties by the row's id, so a key always ends with that id (a uuid).
 */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const ZRowId = z.uuid();

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
