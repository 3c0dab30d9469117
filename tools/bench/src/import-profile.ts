import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { createDatabase, runMigrations, startEmbeddedPostgres } from '@access/db';
import { importAccessCsv } from '@access/domain';
import { repoRoot } from './harness';
import { buildImportFiles } from './import-bench';
import { BENCH_USER, loadSyntheticData } from './synthetic';

/**
 * The CSV import in-process, for profiling (`node --cpu-prof`) and timing its phases
 * without HTTP: `npm run import-profile -w @access/bench -- --versions 100000 --rows 100000`.
 * `--data DIR` keeps the database (loaded once, migrated on each start) for the next run;
 * each run imports pairs that have no entry yet. `--only many|one`, `--dry-run` (no apply).
 */
const { values } = parseArgs({
  options: {
    versions: { type: 'string', default: '100000' },
    rows: { type: 'string', default: '100000' },
    data: { type: 'string' },
    only: { type: 'string' },
    'dry-run': { type: 'boolean', default: false },
  },
});
const log = (line: string) => console.log(`[import-profile] ${line}`);
const dataDir = values.data
  ? path.resolve(values.data)
  : path.join(repoRoot, '.data', `import-profile-${process.pid}`);
const fresh = !fs.existsSync(path.join(dataDir, 'PG_VERSION'));
const cluster = await startEmbeddedPostgres({
  dataDir,
  port: 0,
  database: 'bench',
  ephemeral: false,
});
try {
  await runMigrations(cluster.url);
  if (fresh) {
    const versions = Number(values.versions);
    const scale = versions / 1_000_000;
    await loadSyntheticData(cluster.url, {
      organizations: Math.max(50, Math.round(2000 * Math.min(1, scale * 10))),
      areas: Math.max(100, Math.round(5000 * Math.min(1, scale * 10))),
      versions,
      years: 10,
      seed: 42,
      log,
    });
  }
  const pool = new pg.Pool({ connectionString: cluster.url, max: 4 });
  const { manyCsv, singleCsv, many } = await buildImportFiles(pool, Number(values.rows));
  const user = (
    await pool.query('SELECT id::text, display_name FROM users WHERE email = $1', [
      BENCH_USER.email,
    ])
  ).rows[0] as { id: string; display_name: string };
  await pool.end();
  const db = createDatabase(cluster.url, { poolSize: 4, statementTimeoutMs: 600_000 });
  const ctx = {
    actor: {
      userId: user.id,
      email: BENCH_USER.email,
      displayName: user.display_name,
      role: 'COORDINATOR' as const,
      clearance: 'SEVERE' as const,
      organizationIds: [],
    },
  };
  const run = async (label: string, csv: string, dryRun: boolean) => {
    const began = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const report = await importAccessCsv(
      db,
      ctx,
      { filename: `${label}.csv`, content: Readable.from([Buffer.from(csv)]) },
      { dryRun },
    );
    const seconds = (performance.now() - began) / 1000;
    log(
      `${label} ${dryRun ? 'dry run' : 'apply'}: ${seconds.toFixed(2)} s, ${Math.round(report.rows / seconds).toLocaleString('en')} rows/s, ` +
        `new ${report.summary.new}, errors ${report.summary.errors}, heap +${((process.memoryUsage().heapUsed - heapBefore) / 1e6).toFixed(0)} MB`,
    );
  };
  for (const [label, csv] of [
    ['many', manyCsv],
    ['one', singleCsv],
  ] as const) {
    if (values.only && values.only !== label) continue;
    log(
      `${label}: ${label === 'many' ? many.length : values.rows} rows, ${(csv.length / 1e6).toFixed(0)} MB`,
    );
    await run(label, csv, true);
    if (!values['dry-run']) await run(label, csv, false);
  }
  await db.$disconnect();
} finally {
  await cluster.stop();
  if (!values.data) fs.rmSync(dataDir, { recursive: true, force: true });
}
