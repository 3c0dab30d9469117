/**
 * Seconds between the outage page's automatic retries: soon at first, then less often. The
 * first one is also the page's Retry-After (src/lib/service-unavailable.ts).
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [5, 10, 20, 30];
