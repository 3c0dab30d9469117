import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeOrganization, makeParty, statusBody } from '../support/factories';

let t: TestApp;
let coordinator: Client;
let viewer: Client;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  coordinator = await t.signIn('coordinator@demo.local');
  viewer = await t.signIn('viewer@demo.local');
});
afterAll(() => t.close());

const rowsOf = (body: string) =>
  parse(body.replace(/^\uFEFF/, ''), { relax_column_count: false }) as string[][];

describe('GET /api/exports/access-statuses.csv', () => {
  it('exports the statuses of a date with a header, an HXL hashtag row and a descriptive file name', async () => {
    const response = await coordinator.get('/api/exports/access-statuses.csv?asOf=2023-03-01');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe(
      'attachment; filename="access-statuses_as-of-2023-03-01.csv"',
    );
    expect(response.body).toContain('\r\n');
    const [header, hashtags, ...rows] = rowsOf(response.body);
    expect(header!.slice(0, 3)).toEqual(['version_id', 'organization_id', 'organization_name']);
    expect(hashtags).toEqual(
      expect.arrayContaining([
        '#org+name',
        '#org+acronym',
        '#org+type+code',
        '#country+code+v_iso3',
        '#access+status',
        '#access+type+code',
        '#group+name',
        '#severity+code',
        '#date+start',
        '#date+end',
        '#date+reported',
        '#meta+source',
        '#meta+sensitivity',
      ]),
    );
    expect(hashtags!.every((tag) => tag === tag.toLowerCase() && tag.startsWith('#'))).toBe(true);
    // the demo's statuses on that day (the proposed missions are requests, not statuses)
    expect(rows).toHaveLength(5);
    const column = (name: string) => header!.indexOf(name);
    const peacekeepers = rows.find(
      (row) =>
        row[column('organization_name')]!.startsWith('Russian') &&
        row[column('area_name')] === 'Nagorno-Karabakh',
    )!;
    expect(peacekeepers[column('status')]).toBe('FULL');
    expect(peacekeepers[column('valid_from')]).toBe('2020-11-09');
    expect(peacekeepers[column('country_iso3')]).toBe('AZE');
    expect(peacekeepers[column('term_types')]).toBe('AGREEMENT | AGREEMENT | AGREEMENT');
    expect(peacekeepers[column('granting_parties')]).toContain(
      'Government of the Republic of Azerbaijan | Government of the Republic of Armenia',
    );
    expect(peacekeepers[column('organization_type')]).toBe('Military');
    expect(peacekeepers[column('recorded_at')]).toMatch(
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/,
    );
    const icrc = rows.find((row) => row[column('organization_acronym')] === 'ICRC')!;
    expect(icrc[column('constraint_codes')]).toBe('3 | 4 | 5');
  });

  it('omits the hashtag row with hxl=false and starts with a BOM with bom=true', async () => {
    const plain = await coordinator.get(
      '/api/exports/access-statuses.csv?asOf=2023-03-01&hxl=false',
    );
    expect(rowsOf(plain.body)[1]![0]).not.toMatch(/^#/);
    const excel = await coordinator.get(
      '/api/exports/access-statuses.csv?asOf=2023-03-01&bom=true',
    );
    expect(excel.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it("exports only what the reader's clearance allows", async () => {
    const [header, , ...rows] = rowsOf(
      (await viewer.get('/api/exports/access-statuses.csv?asOf=2023-03-01')).body,
    );
    // the areas' names in each language follow the fixed columns
    const sensitivity = header!.indexOf('sensitivity');
    expect(rows).toHaveLength(4);
    expect(rows.map((row) => row[sensitivity])).toEqual(
      expect.arrayContaining(['LOW', 'MODERATE']),
    );
    expect(rows.every((row) => row[sensitivity] === 'LOW' || row[sensitivity] === 'MODERATE')).toBe(
      true,
    );
  });

  it('gives counts by area × organisation type × status instead of detail with summary=true', async () => {
    const response = await coordinator.get(
      '/api/exports/access-statuses.csv?asOf=2023-03-01&summary=true',
    );
    const [header, hashtags, ...rows] = rowsOf(response.body);
    expect(header).toEqual([
      'area_name',
      'area_pcode',
      'country_iso3',
      'organization_type_code',
      'organization_type',
      'status',
      'organizations',
    ]);
    expect(hashtags).toContain('#org+num');
    expect(rows).toContainEqual([
      'Nagorno-Karabakh',
      '',
      'AZE',
      '447',
      'United Nations',
      'DENIED',
      '2',
    ]);
    expect(response.headers['content-disposition']).toContain('access-summary');
  });

  it('neutralises cells a spreadsheet would run as a formula', async () => {
    const organization = await makeOrganization(t.db, {
      name: '=HYPERLINK("http://evil.example","click")',
    });
    const area = await makeArea(t.db, { name: '@SUM(A1:A2)' });
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, area.id, { reason: '+1 -1 risky\ttext' }),
    );
    const response = await coordinator.get(
      `/api/exports/access-statuses.csv?organizationId=${organization.id}&asOf=2024-02-01`,
    );
    const [header, , row] = rowsOf(response.body);
    expect(row![header!.indexOf('organization_name')]).toBe(
      '\'=HYPERLINK("http://evil.example","click")',
    );
    expect(row![header!.indexOf('area_name')]).toBe("'@SUM(A1:A2)");
    expect(row![header!.indexOf('reason')]).toBe("'+1 -1 risky\ttext");
    for (const cell of row!) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes multi-valued cells without stray separators for empty slots, and trims every cell', async () => {
    const organization = await makeOrganization(t.db, { name: '  Padded Relief Org\u00a0 ' });
    const area = await makeArea(t.db);
    const party = await makeParty(t.db, ' Government of Azerbaijan ');
    const created = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, area.id, {
        terms: [
          { type: 'AGREEMENT', grantingPartyId: party.id },
          { type: 'PERMIT', legalReference: 'Decree 12' },
          { type: 'AGREEMENT' },
        ],
        sources: [{ title: 'Field log' }, { title: 'Cluster note', publisher: 'OCHA' }],
      }),
    );
    expect(created.statusCode).toBe(201);
    const response = await coordinator.get(
      `/api/exports/access-statuses.csv?organizationId=${organization.id}&asOf=2024-02-01`,
    );
    const [header, , row] = rowsOf(response.body);
    const cell = (name: string) => row![header!.indexOf(name)];
    expect(cell('organization_name')).toBe('Padded Relief Org');
    expect(cell('term_types')).toBe('AGREEMENT | PERMIT | AGREEMENT');
    expect(cell('granting_parties')).toBe('Government of Azerbaijan');
    expect(cell('legal_references')).toBe('| Decree 12');
    expect(cell('term_notes')).toBe('');
    expect(cell('source_titles')).toBe('Field log | Cluster note');
    expect(cell('source_publishers')).toBe('| OCHA');
    expect(cell('source_urls')).toBe('');
    for (const value of row!) {
      expect(value).toBe(value.trim());
      expect(value).not.toContain('  ');
    }
  });

  it('rejects bad filters with 400 and the error shape', async () => {
    const response = await coordinator.get('/api/exports/access-statuses.csv?asOf=not-a-date');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe('querystring.asOf');
    expect((await t.anonymous.get('/api/exports/access-statuses.csv')).statusCode).toBe(401);
  });
});

describe('GET /api/exports/access-history.csv', () => {
  it('exports every version recorded in a period, with previous statuses and change kinds', async () => {
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, area.id, { status: 'DENIED', validFrom: '2024-01-01' }),
    );
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, area.id, { status: 'FULL', validFrom: '2024-02-01' }),
    );
    const today = new Date().toISOString().slice(0, 10);
    const response = await coordinator.get(
      `/api/exports/access-history.csv?organizationId=${organization.id}&from=${today}&to=${today}`,
    );
    const [header, , ...rows] = rowsOf(response.body);
    const pick = (row: string[]) => [
      row[header!.indexOf('change_kind')],
      row[header!.indexOf('status')],
      row[header!.indexOf('previous_status')],
      row[header!.indexOf('valid_to')],
    ];
    expect(rows.map(pick)).toEqual([
      ['RECORD', 'DENIED', '', '2024-02-01'],
      ['RECORD', 'FULL', 'DENIED', ''],
    ]);
    expect(response.headers['content-disposition']).toContain(
      `access-history_organisations_${today}_to_${today}.csv`,
    );
  });
});
