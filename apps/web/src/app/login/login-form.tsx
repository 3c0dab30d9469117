'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';
import { safeReturnTo } from '@/lib/return-to';

/** Signs in, then goes back to the page the user came from (a same-site path only). */
export function LoginForm({ returnTo = '/' }: { returnTo?: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const email = String(data.get('email') ?? '').trim();
    const password = String(data.get('password') ?? '');
    if (!email || !password) {
      setError(
        !email
          ? 'Enter your e-mail address, then your password.'
          : 'Enter your password (it is case-sensitive).',
      );
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
        ? 'Enter your e-mail address in full, like name@example.org, and your password.'
        : (body?.error?.message ??
            'The server could not be reached. Check your connection and try again.'),
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
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="field">
        <label htmlFor="email">E-mail address</label>
        {/* biome-ignore lint/a11y/noAutofocus: signing in is this page's only task */}
        <input id="email" name="email" type="email" autoComplete="username" required autoFocus />
      </div>
      <div className="field" style={{ marginTop: '.75rem' }}>
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <p>
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </p>
    </form>
  );
}
