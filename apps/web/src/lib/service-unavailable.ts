import 'server-only';
import { headers } from 'next/headers';
import { RETRY_DELAYS_SECONDS } from './outage-retry';

/**
 * The header through which a page names the response it is rendered for. server.mjs sets it
 * on every request it hands to Next, replacing any a client sent.
 */
const RESPONSE_ID_HEADER = 'x-access-response-id';
/** Registered by server.mjs: turns that response's 200 into a 503 with Retry-After. */
const ANSWER_UNAVAILABLE = Symbol.for('access.dashboard.answerUnavailable');

type AnswerUnavailable = (responseId: string, retryAfterSeconds: number) => boolean;

/**
 * The page being rendered is the outage page: answer it with 503 Service Unavailable and
 * Retry-After (the page's own first retry), so monitors, proxies and crawlers see an outage
 * rather than a page. Next's App Router lets a server component choose no status but
 * 401/403/404 (and a proxy's rewrite keeps the rewritten page's 200), so the dashboard's
 * own server sets it while the status is still unsent: the root layout decides before
 * anything is streamed. Under another server (next dev, a bare next start) the outage page
 * is answered 200 as before.
 */
export async function answerServiceUnavailable(): Promise<void> {
  const responseId = (await headers()).get(RESPONSE_ID_HEADER);
  const answer = (globalThis as { [ANSWER_UNAVAILABLE]?: AnswerUnavailable })[ANSWER_UNAVAILABLE];
  if (responseId && answer) answer(responseId, RETRY_DELAYS_SECONDS[0]!);
}
