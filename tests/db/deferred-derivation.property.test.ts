import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization, makeUser } from '../support/factories';

/**
 * An import defers the derivation of what it writes (levels, current timelines, day
 * counts) to its end and derives all its pairs at once (derive_deferred_access_statuses).
 * Whatever the history already stored and whatever the statements write (corrections of
 * stored or just-written versions, proposals, any sensitivity and ceiling, shared starts
 * and recorded times), the deferred path must leave exactly what the per-statement
 * trigger leaves, and the current timelines must be access_timeline's (a small change
 * rewrites only the rows near it: refresh_current_access_statuses_near). Each version's
 * neighbours found by index (access_version_in_timeline) must be access_pair_timelines'.
 */

const LEVELS = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const;
const DAYS = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01'];
const STATUSES = ['FULL', 'CONSTRAINED', 'DENIED'] as const;

interface VersionRow {
  id: string;
  organization_id: string;
  area_id: string;
  status: string;
  valid_from: string;
  valid_to: string | null;
  recorded_at: string;
  change_kind: string;
  sensitivity: string;
  ceiling: string;
  review_state: string;
  supersedes_id: string | null;
}

const spec = fc.record({
  pair: fc.nat(1),
  status: fc.nat(2),
  day: fc.nat(DAYS.length - 1),
  end: fc.option(fc.nat(DAYS.length - 1), { nil: null }),
  sensitivity: fc.nat(3),
  above: fc.nat(3),
  validated: fc.nat(4).map((n) => n > 0),
  supersedes: fc.option(fc.nat(30), { nil: null }),
  /** a new statement starts before this version */
  split: fc.boolean(),
  /** recorded at the previous version's time */
  sameTime: fc.boolean(),
});

let database: TestDatabase;
let client: pg.Client;
let neighboursCompared = 0;
let userId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  userId = (await makeUser(database.db, 'COORDINATOR', 'SEVERE')).id;
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client.end();
  await database.close();
});

/** Versions from their specs, numbered from `offset` (so later ones may correct earlier ones, of the same pair only). */
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

function versionsOf(
  specs: Spec[],
  pairs: { organizationId: string; areaId: string }[],
  earlier: VersionRow[],
  clock: { at: number },
): VersionRow[][] {
  const statements: VersionRow[][] = [[]];
  const all = [...earlier];
  for (const s of specs) {
    const pair = pairs[s.pair]!;
    const ofPair = all.filter(
      (v) => v.organization_id === pair.organizationId && v.area_id === pair.areaId,
    );
    const superseded =
      s.supersedes === null ? undefined : ofPair[s.supersedes % (ofPair.length || 1)];
    const sensitivity = Math.min(s.sensitivity, 3);
    if (!s.sameTime) clock.at += 1000;
    const version: VersionRow = {
      id: randomUUID(),
      organization_id: pair.organizationId,
      area_id: pair.areaId,
      status: STATUSES[s.status]!,
      valid_from: DAYS[s.day]!,
      valid_to: s.end !== null && s.end > s.day ? DAYS[s.end]! : null,
      recorded_at: new Date(clock.at).toISOString(),
      change_kind: superseded ? 'CORRECTION' : 'RECORD',
      sensitivity: LEVELS[sensitivity]!,
      ceiling: LEVELS[Math.min(3, sensitivity + s.above)]!,
      review_state: s.validated ? 'VALIDATED' : 'SUBMITTED',
      supersedes_id: superseded?.id ?? null,
    };
    if (s.split && statements.at(-1)!.length > 0) statements.push([]);
    statements.at(-1)!.push(version);
    all.push(version);
  }
  return statements.filter((statement) => statement.length > 0);
}

async function insert(rows: VersionRow[]): Promise<void> {
  await client.query(
    `INSERT INTO access_status_versions
       (id, organization_id, area_id, status, valid_from, valid_to, recorded_at, recorded_by_id, change_kind, reason,
        sensitivity, ceiling, review_state, supersedes_id)
     SELECT x.id, x.organization_id, x.area_id, x.status::"AccessStatusCode", x.valid_from, x.valid_to, x.recorded_at, $2::uuid,
            x.change_kind::"ChangeKind", 'r', x.sensitivity::"Sensitivity", x.ceiling::"Sensitivity", x.review_state::"ReviewState", x.supersedes_id
     FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, organization_id uuid, area_id uuid, status text, valid_from date, valid_to date,
       recorded_at timestamptz, change_kind text, sensitivity text, ceiling text, review_state text, supersedes_id uuid)`,
    [JSON.stringify(rows), userId],
  );
}

/** Everything derived for the pairs, in a comparable form. */
async function derived(organizationIds: string[], areaIds: string[], changesAfter: number) {
  const levels = await client.query(
    `SELECT level, version_id, organization_id, area_id, recorded_at, visible_supersedes_id, valid_from::text
     FROM access_status_version_levels WHERE organization_id = ANY($1::uuid[]) AND area_id = ANY($2::uuid[])
     ORDER BY level, version_id`,
    [organizationIds, areaIds],
  );
  const current = await client.query(
    `SELECT level, id, organization_id, area_id, status, previous_status, valid_from::text, valid_to::text, sensitivity,
            review_state, constraint_categories, severity, recorded_at
     FROM current_access_statuses WHERE organization_id = ANY($1::uuid[]) AND area_id = ANY($2::uuid[])
     ORDER BY level, id`,
    [organizationIds, areaIds],
  );
  const timeline = await client.query(
    `SELECT lvl AS level, t.id, t.organization_id, t.area_id, t.status, t.previous_status, t.valid_from::text, t.valid_to::text,
            t.sensitivity, t.review_state, t.constraint_categories, t.severity, t.recorded_at
     FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl
     CROSS JOIN LATERAL access_timeline(lvl, 'infinity', $1::uuid[], $2::uuid[]) t
     ORDER BY 1, 2`,
    [organizationIds, areaIds],
  );
  const dayCounts = await client.query(
    `SELECT day::text, status, level, validated, sum(delta)::int AS delta FROM access_status_day_count_changes
     WHERE id > $1 GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4`,
    [changesAfter],
  );
  // every level row's previous status and end as known at every instant the pair's rows
  // were recorded (and just before each): access_version_in_timeline, by index, must be
  // access_pair_timelines' row for it (the feed and superseded versions read the former)
  const neighbours = await client.query(
    `WITH instants AS (
       SELECT DISTINCT i.k FROM access_status_version_levels l
       CROSS JOIN LATERAL (VALUES (l.recorded_at), (l.recorded_at - interval '1 microsecond'), ('infinity'::timestamptz)) AS i(k)
       WHERE l.organization_id = ANY($1::uuid[]) AND l.area_id = ANY($2::uuid[]))
     SELECT l.level, i.k, l.version_id, t.id IS NOT NULL AS in_pair_timeline, n.found IS NOT NULL AS found,
            t.previous_status::text AS pair_previous, n.previous_status::text AS previous,
            t.valid_to::text AS pair_valid_to, n.valid_to::text AS valid_to
     FROM access_status_version_levels l CROSS JOIN instants i
     LEFT JOIN LATERAL access_pair_timelines(l.level, i.k, ARRAY[l.organization_id], ARRAY[l.area_id]) t ON t.id = l.version_id
     LEFT JOIN LATERAL (SELECT true AS found, x.* FROM access_version_in_timeline(l.level, i.k, l.version_id) x) n ON TRUE
     WHERE l.organization_id = ANY($1::uuid[]) AND l.area_id = ANY($2::uuid[])`,
    [organizationIds, areaIds],
  );
  const neighbourMismatches = neighbours.rows.filter(
    (row) =>
      row.in_pair_timeline !== row.found ||
      row.pair_previous !== row.previous ||
      row.pair_valid_to !== row.valid_to,
  );
  neighboursCompared += neighbours.rows.filter((row) => row.found).length;
  return {
    levels: levels.rows,
    current: current.rows,
    timeline: timeline.rows,
    dayCounts: dayCounts.rows,
    neighbourMismatches,
  };
}

/** Writes the statements in a transaction (deferred or not), returns what was derived, and rolls back. */
async function derivedAfter(
  statements: VersionRow[][],
  organizationIds: string[],
  areaIds: string[],
  deferred: boolean,
) {
  await client.query('BEGIN');
  try {
    const [{ last }] = (
      await client.query(
        'SELECT coalesce(max(id), 0)::int AS last FROM access_status_day_count_changes',
      )
    ).rows as [{ last: number }];
    if (deferred) await client.query('SELECT defer_access_status_derivation()');
    for (const statement of statements) await insert(statement);
    if (deferred) {
      // before the end, the statements derived nothing
      const collected = statements.flat().filter((v) => v.review_state === 'VALIDATED');
      const levelRows = await client.query(
        'SELECT count(*)::int AS n FROM access_status_version_levels WHERE version_id = ANY($1::uuid[])',
        [collected.map((v) => v.id)],
      );
      expect(levelRows.rows[0].n).toBe(0);
      const [{ derived: count }] = (
        await client.query('SELECT derive_deferred_access_statuses() AS derived')
      ).rows as [{ derived: number }];
      expect(count).toBe(collected.length);
    }
    return await derived(organizationIds, areaIds, last);
  } finally {
    await client.query('ROLLBACK');
  }
}

describe('deferred derivation (the import path)', () => {
  it('derives exactly what the per-statement trigger derives, and access_timeline agrees', async () => {
    let compared = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { maxLength: 8 }),
        fc.array(spec, { minLength: 1, maxLength: 14 }),
        async (storedSpecs, writtenSpecs) => {
          const organization = await makeOrganization(database.db);
          const areas = [await makeArea(database.db), await makeArea(database.db)];
          // two pairs sharing the organisation, and a third of the same areas left untouched
          const pairs = areas.map((area) => ({ organizationId: organization.id, areaId: area.id }));
          const clock = { at: Date.parse('2024-06-01T00:00:00Z') };
          const stored = versionsOf(storedSpecs, pairs, [], clock);
          for (const statement of stored) await insert(statement);
          const written = versionsOf(writtenSpecs, pairs, stored.flat(), clock);
          const organizationIds = [organization.id];
          const areaIds = areas.map((area) => area.id);

          const perStatement = await derivedAfter(written, organizationIds, areaIds, false);
          const deferred = await derivedAfter(written, organizationIds, areaIds, true);
          expect(deferred.levels).toEqual(perStatement.levels);
          expect(deferred.current).toEqual(perStatement.current);
          expect(deferred.dayCounts).toEqual(perStatement.dayCounts);
          expect(deferred.current).toEqual(deferred.timeline);
          expect(perStatement.current).toEqual(perStatement.timeline);
          expect(perStatement.neighbourMismatches).toEqual([]);
          expect(deferred.neighbourMismatches).toEqual([]);
          if (perStatement.current.length > 0) compared++;
        },
      ),
      { numRuns: Number(process.env.DERIVATION_RUNS ?? 60) },
    );
    expect(compared).toBeGreaterThan(30);
    expect(neighboursCompared).toBeGreaterThan(500);
  }, 300_000);

  it('a deferral lasts one transaction: afterwards a statement derives at once', async () => {
    await client.query('BEGIN');
    await client.query('SELECT defer_access_status_derivation()');
    await client.query('COMMIT');
    // the setting and the collector lived for that transaction only: a statement now derives at once
    const organization = await makeOrganization(database.db);
    const area = await makeArea(database.db);
    const clock = { at: Date.parse('2025-01-01T00:00:00Z') };
    const [statement] = versionsOf(
      [
        {
          pair: 0,
          status: 0,
          day: 0,
          end: null,
          sensitivity: 0,
          above: 3,
          validated: true,
          supersedes: null,
          split: false,
          sameTime: false,
        },
      ],
      [{ organizationId: organization.id, areaId: area.id }],
      [],
      clock,
    );
    await insert(statement!);
    const current = await client.query(
      'SELECT count(*)::int AS n FROM current_access_statuses WHERE organization_id = $1',
      [organization.id],
    );
    expect(current.rows[0].n).toBe(4);
  });
});
