'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';
import { type ComponentProps, useEffect, useState } from 'react';
import type { TTimeseries } from '@access/contracts';

function Drawing({ failed = false }: { failed?: boolean }) {
  const t = useTranslations('accessChart');
  return (
    <>
      <h2>{t('title')}</h2>
      <p className="muted" role={failed ? 'alert' : undefined}>
        {t(failed ? 'failed' : 'drawing')}
      </p>
    </>
  );
}

/**
 * The access chart, loaded after the page: recharts is most of the overview's JavaScript
 * (~117 kB gzipped of ~310), and the chart cannot draw before the browser has measured its
 * container anyway, so sending it with the page only delays the figures, heatmap, ranking
 * and filters above it (issue 14's budget: < 300 kB sent up front).
 */
export const AccessOverTimeLazy = dynamic(
  () => import('./access-over-time').then((module) => module.AccessOverTime),
  {
    ssr: false,
    loading: () => <Drawing />,
  },
);

type Props = Omit<ComponentProps<typeof AccessOverTimeLazy>, 'series'> & {
  /** `GET /api/stats/timeseries`'s query (without `?`): the page's filters as the series takes them */
  query: string;
};

/**
 * The same chart with its figures fetched by the browser after the page, as the incident
 * chart's are: the series over the data's whole range is the overview's costliest read
 * (p95 ~250 ms at 1M versions), and the figures, ranking, feed and heatmap above it need not
 * wait for it. The printable snapshot still renders it with the page.
 */
export function AccessOverTimeFetched({ query, ...props }: Props) {
  const [series, setSeries] = useState<TTimeseries | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    setSeries(null);
    setFailed(false);
    fetch(`/api/stats/timeseries${query ? `?${query}` : ''}`, {
      headers: { accept: 'application/json' },
    })
      .then(async (response) => {
        if (!response.ok) throw new Error(String(response.status));
        const body = (await response.json()) as TTimeseries;
        if (current) setSeries(body);
      })
      .catch(() => current && setFailed(true));
    return () => {
      current = false;
    };
  }, [query]);
  if (!series) return <Drawing failed={failed} />;
  return <AccessOverTimeLazy series={series} {...props} />;
}
