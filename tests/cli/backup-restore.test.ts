import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { testDatabaseUrl } from '../support/database';
import { repoRoot } from '../support/api-process';
import { compactDayCounts, compactOpenPeriodCounts, drainOutbox } from '@access/domain';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'access-backup-'));
let t: TestApp;

/** `npm run db:backup` / `db:restore` as a user runs them, against the given database. */
function run(command: 'backup' | 'restore', databaseUrl: string, args: string[]) {
  return spawnSync(process.execPath, ['--import', 'tsx', `src/cli/${command}.ts`, ...args], {
    cwd: path.join(repoRoot, 'apps', 'api'),
    env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

async function newDatabase(): Promise<string> {
  const name = `access_restore_${Math.random().toString(16).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: inject('clusterUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return testDatabaseUrl(name);
}

/** Every table's row count and a digest of its rows in a stable order, plus the sequences. */
async function fingerprint(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows: tables } = await client.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' AND relname <> '_prisma_migrations' ORDER BY 1",
    );
    const result: Record<string, unknown> = {};
    for (const { name } of tables) {
      const { rows } = await client.query(
        `SELECT count(*)::int AS rows, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) AS digest FROM "${name}" t`,
      );
      result[name] = rows[0];
    }
    const { rows: sequences } = await client.query<{ name: string }>(
      "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'S' ORDER BY 1",
    );
    for (const { name } of sequences)
      result[`sequence ${name}`] = (
        await client.query(`SELECT last_value::text, is_called FROM "${name}"`)
      ).rows[0];
    return result;
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  // Some history of our own on top of the demo: a record, a correction, their audit events, sessions.
  const coordinator = await t.signIn('coordinator@demo.local');
  const [organization, area] = [
    await t.db.organization.findFirstOrThrow(),
    await t.db.area.findFirstOrThrow({ where: { parentId: { not: null } } }),
  ];
  const recorded = await coordinator.post('/api/access-statuses', {
    organizationId: organization.id,
    areaId: area.id,
    status: 'DENIED',
    validFrom: '2031-01-01',
    reason: 'Before the backup; quotes " and tabs\tand\nnewlines',
    sensitivity: 'HIGH',
  });
  expect(recorded.statusCode, recorded.body).toBe(201);
  const corrected = await coordinator.post(
    `/api/access-statuses/${recorded.json().id}/corrections`,
    {
      status: 'PENDING',
      validFrom: '2031-01-01',
      reason: 'Corrected, ünïcødé ✓',
      sensitivity: 'HIGH',
      terms: [],
      sources: [],
      constraintCategories: [],
    },
  );
  expect(corrected.statusCode, corrected.body).toBe(201);
}, 60_000);

afterAll(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('npm run db:backup / db:restore', () => {
  const file = path.join(dir, 'access.backup.gz');

  it('restores everything into a fresh instance: every table identical, sequences included, guards still on', async () => {
    // Fold the count changes and fan out the outbox first, so the API's timers and workers
    // cannot change the original after the snapshot.
    await compactDayCounts(t.db);
    await compactOpenPeriodCounts(t.db);
    await drainOutbox(t.db);
    const backup = run('backup', t.url, ['--out', file]);
    expect(backup.status, backup.stderr + backup.stdout).toBe(0);
    expect(backup.stdout).toMatch(/Wrote .*access\.backup\.gz: \d+ rows in \d+ tables/);
    expect((fs.statSync(file).mode & 0o777).toString(8)).toBe('600');

    const target = await newDatabase();
    const restore = run('restore', target, [file]);
    expect(restore.status, restore.stderr + restore.stdout).toBe(0);
    const [original, restored] = [await fingerprint(t.url), await fingerprint(target)];
    expect(Object.keys(restored).length).toBeGreaterThan(10);
    expect((original.access_status_versions as { rows: number }).rows).toBeGreaterThan(3);
    expect((original.audit_events as { rows: number }).rows).toBeGreaterThan(1);
    expect(restored).toEqual(original);

    const client = new pg.Client({ connectionString: target });
    await client.connect();
    try {
      await expect(
        client.query("UPDATE access_status_versions SET reason = 'rewritten'"),
      ).rejects.toThrow(/append-only|not allowed|cannot/i);
    } finally {
      await client.end();
    }

    // A second restore into the same, no longer empty, database is refused.
    const again = run('restore', target, [file]);
    expect(again.status).toBe(1);
    expect(again.stderr).toContain('not empty');
  }, 180_000);

  it('refuses a truncated backup and restores nothing of it', async () => {
    const whole = zlib.gunzipSync(fs.readFileSync(file));
    const truncated = path.join(dir, 'truncated.backup.gz');
    fs.writeFileSync(truncated, zlib.gzipSync(whole.subarray(0, Math.floor(whole.length * 0.8))));
    const target = await newDatabase();
    const restore = run('restore', target, [truncated]);
    expect(restore.status).toBe(1);
    expect(restore.stderr).toMatch(/truncated|damaged/);
    const counts = Object.values(await fingerprint(target)).filter(
      (entry) => (entry as { rows?: number }).rows !== undefined,
    );
    expect(counts.every((entry) => (entry as { rows: number }).rows === 0)).toBe(true);

    const notABackup = path.join(dir, 'notes.txt');
    fs.writeFileSync(notABackup, 'hello');
    const refused = run('restore', target, [notABackup]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('not a backup');
  }, 120_000);
});
