import type { Database } from "@access/db";
import { clearRateLimit, hitRateLimit, peekRateLimit, rateLimitKey } from "@access/domain";

/**
 * Failed sign-ins per account within a window, counted in PostgreSQL so that every API
 * instance sees the same count (the per-address limit of @fastify/rate-limit uses the
 * same table through PostgresRateLimitStore).
 */
export class LoginThrottle {
  constructor(
    private readonly db: Database,
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60 * 1000,
  ) {}

  private key(email: string): string {
    return rateLimitKey("sign-in-failures", email);
  }

  async isBlocked(email: string): Promise<boolean> {
    return (await peekRateLimit(this.db, this.key(email))) >= this.maxFailures;
  }

  async fail(email: string): Promise<void> {
    await hitRateLimit(this.db, this.key(email), this.windowMs);
  }

  async succeed(email: string): Promise<void> {
    await clearRateLimit(this.db, this.key(email));
  }
}

type Callback = (error: Error | null, result?: { current: number; ttl: number }) => void;

/** A store for @fastify/rate-limit that keeps its counters in PostgreSQL (shared by all instances). */
export function postgresRateLimitStore(db: Database) {
  return class PostgresRateLimitStore {
    private readonly scope: string;

    /** @fastify/rate-limit constructs the global store with its settings, children with a scope. */
    constructor(scope?: unknown) {
      this.scope = typeof scope === "string" ? scope : "global";
    }

    incr(key: string, callback: Callback, timeWindow: number): void {
      hitRateLimit(db, rateLimitKey(this.scope, key), timeWindow).then(
        (hit) => callback(null, { current: hit.count, ttl: Math.max(0, hit.windowEndsAt.getTime() - Date.now()) }),
        (error: Error) => callback(error),
      );
    }

    child(routeOptions: object): PostgresRateLimitStore {
      const route = (routeOptions as { routeInfo?: { method?: unknown; url?: unknown } }).routeInfo;
      return new PostgresRateLimitStore(`route:${String(route?.method ?? "")} ${String(route?.url ?? "")}`);
    }
  };
}
