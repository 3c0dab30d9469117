import path from 'node:path';
import fs from 'node:fs';
import pg from 'pg';
import { runMigrations, startEmbeddedPostgres } from '@access/db';
import { ms, repoRoot, startApi } from './harness';
import { loadSyntheticData } from './synthetic';

/**
 * Notifications (issue 18), `npm run bench -- --only notifications`: a fresh database with
 * the synthetic areas and organisations, 10,000 users who may follow a country, and the API
 * as its own process (its pg-boss fan-out worker included). For 0, 1,000 and 10,000
 * followers of the country: the latency of POST /api/access-statuses in one of its
 * sub-areas (the fan-out is not in the request: the event is one outbox row), and, at
 * 10,000, the time from the request's answer until every follower's notification list
 * holds the change.
 */

type Row = {
  what: string;
  size: number;
  measured: string;
  baseline: string;
  target: string;
  met: boolean | null;
};

const FOLLOWERS = [0, 1_000, 10_000];

export async function benchNotifications(
  rows: Row[],
  options: { runs: number; log: (line: string) => void },
): Promise<void> {
  const dataDir = path.join(repoRoot, '.data', `bench-notifications-${process.pid}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const cluster = await startEmbeddedPostgres({ dataDir, port: 0, database: 'bench' });
  const db = new pg.Client({ connectionString: cluster.url });
  let api: Awaited<ReturnType<typeof startApi>> | undefined;
  try {
    await runMigrations(cluster.url);
    const loaded = await loadSyntheticData(cluster.url, {
      organizations: 50,
      areas: 200,
      versions: 0,
      years: 1,
      seed: 42,
      log: options.log,
    });
    await db.connect();
    const country = loaded.countryIds[0]!;
    const {
      rows: [where],
    } = await db.query<{ area: string; organization: string }>(
      `SELECT coalesce((SELECT id FROM areas WHERE parent_id = $1::uuid LIMIT 1), $1::uuid)::text AS area,
              (SELECT id::text FROM organizations ORDER BY name LIMIT 1) AS organization`,
      [country],
    );
    await db.query(`
      INSERT INTO users (id, email, display_name, password_hash, role, clearance)
      SELECT gen_random_uuid(), 'follower-' || g || '@bench.local', 'Follower ' || g, 'not a hash', 'VIEWER', 'LOW'
      FROM generate_series(1, ${Math.max(...FOLLOWERS)}) g`);
    api = await startApi(cluster.url);
    let day = 0;
    const record = async () => {
      day += 1;
      const validFrom = new Date(Date.UTC(2000, 0, 1) + day * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const response = await fetch(`${api!.base}/api/access-statuses`, {
        method: 'POST',
        headers: { ...api!.headers, 'content-type': 'application/json' },
        body: JSON.stringify({
          organizationId: where!.organization,
          areaId: where!.area,
          status: day % 2 ? 'DENIED' : 'CONSTRAINED',
          validFrom,
          reason: 'Bench',
          sensitivity: 'LOW',
        }),
      });
      if (response.status !== 201)
        throw new Error(`record: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { id: string }).id;
    };
    const notified = async (versionId: string) =>
      (
        await db.query<{ count: number }>(
          `SELECT count(*)::int AS count FROM notifications n JOIN outbox_events e ON e.id = n.event_id
           WHERE e.access_status_version_id = $1`,
          [versionId],
        )
      ).rows[0]!.count;
    const drained = async () => {
      for (;;) {
        const { rows: left } = await db.query(
          'SELECT 1 FROM outbox_events WHERE fanned_out_at IS NULL LIMIT 1',
        );
        if (left.length === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    let baseline = '';
    for (const followers of FOLLOWERS) {
      await db.query('DELETE FROM follows');
      await db.query(
        `INSERT INTO follows (id, user_id, target_type, target_id, kinds)
         SELECT gen_random_uuid(), id, 'AREA', $1, '{ANY_CHANGE}' FROM users
         WHERE email LIKE 'follower-%' ORDER BY email LIMIT $2`,
        [country, followers],
      );
      // each request alone: the fan-out of the one before has finished (on this 2-core
      // machine a fan-out running beside the request slows it by sharing the CPU, which
      // says nothing about what the request itself does)
      const samples: number[] = [];
      for (let run = 0; run <= options.runs; run++) {
        await drained();
        const start = performance.now();
        await record();
        if (run > 0) samples.push(performance.now() - start);
      }
      samples.sort((a, b) => a - b);
      const latency = {
        p50: samples[Math.floor(samples.length / 2)]!,
        p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)]!,
      };
      const measured = `p50 ${ms(latency.p50)}, p95 ${ms(latency.p95)}`;
      if (followers === 0) baseline = measured;
      rows.push({
        what: `notifications: POST /api/access-statuses in an area followed (via its country) by ${followers.toLocaleString('en')} users`,
        size: followers,
        measured,
        baseline: followers === 0 ? '—' : `${baseline} with no follower`,
        target: 'does not grow with followers',
        met: null,
      });
      options.log(`${followers} followers: ${measured}`);
    }
    // one change, timed from its answer until all 10,000 followers have it
    await drained();
    const followers = Math.max(...FOLLOWERS);
    const spans: number[] = [];
    for (let run = 0; run < 5; run++) {
      const versionId = await record();
      const answered = performance.now();
      while ((await notified(versionId)) < followers) {
        if (performance.now() - answered > 60_000) throw new Error('fan-out took over 60 s');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      spans.push(performance.now() - answered);
      await drained();
    }
    spans.sort((a, b) => a - b);
    const worst = spans.at(-1)!;
    rows.push({
      what: `notifications: a change in an area followed by ${followers.toLocaleString('en')} users, from the request's answer until every follower's list holds it (5 changes)`,
      size: followers,
      measured: `median ${ms(spans[2]!)}, worst ${ms(worst)}`,
      baseline: '—',
      target: '< 2 s',
      met: worst < 2000,
    });
  } finally {
    await db.end().catch(() => {});
    await api?.stop();
    await cluster.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
