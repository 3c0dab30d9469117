'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';

function Drawing() {
  const t = useTranslations('accessChart');
  return (
    <>
      <h2>{t('title')}</h2>
      <p className="muted">{t('drawing')}</p>
    </>
  );
}

/**
 * The access chart, loaded after the page: recharts is most of the overview's JavaScript
 * (~117 kB gzipped of ~310), and the chart cannot draw before the browser has measured its
 * container anyway, so sending it with the page only delays the figures, heatmap, ranking
 * and filters above it (issue 14's budget: < 300 kB sent up front). Its data still comes
 * with the page; only its code follows.
 */
export const AccessOverTimeLazy = dynamic(
  () => import('./access-over-time').then((module) => module.AccessOverTime),
  {
    ssr: false,
    loading: () => <Drawing />,
  },
);
