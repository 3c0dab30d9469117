import { Prisma } from '@access/db';
import type { TAreaRanking, TAreaRankingQuery, TAreaScore, TTrend } from '@access/contracts';
import { filterSql, timelineSql } from '../access-statuses/access-sql';
import { requireActor, type Db, type RequestContext } from '../shared/context';
import { addDays, today } from '../shared/format';
import { measuresOfCounts, openCountsAnswer, openCountsOn, scoreOfCounts } from './open-counts';

interface ScoreRow {
  area_id: string;
  /** 0: asOf, 1: 30 days before, 2: 90 days before */
  n: number;
  denied: number;
  suspended: number;
  constrained: number;
  organizations: number;
  max_severity: number | null;
  categories: number[];
}

interface AreaRow {
  id: string;
  name: string;
  pcode: string | null;
}

/**
 * Areas ranked by how constrained access is on `asOf`, worst first, each with its trend
 * against 30 and 90 days earlier. Read from the reader's one timeline (timelineSql), as
 * known at `knownAt`, with the filters of every other read: as known now and unfiltered,
 * from the open-period counts (open-counts.ts); otherwise the periods that hold on any of
 * the three days are found once, then scored per day. `options.openCounts: false` forces
 * the second way (the property test compares the two).
 */
export async function rankAreas(
  db: Db,
  ctx: RequestContext,
  query: TAreaRankingQuery,
  options: { openCounts?: boolean } = {},
): Promise<TAreaRanking> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const days30 = addDays(asOf, -30);
  const days90 = addDays(asOf, -90);
  // per day (0: asOf, 1: 30 days before, 2: 90 days before), area → score
  const byDay: { get(area: string): TAreaScore | undefined }[] = [];
  // every area's rank key on asOf (to rank them); scores only for the areas that can be listed
  let keys: [string, number][];
  if (options.openCounts !== false && openCountsAnswer(query)) {
    const counts = await openCountsOn(db, actor, 'AREA', [asOf, days30, days90]);
    const scoreOn = (n: number) => (area: string) => {
      const found = counts[n]!.get(area);
      return found && scoreOfRow({ area_id: area, n, ...rowOfCounts(found) });
    };
    keys = [...counts[0]!].map(([area, found]) => [area, scoreKey(measuresOfCounts(found))]);
    byDay.push({ get: scoreOn(0) }, { get: scoreOn(1) }, { get: scoreOn(2) });
  } else {
    const maps = [new Map<string, TAreaScore>(), new Map<string, TAreaScore>(), new Map()];
    // one period per organisation and area holds on a day, so count(*) counts organisations
    for (const row of await scanScores(db, ctx, query, asOf, days30, days90))
      maps[row.n]!.set(row.area_id, scoreOfRow(row));
    keys = [...maps[0]!].map(([area, score]) => [area, scoreKey(score)]);
    byDay.push(...maps);
  }
  // names only for the areas that can make the list: the worst `limit` and any tied with the
  // last of them (the name breaks ties); not every area with an entry
  keys.sort(([, a], [, b]) => b - a);
  const lastKey = keys[Math.min(query.limit, keys.length) - 1]?.[1];
  const candidates: [string, TAreaScore][] =
    lastKey === undefined
      ? []
      : keys.filter(([, key]) => key >= lastKey).map(([area]) => [area, byDay[0]!.get(area)!]);
  const current = new Map(candidates);
  const areas = candidates.length
    ? await db.$queryRaw<
        AreaRow[]
      >`SELECT id, name, pcode FROM areas WHERE id = ANY(${candidates.map(([id]) => id)}::uuid[])`
    : [];
  const byName = new Intl.Collator('en');
  const ranked = areas
    .map((area) => ({ area, score: current.get(area.id)! }))
    // the id last: two areas can share a name (a district in each of two countries), and the
    // answer must not depend on the order PostgreSQL returned them in
    .sort(
      (a, b) =>
        compareScores(b.score, a.score) ||
        byName.compare(a.area.name, b.area.name) ||
        (a.area.id < b.area.id ? -1 : a.area.id > b.area.id ? 1 : 0),
    )
    .slice(0, query.limit);
  return {
    asOf,
    knownAt,
    comparedWith: { days30, days90 },
    totalAreas: keys.length,
    items: ranked.map(({ area, score }, index) => ({
      rank: index + 1,
      area,
      ...score,
      trend30: trendAgainst(score, byDay[1]!.get(area.id)),
      trend90: trendAgainst(score, byDay[2]!.get(area.id)),
    })),
  };
}

/** The scores of every area on the three days, from the periods that hold on them. */
async function scanScores(
  db: Db,
  ctx: RequestContext,
  query: TAreaRankingQuery,
  asOf: string,
  days30: string,
  days90: string,
): Promise<ScoreRow[]> {
  const source = timelineSql(requireActor(ctx), query);
  return db.$queryRaw<ScoreRow[]>`
    WITH periods AS MATERIALIZED (
      SELECT v.area_id, v.organization_id, v.status, v.severity, v.constraint_categories, v.valid_from, v.valid_to
      FROM ${source.from}
      ${query.organizationType?.length ? Prisma.sql`JOIN organizations o ON o.id = v.organization_id` : Prisma.empty}
      WHERE ${source.where} AND v.valid_from <= ${asOf}::date
        AND (v.valid_to IS NULL OR v.valid_to > ${days90}::date) AND ${filterSql(query)}
    ),
    on_day AS (
      SELECT d.n, p.* FROM (VALUES (${asOf}::date, 0), (${days30}::date, 1), (${days90}::date, 2)) AS d(day, n)
      JOIN periods p ON p.valid_from <= d.day AND (p.valid_to IS NULL OR p.valid_to > d.day)
    ),
    categories AS (
      SELECT area_id, n, array_agg(DISTINCT c ORDER BY c) AS categories
      FROM on_day, unnest(constraint_categories) AS c GROUP BY area_id, n
    ),
    scores AS (
      SELECT area_id, n,
             count(*) FILTER (WHERE status = 'DENIED')::int AS denied,
             count(*) FILTER (WHERE status = 'SUSPENDED')::int AS suspended,
             count(*) FILTER (WHERE status = 'CONSTRAINED')::int AS constrained,
             count(*)::int AS organizations,
             max(severity)::int AS max_severity
      FROM on_day GROUP BY area_id, n
    )
    SELECT s.*, coalesce(c.categories, '{}')::int[] AS categories
    FROM scores s LEFT JOIN categories c ON c.area_id = s.area_id AND c.n = s.n`;
}

/** A ScoreRow's columns from open counts. */
function rowOfCounts(counts: number[]): Omit<ScoreRow, 'area_id' | 'n'> {
  const score = scoreOfCounts(counts);
  return {
    denied: score.denied,
    suspended: score.suspended,
    constrained: score.constrained,
    organizations: score.total,
    max_severity: score.maxSeverity,
    categories: score.categories,
  };
}

function scoreOfRow(row: ScoreRow): TAreaScore {
  return {
    blockedOrganizations: row.denied + row.suspended,
    deniedOrganizations: row.denied,
    suspendedOrganizations: row.suspended,
    constrainedOrganizations: row.constrained,
    organizations: row.organizations,
    maxSeverity: row.max_severity,
    constraintCategories: row.categories,
  };
}

/** What the ranking orders by, in the order it weighs them. */
interface RankMeasures {
  blockedOrganizations: number;
  maxSeverity: number | null;
  /** constraint categories present: a count, or the list of them */
  constraintCategories: number | readonly number[];
  constrainedOrganizations: number;
}

const CONSTRAINED_SPAN = 2 ** 20;

/**
 * The ranking's order as one number, larger is worse: organisations denied or suspended,
 * then the highest severity, then how many constraint categories, then organisations
 * constrained (each field's span leaves room for the next; exact below 2^20 organisations
 * constrained and 2^26 blocked in one area, far beyond any country's organisations). Sorting
 * thousands of areas by a number instead of by objects is what keeps the ranking cheap.
 */
export function scoreKey(score: RankMeasures): number {
  const categories =
    typeof score.constraintCategories === 'number'
      ? score.constraintCategories
      : score.constraintCategories.length;
  return (
    ((score.blockedOrganizations * 8 + (score.maxSeverity ?? -1) + 1) * 16 + categories) *
      CONSTRAINED_SPAN +
    Math.min(score.constrainedOrganizations, CONSTRAINED_SPAN - 1)
  );
}

/** Which score is worse (> 0: `a`), by scoreKey. */
export function compareScores(a: RankMeasures, b: RankMeasures): number {
  return scoreKey(a) - scoreKey(b);
}

function trendAgainst(now: TAreaScore, before: TAreaScore | undefined): TTrend {
  if (!before) return 'NEW';
  const difference = compareScores(now, before);
  return difference > 0 ? 'DETERIORATED' : difference < 0 ? 'IMPROVED' : 'STABLE';
}
