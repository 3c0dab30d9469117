import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSensitivity } from '@access/contracts';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  incidentBody,
  makeArea,
  makeOrganization,
  makeUser,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * The rule of levels for incidents (issue 17), against a model written from its statement:
 * after a change written at level W of the version current at W, a reader at level L
 * - at or below W sees the new version if it is within L, else what they saw before;
 * - above W sees the new version only if every level from W up to L still saw the version
 *   corrected (the writer replaced nothing they could not see), else what they saw before.
 * Whatever the writers' levels and the sensitivities, the current version each coordinator
 * reads (GET /api/incidents/{id}, incident-sql.ts) is the model's.
 */

const LEVELS = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const satisfies readonly TSensitivity[];

let t: TestApp;
let organization: string;
let area: string;
const coordinators: Client[] = [];

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  area = (await makeArea(t.db)).id;
  for (const level of LEVELS)
    coordinators.push(
      await t.signIn((await makeUser(t.db, 'COORDINATOR', level)).email, TEST_PASSWORD),
    );
});
afterAll(() => t.close());

const write = fc.record({ writer: fc.nat(3), sensitivity: fc.nat(3) });

describe('incident versions by level', () => {
  it("each level's current version is the model's after any sequence of corrections", async () => {
    await fc.assert(
      fc.asyncProperty(
        write,
        fc.array(write, { minLength: 1, maxLength: 7 }),
        async (first, rest) => {
          const sensitivity = Math.min(first.sensitivity, first.writer);
          const created = await coordinators[first.writer]!.post(
            '/api/incidents',
            incidentBody(organization, area, { sensitivity: LEVELS[sensitivity] }),
          );
          expect(created.statusCode, created.body).toBe(201);
          const { incidentId, id } = created.json();
          // the model: the version current at each level (null: none exists there)
          let current: (string | null)[] = LEVELS.map((_, level) =>
            sensitivity <= level ? id : null,
          );
          for (const step of rest) {
            const target = current[step.writer];
            if (!target) continue; // nothing the writer can see to correct
            const level = Math.min(step.sensitivity, step.writer);
            const { organizationId: _recorder, ...body } = incidentBody(organization, area, {
              sensitivity: LEVELS[level],
              peopleAffected: step.sensitivity,
            });
            const response = await coordinators[step.writer]!.post(
              `/api/incidents/versions/${target}/corrections`,
              body,
            );
            expect(response.statusCode, response.body).toBe(201);
            const written = response.json().id as string;
            let unbroken = true;
            current = current.map((seen, reader) => {
              if (reader <= step.writer) return level <= reader ? written : seen;
              unbroken &&= seen === target;
              return unbroken ? written : seen;
            });
          }
          for (const [reader, expected] of current.entries()) {
            const read = await coordinators[reader]!.get(`/api/incidents/${incidentId}`);
            expect(read.statusCode === 200 ? read.json().id : null, LEVELS[reader]).toBe(expected);
          }
        },
      ),
      { numRuns: 25 },
    );
  }, 300_000);
});
