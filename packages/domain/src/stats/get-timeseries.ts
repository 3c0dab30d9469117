import { Prisma } from '@access/db';
import {
  ACCESS_STATUSES,
  type TAccessStatusCode,
  type TTimeseries,
  type TTimeseriesQuery,
} from '@access/contracts';
import { filterSql, readerLevelSql, timelineSql } from '../access-statuses/access-sql';
import { requireActor, type Actor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { addDays, isoDate, today } from '../shared/format';

const MAX_BUCKETS = 2000;

/**
 * For each bucket (day, week or month, labelled by its first day) how many
 * organisation–area pairs were in each status on that day, as known at `knownAt`.
 *
 * Each period adds +1 to its status from the first bucket it covers and -1 from the first
 * bucket after it ends; a running sum over the buckets gives the counts. As known now and
 * filtered at most by status and review, the edges come pre-summed per day from the day
 * counts (cost: days, not periods); otherwise from one pass over the periods.
 */
export async function getTimeseries(
  db: Db,
  ctx: RequestContext,
  query: TTimeseriesQuery,
): Promise<TTimeseries> {
  const actor = requireActor(ctx);
  const to = query.to ?? today();
  const unit = query.interval;
  const dayCounts =
    query.knownAt === undefined &&
    !query.organizationId?.length &&
    !query.organizationType?.length &&
    !query.areaId &&
    !query.constraintCategory?.length;
  const from =
    query.from === 'first'
      ? await firstDay(db, actor, query, to, unit, dayCounts)
      : (query.from ?? addDays(to, -365));
  if (from > to) throw AppError.invalid('from', 'must not be after `to`');
  const knownAt = query.knownAt ?? new Date().toISOString();
  const approxBuckets =
    (Date.parse(to) - Date.parse(from)) /
    86_400_000 /
    (unit === 'day' ? 1 : unit === 'week' ? 7 : 28);
  if (approxBuckets > MAX_BUCKETS) {
    throw AppError.invalid(
      'interval',
      `this period would make more than ${MAX_BUCKETS} buckets: choose a longer interval or a shorter period`,
    );
  }
  const step = Prisma.raw(`'1 ${unit}'::interval`);
  const unitSql = Prisma.raw(`'${unit}'`);
  // Without filters that need each period (organisation, area, constraint) and as known
  // now, the day counts answer: a few thousand rows instead of every current period.
  const edges = dayCounts
    ? dayCountEdgesSql(actor, query, to)
    : periodEdgesSql(actor, query, to, from, unitSql);
  const rows = await db.$queryRaw<{ bucket: Date; status: TAccessStatusCode; pairs: number }[]>`
    WITH buckets AS (
      SELECT generate_series(date_trunc(${unitSql}, ${from}::timestamp), ${to}::timestamp, ${step})::date AS bucket
    ),
    -- one row per status and day: bucket placement below runs once per day, not per period
    edges AS (SELECT status, day, sum(delta) AS delta FROM (${edges}) e GROUP BY status, day),
    -- an edge on day d first shows in the first bucket starting on or after d
    placed AS (
      SELECT status,
             GREATEST(
               CASE WHEN date_trunc(${unitSql}, day::timestamp)::date = day THEN day ELSE (date_trunc(${unitSql}, day::timestamp) + ${step})::date END,
               (SELECT min(bucket) FROM buckets)
             ) AS bucket,
             delta
      FROM edges
    ),
    per_bucket AS (
      SELECT bucket, status, sum(delta) AS delta FROM placed GROUP BY bucket, status
    )
    SELECT b.bucket, s.status,
           (sum(coalesce(p.delta, 0)) OVER (PARTITION BY s.status ORDER BY b.bucket))::int AS pairs
    FROM buckets b
    CROSS JOIN (SELECT DISTINCT status FROM per_bucket) s
    LEFT JOIN per_bucket p ON p.bucket = b.bucket AND p.status = s.status
    ORDER BY b.bucket`;

  const buckets = new Map<string, Record<TAccessStatusCode, number>>();
  const allBuckets = bucketStarts(from, to, unit);
  for (const bucket of allBuckets) {
    buckets.set(
      bucket,
      Object.fromEntries(ACCESS_STATUSES.map((status) => [status, 0])) as Record<
        TAccessStatusCode,
        number
      >,
    );
  }
  for (const row of rows) {
    const counts = buckets.get(isoDate(row.bucket));
    if (counts) counts[row.status] = Number(row.pairs);
  }
  return {
    interval: unit,
    from: allBuckets[0] ?? from,
    to,
    knownAt,
    buckets: [...buckets].map(([date, counts]) => ({
      date,
      counts,
      total: Object.values(counts).reduce((sum, n) => sum + n, 0),
    })),
  };
}

/**
 * `from=first`: the first day of the earliest period these filters match (today's `to` when
 * there is none), brought forward if the series would need more than MAX_BUCKETS buckets.
 */
async function firstDay(
  db: Db,
  actor: Actor,
  query: TTimeseriesQuery,
  to: string,
  unit: 'day' | 'week' | 'month',
  dayCounts: boolean,
): Promise<string> {
  const edges = dayCounts
    ? dayCountEdgesSql(actor, query, to)
    : periodEdgesSql(actor, query, to, '1900-01-01', Prisma.raw(`'${unit}'`));
  const [row] = await db.$queryRaw<{ first: Date | null }[]>`
    SELECT min(e.day) AS first FROM (${edges}) e WHERE e.delta > 0`;
  const first = row?.first ? isoDate(row.first) : to;
  const earliest = addDays(
    to,
    -Math.floor(MAX_BUCKETS * (unit === 'day' ? 1 : unit === 'week' ? 7 : 28)) + 1,
  );
  return first < earliest ? earliest : first;
}

/** +1 on each period's first day, -1 on its end, read from the periods themselves. */
function periodEdgesSql(
  actor: Actor,
  query: TTimeseriesQuery,
  to: string,
  from: string,
  unitSql: Prisma.Sql,
): Prisma.Sql {
  const source = timelineSql(actor, query);
  return Prisma.sql`
    SELECT v.status, day, delta
    FROM ${source.from}
    JOIN organizations o ON o.id = v.organization_id
    CROSS JOIN LATERAL (VALUES (v.valid_from, 1), (v.valid_to, -1)) AS edge(day, delta)
    WHERE ${source.where} AND ${filterSql(query)}
      AND v.valid_from <= ${to}::date
      AND (v.valid_to IS NULL OR v.valid_to > date_trunc(${unitSql}, ${from}::timestamp)::date)
      AND edge.day IS NOT NULL AND edge.day <= ${to}::date`;
}

/** The same edges, already summed per day by the day counts (and the changes not yet folded in). */
function dayCountEdgesSql(actor: Actor, query: TTimeseriesQuery, to: string): Prisma.Sql {
  const conditions = [
    Prisma.sql`v.level = ${readerLevelSql(actor)}`,
    Prisma.sql`v.day <= ${to}::date`,
  ];
  if (query.status?.length)
    conditions.push(Prisma.sql`v.status = ANY(${query.status}::"AccessStatusCode"[])`);
  if (query.validatedOnly) conditions.push(Prisma.sql`v.validated`);
  const where = Prisma.join(conditions, ' AND ');
  return Prisma.sql`
    SELECT v.status, v.day, v.delta FROM access_status_day_counts v WHERE ${where}
    UNION ALL
    SELECT v.status, v.day, v.delta FROM access_status_day_count_changes v WHERE ${where}`;
}

/** The first days of the buckets, as PostgreSQL's date_trunc places them (ISO weeks start on Monday). */
export function bucketStarts(from: string, to: string, unit: 'day' | 'week' | 'month'): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  if (unit === 'week') start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (unit === 'month') start.setUTCDate(1);
  const starts: string[] = [];
  for (const day = start; isoDate(day) <= to; ) {
    starts.push(isoDate(day));
    if (unit === 'day') day.setUTCDate(day.getUTCDate() + 1);
    else if (unit === 'week') day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return starts;
}
