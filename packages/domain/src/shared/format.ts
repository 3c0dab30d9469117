/** A PostgreSQL `date` as Prisma returns it (UTC midnight) → YYYY-MM-DD. */
export function isoDate(value: Date): string {
  return value.toISOString().slice(0, 10);
}

/** YYYY-MM-DD → the Date Prisma expects for a `date` column. */
export function dateValue(value: string): Date {
  return new Date(`${value}T00:00:00.000Z`);
}

export function today(): string {
  return isoDate(new Date());
}

export function addDays(date: string, days: number): string {
  const value = dateValue(date);
  value.setUTCDate(value.getUTCDate() + days);
  return isoDate(value);
}

/**
 * A search text for Prisma's `contains`, which puts it into a LIKE pattern as it is: a
 * backslash, `%` or `_` typed by a person means itself (unescaped, a trailing backslash
 * made PostgreSQL refuse the pattern and `%` matched everything).
 */
export function likeLiteral(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}
