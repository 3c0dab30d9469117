'use client';

import { useRouter } from 'next/navigation';
import { useTranslations } from 'next-intl';
import { useState, type FormEvent } from 'react';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH } from '@access/contracts';
import { safeReturnTo } from '@/lib/return-to';
import { ReadyFieldset } from '../../components/ready-fieldset';
import { useTextLimits } from '../../components/text-limit';

/** Signs in, then goes back to the page the user came from (a same-site path only). */
export function LoginForm({ returnTo = '/' }: { returnTo?: string }) {
  const t = useTranslations('login');
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const limits = useTextLimits();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      setError(!email ? t('errors.emailMissing') : t('errors.passwordMissing'));
      document.getElementById(!email ? 'email' : 'password')?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    }).catch(() => null);
    setBusy(false);
    if (response?.ok) {
      // checked again here: the page gave it, but a client-side value is never trusted blindly
      router.push(safeReturnTo(returnTo));
      router.refresh();
      return;
    }
    const body = await response?.json().catch(() => null);
    setError(
      response?.status === 400
        ? t('errors.emailInvalid')
        : response?.status === 401
          ? t('errors.wrongCredentials')
          : response?.status === 429
            ? t('errors.tooMany')
            : (body?.error?.message ?? t('errors.unreachable')),
    );
  }

  return (
    <form
      onSubmit={submit}
      noValidate
      onKeyDown={(event) => {
        // Enter in the e-mail field moves on to the password; Enter in the password signs in
        const target = event.target as HTMLElement;
        if (event.key === 'Enter' && target.id === 'email') {
          event.preventDefault();
          document.getElementById('password')?.focus();
        }
      }}
    >
      <ReadyFieldset>
        {error && (
          <p className="alert" role="alert">
            {error}
          </p>
        )}
        <div className="field">
          <label htmlFor="email">{t('email')}</label>
          <input
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            required
            // biome-ignore lint/a11y/noAutofocus: signing in is this page's only task
            autoFocus
            aria-describedby={limits.describedBy('email')}
            {...limits.limit('email', EMAIL_MAX_LENGTH)}
          />
          {limits.notice('email', t('email'), EMAIL_MAX_LENGTH)}
        </div>
        <div className="field" style={{ marginTop: '.75rem' }}>
          <label htmlFor="password">{t('password')}</label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            aria-describedby={limits.describedBy('password')}
            {...limits.limit('password', PASSWORD_MAX_LENGTH)}
          />
          {limits.notice('password', t('password'), PASSWORD_MAX_LENGTH)}
        </div>
        <p>
          <button type="submit" disabled={busy}>
            {busy ? t('busy') : t('submit')}
          </button>
        </p>
      </ReadyFieldset>
    </form>
  );
}
