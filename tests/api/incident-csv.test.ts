import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';
import { upload } from '../support/upload';

/**
 * The incident CSV (issue 17): an HXL export of what the reader may see, and an import with
 * the status report's conventions whose dry run says what its apply does; re-importing an
 * export changes nothing, an edited row is a correction of the incident it names.
 */
let t: TestApp;
let coordinator: Client;
let editor: Client;
let viewer: Client;
let organization: { id: string; name: string };
let affected: { id: string; name: string };
let country: string;
let province: string;

beforeAll(async () => {
  t = await createTestApp();
  organization = await makeOrganization(t.db, { typeCode: 437, acronym: 'RELIEF' });
  affected = await makeOrganization(t.db, { typeCode: 447 });
  country = (await makeArea(t.db, { kind: 'COUNTRY', pcode: 'XC' })).id;
  province = (await makeArea(t.db, { parentId: country, pcode: 'XC01', name: 'Սյունիք' })).id;
  const signIn = async (
    ...args: Parameters<typeof makeUser> extends [unknown, ...infer R] ? R : never
  ) => t.signIn((await makeUser(t.db, ...args)).email, TEST_PASSWORD);
  coordinator = await signIn('COORDINATOR', 'SEVERE');
  editor = await signIn('EDITOR', 'HIGH', [organization.id]);
  viewer = await signIn('VIEWER', 'MODERATE');
  const record = async (overrides: Record<string, unknown>) => {
    const response = await coordinator.post('/api/incidents', {
      organizationId: organization.id,
      areaId: province,
      occurredOn: '2024-03-05',
      category: 6,
      subType: 'STAFF_DETAINED',
      description: 'Two staff held overnight at the district office',
      sensitivity: 'LOW',
      ...overrides,
    });
    expect(response.statusCode, response.body).toBe(201);
  };
  await record({
    occurredTime: '09:15',
    impacts: ['DELAYED', 'SUSPENDED'],
    sectors: ['HEA', 'WSH'],
    affectedOrganizationIds: [affected.id],
    peopleAffected: 2300,
    perpetrator: 'STATE_SECURITY_FORCES',
    sources: [
      { title: 'Field report', publisher: 'Area office', publishedOn: '2024-03-06' },
      { title: 'Call log', url: 'https://example.org/log' },
    ],
  });
  await record({
    occurredOn: '2024-04-10',
    category: 4,
    subType: 'CHECKPOINT',
    description: '=HYPERLINK("x") convoy turned back',
    sensitivity: 'MODERATE',
  });
  await record({ occurredOn: '2024-05-01', description: 'A severe one', sensitivity: 'SEVERE' });
});
afterAll(() => t.close());

const versions = async () =>
  (await t.db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM incident_versions`)[0]!.n;

async function exportCsv(client: Client, query = '') {
  const response = await client.get(`/api/exports/incidents.csv?areaId=${country}${query}`);
  expect(response.statusCode, response.body).toBe(200);
  expect(response.headers['content-type']).toContain('text/csv');
  return response.body;
}

const importCsv = (client: Client, csv: string, dryRun: boolean) =>
  upload(client, csv, { dryRun, path: '/api/imports/incidents', filename: 'incidents.csv' });

describe('GET /api/exports/incidents.csv', () => {
  it('writes the HXL row, multi-valued cells, guarded formulas and only what the reader may see', async () => {
    const [header, hashtags, ...rows] = parse(await exportCsv(coordinator)) as string[][];
    for (const tag of [
      '#event+id',
      '#date+occurred',
      '#access+category+code',
      '#event+type+code',
      '#impact+code',
      '#sector+code',
      '#affected+num',
      '#org+affected+id',
      '#meta+sensitivity',
    ])
      expect(hashtags).toContain(tag);
    expect(rows).toHaveLength(3);
    const cell = (row: string[], key: string) => row[header!.indexOf(key)];
    const first = rows[0]!;
    expect(cell(first, 'impacts')).toBe('DELAYED | SUSPENDED');
    expect(cell(first, 'sectors')).toBe('HEA | WSH');
    expect(cell(first, 'affected_organization_ids')).toBe(affected.id);
    // the affected organisation's own type joins the stated ones
    expect(cell(first, 'affected_organization_types')).toBe('447');
    expect(cell(first, 'people_affected')).toBe('2300');
    expect(cell(first, 'source_titles')).toBe('Field report | Call log');
    expect(cell(first, 'source_publishers')).toBe('Area office');
    expect(cell(first, 'source_urls')).toBe('| https://example.org/log');
    expect(cell(first, 'area_name')).toBe('Սյունիք');
    expect(cell(first, 'category_label')).toMatch(/Violence/);
    expect(cell(rows[1]!, 'description')).toBe('\'=HYPERLINK("x") convoy turned back');

    const seen = parse(await exportCsv(viewer)) as string[][];
    expect(seen.slice(2).map((row) => row[header!.indexOf('sensitivity')])).toEqual([
      'LOW',
      'MODERATE',
    ]);
  });
});

describe('POST /api/imports/incidents', () => {
  it('refuses a file of more than 10,000 rows, 16 MB of text or a million cells, before holding it: 400 naming the file, nothing written', async () => {
    // an incident import plans its file whole in the API: a 64 MB upload of small rows held
    // every row as objects there (hundreds of MB), so one request could take its memory
    const [header, hashtags, row] = (await exportCsv(coordinator)).trim().split(/\r?\n/);
    const before = await versions();
    const many = [header, hashtags, ...Array.from({ length: 10_030 }, () => row)].join('\n');
    const wide = [
      header,
      hashtags,
      ...Array.from({ length: 17 }, () => `${row},"${'x'.repeat(999_000)}"`),
    ].join('\n');
    // little text, but 1.2 million cells
    const empty = [
      header,
      hashtags,
      ...Array.from({ length: 200 }, () => `${row}${','.repeat(6_000)}`),
    ].join('\n');
    for (const [csv, limit] of [
      [many, '10,000 rows'],
      [wide, '16 MB of text'],
      [empty, '1,000,000 cells'],
    ] as const) {
      const response = await importCsv(coordinator, csv, false);
      expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message).toContain(`at most ${limit}`);
      expect(error.details.issues).toEqual([{ field: 'file', message: `more than ${limit}` }]);
    }
    expect(await versions()).toBe(before);
    // within the limits, the same rows import as before
    const some = [header, hashtags, ...Array.from({ length: 50 }, () => row)].join('\n');
    expect((await importCsv(coordinator, some, true)).statusCode).toBe(200);
  });

  it('re-imports an export as unchanged: the dry run says so and the apply writes nothing', async () => {
    const csv = await exportCsv(coordinator);
    const before = await versions();
    const dry = await importCsv(coordinator, csv, true);
    expect(dry.statusCode, dry.body).toBe(200);
    expect(dry.json()).toMatchObject({
      dryRun: true,
      applied: false,
      hxlRow: 2,
      separator: ',',
      summary: { new: 0, corrections: 0, unchanged: 3, errors: 0 },
    });
    const applied = await importCsv(coordinator, csv, false);
    expect(applied.json()).toMatchObject({
      applied: true,
      summary: { new: 0, corrections: 0, unchanged: 3, errors: 0 },
    });
    expect(await versions()).toBe(before);
  });

  it('reads an edited row as a correction of the incident it names, then as unchanged', async () => {
    const [header, hashtags, first, ...rest] = parse(await exportCsv(coordinator)) as string[][];
    const at = (key: string) => header!.indexOf(key);
    const edited = [...first!];
    edited[at('people_affected')] = '2500';
    edited[at('correction_note')] = 'camp count';
    // semicolons, as a spreadsheet in many locales saves
    const csv = [header, hashtags, edited, ...rest]
      .map((row) => row!.map((value) => `"${value.replaceAll('"', '""')}"`).join(';'))
      .join('\r\n');
    const dry = (await importCsv(coordinator, csv, true)).json();
    expect(dry.separator).toBe(';');
    expect(dry.summary).toEqual({ new: 0, corrections: 1, unchanged: 2, errors: 0 });
    expect(dry.changes[0]).toMatchObject({
      row: 3,
      action: 'CORRECTION',
      incidentId: first![at('incident_id')],
      versionId: first![at('version_id')],
    });
    const applied = (await importCsv(coordinator, csv, false)).json();
    expect(applied.applied).toBe(true);
    const incident = (await coordinator.get(`/api/incidents/${first![at('incident_id')]}`)).json();
    expect(incident).toMatchObject({
      peopleAffected: 2500,
      changeKind: 'CORRECTION',
      correctionNote: 'camp count',
      supersedesId: first![at('version_id')],
    });
    expect((await importCsv(coordinator, csv, true)).json().summary).toMatchObject({
      corrections: 0,
      unchanged: 3,
    });
  });

  it("makes an editor's edited row a proposal, counted by nobody", async () => {
    const [header, hashtags, first] = parse(await exportCsv(editor)) as string[][];
    const edited = [...first!];
    edited[header!.indexOf('people_affected')] = '9999';
    const csv = [header, hashtags, edited]
      .map((row) => row!.map((value) => `"${value.replaceAll('"', '""')}"`).join(','))
      .join('\n');
    const applied = (await importCsv(editor, csv, false)).json();
    expect(applied, JSON.stringify(applied.errors)).toMatchObject({
      applied: true,
      summary: { corrections: 1 },
    });
    const incidentId = first![header!.indexOf('incident_id')];
    const current = (await coordinator.get(`/api/incidents/${incidentId}`)).json();
    expect(current.peopleAffected).toBe(2500);
    const queue = (await coordinator.get('/api/incidents/review-queue')).json();
    expect(
      queue.items.some(
        (item: { incidentId: string; peopleAffected: number }) =>
          item.incidentId === incidentId && item.peopleAffected === 9999,
      ),
    ).toBe(true);
    // the same file again: already proposed, so nothing new for the coordinator to review
    const again = (await importCsv(editor, csv, false)).json();
    expect(again.summary).toMatchObject({ corrections: 0, new: 0, unchanged: 1 });
    const queued = (await coordinator.get('/api/incidents/review-queue')).json();
    expect(
      queued.items.filter(
        (item: { incidentId: string; peopleAffected: number }) =>
          item.incidentId === incidentId && item.peopleAffected === 9999,
      ),
    ).toHaveLength(1);
  });

  it('adds a row without an id once: importing the same file again changes nothing', async () => {
    const csv = [
      'organization_acronym,area_pcode,occurred_on,category,sub_type,impacts,description,sensitivity',
      'RELIEF,XC01,2024-06-02,4,ROAD_CLOSED,delayed,Bridge closed for a week,LOW',
    ].join('\n');
    const before = await versions();
    expect((await importCsv(coordinator, csv, true)).json().summary).toMatchObject({ new: 1 });
    expect((await importCsv(coordinator, csv, false)).json()).toMatchObject({
      applied: true,
      summary: { new: 1 },
    });
    expect(await versions()).toBe(before + 1);
    expect((await importCsv(coordinator, csv, false)).json().summary).toMatchObject({
      new: 0,
      unchanged: 1,
    });
    expect(await versions()).toBe(before + 1);
  });

  it('names each bad row and column, and applies nothing when one row is bad', async () => {
    const csv = [
      'organization_acronym,area_pcode,occurred_on,category,sub_type,description,sensitivity,incident_id',
      'RELIEF,XC01,2024-06-03,4,ROAD_CLOSED,A good row,LOW,',
      'RELIEF,NOWHERE,2024-06-03,4,ROAD_CLOSED,Unknown area,LOW,',
      'RELIEF,XC01,2024-13-40,12,ROAD_CLOSED,Bad date and category,LOW,',
      'RELIEF,XC01,2024-06-03,4,STAFF_KILLED,Sub-type of another category,LOW,',
      'RELIEF,XC01,2024-06-03,4,ROAD_CLOSED,Never existed,LOW,00000000-0000-4000-8000-000000000000',
      // numbers as a person writes them: a hex or exponent cell is a typo, not 16 or 4
      'RELIEF,XC01,2024-06-03,0x4,ROAD_CLOSED,Hex category,LOW,',
      'RELIEF,XC01,2024-06-03,4e0,ROAD_CLOSED,Exponent category,LOW,',
    ].join('\n');
    const before = await versions();
    const response = await importCsv(coordinator, csv, false);
    expect(response.statusCode).toBe(200);
    const report = response.json();
    expect(report.applied).toBe(false);
    const fields = report.errors.map(
      (error: { row: number; field: string }) => `${error.row}:${error.field}`,
    );
    expect(fields).toEqual(
      expect.arrayContaining([
        '3:area_pcode',
        '4:occurred_on',
        '4:category',
        '5:sub_type',
        '6:incident_id',
        '7:category',
        '8:category',
      ]),
    );
    expect(fields).not.toContain('2:area_pcode');
    // said in a person's words, not the schema's ("expected number, received NaN")
    const hex = report.errors.find(
      (error: { row: number; field: string }) => error.row === 7 && error.field === 'category',
    );
    expect(hex.message).toContain('whole number written in digits');
    expect(hex.message).not.toContain('NaN');
    expect(await versions()).toBe(before);
  });

  it('refuses a viewer, and a file without the required columns with 400 naming them', async () => {
    expect((await importCsv(viewer, 'a,b\n1,2', true)).statusCode).toBe(403);
    const response = await importCsv(coordinator, 'organization_name,description\nX,Y', true);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain('occurred_on');
  });
});
