'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useState } from 'react';
import { Outage } from '@/components/outage';

export default function ErrorPage({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  // In production the server's error reaches here without its message: ask whether the
  // service answers to tell an outage (API or database down) from a fault of this page.
  const t = useTranslations('errorPage');
  const [outage, setOutage] = useState<boolean | null>(null);
  useEffect(() => {
    fetch('/api/health', { cache: 'no-store' })
      .then((response) => setOutage(!response.ok))
      .catch(() => setOutage(true));
  }, []);
  if (outage === null)
    return (
      <p className="muted" role="status">
        {t('checking')}
      </p>
    );
  if (outage) return <Outage />;
  return (
    <div className="panel" role="alert">
      <h1>{t('title')}</h1>
      <p>{error.digest ? t('bodyWithReference', { reference: error.digest }) : t('body')}</p>
      <button type="button" onClick={reset}>
        {t('retry')}
      </button>
    </div>
  );
}
