import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  TEST_PASSWORD,
} from '../support/factories';
import { upload } from '../support/upload';

/**
 * The request CSV (issue 16): one row per request and needed party with the HXL hashtags
 * of the status report's conventions; a file exported and imported again changes nothing,
 * and a new file makes requests and positions through the same rules as the API.
 */

let t: TestApp;
let coordinator: Client;
let lowViewer: Client;
let organization: { id: string; name: string };
let area: { id: string; name: string };
let baku: { id: string; name: string };
let yerevan: { id: string; name: string };

beforeAll(async () => {
  t = await createTestApp();
  organization = await makeOrganization(t.db, { name: 'Միջազգային կազմակերպություն' });
  area = await makeArea(t.db, { name: 'Laçın dəhlizi' });
  baku = await makeParty(t.db, 'Government of Azerbaijan (CSV)');
  yerevan = await makeParty(t.db, 'Правительство Армении');
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  lowViewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('GET /api/exports/access-requests.csv and POST /api/imports/access-requests', () => {
  it('exports one row per needed party with HXL hashtags, and re-importing it changes nothing', async () => {
    const { requestId } = (
      await coordinator.post('/api/access-requests', {
        organizationId: organization.id,
        kind: 'FACT_FINDING_MISSION',
        areaId: area.id,
        requestedOn: '2023-02-01',
        purpose: '=HYPERLINK("x") a mission, with "quotes"',
        neededPartyIds: [baku.id, yerevan.id],
        sources: [{ title: 'Report' }],
        sensitivity: 'LOW',
      })
    ).json();
    await coordinator.post(`/api/access-requests/${requestId}/positions`, {
      partyId: baku.id,
      stance: 'GRANTED_WITH_CONDITIONS',
      statedOn: '2023-02-10',
      conditions: [
        { type: 'NOTIFICATION', grantingPartyId: baku.id, note: 'notify 48 h ahead' },
        { type: 'ESCORT', note: 'escorted' },
      ],
      sources: [{ title: 'Letter', publisher: 'Ministry', publishedOn: '2023-02-11' }],
      sensitivity: 'LOW',
    });
    await coordinator.post(`/api/access-requests/${requestId}/positions`, {
      partyId: yerevan.id,
      stance: 'REQUESTED',
      statedOn: '2023-02-01',
      sensitivity: 'MODERATE',
    });
    const exported = await coordinator.get(`/api/exports/access-requests.csv?asOf=2023-03-01`);
    expect(exported.statusCode, exported.body).toBe(200);
    const rows: string[][] = parse(exported.body);
    expect(rows[1]).toContain('#activity+id');
    expect(rows[1]).toContain('#group+name');
    expect(rows[1]).toContain('#access+consent');
    expect(rows[1]).toContain('#meta+sensitivity');
    const column = (name: string) => rows[0]!.indexOf(name);
    const data = rows.slice(2).filter((row) => row[column('request_id')] === requestId);
    expect(
      data.map((row) => [
        row[column('party_name')],
        row[column('stance')],
        row[column('days_waited')],
      ]),
    ).toEqual([
      [baku.name, 'GRANTED_WITH_CONDITIONS', ''],
      [yerevan.name, 'REQUESTED', '28'],
    ]);
    expect(data[0]![column('condition_types')]).toBe('NOTIFICATION | ESCORT');
    expect(data[0]![column('condition_notes')]).toBe('notify 48 h ahead | escorted');
    expect(data[0]![column('request_state')]).toBe('PENDING');
    expect(data[0]![column('area_name')]).toBe('Laçın dəhlizi');
    // a formula is neutralised
    expect(data[0]![column('purpose')]!.startsWith("'=")).toBe(true);

    const report = await upload(coordinator, exported.body, {
      path: '/api/imports/access-requests',
      dryRun: false,
    });
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({
      hxlRow: 2,
      applied: true,
      summary: { newRequests: 0, newPositions: 0, errors: 0 },
    });
    expect(report.json().summary.unchanged).toBeGreaterThanOrEqual(2);
    const history = (await coordinator.get(`/api/access-requests/${requestId}/history`)).json();
    expect(history.positions).toHaveLength(2);
    // a LOW reader's export leaves out the MODERATE position: Yerevan reads as never asked
    const low: string[][] = parse(
      (await lowViewer.get('/api/exports/access-requests.csv?asOf=2023-03-01')).body,
    );
    const lowRow = low.find(
      (row) =>
        row[column('request_id')] === requestId && row[column('party_name')] === yerevan.name,
    )!;
    expect([lowRow[column('stance')], lowRow[column('position_version_id')]]).toEqual(['', '']);
  });

  it('makes new requests and positions from a file without ids, and refuses bad rows with the row and column, writing nothing', async () => {
    const csv = [
      'organization_name,request_kind,area_name,requested_on,purpose,request_sensitivity,party_name,stance,stated_on,reason,sensitivity',
      '#org+name,#activity+type+code,#loc+name,#date+requested,#description+purpose,#meta+sensitivity+request,#group+name,#access+consent,#date+consent,#description+reason,#meta+sensitivity',
      `"${organization.name}",DELIVERY,"${area.name}",2023-05-01,Convoy,LOW,"${baku.name}",REFUSED,2023-05-03,No reason given,LOW`,
      `"${organization.name}",DELIVERY,"${area.name}",2023-05-01,Convoy,LOW,"${yerevan.name}",REQUESTED,2023-05-01,,LOW`,
    ].join('\n');
    const checked = await upload(coordinator, csv, { path: '/api/imports/access-requests' });
    expect(checked.json()).toMatchObject({
      dryRun: true,
      applied: false,
      summary: { newRequests: 1, newPositions: 2, errors: 0 },
    });
    const applied = await upload(coordinator, csv, {
      path: '/api/imports/access-requests',
      dryRun: false,
    });
    expect(applied.json().applied).toBe(true);
    const listed = (
      await coordinator.get(`/api/access-requests?areaId=${area.id}&kind=DELIVERY&asOf=2023-06-01`)
    ).json();
    expect(
      listed.items.map((item: any) => [item.state, item.consents.map((c: any) => c.stance)]),
    ).toEqual([['REFUSED', ['REFUSED', 'REQUESTED']]]);
    const before = await t.db.consentPositionVersion.count();
    const bad = await upload(
      coordinator,
      `${csv.split('\n').slice(0, 2).join('\n')}\n"${organization.name}",DELIVERY,"${area.name}",2023-05-01,Other,LOW,"${baku.name}",MAYBE,2023-05-03,,LOW\n`,
      { path: '/api/imports/access-requests', dryRun: false },
    );
    expect(bad.statusCode).toBe(200);
    expect(bad.json().applied).toBe(false);
    expect(bad.json().errors[0]).toMatchObject({ row: 3, field: 'stance' });
    expect(await t.db.consentPositionVersion.count()).toBe(before);
  });

  it("names the column a row's organisation or area came from, as the file spells it, and refuses an id that is not one", async () => {
    const tail = `DELIVERY,2023-05-01,Convoy,LOW,"${baku.name}",REFUSED,2023-05-03,,LOW`;
    const columns =
      'request_kind,requested_on,purpose,request_sensitivity,party_name,stance,stated_on,reason,sensitivity';
    for (const [head, values, field] of [
      ['organization_acronym,area_name', `NOPE,"${area.name}"`, 'organization_acronym'],
      ['organization_name,area_pcode', `"${organization.name}",XX999`, 'area_pcode'],
      ['organization_id,area_name', `not-an-id,"${area.name}"`, 'organization_id'],
      [
        'organization_name,area_id',
        `"${organization.name}",00000000-0000-4000-8000-000000000000`,
        'area_id',
      ],
    ] as const) {
      const response = await upload(coordinator, `${head},${columns}\n${values},${tail}\n`, {
        path: '/api/imports/access-requests',
      });
      expect(response.statusCode, `${head}: ${response.body}`).toBe(200);
      expect(
        response.json().errors.map((error: { field: string }) => error.field),
        head,
      ).toEqual([field]);
    }
  });

  it('finds organisations, areas and parties as the other imports do (aliases, names in other languages, party ids), and says which column names nothing or several', async () => {
    const aliased = await t.db.organization.update({
      where: { id: (await makeOrganization(t.db)).id },
      data: { aliases: ['Relief Alias CSV'] },
    });
    const zone = await makeArea(t.db, { name: 'Zone with other names' });
    await t.db.areaName.create({ data: { areaId: zone.id, lang: 'ru', name: 'Зона CSV' } });
    const head =
      'organization_name,request_kind,area_name,requested_on,purpose,request_sensitivity,party_id,stance,stated_on,condition_types,condition_parties,sensitivity';
    const good = `Relief Alias CSV,DELIVERY,Зона CSV,2023-08-01,Convoy,LOW,${baku.id},GRANTED_WITH_CONDITIONS,2023-08-02,NOTIFICATION,"${baku.name}",LOW`;
    const checked = await upload(coordinator, `${head}\n${good}\n`, {
      path: '/api/imports/access-requests',
    });
    expect(checked.json(), checked.body).toMatchObject({
      summary: { newRequests: 1, newPositions: 1, errors: 0 },
    });
    const applied = await upload(coordinator, `${head}\n${good}\n`, {
      path: '/api/imports/access-requests',
      dryRun: false,
    });
    expect(applied.json().applied, applied.body).toBe(true);
    const written = await t.db.accessRequestVersion.findFirstOrThrow({
      where: { areaId: zone.id },
      include: { request: true },
    });
    expect(written.request.organizationId).toBe(aliased.id);
    // a name of two organisations, a granting party of none: each said at its column
    await makeOrganization(t.db, { name: 'Twin relief CSV' });
    await t.db.organization.update({
      where: { id: (await makeOrganization(t.db)).id },
      data: { aliases: ['twin relief csv'] },
    });
    const bad = await upload(
      coordinator,
      `${head}\n${good.replace('Relief Alias CSV', 'Twin relief CSV')}\n${good.replace(`"${baku.name}"`, 'Nobody at all')}\n`,
      { path: '/api/imports/access-requests' },
    );
    expect(bad.json().errors).toEqual([
      expect.objectContaining({ row: 2, field: 'organization_name' }),
      expect.objectContaining({ row: 3, field: 'condition_parties' }),
    ]);
    expect(bad.json().errors[0].message).toContain('names several organisations');
    expect(bad.json().errors[1].message).toContain('no party matches "Nobody at all"');
  });

  it('reports a new request that fails its checks as errors at its columns, and none of its rows as a change', async () => {
    const head =
      'organization_name,request_kind,area_name,requested_on,period_from,period_to,purpose,request_sensitivity,party_name,stance,stated_on,sensitivity';
    const rows = [
      // a day that is not one
      `"${organization.name}",DELIVERY,"${area.name}",2024-02-30,,,Bad day,LOW,"${baku.name}",,,`,
      // a period ending before it starts
      `"${organization.name}",DELIVERY,"${area.name}",2024-02-01,2024-03-10,2024-03-01,Backwards,LOW,"${baku.name}",,,`,
      // a good one
      `"${organization.name}",DELIVERY,"${area.name}",2024-02-01,,,Fine,LOW,"${baku.name}",,,`,
      // a party of nobody: one error, at its column
      `"${organization.name}",DELIVERY,"${area.name}",2024-02-01,,,Nobody,LOW,Nobody at all,REQUESTED,2024-02-01,LOW`,
    ];
    const report = (
      await upload(coordinator, [head, ...rows].join('\n'), {
        path: '/api/imports/access-requests',
      })
    ).json();
    expect(
      report.errors.map((error: { row: number; field: string }) => [error.row, error.field]),
    ).toEqual([
      [2, 'requested_on'],
      [3, 'period_to'],
      [5, 'party_name'],
    ]);
    expect(report.changes.map((change: { row: number }) => change.row)).toEqual([4]);
    expect(report.summary).toMatchObject({ newRequests: 1, errors: 3 });
  });

  it('refuses in the dry run a position dated before its request, at stated_on, for a new request and a known one', async () => {
    const head =
      'organization_name,request_kind,area_name,requested_on,purpose,request_sensitivity,party_name,stance,stated_on,sensitivity';
    const row = (statedOn: string) =>
      `"${organization.name}",PRESENCE,"${area.name}",2024-01-10,Dated answers,LOW,"${baku.name}",GRANTED,${statedOn},LOW`;
    const early = await upload(coordinator, `${head}\n${row('2023-01-01')}\n`, {
      path: '/api/imports/access-requests',
      dryRun: false,
    });
    expect(early.json()).toMatchObject({
      applied: false,
      errors: [expect.objectContaining({ row: 2, field: 'stated_on' })],
    });
    expect(early.json().changes).toEqual([]);
    // the request made (its answer on the day), then a file answering it before that day
    const made = await upload(coordinator, `${head}\n${row('2024-01-10')}\n`, {
      path: '/api/imports/access-requests',
      dryRun: false,
    });
    expect(made.json().applied, made.body).toBe(true);
    const again = await upload(coordinator, `${head}\n${row('2024-01-09')}\n`, {
      path: '/api/imports/access-requests',
    });
    expect(again.json().errors).toEqual([expect.objectContaining({ row: 2, field: 'stated_on' })]);
  });

  it("re-imports an export whose position a lower writer left before its request's day, and checks an editor's new position against the day as validated, as the apply does", async () => {
    const { id, requestId } = (
      await coordinator.post('/api/access-requests', {
        organizationId: organization.id,
        kind: 'MOVEMENT',
        areaId: area.id,
        requestedOn: '2023-10-01',
        purpose: 'Moved day',
        neededPartyIds: [baku.id],
        sensitivity: 'LOW',
      })
    ).json();
    const answered = await coordinator.post(`/api/access-requests/${requestId}/positions`, {
      partyId: baku.id,
      stance: 'GRANTED',
      statedOn: '2023-10-02',
      sensitivity: 'SEVERE',
    });
    expect(answered.statusCode, answered.body).toBe(201);
    // a LOW coordinator, who does not see the SEVERE answer, moves the request's day past it
    const low = await t.signIn((await makeUser(t.db, 'COORDINATOR', 'LOW')).email, TEST_PASSWORD);
    const moved = await low.post(`/api/access-requests/versions/${id}/corrections`, {
      kind: 'MOVEMENT',
      areaId: area.id,
      requestedOn: '2023-10-05',
      purpose: 'Moved day',
      neededPartyIds: [baku.id],
      sensitivity: 'LOW',
    });
    expect(moved.statusCode, moved.body).toBe(201);
    // the SEVERE coordinator's export imports again unchanged
    const exported = await coordinator.get(
      `/api/exports/access-requests.csv?organizationId=${organization.id}&asOf=2023-12-31`,
    );
    const rows = exported.body.split(/\r?\n/).filter(Boolean);
    const mine = [rows[0]!, rows[1]!, ...rows.slice(2).filter((row) => row.includes(requestId))];
    const again = (
      await upload(coordinator, mine.join('\r\n'), { path: '/api/imports/access-requests' })
    ).json();
    expect(again.errors).toEqual([]);
    expect(again.summary).toMatchObject({ newPositions: 0, corrections: 0 });
    // an editor's row proposing an earlier day and a position between the two days: the
    // position is checked against the validated day (the correction is only proposed)
    const editor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'LOW', [organization.id])).email,
      TEST_PASSWORD,
    );
    const file = [
      'request_id,requested_on,party_name,stance,stated_on,sensitivity',
      `${requestId},2023-09-01,"${baku.name}",GRANTED,2023-09-15,LOW`,
    ].join('\n');
    const checked = (await upload(editor, file, { path: '/api/imports/access-requests' })).json();
    expect(checked.errors).toEqual([expect.objectContaining({ row: 2, field: 'stated_on' })]);
  });

  it("refuses in the dry run an editor's change to another organisation's request, as the apply would", async () => {
    const theirs = await makeOrganization(t.db);
    const { requestId } = (
      await coordinator.post('/api/access-requests', {
        organizationId: theirs.id,
        kind: 'DELIVERY',
        areaId: area.id,
        requestedOn: '2023-09-01',
        purpose: 'Their convoy',
        neededPartyIds: [baku.id],
        sensitivity: 'LOW',
      })
    ).json();
    const editor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'SEVERE', [organization.id])).email,
      TEST_PASSWORD,
    );
    const file = [
      'request_id,party_name,stance,stated_on,sensitivity',
      `${requestId},"${baku.name}",GRANTED,2023-09-03,LOW`,
    ].join('\n');
    const before = await t.db.consentPositionVersion.count();
    for (const dryRun of [true, false]) {
      const response = await upload(editor, file, { path: '/api/imports/access-requests', dryRun });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toMatchObject({
        applied: false,
        errors: [expect.objectContaining({ row: 2, field: 'request_id' })],
      });
    }
    expect(await t.db.consentPositionVersion.count()).toBe(before);
  });

  it('refuses a file of more than 10,000 rows before holding it: 400 naming the file, nothing written', async () => {
    const row = `"${organization.name}",DELIVERY,"${area.name}",2023-05-01,Convoy,LOW,"${baku.name}",REFUSED,2023-05-03,,LOW`;
    const csv = [
      'organization_name,request_kind,area_name,requested_on,purpose,request_sensitivity,party_name,stance,stated_on,reason,sensitivity',
      ...Array.from({ length: 10_030 }, () => row),
    ].join('\n');
    const before = await t.db.accessRequestVersion.count();
    const response = await upload(coordinator, csv, {
      path: '/api/imports/access-requests',
      dryRun: false,
    });
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    expect(response.json().error).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: { issues: [{ field: 'file', message: 'more than 10,000 rows' }] },
    });
    expect(await t.db.accessRequestVersion.count()).toBe(before);
  });

  it('is idempotent: importing a file twice, or its export, changes nothing; an edited row makes a new version, never a new request (issue 16)', async () => {
    const area2 = await makeArea(t.db, { name: 'Idempotent corridor' });
    const counts = async () => ({
      requests: await t.db.accessRequest.count(),
      requestVersions: await t.db.accessRequestVersion.count(),
      positions: await t.db.consentPosition.count(),
      positionVersions: await t.db.consentPositionVersion.count(),
    });
    const apply = async (csv: string, dryRun = false) => {
      const response = await upload(coordinator, csv, {
        path: '/api/imports/access-requests',
        dryRun,
        filename: 'requests.csv',
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    // a file without ids: two requests, one needing both parties
    const file = [
      'organization_name,request_kind,area_name,requested_on,period_to,purpose,request_sensitivity,party_name,stance,stated_on,reason,sensitivity',
      `"${organization.name}",MOVEMENT,"${area2.name}",2023-04-01,2023-04-30,Convoy to the corridor,LOW,"${baku.name}",REQUESTED,2023-04-01,,LOW`,
      `"${organization.name}",MOVEMENT,"${area2.name}",2023-04-01,2023-04-30,Convoy to the corridor,LOW,"${yerevan.name}",GRANTED,2023-04-05,Agreed by letter,LOW`,
      `"${organization.name}",PRESENCE,"${area2.name}",2023-04-02,,Office,MODERATE,"${baku.name}",,,,`,
    ].join('\n');
    const first = await apply(file);
    expect(first).toMatchObject({
      applied: true,
      summary: { newRequests: 2, newPositions: 2, corrections: 0, unchanged: 0, errors: 0 },
    });
    const afterFirst = await counts();
    // the same file again: every row matched by its natural key, nothing written, dry run or not
    for (const dryRun of [true, false]) {
      const again = await apply(file, dryRun);
      expect(again, JSON.stringify(again.errors)).toMatchObject({
        applied: !dryRun,
        summary: { newRequests: 0, newPositions: 0, corrections: 0, unchanged: 3, errors: 0 },
      });
      expect(again.changes.map((c: any) => [c.row, c.request, c.position])).toEqual([
        [2, 'UNCHANGED', 'UNCHANGED'],
        [3, 'UNCHANGED', 'UNCHANGED'],
        [4, 'UNCHANGED', null],
      ]);
      expect(await counts()).toEqual(afterFirst);
    }

    // its export round-trips, with its ids and without them (the same natural key)
    const exported = await coordinator.get(
      `/api/exports/access-requests.csv?areaId=${area2.id}&asOf=2023-06-01`,
    );
    expect(exported.statusCode).toBe(200);
    const table: string[][] = parse(exported.body);
    expect(table.length).toBe(2 + 3);
    const withoutIds = table
      .map((row) =>
        row.filter(
          (_, index) =>
            ![
              'request_id',
              'request_version_id',
              'position_version_id',
              'organization_id',
            ].includes(table[0]![index]!),
        ),
      )
      .map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(','))
      .join('\n');
    for (const csv of [exported.body, withoutIds]) {
      const roundTrip = await apply(csv);
      expect(roundTrip, JSON.stringify(roundTrip.errors)).toMatchObject({
        applied: true,
        summary: { newRequests: 0, newPositions: 0, corrections: 0, unchanged: 3, errors: 0 },
      });
      expect(await counts()).toEqual(afterFirst);
    }

    // an edited row: the request's end and Yerevan's reason change; one new version each
    const column = (name: string) => table[0]!.indexOf(name);
    const edited = table.map((row) => [...row]);
    const yerevanRow = edited.find((row) => row[column('party_name')] === yerevan.name)!;
    const movement = yerevanRow[column('request_id')]!;
    for (const row of edited.filter((r) => r[column('request_id')] === movement))
      row[column('period_to')] = '2023-05-15';
    yerevanRow[column('reason')] = 'Agreed by note verbale';
    const editedCsv = edited
      .map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(','))
      .join('\n');
    const checked = await apply(editedCsv, true);
    expect(checked.summary).toEqual({
      newRequests: 0,
      newPositions: 0,
      corrections: 2,
      unchanged: 1,
      errors: 0,
    });
    expect(await counts()).toEqual(afterFirst);
    const applied = await apply(editedCsv);
    expect(applied.summary).toEqual(checked.summary);
    expect(applied.changes).toEqual(checked.changes);
    const afterEdit = await counts();
    expect(afterEdit).toEqual({
      ...afterFirst,
      requestVersions: afterFirst.requestVersions + 1,
      positionVersions: afterFirst.positionVersions + 1,
    });
    const detail = (
      await coordinator.get(`/api/access-requests/${movement}?asOf=2023-06-01`)
    ).json();
    expect(detail.request.periodTo).toBe('2023-05-15');
    expect(detail.request.changeKind).toBe('CORRECTION');
    expect(detail.consents.map((c: any) => [c.party.name, c.stance])).toEqual([
      [baku.name, 'REQUESTED'],
      [yerevan.name, 'GRANTED'],
    ]);
    const history = (await coordinator.get(`/api/access-requests/${movement}/history`)).json();
    expect(history.positions.map((p: any) => p.reason)).toEqual([
      null,
      'Agreed by letter',
      'Agreed by note verbale',
    ]);
    // and the edited file is now what is recorded: importing it again changes nothing
    const settled = await apply(editedCsv);
    expect(settled.summary).toMatchObject({ corrections: 0, unchanged: 3, errors: 0 });
    expect(await counts()).toEqual(afterEdit);

    // an old export edited: rows naming versions replaced since are refused, naming the column
    const stale = await apply(exported.body.replace('Agreed by letter', 'Agreed later'), true);
    expect(stale.errors.map((e: any) => e.field).sort()).toEqual([
      'position_version_id',
      'request_version_id',
    ]);
  });

  it("an editor's import proposes a new request once: importing it again matches the proposal; a stance on it is refused until it is validated", async () => {
    const editor = await t.signIn(
      (await makeUser(t.db, 'EDITOR', 'MODERATE', [organization.id])).email,
      TEST_PASSWORD,
    );
    const area3 = await makeArea(t.db, { name: 'Proposed corridor' });
    const file = [
      'organization_name,request_kind,area_name,requested_on,purpose,request_sensitivity,party_name,stance,stated_on,sensitivity',
      `"${organization.name}",ASSESSMENT_MISSION,"${area3.name}",2023-07-01,Needs assessment,LOW,"${baku.name}",,,`,
      `"${organization.name}",ASSESSMENT_MISSION,"${area3.name}",2023-07-01,Needs assessment,LOW,"${yerevan.name}",,,`,
    ].join('\n');
    const send = async (csv: string) => {
      const response = await upload(editor, csv, {
        path: '/api/imports/access-requests',
        dryRun: false,
      });
      expect(response.statusCode, response.body).toBe(200);
      return response.json();
    };
    const proposals = () => t.db.accessRequestVersion.count({ where: { areaId: area3.id } });
    expect((await send(file)).summary).toMatchObject({ newRequests: 1, errors: 0 });
    expect(await proposals()).toBe(1);
    const again = await send(file);
    expect(again.summary).toEqual({
      newRequests: 0,
      newPositions: 0,
      corrections: 0,
      unchanged: 2,
      errors: 0,
    });
    expect(await proposals()).toBe(1);
    // a changed row resubmits the proposal (a new row of it), still one request
    const changed = await send(
      file.replaceAll('2023-07-01,Needs assessment,LOW', '2023-07-01,Needs assessment,MODERATE'),
    );
    expect(changed.summary).toMatchObject({ newRequests: 0, corrections: 1, unchanged: 1 });
    expect(
      await t.db.accessRequest.count({ where: { versions: { some: { areaId: area3.id } } } }),
    ).toBe(1);
    expect(await proposals()).toBe(2);
    // a party's answer waits for the request's validation, said at the row and column
    const answered = await send(
      file.replace(`"${baku.name}",,,`, `"${baku.name}",GRANTED,2023-07-05,LOW`),
    );
    expect(answered.applied).toBe(false);
    expect(answered.errors).toEqual([expect.objectContaining({ row: 2, field: 'stance' })]);
    // a new request each of whose rows answers for a party: refused at the row (it was a 500)
    const area4 = await makeArea(t.db, { name: 'Answered corridor' });
    const only = await send(
      [
        file.split('\n')[0],
        `"${organization.name}",MOVEMENT,"${area4.name}",2023-07-01,Convoy,LOW,"${baku.name}",REQUESTED,2023-07-01,LOW`,
      ].join('\n'),
    );
    expect(only.applied).toBe(false);
    expect(only.errors).toEqual([expect.objectContaining({ row: 2, field: 'stance' })]);
    expect(await t.db.accessRequestVersion.count({ where: { areaId: area4.id } })).toBe(0);
  });
});
