import { describe, expect, it } from 'vitest';
import { databaseBeforeMigration } from '../support/migration-harness';

const THIS_MIGRATION = '20261127080100_proposed_missions_to_requests';
const database = databaseBeforeMigration(THIS_MIGRATION, 'proposed_missions');

const ids = {
  mission: '10000000-0000-4000-8000-000000000001',
  peacekeeping: '10000000-0000-4000-8000-000000000002',
  corridor: '10000000-0000-4000-8000-000000000003',
  coordinator: '10000000-0000-4000-8000-000000000004',
  baku: '10000000-0000-4000-8000-000000000005',
  yerevan: '10000000-0000-4000-8000-000000000006',
  council: '10000000-0000-4000-8000-000000000007',
  lachin: '20000000-0000-4000-8000-000000000001',
  mandate: '20000000-0000-4000-8000-000000000002',
};

describe(`migration ${THIS_MIGRATION}`, () => {
  it('turns the proposed missions’ statuses into UN requests with each party asked, keeping sources, sensitivity and recorded time', async () => {
    const sql = (text: string, values: unknown[] = []) => database.client.query(text, values);
    await sql(
      `INSERT INTO organizations (id, name, type_code) VALUES
         ($1, 'Proposed UN fact-finding mission to the Lachin corridor', 447),
         ($2, 'Proposed multinational UN peacekeeping mission for Nagorno-Karabakh', 447)`,
      [ids.mission, ids.peacekeeping],
    );
    await sql(`INSERT INTO areas (id, name, kind) VALUES ($1, 'Lachin corridor', 'CORRIDOR')`, [
      ids.corridor,
    ]);
    await sql(
      `INSERT INTO users (id, email, display_name, password_hash, role, clearance)
       VALUES ($1, 'c@test.local', 'Coordinator', 'x', 'COORDINATOR', 'SEVERE')`,
      [ids.coordinator],
    );
    await sql(
      `INSERT INTO parties (id, name, kind) VALUES ($1, 'Baku', 'GOVERNMENT'), ($2, 'Yerevan', 'GOVERNMENT'),
         ($3, 'UNSC', 'INTERGOVERNMENTAL_BODY')`,
      [ids.baku, ids.yerevan, ids.council],
    );
    for (const [id, organization, sensitivity] of [
      [ids.lachin, ids.mission, 'SEVERE'],
      [ids.mandate, ids.peacekeeping, 'HIGH'],
    ] as const) {
      await sql(
        `INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, recorded_at, recorded_by_id,
           change_kind, reason, sensitivity, review_state)
         VALUES ($1, $2, $3, 'PENDING', '2023-02-01', '2023-02-03T10:00:00Z', $4, 'RECORD', 'Proposed', $5, 'VALIDATED')`,
        [id, organization, ids.corridor, ids.coordinator, sensitivity],
      );
      await sql(
        `INSERT INTO access_sources (id, version_id, position, title, publisher) VALUES (gen_random_uuid(), $1, 0, 'The report', 'ArmInfo')`,
        [id],
      );
    }
    await sql(
      `INSERT INTO access_terms (id, version_id, position, type, granting_party_id, note) VALUES
         (gen_random_uuid(), $1, 0, 'ALL_PARTIES_CONSENT', $2, 'Not granted.'),
         (gen_random_uuid(), $1, 1, 'ALL_PARTIES_CONSENT', $3, 'Not granted.'),
         (gen_random_uuid(), $4, 0, 'UNSC_MANDATE', $5, 'Hardly realistic.')`,
      [ids.lachin, ids.baku, ids.yerevan, ids.mandate, ids.council],
    );
    const statusesBefore = (await sql(`SELECT count(*)::int AS n FROM access_status_versions`))
      .rows[0].n;

    await database.apply();

    const requests = (
      await sql(
        `SELECT o.name AS lead, v.kind, v.requested_on::text, v.sensitivity, v.recorded_at = '2023-02-03T10:00:00Z' AS same_time,
                v.access_status_version_id::text AS status, cardinality(v.needed_party_ids) AS parties,
                (SELECT string_agg(s.title || '/' || s.publisher, ',') FROM access_request_sources s WHERE s.version_id = v.id) AS sources,
                (SELECT string_agg(p.name || ':' || pv.stance || ':' || pv.stated_on || ':' || pv.reason || ':' || pv.sensitivity
                          || ':' || (SELECT count(*) FROM consent_position_sources ps WHERE ps.version_id = pv.id), ',' ORDER BY p.name)
                 FROM consent_positions cp JOIN consent_position_versions pv ON pv.position_id = cp.id
                 JOIN parties p ON p.id = cp.party_id WHERE cp.request_id = v.request_id) AS positions
         FROM access_request_versions v JOIN access_requests r ON r.id = v.request_id
         JOIN organizations o ON o.id = r.organization_id ORDER BY v.kind`,
      )
    ).rows;
    expect(requests).toEqual([
      {
        lead: 'United Nations',
        kind: 'PRESENCE',
        requested_on: '2023-02-01',
        sensitivity: 'HIGH',
        same_time: true,
        status: ids.mandate,
        parties: 1,
        sources: 'The report/ArmInfo',
        // the Security Council's mandate is needed; nobody is recorded as having asked it
        positions: null,
      },
      {
        lead: 'United Nations',
        kind: 'FACT_FINDING_MISSION',
        requested_on: '2023-02-01',
        sensitivity: 'SEVERE',
        same_time: true,
        status: ids.lachin,
        parties: 2,
        sources: 'The report/ArmInfo',
        positions:
          'Baku:REQUESTED:2023-02-01:Not granted.:SEVERE:1,Yerevan:REQUESTED:2023-02-01:Not granted.:SEVERE:1',
      },
    ]);
    // nothing recorded is lost: the statuses stay as recorded
    expect((await sql(`SELECT count(*)::int AS n FROM access_status_versions`)).rows[0].n).toBe(
      statusesBefore,
    );
  });
});
