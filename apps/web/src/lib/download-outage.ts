import 'server-only';
import { getTranslations } from 'next-intl/server';
import { ApiUnavailableError } from './api';
import { RETRY_DELAYS_SECONDS } from './outage-retry';

/**
 * What a download (a CSV link followed in the browser) answers while the API cannot be
 * reached: 503 with Retry-After and one sentence in the reader's language, never a stack
 * trace or the API's JSON saved as the file.
 */
export async function downloadOutage(): Promise<Response> {
  const t = await getTranslations('outage');
  return new Response(`${t('download')}\n`, {
    status: 503,
    headers: {
      'content-type': 'text/plain; charset=utf-8',
      'retry-after': String(RETRY_DELAYS_SECONDS[0]),
      'cache-control': 'no-store',
    },
  });
}

/** A download route that answers downloadOutage() when the API cannot be reached, at any step. */
export function orDownloadOutage<R extends Request>(
  handler: (request: R) => Promise<Response>,
): (request: R) => Promise<Response> {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof ApiUnavailableError) return downloadOutage();
      throw error;
    }
  };
}
