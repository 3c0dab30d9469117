/**
 * Seconds between the outage page's automatic retries: soon at first, then less often. The
 * first one is also the page's Retry-After (src/lib/service-unavailable.ts).
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [5, 10, 20, 30];

/**
 * How long the dashboard waits for the API's answer to begin before it treats the API as
 * down: a page's read waits at most for a database connection and the API's 15 s statement
 * timeout, so an API silent past 30 s is frozen or cut off (a process stopped, a network
 * that drops packets), and the visitor gets the outage page instead of a page that never
 * loads. A report (/api/exports/…) sends nothing until its query's first row, within the
 * API's BULK_TIMEOUT_MS (300 s by default); an upload is sent and checked before the answer.
 */
export const API_TIMEOUT_MS = 30_000;
export const REPORT_TIMEOUT_MS = 6 * 60_000;
export const BODY_TIMEOUT_MS = 5 * 60_000;
