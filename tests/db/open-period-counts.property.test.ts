import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSensitivity } from '@access/contracts';
import { getMatrix, rankAreas, type RequestContext } from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization, makeUser } from '../support/factories';

/**
 * The overview's area ranking and worst-first matrix read, as known now and unfiltered,
 * the open-period counts (migration 20261127065000_open_period_counts) corrected by the
 * periods that start or end after the day asked. On random histories, written by the
 * per-statement trigger or the deferred (import) path, with corrections, closures,
 * proposals, any sensitivity and ceiling, folded in by compaction or not, both answers
 * must equal the ones scanned from the reader's timeline, at every level and on any day.
 */

const LEVELS = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const;
const DAYS = ['2024-01-01', '2024-02-01', '2024-03-01', '2024-04-01', '2024-05-01'];
/** days asked: before, on, between and after the days periods start and end */
const AS_OF = ['2023-12-31', '2024-01-01', '2024-01-15', '2024-03-01', '2024-04-20', '2025-01-01'];
const STATUSES = ['FULL', 'CONSTRAINED', 'DENIED', 'SUSPENDED', 'PENDING', 'UNKNOWN'] as const;

const spec = fc.record({
  organization: fc.nat(2),
  area: fc.nat(2),
  status: fc.nat(STATUSES.length - 1),
  day: fc.nat(DAYS.length - 1),
  end: fc.option(fc.nat(DAYS.length - 1), { nil: null }),
  severity: fc.option(fc.nat(5), { nil: null }),
  categories: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 3 }),
  sensitivity: fc.nat(3),
  above: fc.nat(3),
  validated: fc.nat(5).map((n) => n > 0),
  supersedes: fc.option(fc.nat(20), { nil: null }),
  split: fc.boolean(),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

interface VersionRow {
  id: string;
  organization_id: string;
  area_id: string;
  status: string;
  valid_from: string;
  valid_to: string | null;
  recorded_at: string;
  change_kind: string;
  constraint_categories: number[];
  severity: number | null;
  sensitivity: string;
  ceiling: string;
  review_state: string;
  supersedes_id: string | null;
}

let database: TestDatabase;
let userId: string;
const clock = { at: Date.parse('2024-06-01T00:00:00Z') };

beforeAll(async () => {
  database = await createTestDatabase();
  userId = (await makeUser(database.db, 'COORDINATOR', 'SEVERE')).id;
});
afterAll(() => database.close());

const reader = (clearance: TSensitivity): RequestContext => ({
  actor: {
    userId,
    email: 'reader@example.org',
    displayName: 'Reader',
    role: 'COORDINATOR',
    clearance,
    organizationIds: [],
  },
});

/** Statements of versions from their specs; a correction names an earlier version of its pair. */
function statementsOf(
  specs: Spec[],
  organizations: string[],
  areas: string[],
  earlier: VersionRow[],
): VersionRow[][] {
  const statements: VersionRow[][] = [[]];
  const all = [...earlier];
  for (const s of specs) {
    const organizationId = organizations[s.organization % organizations.length]!;
    const areaId = areas[s.area % areas.length]!;
    const ofPair = all.filter((v) => v.organization_id === organizationId && v.area_id === areaId);
    const superseded =
      s.supersedes === null || ofPair.length === 0
        ? undefined
        : ofPair[s.supersedes % ofPair.length];
    clock.at += 1000;
    const status = STATUSES[s.status]!;
    const version: VersionRow = {
      id: randomUUID(),
      organization_id: organizationId,
      area_id: areaId,
      status,
      valid_from: DAYS[s.day]!,
      valid_to: s.end !== null && s.end > s.day ? DAYS[s.end]! : null,
      recorded_at: new Date(clock.at).toISOString(),
      change_kind: superseded ? 'CORRECTION' : 'RECORD',
      constraint_categories: status === 'FULL' ? [] : s.categories,
      severity: s.severity,
      sensitivity: LEVELS[s.sensitivity]!,
      ceiling: LEVELS[Math.min(3, s.sensitivity + s.above)]!,
      review_state: s.validated ? 'VALIDATED' : 'SUBMITTED',
      supersedes_id: superseded?.id ?? null,
    };
    if (s.split && statements.at(-1)!.length > 0) statements.push([]);
    statements.at(-1)!.push(version);
    all.push(version);
  }
  return statements.filter((statement) => statement.length > 0);
}

async function write(statements: VersionRow[][], deferred: boolean): Promise<void> {
  const done = await database.db.$transaction(async (tx) => {
    if (deferred) await tx.$executeRaw`SELECT defer_access_status_derivation()`;
    for (const rows of statements) {
      await tx.$executeRaw`
        INSERT INTO access_status_versions
          (id, organization_id, area_id, status, valid_from, valid_to, recorded_at, recorded_by_id, change_kind, reason,
           constraint_categories, severity, sensitivity, ceiling, review_state, supersedes_id)
        SELECT x.id, x.organization_id, x.area_id, x.status::"AccessStatusCode", x.valid_from, x.valid_to, x.recorded_at,
               ${userId}::uuid, x.change_kind::"ChangeKind", 'r', x.constraint_categories, x.severity,
               x.sensitivity::"Sensitivity", x.ceiling::"Sensitivity", x.review_state::"ReviewState", x.supersedes_id
        FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(id uuid, organization_id uuid, area_id uuid,
          status text, valid_from date, valid_to date, recorded_at timestamptz, change_kind text,
          constraint_categories smallint[], severity smallint, sensitivity text, ceiling text, review_state text,
          supersedes_id uuid)`;
    }
    if (deferred) await tx.$queryRaw`SELECT derive_deferred_access_statuses()`;
    return 'written';
  });
  expect(done).toBe('written');
}

describe('open-period counts', () => {
  it('give the ranking and the matrix the scan gives, at every level and on any day', async () => {
    const history: VersionRow[] = [];
    let nonEmpty = 0;
    let corrected = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom(...LEVELS),
        fc.constantFrom(...AS_OF),
        fc.boolean(),
        async (specs, deferred, compact, level, asOf, worst) => {
          // a few organisations and areas per run, added to everything written before
          const organizations = [
            (await makeOrganization(database.db)).id,
            (await makeOrganization(database.db)).id,
          ];
          const areas = [(await makeArea(database.db)).id, (await makeArea(database.db)).id];
          const statements = statementsOf(
            specs,
            [...organizations, ...history.slice(-2).map((v) => v.organization_id)],
            [...areas, ...history.slice(-2).map((v) => v.area_id)],
            history,
          );
          await write(statements, deferred);
          history.push(...statements.flat());
          if (compact) await database.sql('SELECT compact_access_open_period_counts()');

          const ctx = reader(level);
          const rankingQuery = { limit: 500, asOf };
          const [fromCounts, scanned] = await Promise.all([
            rankAreas(database.db, ctx, rankingQuery),
            rankAreas(database.db, ctx, rankingQuery, { openCounts: false }),
          ]);
          expect({ ...fromCounts, knownAt: '' }).toEqual({ ...scanned, knownAt: '' });
          const matrixQuery = {
            asOf,
            order: worst ? ('worst' as const) : ('name' as const),
            maxOrganizations: 3,
            maxAreas: 4,
          };
          const [matrixFromCounts, matrixScanned] = await Promise.all([
            getMatrix(database.db, ctx, matrixQuery),
            getMatrix(database.db, ctx, matrixQuery, { openCounts: false }),
          ]);
          expect({ ...matrixFromCounts, knownAt: '' }).toEqual({ ...matrixScanned, knownAt: '' });
          if (scanned.items.length > 0) nonEmpty++;
          // a day the corrections matter on: a period starting or ending after it
          if (history.some((v) => v.valid_from > asOf || (v.valid_to && v.valid_to > asOf)))
            corrected++;
        },
      ),
      { numRuns: Number(process.env.OPEN_COUNT_RUNS ?? 60) },
    );
    expect(nonEmpty).toBeGreaterThan(20);
    expect(corrected).toBeGreaterThan(20);
  }, 300_000);

  it('count a SEVERE version for SEVERE readers only', async () => {
    const organization = (await makeOrganization(database.db)).id;
    const area = (await makeArea(database.db)).id;
    const [statement] = statementsOf(
      [
        {
          organization: 0,
          area: 0,
          status: 2, // DENIED
          day: 0,
          end: null,
          severity: 5,
          categories: [4],
          sensitivity: 3,
          above: 0,
          validated: true,
          supersedes: null,
          split: false,
        },
      ],
      [organization],
      [area],
      [],
    );
    await write([statement!], false);
    await database.sql('SELECT compact_access_open_period_counts()');
    const counted = await database.sql<{ level: string; denied: number }>(
      `SELECT level::text, status_denied AS denied FROM access_open_period_counts
       WHERE scope = 'AREA' AND subject_id = $1 ORDER BY level`,
      [area],
    );
    expect(counted.rows).toEqual([{ level: 'SEVERE', denied: 1 }]);
    for (const level of LEVELS) {
      const ranking = await rankAreas(database.db, reader(level), { limit: 500 });
      const listed = ranking.items.find((item) => item.area.id === area);
      if (level === 'SEVERE')
        expect(listed).toMatchObject({ deniedOrganizations: 1, maxSeverity: 5 });
      else expect(listed).toBeUndefined();
      const matrix = await getMatrix(database.db, reader(level), { order: 'name' });
      expect(matrix.organizations.some((o) => o.id === organization)).toBe(level === 'SEVERE');
    }
  });
});
