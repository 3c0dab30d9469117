'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';

/** One button that stops e-mails with the link's signed token: no sign-in needed. */
export function UnsubscribeForm({ token }: { token: string }) {
  const t = useTranslations('notifications');
  const [state, setState] = useState<'idle' | 'done' | 'failed'>('idle');
  async function stop() {
    const response = await fetch('/api/notifications/unsubscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    setState(response.ok ? 'done' : 'failed');
  }
  if (state === 'done') return <p role="status">{t('unsubscribed')}</p>;
  return (
    <>
      <button type="button" onClick={stop}>
        {t('unsubscribeButton')}
      </button>
      {state === 'failed' && <p role="alert">{t('unsubscribeFailed')}</p>}
    </>
  );
}
