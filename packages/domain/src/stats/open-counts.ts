import { Prisma } from '@access/db';
import type { TAccessFilters, TAccessStatusCode } from '@access/contracts';
import { readerLevelSql } from '../access-statuses/access-sql';
import type { Actor, Db } from '../shared/context';

/**
 * Scores of areas and organisations on given days, from the open-period counts (migration
 * 20261127065000_open_period_counts) instead of every period of the reader's timeline.
 *
 * The counts hold, per level and subject, the current periods that are open (no end), by
 * status, severity and constraint category. A period holds on day d when it is open,
 * minus the open periods that start after d, plus the closed periods that hold on d: both
 * corrections come from current_access_statuses (the reader's timeline as known now) and
 * are counted by the same access_period_measures() the counts are kept with. Exact on
 * any day; cheap when few periods start or end after it (the overview's recent days).
 * tests/db/open-period-counts.property.test.ts holds the answers equal to the full scan.
 */

export const OPEN_COUNT_COLUMNS = [
  'status_full',
  'status_constrained',
  'status_pending',
  'status_denied',
  'status_suspended',
  'status_unknown',
  'severity_0',
  'severity_1',
  'severity_2',
  'severity_3',
  'severity_4',
  'severity_5',
  'category_1',
  'category_2',
  'category_3',
  'category_4',
  'category_5',
  'category_6',
  'category_7',
  'category_8',
  'category_9',
] as const;

/** Per day asked (by index), subject id → its counts in the order of OPEN_COUNT_COLUMNS. */
export type OpenCountsByDay = Map<string, number[]>[];

/** Statuses in the order of the status_* columns (the enum's), so counts[i] is STATUS_ORDER[i]'s. */
const STATUS_ORDER: TAccessStatusCode[] = [
  'FULL',
  'CONSTRAINED',
  'PENDING',
  'DENIED',
  'SUSPENDED',
  'UNKNOWN',
];
const SEVERITY_AT = OPEN_COUNT_COLUMNS.indexOf('severity_0');
const CATEGORY_AT = OPEN_COUNT_COLUMNS.indexOf('category_1');

/**
 * Whether the counts can answer: the reader's timeline as known now with no filter (they
 * are kept per level and subject, not per organisation type, status or subtree).
 */
export function openCountsAnswer(
  query: Omit<TAccessFilters, 'knownAt'> & { knownAt?: string },
): boolean {
  return (
    query.knownAt === undefined &&
    !query.organizationId?.length &&
    !query.organizationType?.length &&
    !query.areaId &&
    !query.status?.length &&
    !query.constraintCategory?.length &&
    !query.validatedOnly
  );
}

/**
 * Per subject (area or organisation) and day (`n`: its index in `days`), the periods of the
 * reader's timeline holding on that day, counted by status, severity and category; only
 * subjects with at least one such period.
 */
export async function openCountsOn(
  db: Db,
  actor: Actor,
  scope: 'AREA' | 'ORGANIZATION',
  days: string[],
  /**
   * 'statuses': only the status counts (the first STATUS_ORDER.length of each array), for
   * reads that need no severity or category (the matrix): a third of the JSON to build
   */
  read: 'all' | 'statuses' = 'all',
): Promise<OpenCountsByDay> {
  const level = readerLevelSql(actor);
  const columns =
    read === 'all' ? OPEN_COUNT_COLUMNS : OPEN_COUNT_COLUMNS.slice(0, STATUS_ORDER.length);
  const sums = Prisma.raw(`ARRAY[${columns.map((c) => `sum("${c}")::int`).join(', ')}]`);
  const changeSums = Prisma.raw(columns.map((c) => `sum("${c}")::int AS "${c}"`).join(', '));
  const openSums = Prisma.raw(
    `ARRAY[${columns.map((c) => `coalesce(c."${c}", 0) + coalesce(x."${c}", 0)`).join(', ')}]`,
  );
  const dayValues = Prisma.join(days.map((day, n) => Prisma.sql`(${day}::date, ${n}::int)`));
  const earliest = [...days].sort()[0]!;
  const subject = Prisma.raw(scope === 'AREA' ? 'v.area_id' : 'v.organization_id');
  // n = -1: the open periods (the same on every day); n >= 0: that day's corrections
  // one JSON text: Prisma decodes thousands of rows of arrays far slower than JSON.parse
  const [result] = await db.$queryRaw<{ rows: string }[]>`
    WITH days(day, n) AS (VALUES ${dayValues}),
    -- the kept counts plus the changes not yet folded in (few: compacted every 10 s), joined
    -- rather than grouped together: grouping every kept row took half the query's time
    kept AS (
      SELECT * FROM access_open_period_counts
      WHERE level = ${level} AND scope = ${scope}::"OpenCountScope"
    ),
    changes AS (
      SELECT subject_id, ${changeSums} FROM access_open_period_count_changes
      WHERE level = ${level} AND scope = ${scope}::"OpenCountScope" GROUP BY subject_id
    ),
    -- open periods starting after the day (-1), closed periods holding on it (+1)
    corrections AS (
      SELECT ${subject} AS subject_id, d.n, m.*
      FROM current_access_statuses v
      JOIN days d ON (v.valid_to IS NULL AND v.valid_from > d.day)
                  OR (v.valid_to > d.day AND v.valid_from <= d.day)
      CROSS JOIN LATERAL access_period_measures(v.status, v.severity, v.constraint_categories,
                                                CASE WHEN v.valid_to IS NULL THEN -1 ELSE 1 END) m
      WHERE v.level = ${level}
        AND ((v.valid_to IS NULL AND v.valid_from > ${earliest}::date) OR v.valid_to > ${earliest}::date)
    )
    SELECT coalesce(json_agg(json_build_array(subject_id, n, counts)), '[]')::text AS rows FROM (
      SELECT coalesce(c.subject_id, x.subject_id) AS subject_id, -1 AS n, ${openSums} AS counts
      FROM kept c FULL JOIN changes x ON x.subject_id = c.subject_id
      UNION ALL
      SELECT subject_id, n, ${sums} FROM corrections GROUP BY subject_id, n
    ) x`;
  const rows = JSON.parse(result!.rows) as [string, number, number[]][];
  const open = new Map<string, number[]>();
  const corrections = days.map(() => new Map<string, number[]>());
  for (const [subjectId, n, counts] of rows)
    (n < 0 ? open : corrections[n]!).set(subjectId, counts);
  const holds = (counts: number[]) => counts.slice(0, STATUS_ORDER.length).some((n) => n > 0);
  // a subject without corrections on a day shares its open counts' array
  return corrections.map((corrected) => {
    const holding = new Map<string, number[]>();
    for (const [subjectId, counts] of open)
      if (!corrected.has(subjectId) && holds(counts)) holding.set(subjectId, counts);
    for (const [subjectId, correction] of corrected) {
      const base = open.get(subjectId);
      const counts = base ? correction.map((delta, i) => delta + base[i]!) : correction;
      if (holds(counts)) holding.set(subjectId, counts);
    }
    return holding;
  });
}

/** Counts (in the order of OPEN_COUNT_COLUMNS) in the words of the reads. */
export function scoreOfCounts(counts: number[]) {
  let maxSeverity: number | null = null;
  for (let severity = 0; severity <= 5; severity++)
    if (counts[SEVERITY_AT + severity]! > 0) maxSeverity = severity;
  const categories: number[] = [];
  for (let category = 1; category <= 9; category++)
    if (counts[CATEGORY_AT + category - 1]! > 0) categories.push(category);
  return {
    full: counts[0]!,
    constrained: counts[1]!,
    denied: counts[3]!,
    suspended: counts[4]!,
    total: counts[0]! + counts[1]! + counts[2]! + counts[3]! + counts[4]! + counts[5]!,
    maxSeverity,
    categories,
  };
}

/** What the ranking orders by (rank-areas.ts's scoreKey), from counts, without lists. */
export function measuresOfCounts(counts: number[]) {
  let maxSeverity: number | null = null;
  for (let severity = 0; severity <= 5; severity++)
    if (counts[SEVERITY_AT + severity]! > 0) maxSeverity = severity;
  let constraintCategories = 0;
  for (let category = 1; category <= 9; category++)
    if (counts[CATEGORY_AT + category - 1]! > 0) constraintCategories++;
  return {
    blockedOrganizations: counts[3]! + counts[4]!,
    maxSeverity,
    constraintCategories,
    constrainedOrganizations: counts[1]!,
  };
}

/** Counts (in the order of OPEN_COUNT_COLUMNS) per status. */
export function statusCountsOf(counts: number[]): Record<TAccessStatusCode, number> {
  return Object.fromEntries(STATUS_ORDER.map((status, i) => [status, counts[i]!])) as Record<
    TAccessStatusCode,
    number
  >;
}
