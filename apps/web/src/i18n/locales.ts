import { LOCALES, RTL_LOCALES, type TLocale } from '@access/contracts';

/** The cookie holding a signed-out visitor's language (a signed-in user's is saved on their account). */
export const LOCALE_COOKIE = 'access_locale';

/** Each language named in itself, as the switch lists them (a reader finds their own). */
export const LOCALE_NAMES: Record<TLocale, string> = {
  en: 'English',
  fr: 'Français',
  es: 'Español',
  ru: 'Русский',
  ar: 'العربية',
};

export const direction = (locale: string): 'rtl' | 'ltr' =>
  (RTL_LOCALES as readonly string[]).includes(locale) ? 'rtl' : 'ltr';

/**
 * The Intl locale for dates and numbers in a language: English as written in UN and NGO
 * documents (day month year), the others as their language's default.
 */
export const intlLocale = (locale: string): string => (locale === 'en' ? 'en-GB' : locale);

export { LOCALES };
