import { Prisma } from '@access/db';
import {
  latestOccurredOn,
  type TCategoryCounts,
  type TIncidentCounts,
  type TIncidentCountsQuery,
} from '@access/contracts';
import { readerLevelSql } from '../access-statuses/access-sql';
import { incidentFilterSql, visibleIncidentVersionsSql } from '../incidents/incident-sql';
import { requireActor, type Actor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { today } from '../shared/format';

/** One count of the answer: per month and category, per sub-area and category, or per organisation type. */
interface CountRow {
  kind: 'month' | 'area' | 'type';
  key: string;
  category: number;
  count: number;
}

interface AreaRow {
  id: string;
  name: string;
  kind: string;
  pcode: string | null;
}

/** Longest run of months listed (with their zeros): a hundred years. */
const MAX_MONTHS = 1200;

/**
 * Validated incidents counted by month × category, by sub-area and by organisation type
 * affected, from the reader's current incident versions (visibleIncidentVersionsSql, the
 * one rule) and nothing else: an incident above their clearance counts in no figure.
 *
 * As known now, with no organisation filter and whole months, the counts are read from
 * incident_monthly_counts (a trigger keeps it from each level's current versions; the
 * property test holds both ways equal); otherwise the incidents are counted afresh.
 */
export async function countIncidents(
  db: Db,
  ctx: RequestContext,
  query: TIncidentCountsQuery,
): Promise<TIncidentCounts> {
  const actor = requireActor(ctx);
  const knownAt = query.knownAt ?? new Date().toISOString();
  const end = [query.to, query.asOf].filter((day) => day !== undefined).sort()[0];
  if (query.from && end && query.from > end)
    throw AppError.invalid('from', 'must not be after `to` and `asOf`');
  const parent = query.areaId
    ? Prisma.sql`parent_id = ${query.areaId}::uuid`
    : Prisma.sql`parent_id IS NULL`;
  // three independent reads, at once: the area, its sub-areas, the counts
  const [areas, children, rows] = await Promise.all([
    query.areaId
      ? db.$queryRaw<AreaRow[]>`
          SELECT id::text, name, kind::text, pcode FROM areas WHERE id = ${query.areaId}::uuid`
      : Promise.resolve([]),
    db.$queryRaw<AreaRow[]>`SELECT id::text, name, kind::text, pcode FROM areas WHERE ${parent}`,
    useSummary(query, end)
      ? countFromSummary(db, actor, query, end, parent)
      : countVersions(db, actor, query, parent),
  ]);
  const area = areas[0] ?? null;
  if (query.areaId && !area) throw AppError.invalid('areaId', 'no area has this id');
  return assemble(rows, { knownAt, area, children, from: query.from, end });
}

/**
 * Whether the summary holds the answer: as known now, no organisation filter (it counts
 * areas, months and categories only) and whole months (a bound on or after the latest day
 * an incident can have occurred on excludes nothing: the contracts refuse later days).
 */
function useSummary(query: TIncidentCountsQuery, end: string | undefined): boolean {
  if (query.knownAt !== undefined) return false;
  if (query.organizationId?.length || query.organizationType?.length) return false;
  if (query.from && !query.from.endsWith('-01')) return false;
  return end === undefined || end >= latestOccurredOn() || end === lastDayOfMonth(end);
}

/** Counts read from incident_monthly_counts at the reader's level. */
function countFromSummary(
  db: Db,
  actor: Actor,
  query: TIncidentCountsQuery,
  end: string | undefined,
  parent: Prisma.Sql,
): Promise<CountRow[]> {
  const scope = query.areaId
    ? Prisma.sql`ARRAY[${query.areaId}::uuid]`
    : Prisma.sql`ARRAY(SELECT id FROM areas WHERE parent_id IS NULL)`;
  const conditions = [Prisma.sql`c.level = ${readerLevelSql(actor)}`];
  if (query.from) conditions.push(Prisma.sql`c.month >= ${query.from}::date`);
  if (end && end < latestOccurredOn()) conditions.push(Prisma.sql`c.month <= ${end}::date`);
  if (query.category?.length)
    conditions.push(Prisma.sql`c.category = ANY(${query.category}::smallint[])`);
  const where = Prisma.join(conditions, ' AND ');
  return db.$queryRaw<CountRow[]>`
    SELECT 'month' AS kind, c.month::text AS key, c.category::int AS category, sum(c.count)::int AS count
    FROM incident_monthly_counts c
    WHERE ${where} AND c.area_id = ANY(${scope}) AND c.organization_type = 0
    GROUP BY c.month, c.category
    UNION ALL
    SELECT 'area', c.area_id::text, c.category::int, sum(c.count)::int
    FROM incident_monthly_counts c
    WHERE ${where} AND c.area_id = ANY(ARRAY(SELECT id FROM areas WHERE ${parent})) AND c.organization_type = 0
    GROUP BY c.area_id, c.category
    UNION ALL
    SELECT 'type', c.organization_type::text, 0, sum(c.count)::int
    FROM incident_monthly_counts c
    WHERE ${where} AND c.area_id = ANY(${scope}) AND c.organization_type <> 0
    GROUP BY c.organization_type`;
}

/** Counts of the reader's current versions, as known at `knownAt`, with every filter. */
function countVersions(
  db: Db,
  actor: Actor,
  query: TIncidentCountsQuery,
  roots: Prisma.Sql,
): Promise<CountRow[]> {
  const { knownAt, ...filters } = query;
  return db.$queryRaw<CountRow[]>`
    WITH RECURSIVE tops(top_id, id) AS (
      SELECT id, id FROM areas WHERE ${roots}
      UNION ALL
      SELECT tops.top_id, child.id FROM areas child JOIN tops ON child.parent_id = tops.id
    ),
    counted AS MATERIALIZED (
      SELECT v.area_id, v.occurred_on, v.category, v.affected_organization_types
      FROM ${visibleIncidentVersionsSql(actor, knownAt)} v
      WHERE ${incidentFilterSql(filters)}
    )
    SELECT 'month' AS kind, date_trunc('month', occurred_on)::date::text AS key, category::int AS category, count(*)::int AS count
    FROM counted GROUP BY 2, 3
    UNION ALL
    SELECT 'area', tops.top_id::text, counted.category::int, count(*)::int
    FROM counted JOIN tops ON tops.id = counted.area_id GROUP BY 2, 3
    UNION ALL
    SELECT 'type', types.code::text, 0, count(*)::int
    FROM counted CROSS JOIN LATERAL (SELECT DISTINCT unnest(counted.affected_organization_types) AS code) types
    GROUP BY 2`;
}

function emptyCategories(): TCategoryCounts {
  return { '1': 0, '2': 0, '3': 0, '4': 0, '5': 0, '6': 0, '7': 0, '8': 0, '9': 0 };
}

function categoryKey(category: number): keyof TCategoryCounts {
  return String(category) as keyof TCategoryCounts;
}

/** The answer, from the rows of either way: months filled with zeros, sub-areas ranked. */
function assemble(
  rows: CountRow[],
  context: {
    knownAt: string;
    area: AreaRow | null;
    children: AreaRow[];
    from: string | undefined;
    end: string | undefined;
  },
): TIncidentCounts {
  const byMonth = new Map<string, TCategoryCounts>();
  const byArea = new Map<string, TCategoryCounts>();
  const organizationTypes: { typeCode: number; total: number }[] = [];
  const byCategory = emptyCategories();
  let total = 0;
  for (const row of rows) {
    // the summary keeps a month's row once its count is back to 0 (a corrected date):
    // such a row is no month counted, as the versions' way would not list it either
    if (row.count === 0) continue;
    if (row.kind === 'type') {
      if (row.count > 0) organizationTypes.push({ typeCode: Number(row.key), total: row.count });
      continue;
    }
    const map = row.kind === 'month' ? byMonth : byArea;
    const counts = map.get(row.key) ?? emptyCategories();
    counts[categoryKey(row.category)] += row.count;
    map.set(row.key, counts);
    if (row.kind === 'month') {
      byCategory[categoryKey(row.category)] += row.count;
      total += row.count;
    }
  }
  const sum = (counts: TCategoryCounts) => Object.values(counts).reduce((a, b) => a + b, 0);
  const areas = context.children
    .map((area) => {
      const counts = byArea.get(area.id) ?? emptyCategories();
      return { area, total: sum(counts), byCategory: counts };
    })
    .sort((a, b) => b.total - a.total || a.area.name.localeCompare(b.area.name, 'en'));
  return {
    knownAt: context.knownAt,
    area: context.area,
    total,
    byCategory,
    months: monthRange(context.from, context.end, [...byMonth.keys()]).map((month) => {
      const counts = byMonth.get(month) ?? emptyCategories();
      return { month, total: sum(counts), byCategory: counts };
    }),
    areas,
    onAreaItself: total - areas.reduce((counted, area) => counted + area.total, 0),
    organizationTypes: organizationTypes.sort((a, b) => a.typeCode - b.typeCode),
  };
}

/**
 * The first days of the months listed: from `from` (else the first month counted, but no
 * more than MAX_MONTHS back: one incident dated 1900 must not make every chart refuse; the
 * totals still count it) to `end` (else the later of this month and the last counted),
 * none when nothing bounds them. Only a `from` the reader gave can be refused as too far.
 */
function monthRange(from: string | undefined, end: string | undefined, counted: string[]) {
  const sorted = counted.sort();
  const last = end ? firstOfMonth(end) : [firstOfMonth(today()), ...sorted].sort().at(-1)!;
  const earliest = monthsBefore(last, MAX_MONTHS - 1);
  const firstCounted = sorted[0] && sorted[0] < earliest ? earliest : sorted[0];
  const first = from ? firstOfMonth(from) : firstCounted;
  if (!first || first > last) return [];
  const months: string[] = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (let day = first; day <= last; ) {
    months.push(day);
    if (months.length > MAX_MONTHS)
      throw AppError.invalid('from', `spans more than ${MAX_MONTHS} months: narrow the period`);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    day = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
  }
  return months;
}

/** The first day of the month `count` months before the month of `day` (a first day). */
function monthsBefore(day: string, count: number): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  const index = year * 12 + (month - 1) - count;
  const y = Math.floor(index / 12);
  return `${String(Math.max(y, 0)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}-01`;
}

function firstOfMonth(day: string): string {
  return `${day.slice(0, 7)}-01`;
}

function lastDayOfMonth(day: string): string {
  const [year, month] = day.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}
