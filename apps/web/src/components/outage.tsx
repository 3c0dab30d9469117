'use client';

import { useTranslations } from 'next-intl';
import { useCallback, useEffect, useState } from 'react';
import { RETRY_DELAYS_SECONDS as DELAYS } from '@/lib/outage-retry';

async function serviceIsUp(): Promise<boolean> {
  try {
    // the dashboard's own /api: 503 when it cannot reach the API, and the API's 503 when its database is down
    const response = await fetch('/api/health', { cache: 'no-store' });
    return response.ok;
  } catch {
    return false;
  }
}

/**
 * The API or its database cannot be reached: say so, keep the session (nothing here signs
 * anyone out), and retry on a schedule and on demand, showing the page again once it answers.
 * A visitor with no session is told that signing in waits for the service, not that they
 * are still signed in.
 */
export function Outage({ signedIn = true }: { signedIn?: boolean } = {}) {
  const t = useTranslations('outage');
  const [attempt, setAttempt] = useState(0);
  const [secondsLeft, setSecondsLeft] = useState(DELAYS[0]!);
  const [checking, setChecking] = useState(false);

  const retry = useCallback(async () => {
    setChecking(true);
    if (await serviceIsUp()) {
      window.location.reload();
      return;
    }
    setChecking(false);
    setAttempt((n) => n + 1);
  }, []);

  useEffect(() => {
    const delay = DELAYS[Math.min(attempt, DELAYS.length - 1)]!;
    setSecondsLeft(delay);
    const started = Date.now();
    const timer = setInterval(() => {
      const left = delay - Math.floor((Date.now() - started) / 1000);
      if (left <= 0) {
        clearInterval(timer);
        void retry();
      } else setSecondsLeft(left);
    }, 1000);
    return () => clearInterval(timer);
  }, [attempt, retry]);

  return (
    <section className="panel outage" aria-labelledby="outage-title" data-testid="outage">
      <h1 id="outage-title">{t('title')}</h1>
      <p>
        {signedIn
          ? t.rich('body', { strong: (chunks) => <strong>{chunks}</strong> })
          : t('bodySignedOut')}
      </p>
      <p role="status" aria-live="polite">
        {checking ? t('checking') : t('retryIn', { seconds: secondsLeft })}
      </p>
      <p>
        <button type="button" onClick={() => void retry()} disabled={checking}>
          {t('retryNow')}
        </button>
      </p>
    </section>
  );
}
