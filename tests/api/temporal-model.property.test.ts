import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';

/**
 * The strongest proof of the temporal rules: random sequences of new statuses and
 * corrections are applied both to the API and to a plain in-memory model; every
 * "status on D as known at K" answer of the API must match the model's.
 */

type Period = { status: string; from: string; to: string | null };
type Op =
  | { kind: 'record'; area: number; status: string; from: number; length: number | null }
  | {
      kind: 'correct';
      area: number;
      pick: number;
      status: string;
      from: number;
      length: number | null;
    };

const STATUSES = ['FULL', 'CONSTRAINED', 'PENDING', 'DENIED', 'SUSPENDED', 'UNKNOWN'];
const BASE = '2024-01-01';
const day = (offset: number) => addDays(BASE, offset);

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({
    kind: fc.constant('record' as const),
    area: fc.integer({ min: 0, max: 1 }),
    status: fc.constantFrom(...STATUSES),
    from: fc.integer({ min: 0, max: 90 }),
    length: fc.option(fc.integer({ min: 1, max: 40 }), { freq: 3 }),
  }),
  fc.record({
    kind: fc.constant('correct' as const),
    area: fc.integer({ min: 0, max: 1 }),
    pick: fc.nat(),
    status: fc.constantFrom(...STATUSES),
    from: fc.integer({ min: 0, max: 90 }),
    length: fc.option(fc.integer({ min: 1, max: 40 }), { freq: 3 }),
  }),
);

/**
 * The rules, stated as simply as possible: a period runs from its start to its stated end
 * or to the next period's start, whichever comes first; no two periods start on one day.
 */
function applyToModel(timeline: Period[], op: Op): Period[] | 'conflict' {
  const from = day(op.from);
  const to = op.length === null ? null : day(op.from + op.length);
  const sorted = [...timeline].sort((a, b) => a.from.localeCompare(b.from));
  if (op.kind === 'record') {
    if (sorted.some((period) => period.from === from)) return 'conflict';
    return [...sorted, { status: op.status, from, to }];
  }
  if (sorted.length === 0) return 'conflict';
  const target = sorted[op.pick % sorted.length]!;
  const others = sorted.filter((period) => period !== target);
  if (others.some((other) => other.from === from)) return 'conflict';
  return [...others, { status: op.status, from, to }];
}

function statusOn(timeline: Period[], date: string): string | null {
  const sorted = [...timeline].sort((a, b) => a.from.localeCompare(b.from));
  return (
    sorted.find((period, index) => {
      const next = sorted[index + 1]?.from ?? null;
      const end =
        [period.to, next].filter((value): value is string => value !== null).sort()[0] ?? null;
      return period.from <= date && (end === null || end > date);
    })?.status ?? null
  );
}

let t: TestApp;
let coordinator: Client;
let areaIds: string[];

beforeAll(async () => {
  t = await createTestApp();
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  areaIds = [(await makeArea(t.db)).id, (await makeArea(t.db)).id];
});
afterAll(() => t.close());

describe('asOf / knownAt against an in-memory model', () => {
  it('agree for random sequences of changes and corrections', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArbitrary, { minLength: 1, maxLength: 8 }), async (ops) => {
        const organizationId = (await makeOrganization(t.db)).id;
        const timelines: Period[][] = [[], []];
        const snapshots: { knownAt: string; timelines: Period[][] }[] = [];

        for (const op of ops) {
          const expected = applyToModel(timelines[op.area]!, op);
          const from = day(op.from);
          const to = op.length === null ? null : day(op.from + op.length);
          const content = {
            status: op.status,
            validFrom: from,
            validTo: to,
            reason: 'property test',
            sensitivity: 'LOW',
          };
          let response;
          if (op.kind === 'record') {
            response = await coordinator.post('/api/access-statuses', {
              ...content,
              organizationId,
              areaId: areaIds[op.area],
            });
          } else {
            const history = (
              await coordinator.get(
                `/api/access-statuses/history?organizationId=${organizationId}&areaId=${areaIds[op.area]}`,
              )
            ).json().items;
            const current = history
              .filter((version: any) => version.supersededById === null)
              .sort((a: any, b: any) => a.validFrom.localeCompare(b.validFrom));
            expect(current.map((version: any) => version.status)).toEqual(
              [...timelines[op.area]!]
                .sort((a, b) => a.from.localeCompare(b.from))
                .map((period) => period.status),
            );
            if (current.length === 0) {
              expect(expected).toBe('conflict');
              continue;
            }
            response = await coordinator.post(
              `/api/access-statuses/${current[op.pick % current.length].id}/corrections`,
              content,
            );
          }
          if (expected === 'conflict') {
            expect(response.statusCode, response.body).toBe(409);
            continue;
          }
          expect(response.statusCode, response.body).toBe(201);
          timelines[op.area] = expected;
          snapshots.push({
            knownAt: response.json().recordedAt,
            timelines: timelines.map((timeline) => [...timeline]),
          });
        }

        // As known now (no knownAt: the trigger-kept table of current versions) agrees with the last snapshot.
        const dates = [-1, 0, 15, 30, 45, 60, 89, 100, 140].map(day);
        const latest = snapshots.at(-1);
        for (const date of dates) {
          const response = await coordinator.get(
            `/api/access-statuses?organizationId=${organizationId}&asOf=${date}`,
          );
          const byArea = new Map(
            response.json().items.map((item: any) => [item.area.id, item.status]),
          );
          for (const [index, areaId] of areaIds.entries()) {
            expect(byArea.get(areaId) ?? null, `area ${index} on ${date} as known now`).toBe(
              latest ? statusOn(latest.timelines[index]!, date) : null,
            );
          }
        }

        // Every snapshot (as known then), on dates around every boundary.
        // Every other date also narrowed to one area (the subtree's pairs, read by index).
        for (const snapshot of snapshots) {
          for (const [dateIndex, date] of dates.entries()) {
            const only = dateIndex % 2 === 1 ? (dateIndex >> 1) % areaIds.length : null;
            const areaFilter = only === null ? '' : `&areaId=${areaIds[only]}`;
            const response = await coordinator.get(
              `/api/access-statuses?organizationId=${organizationId}&asOf=${date}&knownAt=${encodeURIComponent(snapshot.knownAt)}${areaFilter}`,
            );
            const byArea = new Map(
              response.json().items.map((item: any) => [item.area.id, item.status]),
            );
            for (const [index, areaId] of areaIds.entries()) {
              expect(
                byArea.get(areaId) ?? null,
                `area ${index} on ${date} known at ${snapshot.knownAt}${areaFilter}`,
              ).toBe(
                only === null || only === index ? statusOn(snapshot.timelines[index]!, date) : null,
              );
            }
          }
        }
      }),
      { numRuns: 25, seed: Number(process.env.PROPERTY_SEED ?? 20261126) },
    );
  }, 120_000);
});
