'use client';

import { useRouter } from 'next/navigation';
import { useLocale, useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { LOCALE_COOKIE, LOCALE_NAMES, LOCALES } from '@/i18n/locales';

/** A year: the choice outlives the browser session, as a saved account choice does. */
const COOKIE_MAX_AGE = 60 * 60 * 24 * 365;

/**
 * The language switch: a list and a button (a list that acted on every arrow key would change
 * the language while a keyboard user is still choosing). Saved on the account when someone is
 * signed in (csrfToken given), and in a cookie for this browser either way. Not a form: the
 * header sits above each page's own form, which stays the page's only one.
 */
export function LanguageSwitch({ csrfToken }: { csrfToken?: string | null }) {
  const t = useTranslations('languageSwitch');
  const locale = useLocale();
  const router = useRouter();
  const id = useId();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = useRef<HTMLSelectElement>(null);

  async function change() {
    const chosen = list.current?.value ?? locale;
    if (chosen === locale) return;
    setBusy(true);
    setError(null);
    if (csrfToken !== undefined) {
      const response = await fetch('/api/me/preferences', {
        method: 'PUT',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrfToken ?? '' },
        body: JSON.stringify({ locale: chosen }),
      }).catch(() => null);
      if (!response?.ok) {
        setBusy(false);
        setError(t('failed'));
        return;
      }
    }
    // biome-ignore lint/suspicious/noDocumentCookie: a plain preference cookie, read by the server
    document.cookie = `${LOCALE_COOKIE}=${chosen}; path=/; max-age=${COOKIE_MAX_AGE}; samesite=lax`;
    setBusy(false);
    router.refresh();
  }

  return (
    <div className="language-switch">
      <label htmlFor={id}>{t('label')}</label>
      <select id={id} ref={list} defaultValue={locale} key={locale}>
        {LOCALES.map((each) => (
          <option key={each} value={each} lang={each}>
            {LOCALE_NAMES[each]}
          </option>
        ))}
      </select>
      <button type="button" className="secondary" disabled={busy} onClick={() => void change()}>
        {t('apply')}
      </button>
      {error && (
        <span role="alert" className="alert-inline">
          {error}
        </span>
      )}
    </div>
  );
}
