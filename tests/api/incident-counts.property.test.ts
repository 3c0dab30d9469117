import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * GET /api/stats/incidents against a model: each reader's incidents are, per incident, the
 * latest recorded validated version with sensitivity ≤ their level ≤ its ceiling (read as
 * stored, recorded by then), counted by month and category, sub-area and organisation type.
 * Random incidents are recorded, corrected (also by a coordinator cleared HIGH, whose
 * corrections of what they cannot see are kept below SEVERE) and proposed by an editor
 * (never counted); both ways to the answer (the summary, as known now, and the count of
 * versions) must equal the model at every level, as known now and at an earlier instant.
 */
let t: TestApp;
let coordinator: Client;
let highCoordinator: Client;
let editor: Client;
const readers = new Map<TSensitivity, Client>();
let country: string;
let otherCountry: string;
let province: string;
let district: string;
let otherProvince: string;
let organization: string;
const incidentIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db, { typeCode: 441 })).id;
  country = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  otherCountry = (await makeArea(t.db, { kind: 'COUNTRY' })).id;
  province = (await makeArea(t.db, { parentId: country })).id;
  district = (await makeArea(t.db, { parentId: province, kind: 'ADM2' })).id;
  otherProvince = (await makeArea(t.db, { parentId: country })).id;
  const signIn = async (
    ...args: Parameters<typeof makeUser> extends [unknown, ...infer R] ? R : never
  ) => t.signIn((await makeUser(t.db, ...args)).email, TEST_PASSWORD);
  coordinator = await signIn('COORDINATOR', 'SEVERE');
  highCoordinator = await signIn('COORDINATOR', 'HIGH');
  editor = await signIn('EDITOR', 'HIGH', [organization]);
  for (const level of SENSITIVITIES) readers.set(level, await signIn('VIEWER', level));
});
afterAll(() => t.close());

const SUB_TYPES: Record<number, string> = {
  3: 'VISA_REFUSED_OR_DELAYED',
  4: 'CHECKPOINT',
  6: 'STAFF_DETAINED',
  7: 'ARMED_CLASHES',
};

const content = fc.record({
  area: fc.integer({ min: 0, max: 4 }),
  category: fc.constantFrom(3, 4, 6, 7),
  day: fc.integer({ min: 0, max: 540 }),
  types: fc.subarray([437, 441, 447]),
  sensitivity: fc.constantFrom<TSensitivity>('LOW', 'MODERATE', 'HIGH', 'SEVERE'),
});

const operation = fc.oneof(
  fc.record({ kind: fc.constant('record' as const), content }),
  fc.record({
    kind: fc.constant('correct' as const),
    which: fc.nat(),
    byHigh: fc.boolean(),
    content,
  }),
  fc.record({ kind: fc.constant('propose' as const), content }),
);

type Content = typeof content extends fc.Arbitrary<infer T> ? T : never;
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function body(fields: Content) {
  const areas = [country, otherCountry, province, district, otherProvince];
  const occurredOn = new Date(Date.UTC(2024, 0, 1) + fields.day * 86_400_000)
    .toISOString()
    .slice(0, 10);
  return {
    occurredOn,
    areaId: areas[fields.area],
    category: fields.category,
    subType: SUB_TYPES[fields.category],
    affectedOrganizationTypes: fields.types,
    description: 'property incident',
    sensitivity: fields.sensitivity,
  };
}

async function apply(op: Operation) {
  if (op.kind === 'record' || op.kind === 'propose' || incidentIds.length === 0) {
    const writer = op.kind === 'propose' ? editor : coordinator;
    const created = await writer.post('/api/incidents', {
      organizationId: organization,
      ...body(op.content),
      ...(op.kind === 'propose'
        ? { sensitivity: op.content.sensitivity === 'SEVERE' ? 'HIGH' : op.content.sensitivity }
        : {}),
    });
    expect(created.statusCode, created.body).toBe(201);
    if (op.kind !== 'propose') incidentIds.push(created.json().incidentId);
    return;
  }
  const writer = op.byHigh ? highCoordinator : coordinator;
  const incidentId = incidentIds[op.which % incidentIds.length]!;
  const current = await writer.get(`/api/incidents/${incidentId}`);
  if (current.statusCode === 404) return; // nothing of it exists for this writer
  const fields = body(op.content);
  const corrected = await writer.post(
    `/api/incidents/versions/${current.json().id}/corrections`,
    op.byHigh && fields.sensitivity === 'SEVERE' ? { ...fields, sensitivity: 'HIGH' } : fields,
  );
  expect(corrected.statusCode, corrected.body).toBe(201);
}

interface StoredVersion {
  incident_id: string;
  id: string;
  recorded_at: Date;
  review_state: string;
  sensitivity: TSensitivity;
  ceiling: TSensitivity;
  area_id: string;
  occurred_on: string;
  category: number;
  affected_organization_types: number[];
}

/** The model: each incident's current version for a level, as known at an instant. */
function currentVersions(stored: StoredVersion[], level: TSensitivity, knownAt: Date) {
  const rank = (s: TSensitivity) => SENSITIVITIES.indexOf(s);
  const current = new Map<string, StoredVersion>();
  for (const version of stored) {
    // stored is in (recorded_at, id) order: a later existing version replaces an earlier
    if (version.review_state !== 'VALIDATED' || version.recorded_at > knownAt) continue;
    if (rank(version.sensitivity) > rank(level) || rank(level) > rank(version.ceiling)) continue;
    current.set(version.incident_id, version);
  }
  return [...current.values()];
}

function expected(
  versions: StoredVersion[],
  filter: { area?: string; categories?: number[]; from?: string; to?: string; type?: number },
) {
  const parents = new Map<string, string | null>([
    [country, null],
    [otherCountry, null],
    [province, country],
    [district, province],
    [otherProvince, country],
  ]);
  const chain = (area: string) => {
    const up = [area];
    for (let parent = parents.get(area); parent; parent = parents.get(parent)) up.push(parent);
    return up;
  };
  const counted = versions.filter(
    (v) =>
      (!filter.area || chain(v.area_id).includes(filter.area)) &&
      (!filter.categories || filter.categories.includes(v.category)) &&
      (!filter.from || v.occurred_on >= filter.from) &&
      (!filter.to || v.occurred_on <= filter.to) &&
      (!filter.type || v.affected_organization_types.includes(filter.type)),
  );
  const months: Record<string, Record<string, number>> = {};
  const areas: Record<string, number> = {};
  const types: Record<string, number> = {};
  for (const v of counted) {
    const month = `${v.occurred_on.slice(0, 7)}-01`;
    months[month] ??= {};
    months[month][v.category] = (months[month][v.category] ?? 0) + 1;
    const path = chain(v.area_id);
    const top = filter.area ? path[path.indexOf(filter.area) - 1] : path.at(-1);
    if (top) areas[top] = (areas[top] ?? 0) + 1;
    for (const type of new Set(v.affected_organization_types)) types[type] = (types[type] ?? 0) + 1;
  }
  return { total: counted.length, months, areas, types };
}

interface Answer {
  total: number;
  months: { month: string; total: number; byCategory: Record<string, number> }[];
  areas: { area: { id: string }; total: number }[];
  organizationTypes: { typeCode: number; total: number }[];
}

function observed(answer: Answer) {
  const months: Record<string, Record<string, number>> = {};
  for (const row of answer.months) {
    const nonZero = Object.entries(row.byCategory).filter(([, n]) => n > 0);
    if (nonZero.length) months[row.month] = Object.fromEntries(nonZero);
    expect(row.total).toBe(nonZero.reduce((sum, [, n]) => sum + n, 0));
  }
  return {
    total: answer.total,
    months,
    areas: Object.fromEntries(
      answer.areas.filter((row) => row.total > 0).map((row) => [row.area.id, row.total]),
    ),
    types: Object.fromEntries(answer.organizationTypes.map((row) => [row.typeCode, row.total])),
  };
}

async function compareAll(earlier: string) {
  const stored = (
    await t.db.$queryRaw<StoredVersion[]>`
      SELECT incident_id::text, id::text, recorded_at, review_state::text, sensitivity::text, ceiling::text,
             area_id::text, occurred_on::text, category::int, affected_organization_types::int[]
      FROM incident_versions ORDER BY recorded_at, id`
  ).map((row) => ({ ...row, recorded_at: new Date(row.recorded_at) }));
  const farFuture = '2190-01-01T00:00:00Z';
  const cases: { query: string; filter: Parameters<typeof expected>[1] }[] = [
    { query: '', filter: {} },
    { query: `areaId=${country}`, filter: { area: country } },
    {
      query: `areaId=${province}&category=3&category=6`,
      filter: { area: province, categories: [3, 6] },
    },
    {
      query: 'from=2024-04-01&to=2024-09-30',
      filter: { from: '2024-04-01', to: '2024-09-30' },
    },
    { query: `areaId=${country}&organizationType=447`, filter: { area: country, type: 447 } },
    { query: 'from=2024-02-15&asOf=2025-01-10', filter: { from: '2024-02-15', to: '2025-01-10' } },
  ];
  for (const [level, reader] of readers) {
    for (const { query, filter } of cases) {
      const now = currentVersions(stored, level, new Date(farFuture));
      for (const [knownAt, versions] of [
        ['', now],
        [farFuture, now],
        [earlier, currentVersions(stored, level, new Date(earlier))],
      ] as const) {
        const url = `/api/stats/incidents?${query}${knownAt ? `&knownAt=${encodeURIComponent(knownAt)}` : ''}`;
        const response = await reader.get(url);
        expect(response.statusCode, response.body).toBe(200);
        expect(observed(response.json()), `${level} ${url}`).toEqual(expected(versions, filter));
      }
    }
  }
}

describe('GET /api/stats/incidents', () => {
  it('counts, from the summary and from the versions, what the model counts for each level', async () => {
    // a fixed start: a SEVERE correction, then a HIGH coordinator's correction of the
    // version they see, kept below SEVERE; and an editor's proposal
    const fields: Content = { area: 3, category: 6, day: 40, types: [441], sensitivity: 'LOW' };
    await apply({ kind: 'record', content: fields });
    const which = incidentIds.length - 1;
    await apply({
      kind: 'correct',
      which,
      byHigh: false,
      content: { ...fields, day: 70, sensitivity: 'SEVERE' },
    });
    await apply({
      kind: 'correct',
      which,
      byHigh: true,
      content: { ...fields, category: 4, sensitivity: 'MODERATE' },
    });
    await apply({ kind: 'propose', content: fields });
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 5 }),
        fc.array(operation, { minLength: 0, maxLength: 3 }),
        async (before, after) => {
          for (const op of before) await apply(op);
          const earlier = new Date().toISOString();
          for (const op of after) await apply(op);
          await compareAll(earlier);
        },
      ),
      { numRuns: 12 },
    );
    // the runs wrote what the rule is about: corrections, versions kept below SEVERE, proposals
    const [kinds] = await t.db.$queryRaw<
      { corrections: number; kept: number; proposals: number }[]
    >`
      SELECT count(*) FILTER (WHERE change_kind = 'CORRECTION')::int AS corrections,
             count(*) FILTER (WHERE ceiling < 'SEVERE')::int AS kept,
             count(*) FILTER (WHERE review_state <> 'VALIDATED')::int AS proposals
      FROM incident_versions`;
    expect(kinds!.corrections).toBeGreaterThan(0);
    expect(kinds!.kept).toBeGreaterThan(0);
    expect(kinds!.proposals).toBeGreaterThan(0);
  }, 300_000);

  it('counts a SEVERE incident for nobody below SEVERE', async () => {
    const created = await coordinator.post('/api/incidents', {
      organizationId: organization,
      ...body({ area: 4, category: 7, day: 700, types: [447], sensitivity: 'SEVERE' }),
    });
    expect(created.statusCode, created.body).toBe(201);
    const month = `${created.json().occurredOn.slice(0, 7)}-01`;
    const query = `/api/stats/incidents?areaId=${otherProvince}&from=${month}&category=7`;
    for (const [level, reader] of readers) {
      const answer = (await reader.get(query)).json();
      const seen = level === 'SEVERE' ? 1 : 0;
      expect(answer.total, level).toBe(seen);
      expect(answer.months[0].byCategory['7'], level).toBe(seen);
      const raw = (await reader.get(`${query}&organizationType=447`)).json();
      expect(raw.organizationTypes, level).toEqual(seen ? [{ typeCode: 447, total: 1 }] : []);
    }
  });

  it("adds each ranked area's incidents of the last 30 and 90 days to the ranking, by clearance", async () => {
    const ranked = (await makeArea(t.db, { parentId: otherCountry })).id;
    const spot = (await makeArea(t.db, { parentId: ranked, kind: 'ADM2' })).id;
    const status = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, ranked, { status: 'DENIED', validFrom: '2025-10-01' }),
    );
    expect(status.statusCode, status.body).toBe(201);
    const incidentOn = async (areaId: string, occurredOn: string, sensitivity: string) => {
      const created = await coordinator.post('/api/incidents', {
        organizationId: organization,
        areaId,
        occurredOn,
        category: 4,
        subType: 'CHECKPOINT',
        description: 'ranking incident',
        sensitivity,
      });
      expect(created.statusCode, created.body).toBe(201);
    };
    await incidentOn(ranked, '2026-02-20', 'LOW'); // 9 days before asOf
    await incidentOn(spot, '2026-01-10', 'LOW'); // 50 days, in a sub-area
    await incidentOn(spot, '2026-02-25', 'SEVERE'); // 4 days, SEVERE only
    await incidentOn(ranked, '2025-11-15', 'LOW'); // 106 days: in neither
    await incidentOn(ranked, '2026-03-02', 'LOW'); // after asOf
    const expected = { LOW: [1, 2], MODERATE: [1, 2], HIGH: [1, 2], SEVERE: [2, 3] };
    for (const [level, reader] of readers) {
      const response = await reader.get(
        `/api/stats/area-ranking?asOf=2026-03-01&areaId=${otherCountry}`,
      );
      expect(response.statusCode, response.body).toBe(200);
      const item = response
        .json()
        .items.find((row: { area: { id: string } }) => row.area.id === ranked);
      expect([item.incidents30, item.incidents90], level).toEqual(expected[level]);
      expect(item.deniedOrganizations).toBe(1);
    }
  });

  it('refuses a period that ends before it starts, naming the field', async () => {
    const response = await coordinator.get('/api/stats/incidents?from=2025-02-01&to=2025-01-01');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe('from');
  });
});
