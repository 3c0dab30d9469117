import type { Database } from '@access/db';
import { hitRateLimit, rateLimitKey } from '@access/domain';

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/**
 * A store for @fastify/rate-limit that keeps its counters in PostgreSQL, so every API
 * instance enforces one per-address limit (the per-account sign-in lockout counts in the
 * same table, in the domain's signIn).
 */
export function postgresRateLimitStore(db: Database) {
  return class PostgresRateLimitStore {
    private readonly scope: string;

    /** @fastify/rate-limit constructs the global store with its settings, children with a scope. */
    constructor(scope?: unknown) {
      this.scope = typeof scope === 'string' ? scope : 'global';
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      hitRateLimit(db, rateLimitKey(this.scope, key), timeWindow).then(
        (hit) =>
          callback(null, {
            current: hit.count,
            ttl: Math.max(0, hit.windowEndsAt.getTime() - Date.now()),
          }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: object): PostgresRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new PostgresRateLimitStore(
        `route:${String(route?.method ?? '')} ${String(route?.url ?? '')}`,
      );
    }
  };
}
