'use client';

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
  const [outage, setOutage] = useState<boolean | null>(null);
  useEffect(() => {
    fetch('/api/health', { cache: 'no-store' })
      .then((response) => setOutage(!response.ok))
      .catch(() => setOutage(true));
  }, []);
  if (outage === null)
    return (
      <p className="muted" role="status">
        Something went wrong; checking whether the service is reachable…
      </p>
    );
  if (outage) return <Outage />;
  return (
    <div className="panel" role="alert">
      <h1>Something went wrong</h1>
      <p>
        The page could not be shown{error.digest ? ` (reference ${error.digest})` : ''}. Nothing you
        saved is lost.
      </p>
      <button type="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
