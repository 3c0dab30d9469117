import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { followImport, upload } from '../support/upload';

/**
 * A background import runs in a process of its own with a capped heap (IMPORT_HEAP_MB): one that
 * needs more than it is given ends FAILED with a message that says so, writes nothing, drops
 * its file, and the API goes on. The cap here (16 MB) is below what loading the import's code
 * needs, so the worker runs out at once; in the API's own heap (before the worker) the same import was
 * DONE, and an import that ran the API out of memory took every request down with it.
 */
let t: TestApp;
let coordinator: Client;
beforeAll(async () => {
  t = await createTestApp({ demo: true, env: { IMPORT_HEAP_MB: '16' } });
  coordinator = await t.signIn('coordinator@demo.local');
});
afterAll(() => t.close());

const follow = (id: string) => followImport(coordinator, id, 600);

describe('a background import out of memory', () => {
  it('ends FAILED as too large, writes nothing, drops its file, and the API answers throughout', async () => {
    const versions = () => t.db.accessStatusVersion.count();
    const before = await versions();
    const file = [
      'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity',
      'ICRC,Lachin corridor,AZE,DENIED,2024-06-01,Out of memory,LOW',
    ].join('\r\n');
    const started = await upload(coordinator, file, { dryRun: false, async: true });
    expect(started.statusCode, started.body).toBe(202);
    const job = await follow(started.json().id);
    expect(job).toMatchObject({
      status: 'FAILED',
      error: {
        code: 'TOO_LARGE',
        message: expect.stringMatching(/more memory .*16 MB.*nothing was imported/),
      },
    });
    expect(job.error.message).toContain('IMPORT_HEAP_MB');
    expect(await versions()).toBe(before);
    const { rows } = await t.sql<{ oid: string | null }>(
      'SELECT file_oid::text AS oid FROM import_jobs WHERE id = $1',
      [job.id],
    );
    expect(rows).toEqual([{ oid: null }]);
    const health = await t.anonymous.get('/api/health');
    expect(health.statusCode).toBe(200);
    // and the next import is taken up as usual (the queue's worker was not lost with the process)
    const next = await follow(
      (await upload(coordinator, file, { dryRun: true, async: true })).json().id,
    );
    expect(next).toMatchObject({ status: 'FAILED', error: { code: 'TOO_LARGE' } });
  }, 60_000);
});

describe('a synchronous import', () => {
  it("runs in an import process with the same heap cap, not in the API's heap: out of memory, it answers 413 TOO_LARGE, writes nothing, and the API answers throughout", async () => {
    // In the API's own heap it was answered 200 whatever IMPORT_HEAP_MB said, and 16 one-row
    // imports at once took the API to 1.45 GB and held GET /api/health for seconds.
    const versions = () => t.db.accessStatusVersion.count();
    const before = await versions();
    const file = [
      'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity',
      'ICRC,Lachin corridor,AZE,DENIED,2024-06-01,Out of memory in the foreground,LOW',
    ].join('\r\n');
    for (const dryRun of [true, false]) {
      const answer = await upload(coordinator, file, { dryRun });
      expect(answer.statusCode, answer.body).toBe(413);
      expect(answer.json().error).toEqual({
        code: 'TOO_LARGE',
        message: expect.stringMatching(/more memory .*16 MB.*nothing was imported.*IMPORT_HEAP_MB/),
      });
    }
    expect(await versions()).toBe(before);
    expect((await t.anonymous.get('/api/health')).statusCode).toBe(200);
  }, 60_000);
});
