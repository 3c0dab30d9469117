import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@access/db';
import { ms, repoRoot, startApi, timeIt } from './harness';
import { loadSyntheticData } from './synthetic';

/**
 * Requests and consent (issue 16), `npm run bench -- --only requests`: a fresh database
 * holding `size` status versions and `requests` requests (default 200,000 × size / 1M;
 * BENCH_REQUESTS overrides it) with their parties' positions, the API as its own process,
 * and the consent board (pending requests by party, worst waits first) as a SEVERE
 * coordinator reads it today and waiting on one party, over HTTP.
 */

type Row = {
  what: string;
  size: number;
  measured: string;
  baseline: string;
  target: string;
  met: boolean | null;
};

export async function benchRequests(
  size: number,
  rows: Row[],
  options: { runs: number; log: (line: string) => void },
): Promise<void> {
  const requests = Number(
    process.env.BENCH_REQUESTS ?? Math.max(1000, Math.round((200_000 * size) / 1_000_000)),
  );
  const keptDir = process.env.BENCH_DATA_DIR;
  const dataDir = keptDir
    ? path.resolve(keptDir, `requests-${size}-${requests}`)
    : path.join(repoRoot, '.data', `bench-requests-${process.pid}-${size}`);
  const loadedFile = path.join(dataDir, 'bench-loaded.json');
  const kept = keptDir && fs.existsSync(loadedFile);
  if (!kept) fs.rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({
    dataDir,
    port: 0,
    database: 'bench',
    ephemeral: false,
  });
  try {
    await runMigrations(cluster.url);
    if (!kept) {
      options.log(
        `requests: ${size.toLocaleString('en')} versions + ${requests.toLocaleString('en')} requests: loading`,
      );
      const scale = size / 1_000_000;
      const loaded = await loadSyntheticData(cluster.url, {
        organizations: Math.max(50, Math.round(2000 * Math.min(1, scale * 10))),
        areas: Math.max(100, Math.round(5000 * Math.min(1, scale * 10))),
        versions: size,
        requests,
        years: 10,
        seed: 42,
        log: options.log,
      });
      rows.push({
        what: 'requests: synthetic load (statuses, then requests and positions by COPY)',
        size,
        measured: `${loaded.requests.toLocaleString('en')} requests, ${loaded.positions.toLocaleString('en')} positions; ${loaded.seconds.toFixed(0)} s in all`,
        baseline: '—',
        target: '—',
        met: null,
      });
      if (keptDir) fs.writeFileSync(loadedFile, JSON.stringify(loaded));
    }
    const sql = new pg.Client({ connectionString: cluster.url });
    await sql.connect();
    const party = (
      await sql.query(
        `SELECT party_id::text AS id FROM consent_positions GROUP BY party_id ORDER BY count(*) DESC LIMIT 1`,
      )
    ).rows[0]?.id as string;
    await sql.end();
    const api = await startApi(cluster.url);
    try {
      const get = (url: string) =>
        fetch(`${api.base}${url}`, { headers: api.headers }).then(async (response) => {
          if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
          return response.json() as Promise<{ items: unknown[] }>;
        });
      const runs = Math.max(20, options.runs);
      const load = os.loadavg()[0]!;
      // one read first: past the statement timeout the board answers 503, a figure in itself
      const first = Date.now();
      try {
        await get('/api/access-requests/consent-board?limit=50');
      } catch (error) {
        rows.push({
          what: `requests: the consent board, worst waits first (${requests.toLocaleString('en')} requests; load ${load.toFixed(1)})`,
          size,
          measured: `refused after ${ms(Date.now() - first)}: ${String(error).slice(0, 120)}`,
          baseline: '—',
          target: 'p95 < 150 ms',
          met: false,
        });
        return;
      }
      const board = await timeIt(runs, () => get('/api/access-requests/consent-board?limit=50'));
      // what any authenticated read costs on this machine as loaded now (session, one lookup)
      const me = await timeIt(runs, () => get('/api/me'));
      const waiting = await timeIt(runs, () =>
        get(`/api/access-requests/consent-board?waitingOn=${party}&limit=50`),
      );
      const list = await timeIt(Math.min(runs, 20), () =>
        get(`/api/access-requests?waitingOn=${party}&limit=50`),
      );
      const shown = (await get('/api/access-requests/consent-board?limit=50')).items.length;
      rows.push({
        what: `requests: the consent board, worst waits first (${shown} rows shown of ${requests.toLocaleString('en')} requests; load ${load.toFixed(1)} → ${os.loadavg()[0]!.toFixed(1)})`,
        size,
        measured: `p50 ${ms(board.p50)}, p95 ${ms(board.p95)}`,
        baseline: `waiting on the busiest party: p50 ${ms(waiting.p50)}, p95 ${ms(waiting.p95)}; the list waiting on it: p50 ${ms(list.p50)}, p95 ${ms(list.p95)}; GET /api/me in the same run: p50 ${ms(me.p50)}, p95 ${ms(me.p95)}`,
        target: 'p95 < 150 ms',
        met: board.p95 < 150,
      });
    } finally {
      await api.stop();
    }
  } finally {
    await cluster.stop();
    if (!keptDir) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
