import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { inlineParameters, runMigrations, startEmbeddedPostgres } from '@access/db';
import { accessCsvQuery } from '@access/domain';
import type { TSensitivity } from '@access/contracts';
import zlib from 'node:zlib';
import { BENCH_USER, loadSyntheticData } from './synthetic';
import { ms, repoRoot, rssOf, startApi, startDashboard, timeIt } from './harness';
import { benchImport } from './import-bench';
import { benchIncidents } from './incident-bench';
import { benchNotifications } from './notification-bench';
import { benchRequests } from './request-bench';
import { benchScale } from './scale-bench';

/**
 * `npm run bench` (add `-- --smoke` for a quick run, `--sizes 10000,100000,1000000` for growth):
 * a fresh embedded database per size, the synthetic data, the API as its own process,
 * and for each figure several runs, the median and spread, beside a baseline measured in
 * the same run. Prints a table and writes tools/bench/results/latest.json. `--only import`
 * (or reads, export, dashboard, writes, incidents) runs only those sections; `--only scale`
 * (named only) times the read routes and the soak's mix with a streaming replica and two
 * APIs behind a balancer (scale-bench.ts).
 *
 * `BENCH_DATA_DIR=/some/dir` keeps the loaded cluster between runs (loading 1M takes
 * minutes): the first run loads into `/some/dir/<size>` and leaves it; later runs with the
 * same size reuse it (migrations newer than the load are applied, nothing is reloaded).
 * Sections that write (writes, import) change a kept database: reload (delete the folder)
 * before comparing their figures.
 */
const { values } = parseArgs({
  options: {
    smoke: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    runs: { type: 'string' },
    /**
     * comma-separated sections to run: reads, export, dashboard, writes, import, incidents,
     * notifications, requests (default all of these); scale (replica and balancer, issue 19)
     * runs only when named
     */
    only: { type: 'string' },
  },
});
const section = (name: string) => !values.only || values.only.split(',').includes(name);
const sizes = (values.sizes ?? (values.smoke ? '5000' : '1000000')).split(',').map(Number);
const RUNS = Number(values.runs ?? (values.smoke ? 5 : 30));
const log = (line: string) => console.log(`[bench] ${line}`);

type Row = {
  what: string;
  size: number;
  measured: string;
  baseline: string;
  target: string;
  met: boolean | null;
};

type Loaded = { seconds: number; versions: number; countryIds: string[] };

async function benchSize(versions: number, rows: Row[]) {
  // one directory per run: two runs at once (say, sizes in parallel) never share a cluster;
  // with BENCH_DATA_DIR, one kept directory per size, reused by later runs
  const keptDir = process.env.BENCH_DATA_DIR;
  const dataDir = keptDir
    ? path.resolve(keptDir, String(versions))
    : path.join(repoRoot, '.data', `bench-${process.pid}-${versions}`);
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
  const api = await (async () => {
    await runMigrations(cluster.url);
    if (kept) {
      log(`size ${versions.toLocaleString('en')}: reusing the data loaded in ${dataDir}`);
      return { ...(await startApi(cluster.url)), countryId: kept.countryIds[0]! };
    }
    log(`size ${versions.toLocaleString('en')}: migrating and loading synthetic data`);
    const scale = versions / 1_000_000;
    const loaded: Loaded = await loadSyntheticData(cluster.url, {
      organizations: Math.max(50, Math.round(2000 * Math.min(1, scale * 10))),
      areas: Math.max(100, Math.round(5000 * Math.min(1, scale * 10))),
      versions,
      years: 10,
      seed: 42,
      log,
    });
    if (keptDir) fs.writeFileSync(loadedFile, JSON.stringify(loaded));
    rows.push({
      what: 'synthetic data load (COPY)',
      size: versions,
      measured: `${Math.round(loaded.versions / loaded.seconds).toLocaleString('en')} versions/s`,
      baseline: '—',
      target: 'minutes for 1M',
      met: loaded.seconds < 600,
    });
    return { ...(await startApi(cluster.url)), countryId: loaded.countryIds[0]! };
  })();
  const db = new pg.Pool({ connectionString: cluster.url, max: 40 });
  const get = (url: string) =>
    fetch(`${api.base}${url}`, { headers: api.headers }).then(async (response) => {
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return response.arrayBuffer();
    });
  try {
    if (section('reads')) {
      // Reads
      const statuses = await timeIt(RUNS, () =>
        get(`/api/access-statuses?areaId=${api.countryId}&asOf=2023-06-01&limit=50`),
      );
      rows.push({
        what: 'GET /api/access-statuses as of a date, one country subtree',
        size: versions,
        measured: `p50 ${ms(statuses.p50)}, p95 ${ms(statuses.p95)}`,
        baseline: '—',
        target: 'p95 < 50 ms',
        met: statuses.p95 < 50,
      });
      const matrix = await timeIt(RUNS, () => get(`/api/stats/matrix?areaId=${api.countryId}`));
      rows.push({
        what: 'GET /api/stats/matrix (one country, every cell)',
        size: versions,
        measured: `p50 ${ms(matrix.p50)}, p95 ${ms(matrix.p95)}`,
        baseline: '—',
        target: 'p95 < 100 ms',
        met: matrix.p95 < 100,
      });
      const heatmap = await timeIt(RUNS, () =>
        get(`/api/stats/matrix?areaId=${api.countryId}&maxOrganizations=40&maxAreas=30`),
      );
      rows.push({
        what: "GET /api/stats/matrix (one country, the dashboard's 40 × 30 cells with totals)",
        size: versions,
        measured: `p50 ${ms(heatmap.p50)}, p95 ${ms(heatmap.p95)}`,
        baseline: '—',
        target: 'p95 < 100 ms',
        met: heatmap.p95 < 100,
      });
      // the overview's other reads: the ranking (three days scored in one pass) and the feed
      const ranking = await timeIt(RUNS, () => get('/api/stats/area-ranking?limit=10'));
      rows.push({
        what: "GET /api/stats/area-ranking (the overview's ten worst areas, trends at 30 and 90 days)",
        size: versions,
        measured: `p50 ${ms(ranking.p50)}, p95 ${ms(ranking.p95)}`,
        baseline: '—',
        target: 'p95 < 150 ms',
        met: ranking.p95 < 150,
      });
      for (const [label, query] of [
        ['no filter', ''],
        ['area + status filters', `&areaId=${api.countryId}&status=DENIED,SUSPENDED`],
      ] as const) {
        const series = await timeIt(RUNS, () =>
          get(`/api/stats/timeseries?from=2016-01-01&to=2025-12-31&interval=week${query}`),
        );
        const baselineSql = `
          WITH buckets AS (SELECT generate_series(date_trunc('week', DATE '2016-01-01'), DATE '2025-12-31', '1 week')::date AS bucket)
          SELECT b.bucket, v.status, count(*) FROM buckets b
          JOIN access_status_versions v ON v.valid_from <= b.bucket AND (v.valid_to IS NULL OR v.valid_to > b.bucket)
          ${query.includes('areaId') ? "AND v.area_id IN (WITH RECURSIVE t(id) AS (SELECT $1::uuid UNION SELECT a.id FROM areas a JOIN t ON a.parent_id = t.id) SELECT id FROM t) AND v.status IN ('DENIED','SUSPENDED')" : ''}
          WHERE NOT EXISTS (SELECT 1 FROM access_status_versions s WHERE s.supersedes_id = v.id)
          GROUP BY 1, 2`;
        const baseline = await timeIt(Math.min(RUNS, 5), () =>
          db.query(baselineSql, query.includes('areaId') ? [api.countryId] : []),
        );
        rows.push({
          what: `GET /api/stats/timeseries, 10 years by week, ${label}`,
          size: versions,
          measured: `p50 ${ms(series.p50)}, p95 ${ms(series.p95)}`,
          baseline: `SQL (bucket × version join) p50 ${ms(baseline.p50)}`,
          target: 'p95 < 150 ms; ≤ 1.5× the SQL',
          met: series.p95 < 150 && series.p50 <= baseline.p50 * 1.5,
        });
      }
    }

    if (section('export')) {
      // CSV export of every history row, with the API's memory sampled meanwhile
      const totalVersions = (
        await db.query('SELECT count(*)::int AS n FROM access_status_versions')
      ).rows[0].n as number;
      const rssBefore = rssOf(api.child.pid!);
      let rssPeak = rssBefore;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssOf(api.child.pid!))), 50);
      const started0 = performance.now();
      const response = await fetch(`${api.base}/api/exports/access-history.csv?hxl=false`, {
        headers: api.headers,
      });
      let exportedBytes = 0;
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
        exportedBytes += chunk.byteLength;
      const exportSeconds = (performance.now() - started0) / 1000;
      clearInterval(sampler);
      // Baselines: COPY of the export's own SELECT (what the API streams through), and of a
      // plain join of the same rows, for scale.
      const copyRateOf = async (sql: string) => {
        const client = await db.connect();
        // the same settings as the API's export connections (packages/db's query-stream.ts)
        await client.query("SET work_mem = '64MB'; SET enable_memoize = off");
        const begin = performance.now();
        let bytes = 0;
        const copyStream = client.query(copyTo(`COPY (${sql}) TO STDOUT WITH CSV`));
        for await (const chunk of copyStream as AsyncIterable<Buffer>) bytes += chunk.byteLength;
        client.release();
        return { rate: totalVersions / ((performance.now() - begin) / 1000), bytes };
      };
      const coordinator = (
        await db.query('SELECT id, clearance FROM users WHERE email = $1', [BENCH_USER.email])
      ).rows[0] as { id: string; clearance: TSensitivity };
      const exportQuery = accessCsvQuery(
        {
          actor: {
            userId: coordinator.id,
            email: BENCH_USER.email,
            displayName: 'bench',
            role: 'COORDINATOR',
            clearance: coordinator.clearance,
            organizationIds: [],
          },
          requestId: 'bench',
        },
        { kind: 'history' },
      ).sql;
      const same = await copyRateOf(inlineParameters(exportQuery.text, exportQuery.values));
      const plain = await copyRateOf(
        'SELECT v.*, o.name, a.name FROM access_status_versions v JOIN organizations o ON o.id = v.organization_id JOIN areas a ON a.id = v.area_id',
      );
      const exportRate = totalVersions / exportSeconds;
      rows.push({
        what: `CSV export of all ${totalVersions.toLocaleString('en')} history rows`,
        size: versions,
        measured: `${Math.round(exportRate).toLocaleString('en')} rows/s (${(exportedBytes / 1e6).toFixed(0)} MB); API RSS +${((rssPeak - rssBefore) / 1e6).toFixed(0)} MB`,
        baseline: `COPY of the same SELECT ${Math.round(same.rate).toLocaleString('en')} rows/s; of a plain 3-table join ${Math.round(plain.rate).toLocaleString('en')} rows/s`,
        target: '≥ 50% of COPY; RSS growth < 64 MB',
        met: exportRate >= same.rate * 0.5 && rssPeak - rssBefore < 64e6,
      });
    }

    if (section('dashboard')) {
      // The dashboard's overview, server-rendered against this API, and the JS it sends
      const web = await startDashboard(api.base);
      try {
        const cookie = api.headers.cookie;
        // five warm-ups, not one: `next start` loads and optimises the page's server code
        // over its first requests (BENCH_SAMPLES=1 showed 511, 425, 384 ms, then ~250 ms)
        const overview = await timeIt(
          RUNS,
          async () => {
            const response = await fetch(`${web.base}/`, { headers: { cookie } });
            if (!response.ok) throw new Error(`overview: ${response.status}`);
            return response.text();
          },
          5,
        );
        const html = await (await fetch(`${web.base}/`, { headers: { cookie } })).text();
        const scripts = [
          ...new Set(
            [...html.matchAll(/<script[^>]+src="([^"]+\.js)"/g)].map((match) => match[1]!),
          ),
        ];
        let compressed = 0;
        for (const src of scripts)
          compressed += zlib.gzipSync(
            Buffer.from(await (await fetch(new URL(src, web.base))).arrayBuffer()),
          ).byteLength;
        rows.push({
          what: 'dashboard overview, server-rendered (whole response)',
          size: versions,
          measured: `p50 ${ms(overview.p50)}, p95 ${ms(overview.p95)}; ${scripts.length} scripts, ${(compressed / 1024).toFixed(0)} kB gzipped; HTML ${(Buffer.byteLength(html) / 1024).toFixed(0)} kB`,
          baseline: '—',
          target: 'p95 < 300 ms; HTML < 150 kB; < 300 kB compressed JS',
          met:
            overview.p95 < 300 && Buffer.byteLength(html) < 150 * 1024 && compressed < 300 * 1024,
        });
      } finally {
        await web.stop();
      }
    }

    if (section('writes')) {
      // Recording changes over HTTP, on pairs that have no entry yet
      const free = (
        await db.query(`
        SELECT o.id AS organization_id, a.id AS area_id FROM organizations o CROSS JOIN areas a
        WHERE NOT EXISTS (SELECT 1 FROM access_status_versions v WHERE v.organization_id = o.id AND v.area_id = a.id)
        LIMIT 12000`)
      ).rows as { organization_id: string; area_id: string }[];
      const httpPairs = free.slice(0, 6000);
      const sqlPairs = free.slice(6000);
      let next = 0;
      const load = await autocannon({
        url: `${api.base}/api/access-statuses`,
        connections: 32,
        amount: values.smoke ? 500 : httpPairs.length,
        method: 'POST',
        headers: { ...api.headers, 'content-type': 'application/json' },
        requests: [
          {
            setupRequest: (request) => {
              const pair = httpPairs[next++ % httpPairs.length]!;
              return {
                ...request,
                body: JSON.stringify({
                  organizationId: pair.organization_id,
                  areaId: pair.area_id,
                  status: 'CONSTRAINED',
                  validFrom: '2025-06-01',
                  reason: 'Bench',
                  sensitivity: 'LOW',
                }),
              };
            },
          },
        ],
      });
      const recorder = (await db.query('SELECT id FROM users WHERE email = $1', [BENCH_USER.email]))
        .rows[0].id as string;
      const sqlCount = values.smoke ? 500 : sqlPairs.length;
      const started = performance.now();
      let cursor = 0;
      await Promise.all(
        Array.from({ length: 32 }, async () => {
          for (let index = cursor++; index < sqlCount; index = cursor++) {
            const pair = sqlPairs[index % sqlPairs.length]!;
            await db.query(
              "INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, recorded_by_id, change_kind, reason, sensitivity, review_state) VALUES (gen_random_uuid(), $1, $2, 'CONSTRAINED', '2025-06-02', $3, 'RECORD', 'Bench', 'LOW', 'VALIDATED')",
              [pair.organization_id, pair.area_id, recorder],
            );
          }
        }),
      );
      const sqlRate = sqlCount / ((performance.now() - started) / 1000);
      rows.push({
        what: 'recording status changes over HTTP (autocannon, 32 connections)',
        size: versions,
        measured: `${Math.round(load.requests.average).toLocaleString('en')} changes/s, p50 ${load.latency.p50} ms, p99 ${load.latency.p99} ms, ${load.non2xx} errors`,
        baseline: `single-row INSERTs with pg: ${Math.round(sqlRate).toLocaleString('en')}/s`,
        target: '≥ 40% of the baseline; p99 < 100 ms',
        met: load.requests.average >= sqlRate * 0.4 && load.latency.p99 < 100 && load.non2xx === 0,
      });
    }

    // CSV import (issue 13): many pairs and one pair, with memory and health latency
    if (section('import'))
      await benchImport(api, db, versions, rows, { rows: values.smoke ? 2000 : 100_000 });
  } finally {
    await db.end();
    await api.stop();
    await cluster.stop();
    if (!keptDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

const rows: Row[] = [];
for (const size of sizes) {
  const before = rows.length;
  if (['reads', 'export', 'dashboard', 'writes', 'import'].some(section))
    await benchSize(size, rows);
  // incidents (issue 17) load into a database of their own, without statuses
  if (section('incidents')) await benchIncidents(size, rows, { runs: RUNS, log });
  // notifications (issue 18): followers, not history size, are what they scale with
  if (section('notifications') && size === sizes[0])
    await benchNotifications(rows, { runs: Math.min(RUNS, 20), log });
  // requests (issue 16): statuses plus requests and positions, in a database of their own
  if (section('requests')) await benchRequests(size, rows, { runs: RUNS, log });
  // beyond one machine (issue 19): a streaming replica and two APIs behind a balancer
  if (values.only?.split(',').includes('scale'))
    await benchScale(size, rows, { smoke: values.smoke, log });
  // each size's figures as soon as they are measured: a later size that fails loses none
  for (const row of rows.slice(before))
    log(`${row.what} (${row.size.toLocaleString('en')}): ${row.measured} | ${row.baseline}`);
}
const machine = `${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(
  `\n| what | versions | measured | baseline in the same run | target | met |\n|---|---|---|---|---|---|`,
);
for (const row of rows)
  console.log(
    `| ${row.what} | ${row.size.toLocaleString('en')} | ${row.measured} | ${row.baseline} | ${row.target} | ${row.met === null ? '—' : row.met ? 'yes' : '**no**'} |`,
  );
console.log(`\nmachine: ${machine}; runs per read figure: ${RUNS}`);
fs.mkdirSync(path.join(repoRoot, 'tools', 'bench', 'results'), { recursive: true });
fs.writeFileSync(
  path.join(repoRoot, 'tools', 'bench', 'results', 'latest.json'),
  JSON.stringify({ machine, runs: RUNS, sizes, rows, at: new Date().toISOString() }, null, 2),
);
