import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSensitivity } from '@access/contracts';
import { getConsentBoard, listAccessRequests, type RequestContext } from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization, makeParty, makeUser } from '../support/factories';

/**
 * The request states kept as known now (migration 20261127090000_request_consent_states:
 * current_request_consents and current_request_states, per clearance level, kept by the
 * statement triggers on request and position versions) against the full derivation. On
 * random histories written in multi-row statements (requests created, corrected with other
 * needed parties or another sensitivity and ceiling, proposals submitted, returned and
 * validated; positions recorded, corrected and proposed, at any sensitivity, for parties
 * needed or not), after every transaction:
 * - the kept rows equal access_request_consents() (the rule) over every request, at every level;
 * - the consent board and the list (by state, waiting on a party) read from the kept rows
 *   equal the same reads derived afresh, for a reader at every level, on days before,
 *   between and after the days positions are stated (the kept rows answer only when no
 *   position is stated after the day; the others derive), the board paged by its cursor too.
 */

const LEVELS = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const;
const STANCES = [
  'REQUESTED',
  'GRANTED',
  'GRANTED_WITH_CONDITIONS',
  'REFUSED',
  'NO_RESPONSE',
  'WITHDRAWN',
] as const;
const DAYS = ['2024-01-01', '2024-01-20', '2024-02-10', '2024-03-01', '2024-04-15'];
/** days asked: before, between and after the days positions are stated, and today */
const AS_OF = ['2023-12-31', '2024-02-10', '2024-03-20', '2024-06-01', undefined];
/** review states written: mostly validated */
const REVIEWS = [
  'VALIDATED',
  'VALIDATED',
  'VALIDATED',
  'VALIDATED',
  'SUBMITTED',
  'RETURNED',
] as const;

const write = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      needed: fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      above: fc.nat(3),
      review: fc.nat(REVIEWS.length - 1),
      split: fc.boolean(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('requestVersion' as const),
      pick: fc.nat(50),
      needed: fc.option(fc.uniqueArray(fc.nat(3), { minLength: 1, maxLength: 3 }), { nil: null }),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      above: fc.nat(3),
      review: fc.nat(REVIEWS.length - 1),
      split: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('position' as const),
      pick: fc.nat(50),
      party: fc.nat(3),
      stance: fc.nat(STANCES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      above: fc.nat(3),
      review: fc.nat(REVIEWS.length - 1),
      split: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('positionVersion' as const),
      pick: fc.nat(50),
      stance: fc.nat(STANCES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      above: fc.nat(3),
      review: fc.nat(REVIEWS.length - 1),
      split: fc.boolean(),
    }),
  },
);
type Write = typeof write extends fc.Arbitrary<infer T> ? T : never;

interface VersionMeta {
  id: string;
  recorded_at: string;
  sensitivity: string;
  ceiling: string;
  review_state: string;
  change_kind: string;
  supersedes_id: string | null;
  target_id: string | null;
  proposal_id: string | null;
}
interface RequestVersionRow extends VersionMeta {
  request_id: string;
  area_id: string;
  requested_on: string;
  needed_party_ids: string[];
}
interface PositionVersionRow extends VersionMeta {
  position_id: string;
  stance: string;
  stated_on: string;
}
interface Statement {
  requests: { id: string; organization_id: string }[];
  positions: { id: string; request_id: string; party_id: string; created_at: string }[];
  requestVersions: RequestVersionRow[];
  positionVersions: PositionVersionRow[];
}
interface Written<V> {
  id: string;
  versions: V[];
}

let database: TestDatabase;
let userId: string;
let organization: string;
let area: string;
let parties: string[];
const requests: (Written<RequestVersionRow> & { organization_id: string })[] = [];
const positions: Written<PositionVersionRow>[] = [];
const clock = { at: Date.parse('2024-05-01T00:00:00Z') };

beforeAll(async () => {
  database = await createTestDatabase();
  userId = (await makeUser(database.db, 'COORDINATOR', 'SEVERE')).id;
  organization = (await makeOrganization(database.db)).id;
  area = (await makeArea(database.db)).id;
  parties = [];
  for (let n = 0; n < 4; n++) parties.push((await makeParty(database.db)).id);
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

/** The review columns of a new version of `record` (validated: a correction, or the validation of its last proposal). */
function meta<V extends VersionMeta>(
  record: Written<V> | null,
  w: { sensitivity: number; above: number; review: number },
): VersionMeta {
  clock.at += 1000;
  const review = REVIEWS[w.review]!;
  const validated = record?.versions.filter((v) => v.review_state === 'VALIDATED') ?? [];
  const last = record?.versions.at(-1);
  const sensitivity = LEVELS[w.sensitivity]!;
  return {
    id: randomUUID(),
    recorded_at: new Date(clock.at).toISOString(),
    sensitivity,
    ceiling: review === 'VALIDATED' ? LEVELS[Math.min(3, w.sensitivity + w.above)]! : 'SEVERE',
    review_state: review,
    change_kind: validated.length > 0 ? 'CORRECTION' : 'RECORD',
    supersedes_id: review === 'VALIDATED' ? (validated.at(-1)?.id ?? null) : null,
    target_id: review === 'VALIDATED' ? null : (validated.at(-1)?.id ?? null),
    proposal_id:
      review === 'VALIDATED' && last && last.review_state !== 'VALIDATED' ? last.id : null,
  };
}

function statementsOf(writes: Write[]): Statement[] {
  const empty = (): Statement => ({
    requests: [],
    positions: [],
    requestVersions: [],
    positionVersions: [],
  });
  const statements: Statement[] = [empty()];
  for (const w of writes) {
    if (w.split) statements.push(empty());
    const statement = statements.at(-1)!;
    if (w.kind === 'request') {
      const request = { id: randomUUID(), organization_id: organization, versions: [] };
      const version: RequestVersionRow = {
        ...meta(null, w),
        request_id: request.id,
        area_id: area,
        requested_on: DAYS[w.day]!,
        needed_party_ids: w.needed.map((n) => parties[n]!),
      };
      (request.versions as RequestVersionRow[]).push(version);
      requests.push(request);
      statement.requests.push({ id: request.id, organization_id: organization });
      statement.requestVersions.push(version);
    } else if (w.kind === 'requestVersion') {
      const request = requests.at(-1 - (w.pick % Math.max(1, requests.length)));
      if (!request) continue;
      const previous = request.versions.at(-1)!;
      const version: RequestVersionRow = {
        ...meta(request, w),
        request_id: request.id,
        area_id: area,
        requested_on: DAYS[w.day]!,
        needed_party_ids: w.needed ? w.needed.map((n) => parties[n]!) : previous.needed_party_ids,
      };
      request.versions.push(version);
      statement.requestVersions.push(version);
    } else if (w.kind === 'position') {
      const request = requests.at(-1 - (w.pick % Math.max(1, requests.length)));
      if (!request) continue;
      clock.at += 1000;
      const position = { id: randomUUID(), versions: [] as PositionVersionRow[] };
      statement.positions.push({
        id: position.id,
        request_id: request.id,
        party_id: parties[w.party]!,
        created_at: new Date(clock.at).toISOString(),
      });
      position.versions.push({
        ...meta(null, w),
        position_id: position.id,
        stance: STANCES[w.stance]!,
        stated_on: DAYS[w.day]!,
      });
      positions.push(position);
      statement.positionVersions.push(position.versions[0]!);
    } else {
      const position = positions.at(-1 - (w.pick % Math.max(1, positions.length)));
      if (!position) continue;
      const version: PositionVersionRow = {
        ...meta(position, w),
        position_id: position.id,
        stance: STANCES[w.stance]!,
        stated_on: DAYS[w.day]!,
      };
      position.versions.push(version);
      statement.positionVersions.push(version);
    }
  }
  return statements;
}

async function writeAll(statements: Statement[]): Promise<void> {
  const done = await database.db.$transaction(async (tx) => {
    for (const s of statements) {
      if (s.requests.length)
        await tx.$executeRaw`
          INSERT INTO access_requests (id, organization_id)
          SELECT x.id, x.organization_id FROM jsonb_to_recordset(${JSON.stringify(s.requests)}::jsonb)
            AS x(id uuid, organization_id uuid)`;
      if (s.positions.length)
        await tx.$executeRaw`
          INSERT INTO consent_positions (id, request_id, party_id, created_at)
          SELECT x.id, x.request_id, x.party_id, x.created_at FROM jsonb_to_recordset(${JSON.stringify(s.positions)}::jsonb)
            AS x(id uuid, request_id uuid, party_id uuid, created_at timestamptz)`;
      if (s.requestVersions.length)
        await tx.$executeRaw`
          INSERT INTO access_request_versions (id, request_id, kind, area_id, requested_on, purpose, needed_party_ids,
            sensitivity, ceiling, review_state, change_kind, recorded_at, recorded_by_id, supersedes_id, target_id, proposal_id)
          SELECT x.id, x.request_id, 'MOVEMENT', x.area_id, x.requested_on, 'Property', x.needed_party_ids,
                 x.sensitivity::"Sensitivity", x.ceiling::"Sensitivity", x.review_state::"ReviewState",
                 x.change_kind::"ChangeKind", x.recorded_at, ${userId}::uuid, x.supersedes_id, x.target_id, x.proposal_id
          FROM jsonb_to_recordset(${JSON.stringify(s.requestVersions)}::jsonb) AS x(id uuid, request_id uuid,
            area_id uuid, requested_on date, needed_party_ids uuid[], sensitivity text, ceiling text, review_state text,
            change_kind text, recorded_at timestamptz, supersedes_id uuid, target_id uuid, proposal_id uuid)`;
      if (s.positionVersions.length)
        await tx.$executeRaw`
          INSERT INTO consent_position_versions (id, position_id, stance, stated_on, sensitivity, ceiling, review_state,
            change_kind, recorded_at, recorded_by_id, supersedes_id, target_id, proposal_id)
          SELECT x.id, x.position_id, x.stance::"ConsentStance", x.stated_on, x.sensitivity::"Sensitivity",
                 x.ceiling::"Sensitivity", x.review_state::"ReviewState", x.change_kind::"ChangeKind", x.recorded_at,
                 ${userId}::uuid, x.supersedes_id, x.target_id, x.proposal_id
          FROM jsonb_to_recordset(${JSON.stringify(s.positionVersions)}::jsonb) AS x(id uuid, position_id uuid,
            stance text, stated_on date, sensitivity text, ceiling text, review_state text, change_kind text,
            recorded_at timestamptz, supersedes_id uuid, target_id uuid, proposal_id uuid)`;
    }
    return 'written';
  });
  expect(done).toBe('written');
}

const ANSWERS = `('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN')`;

/** The kept rows, and the rows the rule gives over every request at every level, alike. */
async function keptAndDerived() {
  const consentColumns = `level::text, request_id::text, ord, party_id::text, request_version_id::text,
    stance::text, since::text, position_version_id::text, waiting_since::text, waiting, wait_order::text`;
  const order = 'ORDER BY 1, 2, 3';
  const kept = await database.sql(
    `SELECT ${consentColumns} FROM current_request_consents ${order}`,
  );
  const derived = await database.sql(`
    SELECT ${consentColumns} FROM (
      SELECT l.level, c.*, c.state = 'PENDING' AND coalesce(c.stance NOT IN ${ANSWERS}, true) AS waiting,
             coalesce(c.waiting_since, 'infinity'::date) AS wait_order
      FROM unnest(enum_range(NULL::"Sensitivity")) AS l(level)
      CROSS JOIN LATERAL access_request_consents(l.level, now(), 'infinity'::date, ARRAY(SELECT id FROM access_requests)) c
    ) d ${order}`);
  const stateColumns = `level::text, request_id::text, request_version_id::text, requested_on::text, state, waiting_since::text`;
  const keptStates = await database.sql(
    `SELECT ${stateColumns} FROM current_request_states ORDER BY 1, 2`,
  );
  const derivedStates = await database.sql(`
    SELECT ${stateColumns} FROM (
      SELECT l.level, c.request_id, c.request_version_id, c.requested_on, min(c.state) AS state,
             min(c.waiting_since) AS waiting_since
      FROM unnest(enum_range(NULL::"Sensitivity")) AS l(level)
      CROSS JOIN LATERAL access_request_consents(l.level, now(), 'infinity'::date, ARRAY(SELECT id FROM access_requests)) c
      GROUP BY 1, 2, 3, 4
    ) d ORDER BY 1, 2`);
  return {
    kept: kept.rows,
    derived: derived.rows,
    keptStates: keptStates.rows,
    derivedStates: derivedStates.rows,
  };
}

const withoutKnownAt = <T extends { knownAt: string }>(answer: T) => ({ ...answer, knownAt: '' });

describe('request states kept as known now', () => {
  it('equal the full derivation after random writes, for readers of every level, on any day', async () => {
    const runs = Number(process.env.REQUEST_STATE_RUNS ?? 40);
    let stored = 0;
    let derivedOnly = 0;
    let waiting = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(write, { minLength: 1, maxLength: 12 }),
        fc.constantFrom(...LEVELS),
        fc.constantFrom(...AS_OF),
        fc.nat(3),
        async (writes, level, asOf, party) => {
          await writeAll(
            statementsOf(writes).filter(
              (s) =>
                s.requestVersions.length +
                  s.positionVersions.length +
                  s.requests.length +
                  s.positions.length >
                0,
            ),
          );
          const rows = await keptAndDerived();
          expect(rows.kept).toEqual(rows.derived);
          expect(rows.keptStates).toEqual(rows.derivedStates);

          const ctx = reader(level);
          const holds = (
            await database.sql<{ holds: boolean }>(
              `SELECT coalesce(max(since) <= coalesce($2::date, current_date), true) AS holds
               FROM current_request_consents WHERE level = $1::"Sensitivity"`,
              [level, asOf ?? null],
            )
          ).rows[0]!.holds;
          if (holds) stored++;
          else derivedOnly++;

          const board = { limit: 500, ...(asOf ? { asOf } : {}) };
          const [fromKept, fromRule] = await Promise.all([
            getConsentBoard(database.db, ctx, board),
            getConsentBoard(database.db, ctx, board, { stored: false }),
          ]);
          expect(withoutKnownAt(fromKept)).toEqual(withoutKnownAt(fromRule));
          if (fromRule.items.length > 0) waiting++;
          // paged by the cursor, three rows at a time, from the kept rows
          const paged: unknown[] = [];
          let cursor: string | undefined;
          for (let page = 0; page < 200; page++) {
            const answer = await getConsentBoard(database.db, ctx, { ...board, limit: 3, cursor });
            paged.push(...answer.items);
            if (!answer.nextCursor) break;
            cursor = answer.nextCursor;
          }
          expect(paged).toEqual(fromRule.items);
          const onParty = { ...board, waitingOn: [parties[party]!] };
          expect(withoutKnownAt(await getConsentBoard(database.db, ctx, onParty))).toEqual(
            withoutKnownAt(await getConsentBoard(database.db, ctx, onParty, { stored: false })),
          );

          for (const filters of [
            {},
            { state: ['PENDING' as const] },
            { state: ['GRANTED' as const, 'REFUSED' as const] },
            { waitingOn: [parties[party]!] },
          ]) {
            const list = { limit: 500, ...filters, ...(asOf ? { asOf } : {}) };
            const [listKept, listRule] = await Promise.all([
              listAccessRequests(database.db, ctx, list),
              listAccessRequests(database.db, ctx, list, { stored: false }),
            ]);
            expect(withoutKnownAt(listKept)).toEqual(withoutKnownAt(listRule));
          }
        },
      ),
      { numRuns: runs },
    );
    // the kept rows answered, the derivation too (a day before a stated position), and some
    // boards had rows: at least once each (a share of the runs would test the dice: the CSV
    // import's "more than a fifth" failed a CI run that drew exactly a fifth)
    expect(stored, JSON.stringify({ stored, derivedOnly, waiting })).toBeGreaterThan(0);
    expect(derivedOnly, JSON.stringify({ stored, derivedOnly, waiting })).toBeGreaterThan(0);
    expect(waiting, JSON.stringify({ stored, derivedOnly, waiting })).toBeGreaterThan(0);
  }, 600_000);

  it('are rebuilt from nothing alike (request_states_rebuild, after a load with triggers off)', async () => {
    const before = await keptAndDerived();
    expect(before.kept.length).toBeGreaterThan(0);
    await database.sql('SELECT request_states_rebuild()');
    const after = await keptAndDerived();
    expect(after.kept).toEqual(before.kept);
    expect(after.keptStates).toEqual(before.keptStates);
  });

  it('show a SEVERE position to SEVERE readers only, and a party waiting since it was asked', async () => {
    const [statement] = statementsOf([
      {
        kind: 'request',
        needed: [0, 1],
        day: 0,
        sensitivity: 0,
        above: 3,
        review: 0,
        split: false,
      },
    ]);
    await writeAll([statement!]);
    const request = requests.at(-1)!;
    const [asked] = statementsOf([
      {
        kind: 'position',
        pick: 0,
        party: 0,
        stance: 0,
        day: 1,
        sensitivity: 3,
        above: 0,
        review: 0,
        split: false,
      },
    ]);
    await writeAll([asked!]);
    const kept = await database.sql<{
      level: string;
      stance: string | null;
      waiting_since: string | null;
    }>(
      `SELECT c.level::text, c.stance::text, c.waiting_since::text FROM current_request_consents c
       WHERE c.request_id = $1 AND c.ord = 1 ORDER BY c.level`,
      [request.id],
    );
    expect(kept.rows).toEqual([
      { level: 'LOW', stance: null, waiting_since: null },
      { level: 'MODERATE', stance: null, waiting_since: null },
      { level: 'HIGH', stance: null, waiting_since: null },
      { level: 'SEVERE', stance: 'REQUESTED', waiting_since: DAYS[1] },
    ]);
    const severe = await getConsentBoard(database.db, reader('SEVERE'), {
      limit: 500,
      waitingOn: [parties[0]!],
    });
    expect(severe.items.find((item) => item.requestId === request.id)).toMatchObject({
      stance: 'REQUESTED',
      waitingSince: DAYS[1],
    });
  });
});
