import { cookies, headers } from 'next/headers';
import { getRequestConfig } from 'next-intl/server';
import {
  DEFAULT_LOCALE,
  isLocale,
  localeFromAcceptLanguage,
  type TLocale,
} from '@access/contracts';
import { currentUser } from '@/lib/api';
import { LOCALE_COOKIE } from './locales';

/** The signed-in user's saved language (null when signed out, none saved, or the API is down). */
async function savedLocale(): Promise<TLocale | null> {
  try {
    return (await currentUser())?.locale ?? null;
  } catch {
    return null;
  }
}

/**
 * The language of this request: the user's saved choice, else the cookie a signed-out
 * visitor chose on the sign-in page, else the browser's best match, else English.
 * URLs carry no language (they are promises to users).
 */
export async function resolveLocale(): Promise<TLocale> {
  const saved = await savedLocale();
  if (saved) return saved;
  const cookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(cookie)) return cookie;
  return localeFromAcceptLanguage((await headers()).get('accept-language')) ?? DEFAULT_LOCALE;
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  return {
    locale,
    messages: (await import(`../../messages/${locale}.json`)).default,
    // dates in pages are UTC calendar days; a time zone avoids markup mismatches between server and client
    timeZone: 'UTC',
  };
});
