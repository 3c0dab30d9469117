import { getLocale } from 'next-intl/server';
import { intlLocale } from '@/i18n/locales';

/**
 * The locale dates and numbers are written in: the interface language this request resolved
 * (src/i18n/request.ts), not the browser's first language, so a Russian browser with English
 * chosen reads English dates in English sentences. ISO stays in URLs and exports.
 */
export async function userLocale(): Promise<string> {
  return intlLocale(await getLocale());
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

/**
 * A CSV file (RFC 4180, CRLF) for the dashboard's own downloads. A cell a spreadsheet would
 * run as a formula (= + - @, tab, carriage return first) gets a leading apostrophe, as the
 * API's exports do.
 */
export function toCsv(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  const cell = (value: string | number | null | undefined) => {
    let text = value === null || value === undefined ? '' : String(value);
    if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return `${rows.map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}

/** A CSV download answer: UTF-8 with a byte-order mark, so Excel reads Armenian and Russian. */
export function csvResponse(filename: string, rows: Parameters<typeof toCsv>[0]): Response {
  return new Response(`\uFEFF${toCsv(rows)}`, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'no-store',
    },
  });
}
