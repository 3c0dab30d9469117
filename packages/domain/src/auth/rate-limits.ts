import { createHash } from 'node:crypto';
import type { Db, Tx } from '../shared/context';

/**
 * Fixed-window counters kept in PostgreSQL, so that every API instance behind a load
 * balancer counts the same sign-in attempts. One statement per hit: concurrent hits on
 * the same key serialise on its row and none is lost.
 */
export interface RateLimitHit {
  count: number;
  windowEndsAt: Date;
}

/** Keys are digests: the table never holds an e-mail or an IP address in clear. */
export function rateLimitKey(scope: string, subject: string): string {
  return `${scope}:${createHash('sha256').update(subject.toLowerCase()).digest('hex')}`;
}

export async function hitRateLimit(
  db: Db | Tx,
  key: string,
  windowMs: number,
): Promise<RateLimitHit> {
  const [row] = await db.$queryRaw<{ count: number; window_ends_at: Date }[]>`
    INSERT INTO rate_limit_counters AS c (key, count, window_ends_at)
    VALUES (${key}, 1, clock_timestamp() + ${windowMs} * interval '1 millisecond')
    ON CONFLICT (key) DO UPDATE SET
      count = CASE WHEN c.window_ends_at <= clock_timestamp() THEN 1 ELSE c.count + 1 END,
      window_ends_at = CASE WHEN c.window_ends_at <= clock_timestamp()
                            THEN clock_timestamp() + ${windowMs} * interval '1 millisecond'
                            ELSE c.window_ends_at END
    RETURNING count, window_ends_at`;
  return { count: row!.count, windowEndsAt: row!.window_ends_at };
}

/** The hits in the key's current window (0 when there is none). */
export async function peekRateLimit(db: Db | Tx, key: string): Promise<number> {
  const [row] = await db.$queryRaw<{ count: number }[]>`
    SELECT count FROM rate_limit_counters WHERE key = ${key} AND window_ends_at > clock_timestamp()`;
  return row?.count ?? 0;
}

export async function clearRateLimit(db: Db | Tx, key: string): Promise<void> {
  await db.$executeRaw`DELETE FROM rate_limit_counters WHERE key = ${key}`;
}

/** Forget windows that have ended; run now and then so the table stays small. */
export async function pruneRateLimits(db: Db | Tx): Promise<number> {
  return db.$executeRaw`DELETE FROM rate_limit_counters WHERE window_ends_at <= clock_timestamp()`;
}
