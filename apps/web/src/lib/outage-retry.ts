/**
 * Seconds between the outage page's automatic retries: soon at first, then less often. The
 * first one is also the page's Retry-After (src/lib/service-unavailable.ts).
 */
export const RETRY_DELAYS_SECONDS: readonly number[] = [5, 10, 20, 30];

/**
 * How long the dashboard waits for the API's answer before it treats the API as down: a
 * read runs at most the API's 15 s statement timeout, so an API silent past 20 s is frozen
 * or cut off (a process stopped, a network that drops packets), and the visitor gets the
 * outage page instead of a page that never loads. Uploads through the dashboard's /api get
 * longer (BODY_TIMEOUT_MS): a 64 MB import is sent and checked before the API answers.
 */
export const API_TIMEOUT_MS = 20_000;
export const BODY_TIMEOUT_MS = 5 * 60_000;
