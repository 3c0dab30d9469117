'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

export function LoginForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const response = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
    }).catch(() => null);
    setBusy(false);
    if (response?.ok) {
      router.push('/');
      router.refresh();
      return;
    }
    const body = await response?.json().catch(() => null);
    setError(body?.error?.message ?? 'The server could not be reached; try again.');
  }

  return (
    <form onSubmit={submit} noValidate>
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
