import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createProxyServer } from 'http-proxy-3';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres, startStreamingReplica } from '@access/db';
import { freePort, repoRoot, startApi } from './harness';
import { mixedLoadState, mixedRequests } from './mixed-load';
import { loadSyntheticData } from './synthetic';

/**
 * Beyond one machine (issue 19), `npm run bench -- --only scale [--sizes 100000] [--smoke]`:
 * the synthetic data in an embedded primary, a second PostgreSQL kept in step by physical
 * streaming replication (packages/db's startStreamingReplica), and the read routes and the
 * soak's mix timed with autocannon in three set-ups: one API on the primary alone; one API
 * whose statistics and exports read from the replica (DATABASE_REPLICA_URL); two such APIs
 * behind a round-robin balancer (http-proxy-3) on loopback. Everything runs on this one
 * machine, so the figures show what the replica and the balancer cost or save on the same
 * cores, not the capacity that more machines would add.
 */

type Row = {
  what: string;
  size: number;
  measured: string;
  baseline: string;
  target: string;
  met: boolean | null;
};

type Setup = { name: string; apis: number; replica: boolean };
const SETUPS: Setup[] = [
  { name: 'one API, primary only', apis: 1, replica: false },
  { name: 'one API + replica', apis: 1, replica: true },
  { name: 'two APIs + replica, balancer', apis: 2, replica: true },
];

type Figure = {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
};

/** A round-robin HTTP balancer on loopback, with keep-alive connections to the APIs. */
async function startBalancer(targets: string[]) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 128 });
  const proxy = createProxyServer({ agent });
  proxy.on('error', (_error, _request, response) => {
    const reply = response as http.ServerResponse;
    if (reply.headersSent === false) reply.writeHead(502).end();
    else (response as http.ServerResponse | net.Socket).destroy();
  });
  let next = 0;
  const server = http.createServer((request, response) => {
    proxy.web(request, response, { target: targets[next++ % targets.length]! });
  });
  // as long as the APIs' own keep-alive, so autocannon's connections are not cut mid-run
  server.keepAliveTimeout = 72_000;
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
  };
}

const load = () =>
  os
    .loadavg()
    .map((value) => value.toFixed(1))
    .join(' / ');

export async function benchScale(
  versions: number,
  rows: Row[],
  options: { smoke: boolean; log: (line: string) => void },
): Promise<void> {
  const { log } = options;
  const seconds = options.smoke ? 3 : 15;
  const soakSeconds = options.smoke ? 4 : 20;
  const dataDir = path.join(repoRoot, '.data', `bench-scale-${process.pid}-${versions}`);
  const replicaDir = `${dataDir}-replica`;
  fs.rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({
    dataDir,
    port: 0,
    database: 'bench',
    ephemeral: false,
  });
  let replica: Awaited<ReturnType<typeof startStreamingReplica>> | undefined;
  const db = new pg.Pool({ connectionString: cluster.url, max: 4 });
  let replicaDb: pg.Pool | undefined;
  const stops: (() => Promise<void>)[] = [];
  try {
    await runMigrations(cluster.url);
    log(`scale: size ${versions.toLocaleString('en')}: loading synthetic data`);
    const scale = versions / 1_000_000;
    const loaded = await loadSyntheticData(cluster.url, {
      organizations: Math.max(50, Math.round(2000 * Math.min(1, scale * 10))),
      areas: Math.max(100, Math.round(5000 * Math.min(1, scale * 10))),
      versions,
      years: 10,
      seed: 42,
      log,
    });
    const country = loaded.countryIds[0]!;

    // 1. The replica: a base copy taken while the primary runs, then streaming.
    replica = await startStreamingReplica({
      primaryUrl: cluster.url,
      primaryDataDir: dataDir,
      dataDir: replicaDir,
      port: await freePort(),
    });
    replicaDb = new pg.Pool({ connectionString: replica.url, max: 2 });
    log(
      `scale: replica started from a ${(replica.copiedBytes / 1e6).toFixed(0)} MB copy and caught up in ${replica.seconds.toFixed(1)} s`,
    );
    // Proof that it is in step: a row written on the primary is read on the replica.
    await db.query(
      'CREATE TABLE IF NOT EXISTS bench_replication_probe (token text PRIMARY KEY, written_at timestamptz NOT NULL DEFAULT now())',
    );
    const visible = async () => {
      const token = crypto.randomUUID();
      const begin = performance.now();
      await db.query('INSERT INTO bench_replication_probe (token) VALUES ($1)', [token]);
      await replica!.catchUp(30_000);
      const found = (
        await replicaDb!.query('SELECT 1 FROM bench_replication_probe WHERE token = $1', [token])
      ).rowCount;
      if (found !== 1) throw new Error('a row written on the primary is not on the replica');
      return performance.now() - begin;
    };
    const idleVisible = await visible();
    rows.push({
      what: 'scale: streaming replica (base copy on line, catch-up; a row written on the primary read on the replica)',
      size: versions,
      measured: `${(replica.copiedBytes / 1e6).toFixed(0)} MB copied, ready in ${replica.seconds.toFixed(1)} s; a row visible on the replica ${idleVisible.toFixed(1)} ms after its INSERT returned (idle)`,
      baseline: '—',
      target: 'the row is there',
      met: true,
    });

    const mix = await mixedLoadState(db, country);
    const routes = [
      [
        'list of statuses, one country',
        `/api/access-statuses?areaId=${country}&asOf=2023-06-01&limit=50`,
      ],
      [
        'matrix, 40 × 30 cells',
        `/api/stats/matrix?areaId=${country}&maxOrganizations=40&maxAreas=30`,
      ],
      [
        'time series, 10 years by week',
        '/api/stats/timeseries?from=2016-01-01&to=2025-12-31&interval=week',
      ],
    ] as const;
    const table = new Map<string, Map<string, string>>();
    const cell = (what: string, setup: string, text: string) => {
      if (!table.has(what)) table.set(what, new Map());
      table.get(what)!.set(setup, text);
    };
    const firstSetup = new Map<string, Figure>();
    const figureText = (figure: Figure) =>
      `${Math.round(figure.requestsPerSecond)} req/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms${figure.errors ? `, **${figure.errors} errors**` : ''}`;
    const loads: string[] = [];

    for (const setup of SETUPS) {
      const env: Record<string, string> = setup.replica
        ? { DATABASE_REPLICA_URL: replica.url }
        : {};
      const apis = await Promise.all(
        Array.from({ length: setup.apis }, () => startApi(cluster.url, env)),
      );
      stops.push(...apis.map((api) => api.stop));
      const balancer = setup.apis > 1 ? await startBalancer(apis.map((api) => api.base)) : null;
      if (balancer) stops.push(balancer.stop);
      const base = balancer?.base ?? apis[0]!.base;
      // one session (sessions live in PostgreSQL, so every API instance accepts it)
      const headers = apis[0]!.headers;
      const loadBefore = load();
      log(`scale: ${setup.name} (load average ${loadBefore})`);
      const record = (what: string, figure: Figure, connections: number, span: number) => {
        cell(what, setup.name, figureText(figure));
        const first = firstSetup.get(what);
        if (!first) firstSetup.set(what, figure);
        rows.push({
          what: `scale: ${what} (${connections} connections, ${span} s): ${setup.name}`,
          size: versions,
          measured: figureText(figure),
          baseline: first
            ? `one API, primary only: ${Math.round(first.requestsPerSecond)} req/s`
            : '—',
          target: '—',
          met: null,
        });
      };
      const run = async (
        what: string,
        connections: number,
        span: number,
        request: Partial<autocannon.Options>,
      ) => {
        const result = await autocannon({
          url: base,
          connections,
          duration: span,
          headers,
          ...request,
        });
        const figure: Figure = {
          requestsPerSecond: result.requests.average,
          p50: result.latency.p50,
          p99: result.latency.p99,
          errors: result.errors + result.timeouts + result.non2xx,
        };
        record(what, figure, connections, span);
        return figure;
      };

      // After a run, requests autocannon gave up on (its timeout is 10 s) still hold the
      // API's connections until they end: wait until a small read answers quickly again, so
      // that one route's backlog is not charged to the next.
      const drain = async () => {
        const until = performance.now() + 90_000;
        while (performance.now() < until) {
          const begin = performance.now();
          const ok = await fetch(`${base}/api/organizations?limit=1`, { headers }).then(
            async (response) => response.ok && (await response.arrayBuffer()) !== null,
            () => false,
          );
          if (ok && performance.now() - begin < 500) return;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        log('scale: the API was still busy 90 s after the run');
      };
      const timeRoute = async (what: string, url: string) => {
        // warm-up: the pools' connections, prepared plans, caches
        for (let i = 0; i < 3; i++) {
          const response = await fetch(`${base}${url}`, { headers });
          if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
          await response.arrayBuffer();
        }
        await run(what, 16, seconds, { url: `${base}${url}` });
        await drain();
      };
      // the list last: at 100k it outlasted autocannon's 10 s under 16 connections
      for (const [what, url] of routes.slice(1)) await timeRoute(what, url);

      // The soak's mix, with the replica's lag sampled and a row's time to reach it probed.
      const lagSamples: { bytes: number; replayLagMs: number | null }[] = [];
      const probes: number[] = [];
      let soaking = setup.replica;
      const sampler = setup.replica
        ? setInterval(() => {
            void replica!.lag().then((lag) => lag && lagSamples.push(lag));
          }, 200)
        : undefined;
      const prober = (async () => {
        while (soaking) {
          probes.push(await visible());
          await new Promise((resolve) => setTimeout(resolve, 250));
        }
      })();
      await run('soak mix, six reads to one write', 50, soakSeconds, {
        requests: mixedRequests(mix, headers),
      });
      soaking = false;
      clearInterval(sampler);
      await prober;
      if (setup.replica) {
        const sorted = [...probes].sort((a, b) => a - b);
        const lags = lagSamples.map((sample) => sample.replayLagMs ?? 0).sort((a, b) => a - b);
        const bytes = Math.max(0, ...lagSamples.map((sample) => sample.bytes));
        const text = `row visible on the replica after its INSERT: p50 ${sorted[Math.floor(sorted.length / 2)]?.toFixed(0)} ms, max ${sorted.at(-1)?.toFixed(0)} ms (${sorted.length} probes); replay_lag p50 ${lags[Math.floor(lags.length / 2)]?.toFixed(0) ?? '—'} ms, max ${lags.at(-1)?.toFixed(0) ?? '—'} ms; WAL behind at most ${(bytes / 1024).toFixed(0)} kB`;
        cell('replication lag during the soak', setup.name, text);
        rows.push({
          what: `scale: replication lag during the soak: ${setup.name}`,
          size: versions,
          measured: text,
          baseline: '—',
          target: '—',
          met: null,
        });
      } else cell('replication lag during the soak', setup.name, '— (no replica)');
      await drain();
      await timeRoute(routes[0][0], routes[0][1]);

      // The CSV export, once (it reads from the replica when there is one); only at small
      // sizes or when asked (BENCH_SCALE_EXPORT=1): on the shared machine it ran at about
      // 100 rows/s right after the soak (5,000 rows took 28–48 s), minutes per set-up at 100k.
      if (versions > 20_000 && process.env.BENCH_SCALE_EXPORT !== '1') {
        cell('CSV export of the whole history, one request', setup.name, 'not run at this size');
      } else {
        const begin = performance.now();
        const response = await fetch(`${base}/api/exports/access-history.csv?hxl=false`, {
          headers,
        });
        let lines = 0;
        for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>)
          for (const byte of chunk) if (byte === 10) lines++;
        const exportSeconds = (performance.now() - begin) / 1000;
        const exportText = `${Math.round(lines / exportSeconds).toLocaleString('en')} rows/s (${lines.toLocaleString('en')} lines in ${exportSeconds.toFixed(1)} s)`;
        cell('CSV export of the whole history, one request', setup.name, exportText);
        rows.push({
          what: `scale: CSV export of the whole history: ${setup.name}`,
          size: versions,
          measured: exportText,
          baseline: '—',
          target: '—',
          met: null,
        });
      }

      const loadAfter = load();
      loads.push(`${setup.name}: ${loadBefore} before, ${loadAfter} after`);
      for (const stop of stops.splice(0).reverse()) await stop();
    }

    console.log(
      `\n### Beyond one machine: ${versions.toLocaleString('en')} versions, single routes ${seconds} s × 16 connections, soak ${soakSeconds} s × 50; errors include autocannon's 10 s timeouts\n`,
    );
    console.log(`| | ${SETUPS.map((setup) => setup.name).join(' | ')} |`);
    console.log(`|---|${SETUPS.map(() => '---').join('|')}|`);
    for (const [what, cells] of table)
      console.log(
        `| ${what} | ${SETUPS.map((setup) => cells.get(setup.name) ?? '—').join(' | ')} |`,
      );
    console.log(`\nload average (1 / 5 / 15 min), ${os.cpus().length} cores: ${loads.join('; ')}`);
    console.log(
      'On one machine the replica and the second API share the same cores as the primary: these figures measure what the set-up costs, not the capacity more machines would add.\n',
    );
  } finally {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    await replicaDb?.end();
    await db.end();
    await replica?.stop();
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(replicaDir, { recursive: true, force: true });
  }
}
