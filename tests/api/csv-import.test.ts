import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOfUser, importAccessCsv } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';
import { followImport, upload } from '../support/upload';

let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  coordinator = await t.signIn('coordinator@demo.local');
});
afterAll(() => t.close());

const csv = (rows: string[][], lineEnd = '\r\n', separator = ',') =>
  rows
    .map((row) =>
      row
        .map((cell) => (/[",;\t\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell))
        .join(separator),
    )
    .join(lineEnd) + lineEnd;

const HEADER = [
  'organization_acronym',
  'area_name',
  'country_iso3',
  'status',
  'valid_from',
  'reason',
  'sensitivity',
];
const HXL = [
  '#org+acronym',
  '#loc+name',
  '#country+code+v_iso3',
  '#access+status',
  '#date+start',
  '#description+reason',
  '#meta+sensitivity',
];
const BY_ID = [
  'organization_id',
  'area_id',
  'status',
  'valid_from',
  'valid_to',
  'reason',
  'sensitivity',
];

/** A new organisation and area, so a test's pairs start empty. */
async function freshPair() {
  return { organizationId: (await makeOrganization(t.db)).id, areaId: (await makeArea(t.db)).id };
}

const summaryOf = (response: { json(): any }) => response.json().summary;

describe('POST /api/imports', () => {
  it('dry-runs first: reports per row what would change, and writes nothing', async () => {
    const before = await t.db.accessStatusVersion.count();
    const file = csv([
      HEADER,
      HXL,
      [
        'ICRC',
        'Nagorno-Karabakh',
        'AZE',
        'SUSPENDED',
        '2023-09-20',
        'All crossings closed',
        'HIGH',
      ],
      ['OCHA', 'Lachin corridor', 'AZE', 'PENDING', '2023-09-01', 'Request filed', 'MODERATE'],
    ]);
    const response = await upload(coordinator, file);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({
      dryRun: true,
      applied: false,
      rows: 2,
      hxlRow: 2,
      separator: ',',
      summary: { new: 2, corrections: 0, unchanged: 0, errors: 0 },
    });
    expect(report.changes.map((change: any) => [change.row, change.action, change.status])).toEqual(
      [
        [3, 'NEW', 'SUSPENDED'],
        [4, 'NEW', 'PENDING'],
      ],
    );
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it('says in the report what a row is compared on', async () => {
    const report = (
      await upload(
        coordinator,
        csv([HEADER, ['ICRC', 'Nagorno-Karabakh', 'AZE', 'FULL', '2031-01-01', 'x', 'LOW']]),
      )
    ).json();
    expect(report.compared).toEqual([
      'status',
      'validFrom',
      expect.stringMatching(/^validTo: the end a reader at your clearance sees/),
      'reason (when the file gives one)',
      'constraintCategories',
      'severity',
      'sensitivity',
      'terms',
      'sources',
    ]);
  });

  it("applies all rows in one go, records one audit event as sensitive as the importer's clearance (its counts were taken in their timeline), and changes nothing when the same file comes again", async () => {
    const file = csv([
      HEADER,
      HXL,
      [
        'UNHCR',
        'Nagorno-Karabakh',
        'AZE',
        'CONSTRAINED',
        '2023-10-01',
        'Access for a first assessment',
        'MODERATE',
      ],
      ['UNHCR', 'Lachin corridor', 'AZE', 'PENDING', '2023-10-01', 'Asked', 'HIGH'],
    ]);
    const applied = await upload(coordinator, file, { dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, summary: { new: 2 } });
    const events = await t.db.auditEvent.findMany({
      where: { action: 'import.apply' },
      orderBy: { id: 'desc' },
      take: 1,
    });
    expect(events[0]!.after).toMatchObject({
      filename: 'report.csv',
      new: 2,
      versionIds: [expect.any(String), expect.any(String)],
    });
    // the coordinator is cleared SEVERE; the file's rows are HIGH at most
    expect((events[0] as unknown as { sensitivity: string }).sensitivity).toBe('SEVERE');
    const before = await t.db.accessStatusVersion.count();
    const eventsBefore = await t.db.auditEvent.count({ where: { action: 'import.apply' } });
    const again = await upload(coordinator, file, { dryRun: false });
    expect(again.json().summary).toEqual({ new: 0, corrections: 0, unchanged: 2, errors: 0 });
    expect(await t.db.accessStatusVersion.count()).toBe(before);
    expect(
      await t.db.auditEvent.count({ where: { action: 'import.apply' } }),
      'an import that changes nothing is no change to record',
    ).toBe(eventsBefore);
  });

  it('finds the columns by hashtag wherever the hashtag row is in the first rows, ignoring unknown columns', async () => {
    for (const hashtagLine of [1, 3, 20]) {
      const preamble = Array.from({ length: Math.max(0, hashtagLine - 2) }, (_, index) => [
        `Report line ${index + 1}`,
        '',
        '',
      ]);
      const header =
        hashtagLine === 1
          ? []
          : [
              [
                'Organisation',
                'Where',
                'Country',
                'Access',
                'Since',
                'Notes',
                'Classification',
                'Extra column',
              ],
            ];
      const rows = [
        ...preamble,
        ...header,
        [...HXL, '#meta+unknown'],
        [
          'ICRC',
          'Nagorno-Karabakh',
          'AZE',
          'CONSTRAINED',
          '2023-02-01',
          'same facts',
          'HIGH',
          'whatever',
        ],
      ];
      const report = (await upload(coordinator, csv(rows))).json();
      expect(report.hxlRow, `hashtag row on line ${hashtagLine}`).toBe(hashtagLine);
      expect(report.errors, `hashtag row on line ${hashtagLine}`).toEqual([]);
      expect(
        report.summary.errors +
          report.summary.new +
          report.summary.corrections +
          report.summary.unchanged,
      ).toBe(1);
    }
  });

  it('reads names in Armenian, Azerbaijani and Russian, quotes, commas and newlines in cells, a BOM and either line end', async () => {
    const rows = [
      ['organization_acronym', 'area_name', 'status', 'valid_from', 'reason', 'sensitivity'],
      [
        'OCHA',
        'Լեռնային Ղարաբաղ',
        'DENIED',
        '2023-11-01',
        'Said "no", again,\nin writing',
        'MODERATE',
      ],
      ['UNHCR', 'Dağlıq Qarabağ', 'DENIED', '2023-11-02', 'Нет доступа', 'MODERATE'],
    ];
    for (const [lineEnd, bom] of [
      ['\r\n', true],
      ['\n', false],
    ] as const) {
      const content = Buffer.from(`${bom ? '\uFEFF' : ''}${csv(rows, lineEnd)}`);
      const report = (await upload(coordinator, content)).json();
      expect(report.errors).toEqual([]);
      expect(report.changes.map((change: any) => [change.organization, change.area])).toEqual([
        ['United Nations Office for the Coordination of Humanitarian Affairs', 'Nagorno-Karabakh'],
        ['Office of the United Nations High Commissioner for Refugees', 'Nagorno-Karabakh'],
      ]);
    }
  });

  it('detects a semicolon or a tab as the separator, as spreadsheets in many locales save, and names it in errors', async () => {
    const rows = [
      HEADER,
      ['ICRC', 'Nagorno-Karabakh', 'AZE', 'DENIED', '2031-02-01', 'Closed; for now', 'LOW'],
    ];
    for (const [separator, name] of [
      [';', 'semicolon'],
      ['\t', 'tab'],
      [',', 'comma'],
    ] as const) {
      const report = (await upload(coordinator, csv(rows, '\r\n', separator))).json();
      expect(report, name).toMatchObject({ separator, errors: [], summary: { new: 1 } });
      const broken = await upload(
        coordinator,
        Buffer.from(`${HEADER.join(separator)}\n"ICRC${separator}Nagorno-Karabakh\n`),
      );
      expect(broken.statusCode).toBe(400);
      expect(broken.json().error.message).toContain(`read with the ${name} as separator`);
    }
  });

  it('takes the separator Excel names on a first line of its own ("sep=;"), which is not a row', async () => {
    const rows = [
      HEADER,
      ['ICRC', 'Nagorno-Karabakh', 'AZE', 'DENIED', '2031-03-01', 'Closed, for now', 'LOW'],
    ];
    for (const [hint, separator] of [
      ['sep=;', ';'],
      ['\uFEFFSEP=\t', '\t'],
      ['sep=,', ','],
    ] as const) {
      const report = (
        await upload(coordinator, `${hint}\r\n${csv(rows, '\r\n', separator)}`)
      ).json();
      expect(report, hint).toMatchObject({ separator, errors: [], summary: { new: 1 } });
    }
  });

  it('says so when the columns are separated by "|", which it does not read, instead of "missing columns"', async () => {
    const rows = [
      HEADER,
      ['ICRC', 'Nagorno-Karabakh', 'AZE', 'DENIED', '2031-02-01', 'Closed; for now, again', 'LOW'],
    ];
    const before = await t.db.accessStatusVersion.count();
    const response = await upload(coordinator, csv(rows, '\r\n', '|'), { dryRun: false });
    expect(response.statusCode, response.body).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      message: expect.stringContaining('separated by "|"'),
      details: { issues: [{ field: 'file', message: 'columns separated by "|"' }] },
    });
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it('asks for the CSV in the field named file: none, or a file in another field, is refused naming file', async () => {
    const boundary = 'field-test';
    const send = (part: string) =>
      coordinator.request({
        method: 'POST',
        url: '/api/imports?dryRun=true',
        payload: `--${boundary}\r\n${part}\r\n--${boundary}--\r\n`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      });
    const header = 'organization_name,area_name,status,valid_from,sensitivity\r\n';
    for (const [part, mentions] of [
      // a value, not a file
      [`Content-Disposition: form-data; name="file"\r\n\r\n${header}`, 'field named file'],
      // a file under another name was read as the CSV ("lacks required columns")
      [
        `Content-Disposition: form-data; name="data"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n${header}`,
        'field named "data"',
      ],
    ] as const) {
      const response = await send(part);
      expect(response.statusCode, response.body).toBe(400);
      expect(response.json().error.details.issues).toEqual([{ field: 'file', message: 'missing' }]);
      expect(response.json().error.message).toContain(mentions);
    }
  });

  it('trims every cell, and reads multi-valued cells with empty slots without stray values', async () => {
    const party = await makeParty(t.db, 'Government of Azerbaijan');
    const pair = await freshPair();
    const header = [
      ...BY_ID,
      'term_types',
      'granting_parties',
      'legal_references',
      'term_notes',
      'constraint_codes',
      'source_titles',
      'source_urls',
    ];
    const row = [
      ` ${pair.organizationId} `,
      pair.areaId,
      ' FULL',
      '2024-01-01 ',
      '',
      '  Field report ',
      'LOW ',
      'HOST_STATE_CONSENT | PERMIT ',
      'Government of Azerbaijan |  |  | ',
      ' | ref 2',
      '',
      ' 3 |  1 ',
      'Report ',
      ' https://example.org/r | ',
    ];
    const applied = await upload(coordinator, csv([header, row]), { dryRun: false });
    expect(applied.json().errors).toEqual([]);
    const version = await t.db.accessStatusVersion.findFirstOrThrow({
      where: pair,
      include: { terms: { orderBy: { position: 'asc' } }, sources: true },
    });
    expect(version).toMatchObject({
      status: 'FULL',
      reason: 'Field report',
      sensitivity: 'LOW',
      constraintCategories: [1, 3],
    });
    expect(
      version.terms.map((term) => [
        term.type,
        term.grantingPartyId,
        term.legalReference,
        term.note,
      ]),
    ).toEqual([
      ['HOST_STATE_CONSENT', party.id, null, null],
      ['PERMIT', null, 'ref 2', null],
    ]);
    expect(version.sources.map((source) => [source.title, source.url])).toEqual([
      ['Report', 'https://example.org/r'],
    ]);
    // the same facts, written the way the export writes them, change nothing
    const exported = [
      pair.organizationId,
      pair.areaId,
      'FULL',
      '2024-01-01',
      '',
      'Field report',
      'LOW',
      'HOST_STATE_CONSENT | PERMIT',
      'Government of Azerbaijan',
      '| ref 2',
      '',
      '1 | 3',
      'Report',
      'https://example.org/r',
    ];
    expect(summaryOf(await upload(coordinator, csv([header, exported])))).toMatchObject({
      unchanged: 1,
      corrections: 0,
    });
  });

  it('refuses values beyond the first column of parallel cells instead of dropping them', async () => {
    const pair = await freshPair();
    const header = [...BY_ID, 'source_titles', 'source_urls'];
    const report = (
      await upload(
        coordinator,
        csv([
          header,
          [
            pair.organizationId,
            pair.areaId,
            'FULL',
            '2024-01-01',
            '',
            'x',
            'LOW',
            'Report',
            'https://a.example | https://b.example',
          ],
        ]),
      )
    ).json();
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 2,
        field: 'source_urls',
        message: expect.stringContaining('more values than source_titles'),
      }),
    ]);
  });

  it('refuses a cell with a control character or a bidirectional override, as a JSON body is refused (it was stored)', async () => {
    const pair = await freshPair();
    for (const [reason, field] of [
      ['Convoy \u0007stopped', 'reason'],
      ['Convoy \u202Edeppots', 'reason'],
    ] as const) {
      const report = (
        await upload(
          coordinator,
          csv([BY_ID, [pair.organizationId, pair.areaId, 'FULL', '2024-01-01', '', reason, 'LOW']]),
        )
      ).json();
      expect(report.errors).toEqual([
        expect.objectContaining({
          row: 2,
          field,
          message: expect.stringContaining('control character'),
        }),
      ]);
      expect(report.summary).toMatchObject({ new: 0, errors: 1 });
    }
    // right-to-left marks and isolates that Arabic text uses are text
    const arabic = 'أُغلق الطريق \u200F(حاجز 12)\u2067ICRC\u2069';
    const report = (
      await upload(
        coordinator,
        csv([BY_ID, [pair.organizationId, pair.areaId, 'FULL', '2024-01-01', '', arabic, 'LOW']]),
      )
    ).json();
    expect(report.errors).toEqual([]);
    expect(report.summary).toMatchObject({ new: 1 });
  });

  it('restores neutralised formula cells, and leaves real text alone', async () => {
    const rows = [
      ['organization_acronym', 'area_name', 'status', 'valid_from', 'reason', 'sensitivity'],
      ['OCHA', 'Nagorno-Karabakh', 'DENIED', '2023-12-01', "'=not a formula", 'MODERATE'],
    ];
    const applied = await upload(coordinator, csv(rows), { dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    const version = await t.db.accessStatusVersion.findFirstOrThrow({
      where: { validFrom: new Date('2023-12-01T00:00:00Z') },
    });
    expect(version.reason).toBe('=not a formula');
  });

  it.each([
    [
      'a row with an unknown organisation',
      csv([HEADER, ['XYZ', 'Nagorno-Karabakh', 'AZE', 'FULL', '2024-01-01', 'x', 'LOW']]),
      // the column the file has (it named organization_name, which this file does not have)
      { row: 2, field: 'organization_acronym' },
    ],
    [
      'an unknown area',
      csv([HEADER, ['ICRC', 'Atlantis', 'AZE', 'FULL', '2024-01-01', 'x', 'LOW']]),
      { row: 2, field: 'area_name' },
    ],
    [
      'a date that is not a date',
      csv([HEADER, ['ICRC', 'Nagorno-Karabakh', 'AZE', 'FULL', '01/02/2024', 'x', 'LOW']]),
      { row: 2, field: 'valid_from' },
    ],
    [
      'an unknown status',
      csv([HEADER, ['ICRC', 'Nagorno-Karabakh', 'AZE', 'OPEN', '2024-01-01', 'x', 'LOW']]),
      { row: 2, field: 'status' },
    ],
  ])(
    'reports %s by row and field, and an apply then changes nothing',
    async (_label, file, expected) => {
      const report = (await upload(coordinator, file)).json();
      expect(report.errors).toEqual([expect.objectContaining(expected)]);
      const before = await t.db.accessStatusVersion.count();
      const applied = await upload(coordinator, file, { dryRun: false });
      expect(applied.statusCode).toBe(400);
      expect(applied.json().error.message).toContain('nothing was imported');
      expect(applied.json().error.details.report.errors).toEqual(report.errors);
      expect(await t.db.accessStatusVersion.count()).toBe(before);
    },
  );

  it.each([
    [
      'a file that is not CSV',
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]),
      'not UTF-8',
    ],
    [
      'a file in another encoding',
      Buffer.from(
        'organization_acronym,area_name,status,valid_from,sensitivity,reason\nICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW,réouverture\n',
        'latin1',
      ),
      'not UTF-8',
    ],
    [
      'a file without the required columns',
      Buffer.from('name,where\nICRC,Nagorno-Karabakh\n'),
      'lacks required columns',
    ],
    ['an empty file', Buffer.from(''), 'The file is empty'],
    [
      'broken CSV',
      Buffer.from(
        'organization_acronym,area_name,status,valid_from,sensitivity\n"ICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW\n',
      ),
      'not valid CSV',
    ],
  ])('refuses %s with a clear message', async (_label, content, message) => {
    const response = await upload(coordinator, content);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(message);
  });

  it('counts columns from 1 and names the line, as an editor numbers it, where a row with a stray quote starts (csv-parse counts fields from 0)', async () => {
    const file = [
      'organization_acronym,area_name,status,valid_from,sensitivity,reason',
      // a cell over two lines: one row, two lines
      'ICRC,Nagorno-Karabakh,FULL,2031-04-01,LOW,"Two\r\nlines"',
      '',
      'ICRC,Lachin "corridor",FULL,2031-04-02,LOW,x',
    ].join('\r\n');
    const response = await upload(coordinator, file);
    expect(response.statusCode).toBe(400);
    const { message } = response.json().error;
    expect(message).toContain('row 4, column 2 (line 5)');
    expect(message).toContain('after "Lachin "');
    expect(message).not.toMatch(/field 1\b/);
  });

  it('says a quote is not closed, and where it opens, when the rest of the file runs past the longest row (it said the row was too long)', async () => {
    const line = 'ICRC,Nagorno-Karabakh,FULL,2031-05-01,LOW,nothing to see here at all';
    const file = [
      'organization_acronym,area_name,status,valid_from,sensitivity,reason',
      line,
      'ICRC,"Nagorno-Karabakh,FULL,2031-05-02,LOW,the quote before the area is never closed',
      ...Array.from({ length: 16_000 }, () => line),
    ].join('\n');
    expect(file.length).toBeGreaterThan(1_000_000);
    for (const async of [false, true]) {
      const answer = await upload(coordinator, file, { async });
      const error = async
        ? (await followImport(coordinator, answer.json().id)).error
        : answer.json().error;
      expect(error).toMatchObject({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining(
          'a quote (") opened in row 3, column 2 (line 3) is not closed',
        ),
        details: { issues: [{ field: 'file', message: 'a quote not closed (line 3)' }] },
      });
      expect(error.message).not.toContain('longer than');
    }
  });

  it('refuses a file far over the size limit with 413', async () => {
    const line = `ICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW,${'x'.repeat(1000)}\n`;
    const content = Buffer.from(
      `organization_acronym,area_name,status,valid_from,sensitivity,reason\n${line.repeat(70_000)}`,
    );
    const response = await upload(coordinator, content);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('keeps neither a job nor its file when a background upload is cut off by the limit', async () => {
    const line = `ICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW,${'x'.repeat(1000)}\n`;
    const content = Buffer.from(
      `organization_acronym,area_name,status,valid_from,sensitivity,reason\n${line.repeat(70_000)}`,
    );
    const counts = async () =>
      (
        await t.sql<{ jobs: number; files: number }>(
          'SELECT (SELECT count(*)::int FROM import_jobs) AS jobs, (SELECT count(*)::int FROM pg_largeobject_metadata) AS files',
        )
      ).rows[0];
    const before = await counts();
    const response = await upload(coordinator, content, { async: true });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await counts()).toEqual(before);
  });

  it("refuses a row above the importer's clearance, as a single write would", async () => {
    const editor = await t.signIn('editor.icrc@demo.local');
    const report = (
      await upload(
        editor,
        csv([HEADER, ['ICRC', 'Nagorno-Karabakh', 'AZE', 'FULL', '2031-03-01', 'x', 'SEVERE']]),
      )
    ).json();
    expect(report.errors).toEqual([
      {
        row: 2,
        field: 'sensitivity',
        message: expect.stringContaining('above your clearance (HIGH)'),
      },
    ]);
  });

  it("does not propose again what the editor's import already proposed", async () => {
    const editor = await t.signIn('editor.icrc@demo.local');
    const icrc = await t.db.organization.findFirstOrThrow({ where: { acronym: 'ICRC' } });
    const area = await makeArea(t.db);
    const rows = [
      BY_ID,
      [icrc.id, area.id, 'CONSTRAINED', '2024-05-01', '', 'Checkpoints', 'LOW'],
      [icrc.id, area.id, 'DENIED', '2024-06-01', '', 'Closed', 'LOW'],
    ];
    const proposals = () => t.db.accessStatusVersion.count({ where: { areaId: area.id } });
    const first = await upload(editor, csv(rows), { dryRun: false });
    expect(first.statusCode, first.body).toBe(200);
    expect(summaryOf(first)).toMatchObject({ new: 2, unchanged: 0, errors: 0 });
    expect(await proposals()).toBe(2);

    // the same file again: both rows are the editor's pending proposals, nothing is added
    const again = await upload(editor, csv(rows), { dryRun: false });
    expect(summaryOf(again)).toMatchObject({ new: 0, unchanged: 2, errors: 0 });
    expect(await proposals()).toBe(2);

    // a row that says something else is still proposed
    const changed = await upload(
      editor,
      csv([BY_ID, [icrc.id, area.id, 'DENIED', '2024-06-01', '', 'Closed by decree', 'LOW']]),
      { dryRun: false },
    );
    expect(summaryOf(changed)).toMatchObject({ new: 1, unchanged: 0 });
    expect(await proposals()).toBe(3);

    // an editor's proposals do not stop a coordinator's row (a validated entry); a dry run,
    // as the round-trip test below exports every validated entry
    const validated = await upload(coordinator, csv(rows.slice(0, 2)));
    expect(summaryOf(validated)).toMatchObject({ new: 1, unchanged: 0 });
  });

  it('does not let an editor import rows for another organisation', async () => {
    const editor = await t.signIn('editor.icrc@demo.local');
    const before = await t.db.accessStatusVersion.count();
    const file = csv([
      HEADER,
      ['ICRC', 'Lachin corridor', 'AZE', 'PENDING', '2024-03-01', 'Asked', 'MODERATE'],
      ['OCHA', 'Lachin corridor', 'AZE', 'PENDING', '2024-03-01', 'Asked', 'MODERATE'],
    ]);
    const report = (await upload(editor, file)).json();
    expect(report.errors).toEqual([
      expect.objectContaining({
        row: 3,
        // the column the file has: it named organization_name, which this file does not have
        field: 'organization_acronym',
        message: expect.stringContaining('not your organisation'),
      }),
    ]);
    // a file that names organisations in two columns: the one whose value decided
    const both = (
      await upload(
        editor,
        csv([
          ['organization_name', ...HEADER],
          ['', 'OCHA', 'Lachin corridor', 'AZE', 'PENDING', '2024-03-01', 'Asked', 'MODERATE'],
          ['', '', 'Lachin corridor', 'AZE', 'PENDING', '2024-03-02', 'Asked', 'MODERATE'],
        ]),
      )
    ).json();
    expect(both.errors).toEqual([
      expect.objectContaining({ row: 2, field: 'organization_acronym' }),
      { row: 3, field: 'organization_name', message: 'no organisation named' },
    ]);
    expect((await upload(editor, file, { dryRun: false })).statusCode).toBe(400);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
    const viewer = await t.signIn('viewer@demo.local');
    expect((await upload(viewer, file)).statusCode).toBe(403);
  });
});

describe('synchronous imports', () => {
  it('answers 16 at once, each as if alone, running them one at a time in the import process while GET /api/health answers', async () => {
    // in the API's own heap, 16 one-row imports at once took it to 1.45 GB and held the
    // health check for seconds (import-worker.test.ts shows they now run under the heap cap)
    const pairs = await Promise.all(Array.from({ length: 16 }, () => freshPair()));
    const started = performance.now();
    const imports = Promise.all(
      pairs.map(({ organizationId, areaId }, index) =>
        upload(
          coordinator,
          csv([
            BY_ID,
            [organizationId, areaId, 'PENDING', '2024-07-01', '', `at once ${index}`, 'LOW'],
          ]),
          { dryRun: index % 2 === 0 },
        ),
      ),
    );
    const health = await t.anonymous.get('/api/health');
    const healthMs = performance.now() - started;
    const answers = await imports;
    expect(health.statusCode).toBe(200);
    expect(healthMs).toBeLessThan(2_000);
    answers.forEach((answer, index) => {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json()).toMatchObject({
        dryRun: index % 2 === 0,
        applied: index % 2 === 1,
        rows: 1,
        summary: { new: 1, corrections: 0, unchanged: 0, errors: 0 },
      });
    });
    expect(
      await t.db.accessStatusVersion.count({ where: { reason: { startsWith: 'at once ' } } }),
    ).toBe(8);
  }, 120_000);
});

describe('several rows of one pair', () => {
  it('apply in order as a timeline: two new periods dry-run as two NEW and apply as such, in the foreground and in the background', async () => {
    for (const background of [false, true]) {
      const pair = await freshPair();
      const file = csv([
        BY_ID,
        [pair.organizationId, pair.areaId, 'FULL', '2025-07-01', '', 'Opened', 'LOW'],
        [pair.organizationId, pair.areaId, 'DENIED', '2025-08-01', '', 'Closed', 'LOW'],
      ]);
      expect(summaryOf(await upload(coordinator, file))).toEqual({
        new: 2,
        corrections: 0,
        unchanged: 0,
        errors: 0,
      });
      let report;
      if (background) {
        const job = await followImport(
          coordinator,
          (await upload(coordinator, file, { dryRun: false, async: true })).json().id,
        );
        expect(job.status, JSON.stringify(job.error)).toBe('DONE');
        report = job.report;
      } else {
        const applied = await upload(coordinator, file, { dryRun: false });
        expect(applied.statusCode, applied.body).toBe(200);
        report = applied.json();
      }
      expect(report.summary).toEqual({ new: 2, corrections: 0, unchanged: 0, errors: 0 });
      const history = (
        await coordinator.get(
          `/api/access-statuses/history?organizationId=${pair.organizationId}&areaId=${pair.areaId}`,
        )
      ).json().items;
      expect(
        history.map((version: any) => [version.status, version.validFrom, version.validTo]).sort(),
      ).toEqual([
        ['DENIED', '2025-08-01', null],
        ['FULL', '2025-07-01', '2025-08-01'],
      ]);
      expect(summaryOf(await upload(coordinator, file, { dryRun: false }))).toEqual({
        new: 0,
        corrections: 0,
        unchanged: 2,
        errors: 0,
      });
    }
  });

  it('report a duplicate (same organisation, area and start) as an error naming both rows', async () => {
    const pair = await freshPair();
    const file = csv([
      BY_ID,
      [pair.organizationId, pair.areaId, 'FULL', '2025-07-01', '', 'a', 'LOW'],
      [pair.organizationId, pair.areaId, 'DENIED', '2025-07-01', '', 'b', 'LOW'],
    ]);
    const report = (await upload(coordinator, file)).json();
    expect(report.errors).toEqual([
      {
        row: 3,
        field: 'valid_from',
        message: expect.stringMatching(/^row 2 has the same organisation, area and start/),
      },
    ]);
    expect((await upload(coordinator, file, { dryRun: false })).statusCode).toBe(400);
    expect(await t.db.accessStatusVersion.count({ where: pair })).toBe(0);
  });

  it("report rows that contradict each other (one says it holds past the other's start) as an error naming both rows", async () => {
    const pair = await freshPair();
    const file = csv([
      BY_ID,
      [pair.organizationId, pair.areaId, 'FULL', '2025-07-01', '2025-09-01', 'a', 'LOW'],
      [pair.organizationId, pair.areaId, 'DENIED', '2025-08-01', '', 'b', 'LOW'],
    ]);
    expect((await upload(coordinator, file)).json().errors).toEqual([
      {
        row: 3,
        field: 'valid_from',
        message:
          "row 2 says its status holds until 2025-09-01, after this row's start (2025-08-01): the two rows contradict each other",
      },
    ]);
  });
});

describe('what a row is compared on', () => {
  it('treats a change of the reason alone as a correction (it used to be dropped)', async () => {
    const pair = await freshPair();
    const row = (reason: string) =>
      csv([BY_ID, [pair.organizationId, pair.areaId, 'FULL', '2025-01-01', '', reason, 'LOW']]);
    await upload(coordinator, row('First report'), { dryRun: false });
    const report = (await upload(coordinator, row('Better sourced report'))).json();
    expect(report.summary).toMatchObject({ corrections: 1, unchanged: 0 });
    const applied = (
      await upload(coordinator, row('Better sourced report'), { dryRun: false })
    ).json();
    expect(applied.summary.corrections).toBe(1);
    const history = (
      await coordinator.get(
        `/api/access-statuses/history?organizationId=${pair.organizationId}&areaId=${pair.areaId}`,
      )
    ).json().items;
    expect(
      history
        .filter((version: any) => !version.supersededById)
        .map((version: any) => version.reason),
    ).toEqual(['Better sourced report']);
  });

  it('compares the end a reader sees: an empty end where the next period ends it, or the next start written out, reads the same', async () => {
    const pair = await freshPair();
    await coordinator.post(
      '/api/access-statuses',
      statusBody(pair.organizationId, pair.areaId, { status: 'FULL', validFrom: '2025-01-01' }),
    );
    await coordinator.post(
      '/api/access-statuses',
      statusBody(pair.organizationId, pair.areaId, { status: 'DENIED', validFrom: '2025-03-01' }),
    );
    for (const end of ['', '2025-03-01']) {
      const file = csv([
        BY_ID,
        [pair.organizationId, pair.areaId, 'FULL', '2025-01-01', end, 'Field report', 'LOW'],
      ]);
      expect(summaryOf(await upload(coordinator, file)), `end "${end}"`).toMatchObject({
        unchanged: 1,
        corrections: 0,
      });
    }
    // an earlier end is a correction, which states it
    const earlier = csv([
      BY_ID,
      [pair.organizationId, pair.areaId, 'FULL', '2025-01-01', '2025-02-01', 'Field report', 'LOW'],
    ]);
    expect(summaryOf(await upload(coordinator, earlier, { dryRun: false }))).toMatchObject({
      corrections: 1,
    });
    expect(summaryOf(await upload(coordinator, earlier))).toMatchObject({ unchanged: 1 });
  });

  it('keeps the stated end of a version when a correction changes something else and the end reads the same', async () => {
    const pair = await freshPair();
    await coordinator.post(
      '/api/access-statuses',
      statusBody(pair.organizationId, pair.areaId, { status: 'FULL', validFrom: '2025-01-01' }),
    );
    await coordinator.post(
      '/api/access-statuses',
      statusBody(pair.organizationId, pair.areaId, { status: 'DENIED', validFrom: '2025-03-01' }),
    );
    // as an export writes it: the end derived from the next start
    await upload(
      coordinator,
      csv([
        BY_ID,
        [
          pair.organizationId,
          pair.areaId,
          'CONSTRAINED',
          '2025-01-01',
          '2025-03-01',
          'Field report',
          'LOW',
        ],
      ]),
      { dryRun: false },
    );
    const corrected = await t.db.accessStatusVersion.findFirstOrThrow({
      where: { ...pair, status: 'CONSTRAINED' },
    });
    expect(corrected.validTo).toBeNull();
  });

  it('reports, for a dry run, only version ids that exist (none for new statuses)', async () => {
    const pair = await freshPair();
    const first = (
      await coordinator.post(
        '/api/access-statuses',
        statusBody(pair.organizationId, pair.areaId, { validFrom: '2025-01-01' }),
      )
    ).json().id;
    const report = (
      await upload(
        coordinator,
        csv([
          BY_ID,
          [pair.organizationId, pair.areaId, 'DENIED', '2025-01-01', '', 'x', 'LOW'],
          [pair.organizationId, pair.areaId, 'FULL', '2025-02-01', '', 'y', 'LOW'],
        ]),
      )
    ).json();
    expect(report.changes.map((change: any) => [change.action, change.versionId])).toEqual([
      ['CORRECTION', first],
      ['NEW', null],
    ]);
    expect((await coordinator.get(`/api/access-statuses/${first}`)).statusCode).toBe(200);
  });
});

const local = new Set([
  'version_id',
  'organization_id',
  'area_id',
  'recorded_at',
  'recorded_by',
  'change_kind',
  'review_state',
  'previous_status',
]);

describe('re-applying what the product exported', () => {
  /** A pair with a history: a status, a correction of it, a later status, and a review. */
  async function pairWithHistory() {
    const pair = await freshPair();
    const first = (
      await coordinator.post(
        '/api/access-statuses',
        statusBody(pair.organizationId, pair.areaId, {
          status: 'PENDING',
          validFrom: '2025-01-01',
        }),
      )
    ).json().id;
    await coordinator.post(`/api/access-statuses/${first}/corrections`, {
      status: 'CONSTRAINED',
      validFrom: '2025-01-01',
      reason: 'Corrected',
      sensitivity: 'LOW',
      terms: [{ type: 'PERMIT', note: 'weekly' }],
    });
    const later = (
      await coordinator.post('/api/access-statuses', {
        ...statusBody(pair.organizationId, pair.areaId, {
          status: 'DENIED',
          validFrom: '2025-04-01',
          validTo: '2025-06-01',
        }),
        reviewState: 'SUBMITTED',
      })
    ).json().id;
    await coordinator.post(`/api/access-statuses/${later}/validation`, { note: 'checked' });
    return pair;
  }

  it.each([
    ['the statuses of a date', '/api/exports/access-statuses.csv?asOf=2025-04-15'],
    ['every period (allPeriods=true)', '/api/exports/access-statuses.csv?allPeriods=true'],
    ['the history (every version, corrected ones included)', '/api/exports/access-history.csv'],
    [
      'a report with a BOM and without hashtags',
      '/api/exports/access-statuses.csv?allPeriods=true&bom=true&hxl=false',
    ],
  ])('changes nothing for %s', async (_label, url) => {
    const pair = await pairWithHistory();
    const exported = await coordinator.get(
      `${url}${url.includes('?') ? '&' : '?'}organizationId=${pair.organizationId}`,
    );
    expect(exported.statusCode).toBe(200);
    const dry = (await upload(coordinator, exported.rawPayload)).json();
    expect(dry.errors).toEqual([]);
    expect(dry.summary).toMatchObject({ new: 0, corrections: 0 });
    expect(dry.summary.unchanged).toBeGreaterThan(0);
    const before = await t.db.accessStatusVersion.count();
    expect(
      (await upload(coordinator, exported.rawPayload, { dryRun: false })).json().summary,
    ).toEqual(dry.summary);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it("changes nothing when an exported file with a later row added is applied twice (it failed with 'overlaps' before)", async () => {
    const pair = await pairWithHistory();
    const exported = parse(
      (
        await coordinator.get(
          `/api/exports/access-statuses.csv?allPeriods=true&organizationId=${pair.organizationId}`,
        )
      ).body,
    ) as string[][];
    const [header] = exported;
    const last = [...exported.at(-1)!];
    const column = (name: string) => header!.indexOf(name);
    last[column('version_id')] = '';
    last[column('valid_from')] = '2025-09-01';
    last[column('valid_to')] = '';
    last[column('status')] = 'FULL';
    const file = csv([...exported, last]);
    expect((await upload(coordinator, file, { dryRun: false })).json().summary).toMatchObject({
      new: 1,
      corrections: 0,
      errors: 0,
    });
    const again = await upload(coordinator, file, { dryRun: false });
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().summary).toMatchObject({ new: 0, corrections: 0, errors: 0 });
  });

  it('refuses a history row that changes a version corrected since, naming it', async () => {
    const pair = await pairWithHistory();
    const rows = parse(
      (
        await coordinator.get(
          `/api/exports/access-history.csv?organizationId=${pair.organizationId}`,
        )
      ).body,
    ) as string[][];
    const column = (name: string) => rows[0]!.indexOf(name);
    const pending = rows.findIndex((row) => row[column('status')] === 'PENDING');
    rows[pending]![column('reason')] = 'Rewritten';
    const report = (await upload(coordinator, csv(rows))).json();
    expect(report.errors).toContainEqual({
      row: pending + 1,
      field: 'version_id',
      message: expect.stringContaining('changed since'),
    });
  });

  it('export everything, import into a fresh database, export again: the same report', async () => {
    // the demo organisations (this file adds others, which a fresh database does not have)
    const demo = await t.db.organization.findMany({
      where: { NOT: { name: { startsWith: 'Organisation ' } } },
      select: { id: true },
    });
    const exported = (
      await coordinator.get(
        `/api/exports/access-statuses.csv?allPeriods=true&${demo.map((organization) => `organizationId=${organization.id}`).join('&')}`,
      )
    ).body;
    const fresh = await createTestApp();
    try {
      const { seedDemoData } = await import('@access/domain');
      await seedDemoData(fresh.db, () => {}, { statuses: false });
      const freshCoordinator = await fresh.signIn('coordinator@demo.local');
      const applied = await upload(freshCoordinator, exported, {
        dryRun: false,
        filename: 'export.csv',
      });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json().summary.errors).toBe(0);
      const again = (await freshCoordinator.get('/api/exports/access-statuses.csv?allPeriods=true'))
        .body;
      // Ids, recording times and recorders belong to each database; every other column must match.
      const comparable = (body: string) => {
        const [header, ...rest] = parse(body) as string[][];
        const keep = header!
          .map((name, index) => (local.has(name) ? -1 : index))
          .filter((index) => index >= 0);
        return [header, ...rest].map((row) => keep.map((index) => row![index]));
      };
      expect(comparable(again)).toEqual(comparable(exported));
      expect(comparable(exported).length).toBeGreaterThan(8);
      expect(summaryOf(await upload(freshCoordinator, again))).toMatchObject({
        new: 0,
        corrections: 0,
        errors: 0,
      });
    } finally {
      await fresh.close();
    }
  });
});

describe('clearance', () => {
  it("gives a byte-identical dry run whether or not versions above the importer's clearance exist", async () => {
    const importer = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'MODERATE')).email,
      TEST_PASSWORD,
    );
    const severe = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    const empty = await freshPair();
    const visible = await freshPair();
    await importer.post(
      '/api/access-statuses',
      statusBody(visible.organizationId, visible.areaId, {
        status: 'FULL',
        validFrom: '2025-01-01',
        sensitivity: 'MODERATE',
      }),
    );
    const file = csv([
      BY_ID,
      [empty.organizationId, empty.areaId, 'PENDING', '2025-02-01', '', 'Asked', 'LOW'],
      [
        visible.organizationId,
        visible.areaId,
        'FULL',
        '2025-01-01',
        '',
        'Field report',
        'MODERATE',
      ],
      [visible.organizationId, visible.areaId, 'DENIED', '2025-05-01', '', 'Closed', 'MODERATE'],
    ]);
    const before = (await upload(importer, file)).body;
    // hidden versions: one on the pair the importer has nothing on, one inside the other's timeline, one on its start
    for (const [pair, validFrom] of [
      [empty, '2025-02-01'],
      [visible, '2025-03-01'],
      [visible, '2025-05-01'],
    ] as const) {
      const hidden = await severe.post(
        '/api/access-statuses',
        statusBody(pair.organizationId, pair.areaId, {
          status: 'DENIED',
          validFrom,
          sensitivity: 'SEVERE',
        }),
      );
      expect(hidden.statusCode, hidden.body).toBe(201);
    }
    const after = (await upload(importer, file)).body;
    if (after !== before) expect(JSON.parse(after)).toEqual(JSON.parse(before));
    expect(after).toBe(before);
    // and the apply goes through, leaving the hidden versions as they were
    const hiddenBefore = await t.db.accessStatusVersion.findMany({
      where: {
        sensitivity: 'SEVERE',
        organizationId: { in: [empty.organizationId, visible.organizationId] },
      },
      orderBy: { id: 'asc' },
    });
    expect((await upload(importer, file, { dryRun: false })).statusCode).toBe(200);
    const hiddenAfter = await t.db.accessStatusVersion.findMany({
      where: {
        sensitivity: 'SEVERE',
        organizationId: { in: [empty.organizationId, visible.organizationId] },
      },
      orderBy: { id: 'asc' },
    });
    expect(hiddenAfter).toEqual(hiddenBefore);
    // the new status on the hidden version's start stops below it (the engine's ceiling): each reader sees their own
    const current = async (client: Client) =>
      (
        await client.get(
          `/api/access-statuses/history?organizationId=${empty.organizationId}&areaId=${empty.areaId}`,
        )
      )
        .json()
        .items.filter((version: any) => !version.supersededById)
        .map((version: any) => version.sensitivity);
    expect(await current(severe)).toEqual(['SEVERE']);
    expect(await current(importer)).toEqual(['LOW']);
  });

  it("reads a version id above the importer's clearance as one that never existed", async () => {
    const importer = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
      TEST_PASSWORD,
    );
    const severe = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    const pair = await freshPair();
    const hiddenId = (
      await severe.post(
        '/api/access-statuses',
        statusBody(pair.organizationId, pair.areaId, {
          validFrom: '2025-01-01',
          sensitivity: 'SEVERE',
        }),
      )
    ).json().id;
    const row = (id: string) =>
      csv([
        ['version_id', ...BY_ID],
        [id, pair.organizationId, pair.areaId, 'FULL', '2025-01-01', '', 'x', 'LOW'],
      ]);
    expect((await upload(importer, row(hiddenId))).body).toBe(
      (await upload(importer, row('00000000-0000-4000-8000-000000000000'))).body,
    );
  });
});

describe('a long timeline for one pair', () => {
  it('imports 3,000 periods of one pair across batches, and re-applying them changes nothing', async () => {
    const pair = await freshPair();
    const rows = Array.from({ length: 3_000 }, (_, day) => {
      const date = new Date(Date.UTC(2020, 0, 1 + day)).toISOString().slice(0, 10);
      return [
        pair.organizationId,
        pair.areaId,
        day % 2 ? 'FULL' : 'DENIED',
        date,
        '',
        `Day ${day}`,
        'LOW',
      ];
    });
    // in reverse order: the import sorts a pair's rows by start
    const file = csv([BY_ID, ...rows.reverse()]);
    const applied = await upload(coordinator, file, { dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().summary).toEqual({ new: 3_000, corrections: 0, unchanged: 0, errors: 0 });
    const {
      rows: [current],
    } = await t.sql<{ n: number; open: number }>(
      `SELECT count(*)::int AS n, count(*) FILTER (WHERE valid_to IS NULL)::int AS open FROM current_access_statuses WHERE level = 'LOW' AND organization_id = $1 AND area_id = $2`,
      [pair.organizationId, pair.areaId],
    );
    expect(current).toEqual({ n: 3_000, open: 1 });
    // its audit event names every version written, in start order (two write batches), and
    // each has its outbox event
    const {
      rows: [event],
    } = await t.sql<{ ids: string[]; written: string[]; events: number }>(
      `SELECT (SELECT array_agg(x ORDER BY n) FROM jsonb_array_elements_text(e.after->'versionIds') WITH ORDINALITY AS j(x, n)) AS ids,
              (SELECT array_agg(v.id::text ORDER BY v.valid_from) FROM access_status_versions v
               WHERE v.organization_id = $1 AND v.area_id = $2) AS written,
              (SELECT count(*)::int FROM outbox_events o
               WHERE o.type = 'access_status.recorded' AND o.access_status_version_id::text IN
                     (SELECT jsonb_array_elements_text(e.after->'versionIds'))) AS events
       FROM audit_events e WHERE e.action = 'import.apply' ORDER BY e.id DESC LIMIT 1`,
      [pair.organizationId, pair.areaId],
    );
    expect(event!.ids).toHaveLength(3_000);
    expect(event!.ids).toEqual(event!.written);
    expect(event!.events).toBe(3_000);
    expect(summaryOf(await upload(coordinator, file))).toEqual({
      new: 0,
      corrections: 0,
      unchanged: 3_000,
      errors: 0,
    });
  }, 120_000);
});

describe('imports in the background', () => {
  it('answers 202 with a job whose progress and report GET /api/imports/{id} gives, to its owner and coordinators only', async () => {
    const editor = await t.signIn('editor.icrc@demo.local');
    const file = csv([
      HEADER,
      ['ICRC', 'Lachin corridor', 'AZE', 'PENDING', '2024-04-01', 'Asked to cross', 'MODERATE'],
    ]);
    const started = await upload(editor, file, { async: true });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({
      status: 'CHECKING',
      dryRun: true,
      filename: 'report.csv',
    });
    const job = await followImport(editor, started.json().id);
    expect(job).toMatchObject({
      status: 'DONE',
      rowsDone: 1,
      rowsTotal: 1,
      report: { summary: { new: 1, errors: 0 } },
    });
    expect((await coordinator.get(`/api/imports/${job.id}`)).statusCode).toBe(200);
    expect(
      (await (await t.signIn('editor.un@demo.local')).get(`/api/imports/${job.id}`)).statusCode,
    ).toBe(404);

    const applied = await followImport(
      editor,
      (await upload(editor, file, { dryRun: false, async: true })).json().id,
    );
    expect(applied).toMatchObject({
      status: 'DONE',
      report: { applied: true, summary: { new: 1 } },
    });
    const icrc = await t.db.organization.findFirstOrThrow({ where: { acronym: 'ICRC' } });
    const written = await t.db.accessStatusVersion.findFirstOrThrow({
      where: { organizationId: icrc.id, reason: 'Asked to cross' },
    });
    expect(written.reviewState).toBe('SUBMITTED');
    // the file is dropped once the import is over
    const { rows } = await t.sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM import_jobs WHERE file_oid IS NOT NULL AND id = ANY($1::uuid[])`,
      [[job.id, applied.id]],
    );
    expect(rows[0]!.n).toBe(0);
  });

  it('shows a job only to readers cleared as high as the clearance its report was computed at', async () => {
    // A SEVERE coordinator's file correcting a SEVERE entry: the report counts a correction
    // and names the entry's version, which a LOW reader must not learn exists.
    const { organizationId, areaId } = await freshPair();
    const severe = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    const recorded = await severe.post(
      '/api/access-statuses',
      statusBody(organizationId, areaId, { validFrom: '2024-03-01', sensitivity: 'SEVERE' }),
    );
    expect(recorded.statusCode, recorded.body).toBe(201);
    const file = csv([
      BY_ID,
      [organizationId, areaId, 'DENIED', '2024-03-01', '', 'Field report', 'SEVERE'],
    ]);
    const job = await followImport(severe, (await upload(severe, file, { async: true })).json().id);
    expect(job).toMatchObject({ status: 'DONE', report: { summary: { corrections: 1 } } });
    const lowCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
      TEST_PASSWORD,
    );
    const lowAdmin = await t.signIn((await makeUser(t.db, 'ADMIN', 'HIGH')).email, TEST_PASSWORD);
    const nothing = await lowCoordinator.get('/api/imports/00000000-0000-4000-8000-000000000000');
    expect(nothing.statusCode).toBe(404);
    for (const reader of [lowCoordinator, lowAdmin]) {
      const answer = await reader.get(`/api/imports/${job.id}`);
      // as an id of nothing: same status, same body
      expect(answer.statusCode).toBe(404);
      expect(answer.json()).toEqual(nothing.json());
    }
    const severeCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    expect((await severeCoordinator.get(`/api/imports/${job.id}`)).json()).toEqual(job);
  });

  it("reports progress that never goes back: a dry run's count goes on rising from reading the file to planning it", async () => {
    const { organizationId, areaId } = await freshPair();
    const rows = 6_000;
    const file = csv([
      BY_ID,
      ...Array.from({ length: rows }, (_, index) => [
        organizationId,
        areaId,
        'CONSTRAINED',
        new Date(Date.UTC(2010, 0, 1 + index)).toISOString().slice(0, 10),
        '',
        `progress ${index}`,
        'LOW',
      ]),
    ]);
    const admin = await t.db.user.findFirstOrThrow({ where: { email: 'coordinator@demo.local' } });
    const seen: [string, number, number][] = [];
    const report = await importAccessCsv(
      t.db,
      { actor: await actorOfUser(t.db, admin.id) },
      { filename: 'progress.csv', content: Readable.from([Buffer.from(file)]) },
      { dryRun: true, onProgress: (phase, done, total) => void seen.push([phase, done, total]) },
    );
    expect(report.summary).toMatchObject({ new: rows, errors: 0 });
    expect(new Set(seen.map(([phase]) => phase))).toEqual(new Set(['CHECKING']));
    // reading reported (the total not known yet), then planning
    expect(seen.some(([, , total]) => total === 0)).toBe(true);
    expect(seen.at(-1)).toEqual(['CHECKING', rows, rows]);
    for (let index = 1; index < seen.length; index++)
      expect(
        seen[index]![1],
        JSON.stringify(seen.slice(index - 1, index + 1)),
      ).toBeGreaterThanOrEqual(seen[index - 1]![1]);
    // the total, once known, is the file's rows
    expect(new Set(seen.map(([, , total]) => total))).toEqual(new Set([0, rows]));
  }, 120_000);

  it('reports the write that failed in the database mid-apply as itself, and writes nothing', async () => {
    // a failure in the database mid-apply surfaces as itself, not as "transaction aborted"
    // from a later statement (a planner that ran ahead of its writes once risked that)
    // ten pairs of 500 rows: batches of two new pairs each, so reads follow the first write
    const pairs = await Promise.all(Array.from({ length: 10 }, () => freshPair()));
    const file = csv([
      BY_ID,
      ...pairs.flatMap(({ organizationId, areaId }) =>
        Array.from({ length: 500 }, (_, index) => [
          organizationId,
          areaId,
          index % 2 ? 'FULL' : 'DENIED',
          new Date(Date.UTC(1990, 0, 1 + index)).toISOString().slice(0, 10),
          '',
          // in every pair, so in the first write whatever order the pairs are planned in
          index === 100 ? 'refused by the database' : `pipelined ${index}`,
          'LOW',
        ]),
      ),
    ]);
    await t.sql(`CREATE FUNCTION test_refuse_reason() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'test trigger refused row %', NEW.reason; END $$`);
    await t.sql(`CREATE TRIGGER test_refuse_reason BEFORE INSERT ON access_status_versions
      FOR EACH ROW WHEN (NEW.reason = 'refused by the database') EXECUTE FUNCTION test_refuse_reason()`);
    try {
      const admin = await t.db.user.findFirstOrThrow({
        where: { email: 'coordinator@demo.local' },
      });
      const before = await t.db.accessStatusVersion.count();
      await expect(
        importAccessCsv(
          t.db,
          { actor: await actorOfUser(t.db, admin.id) },
          { filename: 'failing.csv', content: Readable.from([Buffer.from(file)]) },
          { dryRun: false },
        ),
      ).rejects.toThrow(/test trigger refused row refused by the database/);
      expect(await t.db.accessStatusVersion.count()).toBe(before);
    } finally {
      await t.sql('DROP TRIGGER test_refuse_reason ON access_status_versions');
      await t.sql('DROP FUNCTION test_refuse_reason()');
    }
  }, 120_000);

  it('refuses a file of one enormous line as not CSV, without repeating it back', async () => {
    // a 30 MB line once took the API down (the parser's buffer and an error quoting it all)
    const file = `organization_acronym,${'x'.repeat(3_000_000)}\r\nICRC,y\r\n`;
    const job = await followImport(
      coordinator,
      (await upload(coordinator, file, { dryRun: true, async: true })).json().id,
    );
    expect(job).toMatchObject({
      status: 'FAILED',
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringMatching(/^Row 1 is longer than 1,000,000 characters/),
      },
    });
    expect(JSON.stringify(job).length).toBeLessThan(10_000);
    // a header of many long columns: the error names a few, shortened
    const wide = Array.from({ length: 5_000 }, (_, index) => `${'c'.repeat(150)}${index}`);
    const refused = await upload(coordinator, `${wide.join(',')}\r\n${wide.join(',')}\r\n`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body.length).toBeLessThan(20_000);
    expect(refused.json().error.details.foundColumns).toHaveLength(50);
  });

  it('reports a failed import with its errors, having written nothing', async () => {
    const before = await t.db.accessStatusVersion.count();
    const file = csv([HEADER, ['ICRC', 'Atlantis', 'AZE', 'FULL', '2024-05-01', 'x', 'LOW']]);
    const job = await followImport(
      coordinator,
      (await upload(coordinator, file, { dryRun: false, async: true })).json().id,
    );
    expect(job).toMatchObject({
      status: 'FAILED',
      error: {
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('nothing was imported'),
      },
    });
    expect(job.error.details.report.errors).toEqual([
      expect.objectContaining({ row: 2, field: 'area_name' }),
    ]);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });
});
