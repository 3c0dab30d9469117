import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@access/db';
import { loadSyntheticData } from './synthetic';
import { repoRoot, rssOf, startApi } from './harness';
import { mixedLoadState, mixedRequests } from './mixed-load';

/**
 * `npm run soak -- [--minutes 5] [--versions 100000] [--connections 50]`: mixed reads and
 * writes for several minutes against a fresh embedded database holding synthetic data.
 * Prints throughput, latency percentiles, errors (the target is zero) and the API's
 * memory over time (the target is flat: what grows after warm-up is reported).
 */
const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '5' },
    versions: { type: 'string', default: '100000' },
    connections: { type: 'string', default: '50' },
  },
});
const minutes = Number(values.minutes);
const versions = Number(values.versions);
const connections = Number(values.connections);
const log = (line: string) => console.log(`[soak] ${line}`);

const dataDir = path.join(repoRoot, '.data', 'soak');
fs.rmSync(dataDir, { recursive: true, force: true });
const cluster = await startEmbeddedPostgres({
  dataDir,
  port: 0,
  database: 'soak',
  ephemeral: false,
});
let api: Awaited<ReturnType<typeof startApi>> | undefined;
const db = new pg.Pool({ connectionString: cluster.url, max: 4 });
try {
  await runMigrations(cluster.url);
  const loaded = await loadSyntheticData(cluster.url, {
    organizations: Math.min(2000, Math.max(50, Math.round(versions / 500))),
    areas: Math.min(5000, Math.max(100, Math.round(versions / 200))),
    versions,
    years: 10,
    seed: 7,
    log,
  });
  api = await startApi(cluster.url);
  const country = loaded.countryIds[0]!;
  const mix = await mixedLoadState(db, country);

  const memory: { second: number; rssMb: number }[] = [];
  const startedAt = performance.now();
  const sampler = setInterval(
    () =>
      memory.push({
        second: Math.round((performance.now() - startedAt) / 1000),
        rssMb: rssOf(api!.child.pid!) / 1e6,
      }),
    5000,
  );
  log(
    `${loaded.versions.toLocaleString('en')} versions loaded; ${connections} connections for ${minutes} min of mixed reads and writes`,
  );
  const result = await autocannon({
    url: api.base,
    connections,
    duration: minutes * 60,
    headers: api.headers,
    requests: mixedRequests(mix, api.headers),
  });
  clearInterval(sampler);
  const afterWarmUp = memory.filter((point) => point.second >= 30);
  const third = Math.max(1, Math.floor(afterWarmUp.length / 3));
  const mean = (points: typeof memory) =>
    points.reduce((sum, point) => sum + point.rssMb, 0) / Math.max(1, points.length);
  const early = mean(afterWarmUp.slice(0, third));
  const late = mean(afterWarmUp.slice(-third));
  const errors = result.errors + result.timeouts + result.non2xx;

  console.log(`\n| figure | value |\n|---|---|`);
  console.log(
    `| data | ${loaded.versions.toLocaleString('en')} versions, ${connections} connections, ${minutes} min |`,
  );
  console.log(
    `| requests | ${result.requests.total.toLocaleString('en')} (${Math.round(result.requests.average)}/s; 6 reads : 1 write) |`,
  );
  console.log(
    `| latency | p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms, max ${result.latency.max} ms |`,
  );
  console.log(
    `| errors | ${errors} (non-2xx ${result.non2xx}, socket errors ${result.errors}, timeouts ${result.timeouts}) |`,
  );
  console.log(
    `| API RSS after warm-up | first third ${early.toFixed(0)} MB, last third ${late.toFixed(0)} MB (${late - early >= 0 ? '+' : ''}${(late - early).toFixed(0)} MB) |`,
  );
  console.log(
    `\nRSS over time (s → MB): ${memory.map((point) => `${point.second}→${point.rssMb.toFixed(0)}`).join(', ')}`,
  );
  console.log(
    `machine: ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`,
  );
  if (errors > 0) process.exitCode = 1;
} finally {
  await db.end();
  await api?.stop();
  await cluster.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}
