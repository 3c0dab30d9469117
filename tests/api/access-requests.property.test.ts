import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TConsentStance, TSensitivity } from '@access/contracts';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * A request's derived state (issue 16) against a model written from its statement, over
 * random sequences of positions (recorded and corrected, at random sensitivities): on day
 * D, for a reader cleared to L, a position reads as its latest version within L (a
 * correction above L leaves the reader the version they saw: the level rule of incidents),
 * each needed party's position is its latest one taken on or before D (same day: the one
 * recorded first as a position comes first); it waits (while unanswered) since the first ask after its
 * last answer; the request is GRANTED when every party consented, REFUSED when any refused
 * or withdrew, else PENDING with the longest wait. The API (request-sql.ts) must agree.
 */

const LEVELS = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const satisfies readonly TSensitivity[];
const STANCES = [
  'REQUESTED',
  'GRANTED',
  'GRANTED_WITH_CONDITIONS',
  'REFUSED',
  'NO_RESPONSE',
  'WITHDRAWN',
] as const satisfies readonly TConsentStance[];
const ANSWERS = new Set<TConsentStance>([
  'GRANTED',
  'GRANTED_WITH_CONDITIONS',
  'REFUSED',
  'WITHDRAWN',
]);
const DAYS = ['2023-01-01', '2023-01-09', '2023-02-01', '2023-02-15', '2023-03-20', '2023-05-01'];
const AS_OF = ['2023-01-05', '2023-02-01', '2023-02-20', '2023-06-30'];

let t: TestApp;
let organization: string;
let area: string;
let parties: string[];
const readers = {} as Record<TSensitivity, Client>;

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  area = (await makeArea(t.db)).id;
  parties = [(await makeParty(t.db)).id, (await makeParty(t.db)).id, (await makeParty(t.db)).id];
  for (const level of LEVELS)
    readers[level] = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', level)).email,
      TEST_PASSWORD,
    );
});
afterAll(() => t.close());

interface ModelVersion {
  stance: TConsentStance;
  day: string;
  sensitivity: number;
  /** the order in which versions were written */
  written: number;
}
interface ModelPosition {
  party: number;
  /** oldest first */
  versions: ModelVersion[];
  versionId: string;
}

const days = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

/** The statement of the rule, for one reader level and one day. */
function model(positions: ModelPosition[], needed: number, level: number, asOf: string) {
  const consents = Array.from({ length: needed }, (_, party) => {
    // positions of one day in the order they came into the reader's sight: the first of
    // their versions the reader may see, not the position's first (maybe hidden) version
    const mine = positions
      .flatMap((p) => {
        const visible = p.versions.filter((v) => v.sensitivity <= level);
        const seen = visible.at(-1);
        return p.party === party && seen && seen.day <= asOf
          ? [{ ...seen, inSight: visible[0]!.written }]
          : [];
      })
      .filter((p) => p.day <= asOf)
      .sort((a, b) => (a.day === b.day ? a.inSight - b.inSight : a.day < b.day ? -1 : 1));
    const latest = mine.at(-1);
    if (!latest) return { stance: null, waitingSince: null };
    if (ANSWERS.has(latest.stance)) return { stance: latest.stance, waitingSince: null };
    const lastAnswer = mine.findLastIndex((p) => ANSWERS.has(p.stance));
    return { stance: latest.stance, waitingSince: mine[lastAnswer + 1]!.day };
  });
  const state = consents.some((c) => c.stance === 'REFUSED' || c.stance === 'WITHDRAWN')
    ? 'REFUSED'
    : consents.every((c) => c.stance === 'GRANTED' || c.stance === 'GRANTED_WITH_CONDITIONS')
      ? 'GRANTED'
      : 'PENDING';
  const waits = consents.flatMap((c) => (c.waitingSince ? [days(c.waitingSince, asOf)] : []));
  return {
    state,
    daysWaited: state === 'PENDING' && waits.length ? Math.max(...waits) : null,
    consents: consents.map((c) => ({
      stance: c.stance,
      waitingSince: c.waitingSince,
      daysWaited: c.waitingSince ? days(c.waitingSince, asOf) : null,
    })),
  };
}

const operation = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('record' as const),
      party: fc.nat(2),
      stance: fc.nat(STANCES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('correct' as const),
      pick: fc.nat(20),
      stance: fc.nat(STANCES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
    }),
  },
);

function positionBody(stance: TConsentStance, day: string, sensitivity: number) {
  return {
    stance,
    statedOn: day,
    sensitivity: LEVELS[sensitivity],
    conditions:
      stance === 'GRANTED_WITH_CONDITIONS' ? [{ type: 'NOTIFICATION', note: 'notify first' }] : [],
  };
}

describe('derived request state', () => {
  it('agrees with the model for every reader level and day, over random positions and corrections', async () => {
    const writer = readers.SEVERE;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.array(operation, { minLength: 1, maxLength: 8 }),
        async (needed, ops) => {
          const created = await writer.post('/api/access-requests', {
            organizationId: organization,
            kind: 'MOVEMENT',
            areaId: area,
            requestedOn: '2023-01-01',
            purpose: 'Property',
            neededPartyIds: parties.slice(0, needed),
            sensitivity: 'LOW',
          });
          expect(created.statusCode, created.body).toBe(201);
          const requestId = created.json().requestId;
          const positions: ModelPosition[] = [];
          let written = 0;
          for (const op of ops) {
            const stance = STANCES[op.stance]!;
            const day = DAYS[op.day]!;
            if (op.kind === 'record') {
              if (op.party >= needed) continue;
              const response = await writer.post(`/api/access-requests/${requestId}/positions`, {
                partyId: parties[op.party],
                ...positionBody(stance, day, op.sensitivity),
              });
              expect(response.statusCode, response.body).toBe(201);
              positions.push({
                party: op.party,
                versions: [{ stance, day, sensitivity: op.sensitivity, written: written++ }],
                versionId: response.json().id,
              });
            } else {
              if (positions.length === 0) continue;
              const target = positions[op.pick % positions.length]!;
              const response = await writer.post(
                `/api/access-requests/positions/versions/${target.versionId}/corrections`,
                positionBody(stance, day, op.sensitivity),
              );
              expect(response.statusCode, response.body).toBe(201);
              target.versions.push({
                stance,
                day,
                sensitivity: op.sensitivity,
                written: written++,
              });
              target.versionId = response.json().id;
            }
          }
          for (const [level, reader] of LEVELS.map((l, i) => [i, readers[l]] as const)) {
            for (const asOf of AS_OF) {
              const answer = (
                await reader.get(`/api/access-requests/${requestId}?asOf=${asOf}`)
              ).json();
              const expected = model(positions, needed, level, asOf);
              expect(
                {
                  state: answer.state,
                  daysWaited: answer.daysWaited,
                  consents: answer.consents.map((c: any) => ({
                    stance: c.stance,
                    waitingSince: c.waitingSince,
                    daysWaited: c.daysWaited,
                  })),
                },
                `${LEVELS[level]} on ${asOf}: ${JSON.stringify(positions)}`,
              ).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: Number(process.env.REQUEST_PROPERTY_RUNS ?? 20) },
    );
  }, 300_000);
});
