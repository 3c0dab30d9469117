import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase({ demo: true });
});
afterAll(() => t.close());

describe('the database itself', () => {
  it.each(['access_status_versions', 'access_terms', 'access_sources', 'audit_events'])(
    'refuses UPDATE, DELETE and TRUNCATE on %s',
    async (table) => {
      const before = await t.sql(`SELECT count(*)::int AS n FROM ${table}`);
      expect(before.rows[0]!.n).toBeGreaterThan(0);
      const column =
        table === 'audit_events'
          ? 'reason'
          : table === 'access_status_versions'
            ? 'reason'
            : 'note';
      const updated = table === 'access_sources' ? 'title' : column;
      await expect(t.sql(`UPDATE ${table} SET ${updated} = 'rewritten'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(t.sql(`DELETE FROM ${table}`)).rejects.toThrow(/append-only/);
      await expect(t.sql(`TRUNCATE ${table} CASCADE`)).rejects.toThrow(/append-only/);
      const after = await t.sql(`SELECT count(*)::int AS n FROM ${table}`);
      expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
    },
  );

  it('refuses a version that supersedes a version of another organisation or area', async () => {
    const { rows } = await t.sql<{
      id: string;
      organization_id: string;
      area_id: string;
      recorded_by_id: string;
    }>(`SELECT id, organization_id, area_id, recorded_by_id FROM access_status_versions LIMIT 1`);
    const version = rows[0]!;
    const otherArea = await t.sql<{ id: string }>(`SELECT id FROM areas WHERE id <> $1 LIMIT 1`, [
      version.area_id,
    ]);
    await expect(
      t.sql(
        `INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, recorded_by_id, change_kind, reason, sensitivity, review_state, supersedes_id)
         VALUES (gen_random_uuid(), $1, $2, 'FULL', '2024-01-01', $3, 'CORRECTION', 'x', 'LOW', 'VALIDATED', $4)`,
        [version.organization_id, otherArea.rows[0]!.id, version.recorded_by_id, version.id],
      ),
    ).rejects.toThrow(/same organisation and area/);
  });

  it('refuses periods that end before they start, unknown categories and severities outside 0–5', async () => {
    const { rows } = await t.sql<{
      organization_id: string;
      area_id: string;
      recorded_by_id: string;
    }>(`SELECT organization_id, area_id, recorded_by_id FROM access_status_versions LIMIT 1`);
    const v = rows[0]!;
    const insert = (validTo: string | null, categories: number[], severity: number | null) =>
      t.sql(
        `INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, valid_to, recorded_by_id, change_kind, reason, sensitivity, review_state, constraint_categories, severity)
         VALUES (gen_random_uuid(), $1, $2, 'FULL', '2024-01-01', $3, $4, 'RECORD', 'x', 'LOW', 'VALIDATED', $5, $6)`,
        [v.organization_id, v.area_id, validTo, v.recorded_by_id, categories, severity],
      );
    await expect(insert('2023-12-31', [], null)).rejects.toThrow(/period_check/);
    await expect(insert(null, [10], null)).rejects.toThrow(/categories_check/);
    await expect(insert(null, [], 6)).rejects.toThrow(/severity_check/);
  });
});
