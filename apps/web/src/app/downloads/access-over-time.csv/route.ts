import type { NextRequest } from 'next/server';
import { ACCESS_STATUSES } from '@access/contracts';
import { api, requireUser } from '@/lib/api';
import { parseFilters, searchParamsOf } from '@/lib/filters';
import { orDownloadOutage } from '@/lib/download-outage';
import { csvResponse } from '@/lib/format';
import { seriesQuery } from '@/lib/overview';

/** The overview chart's series, for the same filters: one row per bucket, one column per status. */
export const GET = orDownloadOutage(async (request: NextRequest) => {
  await requireUser();
  const filters = parseFilters(searchParamsOf(request.nextUrl.searchParams));
  const series = await api.timeseries(seriesQuery(filters));
  return csvResponse(`access-over-time_${series.interval}_${series.from}_to_${series.to}.csv`, [
    ['date', ...ACCESS_STATUSES.map((status) => status.toLowerCase()), 'total'],
    [
      '#date+start',
      ...ACCESS_STATUSES.map((status) => `#org+num+status_${status.toLowerCase()}`),
      '#org+num+total',
    ],
    ...series.buckets.map((bucket) => [
      bucket.date,
      ...ACCESS_STATUSES.map((status) => bucket.counts[status]),
      bucket.total,
    ]),
  ]);
});
