'use client';

import dynamic from 'next/dynamic';
import { useTranslations } from 'next-intl';

function Counting() {
  const t = useTranslations('incidentChart');
  return (
    <>
      <h2>{t('title')}</h2>
      <p className="muted">{t('counting')}</p>
    </>
  );
}

/**
 * The incident chart, loaded after the page: its code (and recharts' bar charts) is not among
 * the scripts the overview sends up front, whose budget (issue 14: < 300 kB gzipped) it would
 * otherwise break; its counts are fetched by the browser too.
 */
export const IncidentChartLazy = dynamic(
  () => import('./incident-chart').then((module) => module.IncidentChart),
  {
    ssr: false,
    loading: () => <Counting />,
  },
);
