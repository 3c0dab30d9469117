import { z } from 'zod';

/** The interface's working languages (BCP 47), English first: the fallback. */
export const LOCALES = ['en', 'fr', 'es', 'ru', 'ar'] as const;
export const ZLocale = z.enum(LOCALES, { error: `must be one of ${LOCALES.join(', ')}` });
export type TLocale = z.infer<typeof ZLocale>;
export const DEFAULT_LOCALE: TLocale = 'en';

/** Languages written right to left. */
export const RTL_LOCALES: readonly TLocale[] = ['ar'];

export const isLocale = (value: unknown): value is TLocale =>
  typeof value === 'string' && (LOCALES as readonly string[]).includes(value);

/**
 * The best of LOCALES for an Accept-Language header (quality order, then header order;
 * "fr-CA" matches "fr"), or null when none matches. One rule for the dashboard and the API.
 */
export function localeFromAcceptLanguage(header: string | null | undefined): TLocale | null {
  if (!header) return null;
  const ranges = header
    .split(',')
    .map((part, index) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      const quality = q ? Number(q.slice(2)) : 1;
      return {
        tag: tag.trim().toLowerCase(),
        quality: Number.isFinite(quality) ? quality : 0,
        index,
      };
    })
    .filter((range) => range.tag && range.quality > 0)
    .sort((a, b) => b.quality - a.quality || a.index - b.index);
  for (const { tag } of ranges) {
    const language = tag.split('-')[0];
    if (isLocale(language)) return language;
  }
  return null;
}
