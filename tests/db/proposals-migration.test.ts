import { describe, expect, it } from 'vitest';
import { databaseBeforeMigration } from '../support/migration-harness';

const THIS_MIGRATION = '20261127040000_proposals';
const database = databaseBeforeMigration(THIS_MIGRATION, 'proposals');

const ids = {
  organization: '10000000-0000-4000-8000-000000000001',
  area: '10000000-0000-4000-8000-000000000002',
  editor: '10000000-0000-4000-8000-000000000003',
  coordinator: '10000000-0000-4000-8000-000000000004',
  v0: '20000000-0000-4000-8000-000000000000',
  s1: '20000000-0000-4000-8000-000000000001',
  r1: '20000000-0000-4000-8000-000000000002',
  s2: '20000000-0000-4000-8000-000000000003',
  c2: '20000000-0000-4000-8000-000000000004',
  d1: '20000000-0000-4000-8000-000000000005',
  s3: '20000000-0000-4000-8000-000000000006',
  v3: '20000000-0000-4000-8000-000000000007',
};

/** One version as the code before proposals wrote it: one statement each, so the old trigger derives it. */
async function insertVersion(
  id: string,
  status: string,
  validFrom: string,
  by: string,
  kind: string,
  reviewState: string,
  supersedesId: string | null,
  reviewNote: string | null = null,
) {
  await database.client.query(
    `INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, recorded_at, recorded_by_id,
       change_kind, reason, sensitivity, review_state, review_note, supersedes_id)
     VALUES ($1, $2, $3, $4, $5, clock_timestamp(), $6, $7, 'Field report', 'LOW', $8, $9, $10)`,
    [
      id,
      ids.organization,
      ids.area,
      status,
      validFrom,
      by,
      kind,
      reviewState,
      reviewNote,
      supersedesId,
    ],
  );
}

const timeline = async () =>
  (
    await database.client.query<{ row: string }>(
      `SELECT id || ' ' || status || ' ' || valid_from || '..' || coalesce(valid_to::text, '') AS row
       FROM current_access_statuses WHERE level = 'SEVERE' ORDER BY valid_from`,
    )
  ).rows.map((r) => r.row);

describe(`migration ${THIS_MIGRATION}`, () => {
  it('turns every submitted, draft and returned version into a proposal, in no timeline, and rebuilds the validated timelines', async () => {
    await database.client.query(
      `INSERT INTO organizations (id, name, type_code) VALUES ($1, 'An organisation', 441)`,
      [ids.organization],
    );
    await database.client.query(
      `INSERT INTO areas (id, name, kind) VALUES ($1, 'An area', 'ADM1')`,
      [ids.area],
    );
    for (const [id, role] of [
      [ids.editor, 'EDITOR'],
      [ids.coordinator, 'COORDINATOR'],
    ] as const) {
      await database.client.query(
        `INSERT INTO users (id, email, display_name, password_hash, role, clearance)
         VALUES ($1, $2, $3, 'x', $4, 'SEVERE')`,
        [id, `${role.toLowerCase()}@test.local`, role, role],
      );
    }
    const { editor, coordinator } = ids;
    await insertVersion(ids.v0, 'FULL', '2023-01-01', coordinator, 'RECORD', 'VALIDATED', null);
    // an editor's correction, submitted, then returned
    await insertVersion(ids.s1, 'DENIED', '2023-01-01', editor, 'CORRECTION', 'SUBMITTED', ids.v0);
    await insertVersion(
      ids.r1,
      'DENIED',
      '2023-01-01',
      coordinator,
      'REVIEW',
      'RETURNED',
      ids.s1,
      'Source?',
    );
    // an editor's entry a coordinator corrected (validated without review, before proposals)
    await insertVersion(ids.s2, 'PENDING', '2023-03-01', editor, 'RECORD', 'SUBMITTED', null);
    await insertVersion(
      ids.c2,
      'CONSTRAINED',
      '2023-03-01',
      coordinator,
      'CORRECTION',
      'VALIDATED',
      ids.s2,
    );
    // a draft
    await insertVersion(ids.d1, 'FULL', '2023-05-01', editor, 'RECORD', 'DRAFT', null);
    // an editor's entry, then its validation as a review
    await insertVersion(ids.s3, 'SUSPENDED', '2023-07-01', editor, 'RECORD', 'SUBMITTED', null);
    await insertVersion(
      ids.v3,
      'SUSPENDED',
      '2023-07-01',
      coordinator,
      'REVIEW',
      'VALIDATED',
      ids.s3,
    );

    // before: the returned correction and the draft were part of the timeline
    expect(await timeline()).toEqual([
      `${ids.r1} DENIED 2023-01-01..2023-03-01`,
      `${ids.c2} CONSTRAINED 2023-03-01..2023-05-01`,
      `${ids.d1} FULL 2023-05-01..2023-07-01`,
      `${ids.v3} SUSPENDED 2023-07-01..`,
    ]);
    const count = async (where: string) =>
      Number(
        (
          await database.client.query(
            `SELECT count(*) AS n FROM access_status_versions WHERE ${where}`,
          )
        ).rows[0].n,
      );
    const proposalsBefore = await count(`review_state <> 'VALIDATED'`);
    const versionsBefore = await count('TRUE');
    expect(proposalsBefore).toBe(5);

    await database.apply();

    // every row kept; every proposal kept, none with a level
    expect(await count('TRUE')).toBe(versionsBefore);
    expect(await count(`review_state <> 'VALIDATED'`)).toBe(proposalsBefore);
    expect(
      Number(
        (
          await database.client.query(
            `SELECT count(*) AS n FROM access_status_version_levels l JOIN access_status_versions v ON v.id = l.version_id
             WHERE v.review_state <> 'VALIDATED'`,
          )
        ).rows[0].n,
      ),
    ).toBe(0);
    // the validated timeline alone: the returned correction no longer replaces v0, the draft no longer cuts c2
    expect(await timeline()).toEqual([
      `${ids.v0} FULL 2023-01-01..2023-03-01`,
      `${ids.c2} CONSTRAINED 2023-03-01..2023-07-01`,
      `${ids.v3} SUSPENDED 2023-07-01..`,
    ]);
    // links: what each proposal corrects, what each validated version settled
    const links = (
      await database.client.query<{
        id: string;
        target_id: string | null;
        proposal_id: string | null;
      }>(`SELECT id, target_id, proposal_id FROM access_status_versions ORDER BY id`)
    ).rows;
    expect(
      Object.fromEntries(links.map((row) => [row.id, [row.target_id, row.proposal_id]])),
    ).toEqual({
      [ids.v0]: [null, null],
      [ids.s1]: [ids.v0, null],
      [ids.r1]: [ids.v0, null],
      [ids.s2]: [null, null],
      [ids.c2]: [null, ids.s2],
      [ids.d1]: [null, null],
      [ids.s3]: [null, null],
      [ids.v3]: [null, ids.s3],
    });
    // day counts follow the validated timeline only (no DENIED, no PENDING, FULL ends when c2 starts)
    const counts = (
      await database.client.query<{ row: string }>(
        `SELECT day || ' ' || status || ' ' || delta AS row FROM access_status_day_counts
         WHERE level = 'SEVERE' AND delta <> 0`,
      )
    ).rows
      .map((r) => r.row)
      .sort();
    expect(counts).toEqual([
      '2023-01-01 FULL 1',
      '2023-03-01 CONSTRAINED 1',
      '2023-03-01 FULL -1',
      '2023-07-01 CONSTRAINED -1',
      '2023-07-01 SUSPENDED 1',
    ]);
    // still append-only
    await expect(
      database.client.query(`UPDATE access_status_versions SET reason = 'x' WHERE id = $1`, [
        ids.s1,
      ]),
    ).rejects.toThrow(/append-only/);
    await expect(database.client.query(`DELETE FROM access_status_version_levels`)).rejects.toThrow(
      /append-only/,
    );
  });
});
