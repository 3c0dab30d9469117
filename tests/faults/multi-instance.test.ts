import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/database';
import { makeArea, makeOrganization } from '../support/factories';
import { signInOver, startApiProcess, type ApiProcess } from '../support/api-process';

/**
 * Two API instances against one PostgreSQL, as behind a load balancer: nothing that
 * matters may live in one instance's memory.
 */
let database: TestDatabase;
let a: ApiProcess;
let b: ApiProcess;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  [a, b] = await Promise.all([
    startApiProcess({ DATABASE_URL: database.url }),
    startApiProcess({ DATABASE_URL: database.url }),
  ]);
}, 120_000);

afterAll(async () => {
  for (const instance of [a, b]) instance?.child.kill('SIGTERM');
  await Promise.all([a?.exited, b?.exited]);
  await database?.close();
});

const login = (instance: ApiProcess, email: string, password: string) =>
  fetch(`${instance.base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });

describe('two API instances on one database', () => {
  it('share sessions: signed in on one, recognised on the other; signed out on one, out on both', async () => {
    const headers = await signInOver(a.base, 'coordinator@demo.local', 'demo-password');
    const me = await fetch(`${b.base}/me`, { headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe('coordinator@demo.local');

    expect((await fetch(`${b.base}/auth/logout`, { method: 'POST', headers })).status).toBe(204);
    expect((await fetch(`${a.base}/me`, { headers })).status).toBe(401);
  });

  it('share the per-account and the per-address sign-in limits', async () => {
    // 10 failures for one account, alternating instances, lock it on both.
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await login(attempt % 2 ? a : b, 'viewer@demo.local', 'wrong password')).status).toBe(
        401,
      );
    }
    for (const instance of [a, b]) {
      const locked = await login(instance, 'viewer@demo.local', 'demo-password');
      expect(locked.status).toBe(429);
      expect(((await locked.json()) as { error: { code: string } }).error.code).toBe(
        'RATE_LIMITED',
      );
    }
    // The address limit is 20 sign-in attempts a minute, counted across instances:
    // 1 + 10 + 2 attempts so far (the first test's and this one's), so 7 more pass and the next is refused.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      statuses.push(
        (await login(attempt % 2 ? a : b, `nobody-${attempt}@example.org`, 'whatever-password'))
          .status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429]);
  });

  it("report an import's progress from either instance", async () => {
    // from another address (believed from the loopback proxy), so this test's sign-ins have their own limit
    const headers = await signInOver(a.base, 'admin@demo.local', 'demo-password', {
      'x-forwarded-for': '10.0.0.2',
    });
    const form = new FormData();
    const file =
      'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity\nICRC,Lachin corridor,AZE,PENDING,2024-04-01,Asked to cross,MODERATE\n';
    form.append('file', new Blob([file], { type: 'text/csv' }), 'report.csv');
    const started = await fetch(`${a.base}/imports?dryRun=true&async=true`, {
      method: 'POST',
      headers,
      body: form,
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let job: { status: string; rowsDone: number } | undefined;
    for (let attempt = 0; attempt < 100 && job?.status !== 'DONE'; attempt++) {
      const response = await fetch(`${b.base}/imports/${id}`, { headers });
      expect(response.status).toBe(200);
      job = (await response.json()) as typeof job;
      if (job!.status !== 'DONE') await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(job).toMatchObject({ status: 'DONE', rowsDone: 1 });
  });

  it('run an import again on another instance, within a minute, when the one running it dies', async () => {
    const country = await makeArea(database.db, {
      kind: 'COUNTRY',
      name: `Queueland ${Date.now()}`,
    });
    const areas = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        makeArea(database.db, { parentId: country.id, name: `Queue district ${i}` }),
      ),
    );
    const organizations = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        makeOrganization(database.db, { acronym: `QUEUE${i}` }),
      ),
    );
    const lines = [
      'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity',
    ];
    for (const organization of organizations)
      for (const area of areas)
        lines.push(
          `${organization.acronym},${area.name},XYZ,PENDING,2025-06-01,Queued then orphaned,LOW`,
        );
    const rows = lines.length - 1;
    const before = await database.db.accessStatusVersion.count();
    // a third instance runs it, and dies in the middle of applying
    const doomed = await startApiProcess({ DATABASE_URL: database.url });
    try {
      const headers = await signInOver(doomed.base, 'admin@demo.local', 'demo-password', {
        'x-forwarded-for': '10.0.0.3',
      });
      const form = new FormData();
      form.append(
        'file',
        new Blob([`${lines.join('\n')}\n`], { type: 'text/csv' }),
        'orphaned.csv',
      );
      const started = await fetch(`${doomed.base}/imports?dryRun=false&async=true`, {
        method: 'POST',
        headers,
        body: form,
      });
      expect(started.status).toBe(202);
      const { id } = (await started.json()) as { id: string };
      for (let waited = 0; ; waited += 20) {
        const job = (await (await fetch(`${doomed.base}/imports/${id}`, { headers })).json()) as {
          status: string;
        };
        if (job.status === 'APPLYING') break;
        if (job.status === 'DONE' || job.status === 'FAILED' || waited > 60_000)
          throw new Error(`the import was never caught applying: ${job.status}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      doomed.child.kill('SIGKILL');
      await doomed.exited;
      const killedAt = Date.now();
      expect(await database.db.accessStatusVersion.count()).toBe(before);

      let job: { status: string; report: { summary: { new: number } } | null } | undefined;
      while (
        job?.status !== 'DONE' &&
        job?.status !== 'FAILED' &&
        Date.now() - killedAt < 120_000
      ) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        job = (await (await fetch(`${b.base}/imports/${id}`, { headers })).json()) as typeof job;
      }
      expect(job).toMatchObject({ status: 'DONE', report: { summary: { new: rows } } });
      expect(Date.now() - killedAt, 'taken up again within a minute (and finished)').toBeLessThan(
        90_000,
      );
      expect(await database.db.accessStatusVersion.count()).toBe(before + rows);
    } finally {
      doomed.child.kill('SIGKILL');
    }
  }, 240_000);
});
