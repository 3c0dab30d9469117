import fs from 'node:fs';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization } from '../support/factories';
import { signInOver, startApiProcess, type ApiProcess } from '../support/api-process';

/**
 * The API as its own process, killed or stopped at awkward moments. What it acknowledged
 * must survive; what it had not finished must leave no trace; the next start must be clean.
 */
let database: TestDatabase;
let api: ApiProcess | undefined;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
}, 60_000);

afterAll(async () => {
  api?.child.kill('SIGKILL');
  await database?.close();
});

/** The processes `pid` started (Linux: /proc/<pid>/task/<tid>/children). */
function childrenOf(pid: number): number[] {
  return fs
    .readdirSync(`/proc/${pid}/task`)
    .flatMap((task) =>
      fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/),
    )
    .filter(Boolean)
    .map(Number);
}

function isRunning(pid: number): boolean {
  try {
    // a process that has ended but not been reaped yet is a zombie: not running
    return !/^State:\s+Z/m.test(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

const start = async () => (api = await startApiProcess({ DATABASE_URL: database.url }));

/**
 * The rules the history must keep whatever happened, checked in SQL over every pair and
 * level: no two periods start on one day, none overlap, and the kept timelines are
 * exactly what access_timeline() derives from the history.
 */
async function checkHistoryRules() {
  const {
    rows: [rules],
  } = await database.sql<{ same_start: number; overlapping: number; current_mismatch: number }>(`
    WITH derived AS (
      SELECT lvl AS level, t.id, t.valid_to FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl CROSS JOIN LATERAL access_timeline(lvl, 'infinity') t
    )
    SELECT
      (SELECT count(*)::int FROM (
         SELECT 1 FROM current_access_statuses GROUP BY level, organization_id, area_id, valid_from HAVING count(*) > 1) x) AS same_start,
      (SELECT count(*)::int FROM current_access_statuses a JOIN current_access_statuses b
         ON a.level = b.level AND a.organization_id = b.organization_id AND a.area_id = b.area_id AND a.id < b.id
         AND daterange(a.valid_from, a.valid_to) && daterange(b.valid_from, b.valid_to)) AS overlapping,
      (SELECT count(*)::int FROM (
         (SELECT level, id, valid_to FROM current_access_statuses EXCEPT SELECT level, id, valid_to FROM derived)
         UNION ALL
         (SELECT level, id, valid_to FROM derived EXCEPT SELECT level, id, valid_to FROM current_access_statuses)) x) AS current_mismatch`);
  expect(rules).toEqual({ same_start: 0, overlapping: 0, current_mismatch: 0 });
}

/**
 * A change that waits inside its transaction: the pair's lock is held from outside, and
 * the write is sent once the API is signed in. Resolves when the write waits on the lock.
 */
async function writeWaitingOnLock(app: ApiProcess, reason: string, signal?: AbortSignal) {
  const headers = await signInOver(app.base, 'coordinator@demo.local', 'demo-password');
  const [organization, area] = [await makeOrganization(database.db), await makeArea(database.db)];
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  await holder.query("SELECT pg_advisory_lock(hashtextextended($1 || '/' || $2, 0))", [
    organization.id,
    area.id,
  ]);
  const write = fetch(`${app.base}/access-statuses`, {
    method: 'POST',
    signal,
    headers: { ...headers, 'content-type': 'application/json' },
    body: JSON.stringify({
      organizationId: organization.id,
      areaId: area.id,
      status: 'DENIED',
      validFrom: '2025-03-01',
      reason,
      sensitivity: 'LOW',
    }),
  });
  for (
    let waited = 0;
    (
      await holder.query(
        "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
      )
    ).rows[0].n === 0;
    waited += 50
  ) {
    if (waited > 10_000) throw new Error('the write never reached the lock');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    write,
    release: () => holder.query('SELECT pg_advisory_unlock_all()'),
    close: () => holder.end(),
  };
}

describe('SIGTERM', () => {
  it('lets a request in flight finish before the process exits, and takes no new ones', {
    timeout: 120_000,
  }, async () => {
    const app = await start();
    const waiting = await writeWaitingOnLock(app, 'In flight at shutdown');
    try {
      app.child.kill('SIGTERM');
      // Stops listening at once, while the write is still waiting.
      for (
        let waited = 0;
        await fetch(`${app.base}/health`).then(
          () => true,
          () => false,
        );
        waited += 50
      ) {
        if (waited > 5_000) throw new Error('still taking new requests after SIGTERM');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(app.child.exitCode).toBeNull();
      await waiting.release();
      expect((await waiting.write).status).toBe(201);
      expect(await app.exited, app.output()).toBe(0);
      expect(
        await database.db.accessStatusVersion.count({ where: { reason: 'In flight at shutdown' } }),
      ).toBe(1);
    } finally {
      await waiting.close();
    }
  });

  it('finishes a change whose client went away before exiting, so nothing is cut off mid-transaction', {
    timeout: 120_000,
  }, async () => {
    const app = await start();
    const abort = new AbortController();
    const waiting = await writeWaitingOnLock(app, 'Client gone at shutdown', abort.signal);
    try {
      abort.abort();
      expect(await waiting.write.catch(() => 'aborted')).toBe('aborted');
      app.child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(app.child.exitCode, 'still waiting for the handler').toBeNull();
      await waiting.release();
      expect(await app.exited, app.output()).toBe(0);
      expect(app.output()).not.toContain('Cannot use a pool after calling end');
      expect(
        await database.db.accessStatusVersion.count({
          where: { reason: 'Client gone at shutdown' },
        }),
      ).toBe(1);
    } finally {
      await waiting.close();
    }
  });
  it('in the middle of an import: exits in time, writes none of it, and the next start finishes it', {
    timeout: 180_000,
  }, async () => {
    const organizations = await Promise.all(
      Array.from({ length: 20 }, (_, i) => makeOrganization(database.db, { acronym: `STOP${i}` })),
    );
    const areas = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        makeArea(database.db, { name: `Stopped district ${i}` }),
      ),
    );
    const lines = ['organization_acronym,area_name,status,valid_from,reason,sensitivity'];
    for (const organization of organizations)
      for (const area of areas)
        lines.push(`${organization.acronym},${area.name},PENDING,2025-06-01,Stopped import,LOW`);
    const rows = lines.length - 1;
    const imported = () =>
      database.db.accessStatusVersion.count({ where: { reason: 'Stopped import' } });
    // Every writer of pairs takes the all-pairs lock shared; held exclusively here, the
    // import's apply waits inside its transaction, as one in a long statement would.
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    try {
      await holder.query(
        "SELECT pg_advisory_lock(hashtextextended('access_status_versions:all pairs', 0))",
      );
      const app = await start();
      const headers = await signInOver(app.base, 'admin@demo.local', 'demo-password');
      const form = new FormData();
      form.append('file', new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }), 'stop.csv');
      const started = await fetch(`${app.base}/imports?dryRun=false&async=true`, {
        method: 'POST',
        headers,
        body: form,
      });
      expect(started.status, await started.clone().text()).toBe(202);
      const { id } = (await started.json()) as { id: string };
      for (
        let waited = 0;
        (
          await holder.query(
            "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted",
          )
        ).rows[0].n === 0;
        waited += 50
      ) {
        if (waited > 60_000) throw new Error('the import never reached the lock');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }

      // The process does not wait for the import: the queue takes the job back, and its
      // transaction ends with the process's connections.
      app.child.kill('SIGTERM');
      expect(await app.exited, app.output()).toBe(0);
      await holder.query('SELECT pg_advisory_unlock_all()');
      expect(await imported()).toBe(0);
      await checkHistoryRules();

      const again = await start();
      const auth = await signInOver(again.base, 'admin@demo.local', 'demo-password');
      let job: { status: string; rowsDone: number } = { status: '', rowsDone: 0 };
      for (let waited = 0; job.status !== 'DONE'; waited += 200) {
        job = (await (
          await fetch(`${again.base}/imports/${id}`, { headers: auth })
        ).json()) as typeof job;
        if (job.status === 'FAILED' || waited > 90_000)
          throw new Error(`the import was not taken up again: ${JSON.stringify(job)}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(await imported()).toBe(rows);
      await checkHistoryRules();
      again.child.kill('SIGTERM');
      expect(await again.exited, again.output()).toBe(0);
    } finally {
      await holder.end();
    }
  });
});

describe('SIGKILL', () => {
  it('in a burst of writes: every acknowledged change is kept, none is half-written, the next start is clean', async () => {
    const app = await start();
    const headers = await signInOver(app.base, 'coordinator@demo.local', 'demo-password');
    const pairs = await Promise.all(
      Array.from({ length: 16 }, async () => ({
        organizationId: (await makeOrganization(database.db)).id,
        areaId: (await makeArea(database.db)).id,
      })),
    );
    const acknowledged: string[] = [];
    let killed = false;
    const writers = pairs.map(async (pair, writer) => {
      for (let n = 0; !killed; n++) {
        const validFrom = new Date(Date.UTC(2026, 0, 1 + n)).toISOString().slice(0, 10);
        const response = await fetch(`${app.base}/access-statuses`, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            ...pair,
            status: n % 2 ? 'FULL' : 'CONSTRAINED',
            validFrom,
            reason: `Burst ${writer}/${n}`,
            sensitivity: 'LOW',
            terms: [{ type: 'NOTIFICATION', note: 'convoy' }],
          }),
        }).catch(() => undefined);
        if (response?.status === 201)
          acknowledged.push(
            ((await response.json().catch(() => ({}))) as { id?: string }).id ?? 'unreadable',
          );
        else if (!killed) throw new Error(`write failed before the kill: ${response?.status}`);
      }
    });
    while (acknowledged.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    killed = true;
    app.child.kill('SIGKILL');
    await Promise.all(writers);
    await app.exited;

    const ids = acknowledged.filter((id) => id !== 'unreadable');
    expect(ids.length).toBeGreaterThanOrEqual(40);
    expect(await database.db.accessStatusVersion.count({ where: { id: { in: ids } } })).toBe(
      ids.length,
    );
    // Every version written has its terms: a version and its parts commit together.
    const {
      rows: [parts],
    } = await database.sql<{ without_terms: number }>(`
      SELECT count(*)::int AS without_terms FROM access_status_versions v
      WHERE v.reason LIKE 'Burst %' AND NOT EXISTS (SELECT 1 FROM access_terms t WHERE t.version_id = v.id)`);
    expect(parts!.without_terms).toBe(0);
    // ...and its audit event, in the same transaction.
    const {
      rows: [audit],
    } = await database.sql<{ without_audit: number }>(`
      SELECT count(*)::int AS without_audit FROM access_status_versions v
      WHERE v.reason LIKE 'Burst %' AND v.change_kind = 'RECORD'
        AND NOT EXISTS (SELECT 1 FROM audit_events e WHERE e.entity_id = v.id::text)`);
    expect(audit!.without_audit).toBe(0);
    await checkHistoryRules();

    const again = await start();
    const after = await signInOver(again.base, 'coordinator@demo.local', 'demo-password');
    const history = await fetch(
      `${again.base}/access-statuses/history?organizationId=${pairs[0]!.organizationId}&areaId=${pairs[0]!.areaId}`,
      { headers: after },
    );
    expect(history.status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited, again.output()).toBe(0);
  }, 120_000);

  it('in the middle of an import: nothing of it is written, and a re-run after the restart finishes the job', async () => {
    const country = await makeArea(database.db, {
      kind: 'COUNTRY',
      name: `Crashland ${Date.now()}`,
    });
    const areas = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        makeArea(database.db, { parentId: country.id, name: `Crash district ${i}` }),
      ),
    );
    const organizations = await Promise.all(
      Array.from({ length: 150 }, (_, i) =>
        makeOrganization(database.db, { acronym: `CRASH${i}` }),
      ),
    );
    const lines = [
      'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity',
    ];
    for (const organization of organizations) {
      for (const area of areas)
        lines.push(
          `${organization.acronym},${area.name},XYZ,PENDING,2025-06-01,Imported then killed,LOW`,
        );
    }
    const file = `${lines.join('\n')}\n`;
    const rows = lines.length - 1;
    const before = await database.db.accessStatusVersion.count();

    const app = await start();
    const headers = await signInOver(app.base, 'admin@demo.local', 'demo-password');
    const upload = (base: string, auth: Record<string, string>, async: boolean) => {
      const form = new FormData();
      form.append('file', new Blob([file], { type: 'text/csv' }), 'big.csv');
      return fetch(`${base}/imports?dryRun=false${async ? '&async=true' : ''}`, {
        method: 'POST',
        headers: auth,
        body: form,
      });
    };
    const started = await upload(app.base, headers, true);
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    for (let waited = 0; ; waited += 10) {
      const job = (await (await fetch(`${app.base}/imports/${id}`, { headers })).json()) as {
        status: string;
      };
      if (job.status === 'APPLYING') break;
      if (job.status === 'DONE' || job.status === 'FAILED' || waited > 60_000)
        throw new Error(`the import was never caught applying: ${job.status}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    // the import runs in a process of the API's (import-process.ts): it ends with the API
    const importProcesses = childrenOf(app.child.pid!);
    expect(importProcesses.length).toBeGreaterThan(0);
    app.child.kill('SIGKILL');
    await app.exited;
    for (let waited = 0; importProcesses.some(isRunning); waited += 50) {
      if (waited > 10_000) throw new Error('the import process outlived the API');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await database.db.accessStatusVersion.count()).toBe(before);
    await checkHistoryRules();

    const again = await start();
    const auth = await signInOver(again.base, 'admin@demo.local', 'demo-password');
    // The queue retries a job whose instance died (its heartbeat stops; one retry): the new
    // instance may finish it, or mark it FAILED. Either way it ends, whole or not at all,
    // before the person's own re-run, which then writes exactly what is missing. (Run at
    // once, the re-run raced the retry: it found the rows written and answered new: 0.)
    let ended = '';
    for (let waited = 0; !ended; waited += 250) {
      const job = (await (
        await fetch(`${again.base}/imports/${id}`, { headers: auth })
      ).json()) as {
        status: string;
      };
      if (job.status === 'DONE' || job.status === 'FAILED') ended = job.status;
      else if (waited > 90_000) throw new Error(`the killed import never ended: ${job.status}`);
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect(await database.db.accessStatusVersion.count()).toBe(
      ended === 'DONE' ? before + rows : before,
    );
    const rerun = await upload(again.base, auth, false);
    expect(rerun.status, await rerun.clone().text()).toBe(200);
    expect(((await rerun.json()) as { summary: { new: number } }).summary.new).toBe(
      ended === 'DONE' ? 0 : rows,
    );
    expect(await database.db.accessStatusVersion.count()).toBe(before + rows);
    await checkHistoryRules();
    again.child.kill('SIGTERM');
    expect(await again.exited, again.output()).toBe(0);
  }, 180_000);

  it('in the middle of an export: the data is unchanged and the next start is clean', {
    timeout: 120_000,
  }, async () => {
    const before = await database.db.accessStatusVersion.count();
    const app = await start();
    const headers = await signInOver(app.base, 'coordinator@demo.local', 'demo-password');
    const response = await fetch(`${app.base}/exports/access-statuses.csv?allPeriods=true`, {
      headers,
    });
    expect(response.status).toBe(200);
    const reader = response.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    app.child.kill('SIGKILL');
    await app.exited;
    await reader.cancel().catch(() => {});
    expect(await database.db.accessStatusVersion.count()).toBe(before);

    const again = await start();
    expect((await fetch(`${again.base}/health`)).status).toBe(200);
    again.child.kill('SIGTERM');
    expect(await again.exited, again.output()).toBe(0);
  });
});
