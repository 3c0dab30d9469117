import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compactDayCounts, compactOpenPeriodCounts } from '@access/domain';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The compactions fold a bounded batch of changes per transaction (migration
 * 20261130100000): a backlog of any size is folded by repeated calls, never by one statement
 * that grows with it (860,000 changes after a large import outlasted the statement timeout,
 * so the compaction rolled back for good). The counts after folding in batches equal the
 * sums of every change, and keys left at zero are dropped.
 */

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const STATUSES = ['FULL', 'CONSTRAINED', 'DENIED'];
const LEVELS = ['LOW', 'MODERATE', 'SEVERE'];

describe('count compaction', () => {
  it('folds day-count changes a batch per call, to the sums of all of them', async () => {
    // a count already folded, which this backlog brings back to zero
    await database.sql(
      `INSERT INTO access_status_day_counts (day, status, level, validated, delta) VALUES ('2024-01-01', 'FULL', 'LOW', true, 3)`,
    );
    const changes: [string, string, string, boolean, number][] = [
      ['2024-01-01', 'FULL', 'LOW', true, -1],
      ['2024-01-01', 'FULL', 'LOW', true, -2],
    ];
    for (let i = 0; i < 48; i++)
      changes.push([
        `2024-0${1 + (i % 3)}-0${1 + (i % 5)}`,
        STATUSES[i % 3]!,
        LEVELS[i % 2]!,
        i % 4 !== 0,
        i % 7 === 0 ? -1 : 1,
      ]);
    // a key whose changes cancel out is never kept
    changes.push(
      ['2030-01-01', 'DENIED', 'SEVERE', false, 1],
      ['2030-01-01', 'DENIED', 'SEVERE', false, -1],
    );
    for (const change of changes)
      await database.sql(
        'INSERT INTO access_status_day_count_changes (day, status, level, validated, delta) VALUES ($1, $2, $3, $4, $5)',
        change,
      );
    const expected = new Map<string, number>([['2024-01-01|FULL|LOW|true', 3]]);
    for (const [day, status, level, validated, delta] of changes) {
      const key = `${day}|${status}|${level}|${validated}`;
      expected.set(key, (expected.get(key) ?? 0) + delta);
    }
    for (const [key, delta] of expected) if (delta === 0) expected.delete(key);

    // one call takes one batch, oldest first
    const first = await database.sql<{ taken: number }>(
      'SELECT compact_access_status_day_counts(7) AS taken',
    );
    expect(first.rows[0]!.taken).toBe(7);
    const left = await database.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM access_status_day_count_changes',
    );
    expect(left.rows[0]!.n).toBe(changes.length - 7);
    // the count the first batch brought to zero is gone already
    const zero = await database.sql(
      `SELECT 1 FROM access_status_day_counts WHERE day = '2024-01-01' AND status = 'FULL' AND level = 'LOW' AND validated`,
    );
    expect(zero.rowCount).toBe(0);

    expect(await compactDayCounts(database.db, 7)).toBe(changes.length - 7);
    const after = await database.sql<{ key: string; delta: number }>(
      `SELECT to_char(day, 'YYYY-MM-DD') || '|' || status || '|' || level || '|' || validated AS key, delta
       FROM access_status_day_counts`,
    );
    expect(new Map(after.rows.map((row) => [row.key, row.delta]))).toEqual(expected);
    const rest = await database.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM access_status_day_count_changes',
    );
    expect(rest.rows[0]!.n).toBe(0);
    expect(await compactDayCounts(database.db, 7)).toBe(0);
  });

  it('folds open-period count changes a batch per call, dropping subjects with no open period', async () => {
    const subjects = [randomUUID(), randomUUID(), randomUUID()];
    const columns =
      'level, scope, subject_id, status_full, status_constrained, status_pending, status_denied, status_suspended, status_unknown, severity_0, severity_1, severity_2, severity_3, severity_4, severity_5, category_1, category_2, category_3, category_4, category_5, category_6, category_7, category_8, category_9';
    const row = (subject: string, full: number, denied: number, severity: number) => [
      'LOW',
      'AREA',
      subject,
      full,
      0,
      0,
      denied,
      0,
      0,
      severity,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ];
    const changes = [
      ...Array.from({ length: 10 }, () => row(subjects[0]!, 1, 0, 1)),
      ...Array.from({ length: 5 }, () => row(subjects[1]!, 0, 1, 0)),
      row(subjects[2]!, 1, 0, 1),
      row(subjects[2]!, -1, 0, -1),
      row(subjects[1]!, 0, -2, 0),
    ];
    for (const change of changes)
      await database.sql(
        `INSERT INTO access_open_period_count_changes (${columns}) VALUES (${change.map((_, i) => `$${i + 1}`).join(', ')})`,
        change,
      );
    expect(await compactOpenPeriodCounts(database.db, 4)).toBe(changes.length);
    const counts = await database.sql<{
      subject_id: string;
      status_full: number;
      status_denied: number;
    }>(
      'SELECT subject_id, status_full, status_denied FROM access_open_period_counts ORDER BY status_full DESC',
    );
    expect(counts.rows).toEqual([
      { subject_id: subjects[0], status_full: 10, status_denied: 0 },
      { subject_id: subjects[1], status_full: 0, status_denied: 3 },
    ]);
    const rest = await database.sql<{ n: number }>(
      'SELECT count(*)::int AS n FROM access_open_period_count_changes',
    );
    expect(rest.rows[0]!.n).toBe(0);
  });
});
