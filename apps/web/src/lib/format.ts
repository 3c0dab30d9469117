import { headers } from 'next/headers';

/** The visitor's locale, from the browser's Accept-Language; ISO stays in URLs and exports. */
export async function userLocale(): Promise<string> {
  const header = (await headers()).get('accept-language') ?? '';
  const first = header.split(',')[0]?.split(';')[0]?.trim();
  try {
    return first ? (Intl.getCanonicalLocales(first)[0] ?? 'en-GB') : 'en-GB';
  } catch {
    return 'en-GB';
  }
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '';
  const date = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

export function formatDateTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(
    new Date(iso),
  );
}
