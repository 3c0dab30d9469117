import { Prisma } from "@access/db";
import { ACCESS_STATUSES, type TAccessStatusCode, type TTimeseries, type TTimeseriesQuery } from "@access/contracts";
import { filterSql, knownVersionsSql } from "../access-statuses/access-sql";
import { requireActor, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { addDays, isoDate, today } from "../shared/format";

const MAX_BUCKETS = 5000;

/**
 * For each bucket (day, week or month, labelled by its first day) how many
 * organisation–area pairs were in each status on that day, as known at `knownAt`.
 *
 * Computed in one pass over the versions: each period adds +1 to its status from the
 * first bucket it covers and -1 from the first bucket after it ends; a running sum
 * over the buckets gives the counts. Cost grows with versions plus buckets, not their product.
 */
export async function getTimeseries(db: Db, ctx: RequestContext, query: TTimeseriesQuery): Promise<TTimeseries> {
  const actor = requireActor(ctx);
  const to = query.to ?? today();
  const from = query.from ?? addDays(to, -365);
  if (from > to) throw AppError.invalid("from", "must not be after `to`");
  const knownAt = query.knownAt ?? new Date().toISOString();
  const source = knownVersionsSql(query.knownAt);
  const unit = query.interval;
  const approxBuckets = (Date.parse(to) - Date.parse(from)) / 86_400_000 / (unit === "day" ? 1 : unit === "week" ? 7 : 28);
  if (approxBuckets > MAX_BUCKETS) {
    throw AppError.invalid("interval", `this period would make more than ${MAX_BUCKETS} buckets: choose a longer interval or a shorter period`);
  }
  const step = Prisma.raw(`'1 ${unit}'::interval`);
  const unitSql = Prisma.raw(`'${unit}'`);
  const rows = await db.$queryRaw<{ bucket: Date; status: TAccessStatusCode; pairs: number }[]>`
    WITH buckets AS (
      SELECT generate_series(date_trunc(${unitSql}, ${from}::date), ${to}::date, ${step})::date AS bucket
    ),
    known AS (
      SELECT v.status, v.valid_from, v.valid_to
      FROM ${source.from}
      JOIN organizations o ON o.id = v.organization_id
      WHERE ${source.where} AND ${filterSql(actor, query)}
        AND v.valid_from <= ${to}::date
        AND (v.valid_to IS NULL OR v.valid_to > (SELECT min(bucket) FROM buckets))
    ),
    edges AS (
      SELECT status, valid_from AS day, 1 AS delta FROM known
      UNION ALL
      SELECT status, valid_to, -1 FROM known WHERE valid_to IS NOT NULL AND valid_to <= ${to}::date
    ),
    -- an edge on day d first shows in the first bucket starting on or after d
    placed AS (
      SELECT status,
             GREATEST(
               CASE WHEN date_trunc(${unitSql}, day)::date = day THEN day ELSE (date_trunc(${unitSql}, day) + ${step})::date END,
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
    CROSS JOIN (SELECT DISTINCT status FROM known) s
    LEFT JOIN per_bucket p ON p.bucket = b.bucket AND p.status = s.status
    ORDER BY b.bucket`;

  const buckets = new Map<string, Record<TAccessStatusCode, number>>();
  const allBuckets = bucketStarts(from, to, unit);
  for (const bucket of allBuckets) {
    buckets.set(bucket, Object.fromEntries(ACCESS_STATUSES.map((status) => [status, 0])) as Record<TAccessStatusCode, number>);
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
    buckets: [...buckets].map(([date, counts]) => ({ date, counts, total: Object.values(counts).reduce((sum, n) => sum + n, 0) })),
  };
}

/** The first days of the buckets, as PostgreSQL's date_trunc places them (ISO weeks start on Monday). */
export function bucketStarts(from: string, to: string, unit: "day" | "week" | "month"): string[] {
  const start = new Date(`${from}T00:00:00Z`);
  if (unit === "week") start.setUTCDate(start.getUTCDate() - ((start.getUTCDay() + 6) % 7));
  if (unit === "month") start.setUTCDate(1);
  const starts: string[] = [];
  for (const day = start; isoDate(day) <= to; ) {
    starts.push(isoDate(day));
    if (unit === "day") day.setUTCDate(day.getUTCDate() + 1);
    else if (unit === "week") day.setUTCDate(day.getUTCDate() + 7);
    else day.setUTCMonth(day.getUTCMonth() + 1);
  }
  return starts;
}
