import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@access/db';
import { ms, repoRoot, startApi, timeIt } from './harness';
import { loadSyntheticData } from './synthetic';

/**
 * Incidents (issue 17), `npm run bench -- --only incidents`: a fresh database holding the
 * synthetic areas and organisations and `size` incidents (no statuses), the API as its own
 * process, and a country's monthly counts over five years as the coordinator reads them (the
 * summary, as known now) beside the same counts taken from the incident versions themselves
 * (`knownAt` set, the way every past `knownAt` is answered), both over HTTP.
 */

type Loaded = { seconds: number; countryIds: string[] };

type Row = {
  what: string;
  size: number;
  measured: string;
  baseline: string;
  target: string;
  met: boolean | null;
};

export async function benchIncidents(
  size: number,
  rows: Row[],
  options: { runs: number; log: (line: string) => void },
): Promise<void> {
  // with BENCH_DATA_DIR (as for the other sections), the loaded cluster is kept and reused
  const keptDir = process.env.BENCH_DATA_DIR;
  const dataDir = keptDir
    ? path.resolve(keptDir, `incidents-${size}`)
    : path.join(repoRoot, '.data', `bench-incidents-${process.pid}-${size}`);
  const loadedFile = path.join(dataDir, 'bench-loaded.json');
  const kept: Loaded | null =
    keptDir && fs.existsSync(loadedFile) ? JSON.parse(fs.readFileSync(loadedFile, 'utf8')) : null;
  if (!kept) fs.rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({
    dataDir,
    port: 0,
    database: 'bench',
    ephemeral: false,
  });
  try {
    await runMigrations(cluster.url);
    const scale = size / 1_000_000;
    if (!kept) options.log(`incidents ${size.toLocaleString('en')}: loading synthetic data`);
    const loaded: Loaded =
      kept ??
      (await loadSyntheticData(cluster.url, {
        organizations: Math.max(50, Math.round(2000 * Math.min(1, scale * 10))),
        areas: Math.max(100, Math.round(5000 * Math.min(1, scale * 10))),
        versions: 0,
        incidents: size,
        years: 10,
        seed: 42,
        log: options.log,
      }));
    if (keptDir && !kept) fs.writeFileSync(loadedFile, JSON.stringify(loaded));
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    const [counted] = (
      await db.query(`
        SELECT (SELECT count(*) FROM incident_versions)::int AS versions,
               (SELECT count(*) FROM incident_monthly_counts)::int AS summary_rows,
               pg_size_pretty(pg_total_relation_size('incident_monthly_counts')) AS summary_size`)
    ).rows;
    await db.end();
    rows.push({
      what: 'incidents: synthetic load (COPY, then the summary counted once)',
      size,
      measured: `${Math.round(size / loaded.seconds).toLocaleString('en')} incidents/s (${counted.versions.toLocaleString('en')} versions; summary ${counted.summary_rows.toLocaleString('en')} rows, ${counted.summary_size})`,
      baseline: '—',
      target: 'minutes for 1M',
      met: kept ? null : loaded.seconds < 600,
    });
    const api = await startApi(cluster.url);
    try {
      const get = (url: string) =>
        fetch(`${api.base}${url}`, { headers: api.headers }).then(async (response) => {
          if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
          return response.arrayBuffer();
        });
      const country = loaded.countryIds[0]!;
      const fiveYears = `/api/stats/incidents?areaId=${country}&from=2021-01-01&to=2025-12-31`;
      const runs = Math.max(20, options.runs);
      const load = os.loadavg()[0]!;
      const summary = await timeIt(runs, () => get(fiveYears));
      const raw = await timeIt(runs, () =>
        get(`${fiveYears}&knownAt=${encodeURIComponent(new Date().toISOString())}`),
      );
      // the summary's own SQL, straight to PostgreSQL: what the database spends of it
      const sql = new pg.Client({ connectionString: cluster.url });
      await sql.connect();
      const summarySql = await timeIt(runs, () =>
        sql.query(
          `SELECT month::text, category, sum(count) FROM incident_monthly_counts
           WHERE level = 'SEVERE' AND month BETWEEN '2021-01-01' AND '2025-12-31'
             AND area_id = ANY(ARRAY[$1::uuid]) AND organization_type = 0 GROUP BY 1, 2
           UNION ALL
           SELECT area_id::text, category, sum(count) FROM incident_monthly_counts
           WHERE level = 'SEVERE' AND month BETWEEN '2021-01-01' AND '2025-12-31'
             AND area_id = ANY(ARRAY(SELECT id FROM areas WHERE parent_id = $1)) AND organization_type = 0
           GROUP BY 1, 2
           UNION ALL
           SELECT organization_type::text, 0, sum(count) FROM incident_monthly_counts
           WHERE level = 'SEVERE' AND month BETWEEN '2021-01-01' AND '2025-12-31'
             AND area_id = ANY(ARRAY[$1::uuid]) AND organization_type <> 0 GROUP BY 1`,
          [country],
        ),
      );
      await sql.end();
      const answer = JSON.parse(Buffer.from(await get(fiveYears)).toString()) as {
        total: number;
      };
      rows.push({
        what: `incidents: a country's monthly counts over 5 years (${answer.total.toLocaleString('en')} incidents; load ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)})`,
        size,
        measured: `p50 ${ms(summary.p50)}, p95 ${ms(summary.p95)}`,
        baseline: `counted from the versions (knownAt): p50 ${ms(raw.p50)}, p95 ${ms(raw.p95)}; the summary's SQL alone: p50 ${ms(summarySql.p50)}, p95 ${ms(summarySql.p95)}`,
        target: 'p95 < 150 ms',
        met: summary.p95 < 150,
      });
    } finally {
      await api.stop();
    }
  } finally {
    await cluster.stop();
    if (!keptDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
