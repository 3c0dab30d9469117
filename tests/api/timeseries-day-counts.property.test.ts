import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORGANIZATION_TYPE_CODES } from '@access/contracts';
import { addDays, compactDayCounts } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';

/**
 * The time series has two ways to its answer: the day counts (kept by triggers, folded in
 * by compaction) and a pass over the periods. Whatever happened, before and after
 * compaction, for every reader and filter they allow, both must give the same counts.
 */
let t: TestApp;
let coordinator: Client;
let viewer: Client;
const pairs: { organizationId: string; areaId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'MODERATE')).email, TEST_PASSWORD);
  const [first, second] = [
    await makeOrganization(t.db, { typeCode: 437 }),
    await makeOrganization(t.db, { typeCode: 441 }),
  ];
  const [one, two] = [await makeArea(t.db), await makeArea(t.db)];
  pairs.push(
    { organizationId: first.id, areaId: one.id },
    { organizationId: first.id, areaId: two.id },
    { organizationId: second.id, areaId: one.id },
  );
});
afterAll(() => t.close());

const operation = fc.record({
  pair: fc.integer({ min: 0, max: 2 }),
  status: fc.constantFrom('FULL', 'CONSTRAINED', 'PENDING', 'DENIED', 'SUSPENDED', 'UNKNOWN'),
  days: fc.integer({ min: 0, max: 400 }),
  length: fc.option(fc.integer({ min: 1, max: 120 }), { nil: undefined }),
  sensitivity: fc.constantFrom('LOW', 'MODERATE', 'HIGH'),
  draft: fc.boolean(),
  correctLatest: fc.boolean(),
});

const ALL_TYPES = ORGANIZATION_TYPE_CODES.map((code) => `organizationType=${code}`).join('&');

async function compare(client: Client) {
  for (const interval of ['day', 'week', 'month']) {
    for (const filter of ['', '&validatedOnly=true', '&status=DENIED&status=FULL']) {
      const base = `/api/stats/timeseries?from=2024-01-01&to=2025-03-01&interval=${interval}${filter}`;
      const fast = await client.get(base);
      // Naming every organisation type selects everything, through the pass over the periods.
      const slow = await client.get(`${base}&${ALL_TYPES}`);
      expect(fast.statusCode, fast.body).toBe(200);
      expect(fast.json().buckets, `${base}`).toEqual(slow.json().buckets);
    }
  }
}

describe('time series from day counts', () => {
  it('equal the pass over the periods, before and after compaction, for each reader and filter', async () => {
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        async (ops, compactFirst) => {
          for (const op of ops) {
            const pair = pairs[op.pair]!;
            day += 1 + (op.days % 5);
            const validFrom = addDays('2024-01-01', day);
            const body = {
              status: op.status,
              validFrom,
              ...(op.length ? { validTo: addDays(validFrom, op.length) } : {}),
              reason: 'property',
              sensitivity: op.sensitivity,
              ...(op.draft ? { reviewState: 'SUBMITTED' } : {}),
            };
            const latest = await t.db.currentAccessStatus.findFirst({
              where: pair,
              orderBy: { validFrom: 'desc' },
            });
            const response =
              op.correctLatest && latest
                ? await coordinator.post(`/api/access-statuses/${latest.id}/corrections`, {
                    ...body,
                    validFrom: latest.validFrom.toISOString().slice(0, 10),
                    terms: [],
                    sources: [],
                    constraintCategories: [],
                  })
                : await coordinator.post('/api/access-statuses', { ...pair, ...body });
            expect([201, 409]).toContain(response.statusCode);
          }
          if (compactFirst) await compactDayCounts(t.db);
          await compare(coordinator);
          await compare(viewer);
        },
      ),
      { numRuns: 12, seed: Number(process.env.PROPERTY_SEED ?? 20261126) },
    );
    await compactDayCounts(t.db);
    expect(await t.db.accessStatusDayCountChange.count()).toBe(0);
    await compare(coordinator);
  }, 240_000);
});
