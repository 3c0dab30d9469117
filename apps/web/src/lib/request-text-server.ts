import { getTranslations } from 'next-intl/server';
import { formatDate, formatDateTime } from './format';
import { requestText, type RequestText } from './request-text';

/** In an async server component (a page, generateMetadata). */
export async function getRequestText(): Promise<RequestText> {
  return requestText(await getTranslations());
}

/** "as known now", "as known at the end of <day>", or "as known at <instant>": the URL's knownAt in words. */
export function knownAtText(t: RequestText, knownAt: string | undefined, locale: string): string {
  if (!knownAt) return t('board.introKnownNow');
  return knownAt.length === 10
    ? t('board.introKnownAt', { date: formatDate(knownAt, locale) })
    : t('board.introKnownAtTime', { time: formatDateTime(knownAt, locale) });
}
