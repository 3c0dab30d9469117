import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
import { api } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { TimelineBand } from './charts/timeline-band';

const MAX_PAIRS = 25;

interface Pair {
  organizationId: string;
  areaId: string;
  label: string;
  href: string;
}

/** A timeline band for each organisation–area pair: when it changed, to what, and why (in each period's title). */
export async function PairTimelines({
  pairs,
  knownAt,
  locale,
}: {
  pairs: Pair[];
  knownAt?: string;
  locale: string;
}) {
  const t = await getTranslations('timeline');
  if (pairs.length === 0) return <p className="empty">{t('noEntriesYet')}</p>;
  const shown = pairs.slice(0, MAX_PAIRS);
  // each the latest page of its pair's periods: a longer history is drawn from that page's
  // first start, and says so
  const pages = await Promise.all(
    shown.map((pair) => api.timeline(pair.organizationId, pair.areaId, knownAt)),
  );
  const timelines = pages.map((timeline) => timeline.items);
  const starts = timelines.flat().map((version) => version.validFrom);
  const today = new Date().toISOString().slice(0, 10);
  const start = starts.length ? starts.reduce((a, b) => (a < b ? a : b)) : today;
  const end = today;
  return (
    <>
      {pairs.length > MAX_PAIRS && (
        <p className="notice">{t('showing', { shown: MAX_PAIRS, total: pairs.length })}</p>
      )}
      <div className="timeline-axis" aria-hidden="true" dir="ltr">
        {/* a date keeps its own direction on the left-to-right axis (Arabic's marks reordered it) */}
        <bdi>{formatDate(start, locale)}</bdi>
        <bdi>{formatDate(end, locale)}</bdi>
      </div>
      {shown.map((pair, index) => (
        <div key={`${pair.organizationId}/${pair.areaId}`} style={{ margin: '.5rem 0 .9rem' }}>
          <div style={{ display: 'flex', justifyContent: 'space-between' }}>
            <Link href={pair.href}>{pair.label}</Link>
            <Link
              className="muted"
              href={`/history?organizationId=${pair.organizationId}&areaId=${pair.areaId}`}
            >
              {t('history')}
            </Link>
          </div>
          <TimelineBand
            versions={timelines[index]!}
            start={start}
            end={end}
            locale={locale}
            label={pair.label}
          />
          {pages[index]!.nextCursor && (
            <p className="muted">{t('latestPeriods', { count: timelines[index]!.length })}</p>
          )}
        </div>
      ))}
    </>
  );
}
