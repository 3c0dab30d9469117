import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportThread } from '../../apps/api/src/imports/import-thread';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The API's import thread (import-thread.ts), driven directly: a queued import is posted to
 * it, and it reports when the import is over.
 */
let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
});
afterAll(() => database.close());

/** A queued dry run of a one-row file, as POST /api/imports?async=true leaves it. */
async function queuedImport(): Promise<string> {
  const file = [
    'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity',
    'ICRC,Lachin corridor,AZE,DENIED,2024-06-01,Checkpoint closed,LOW',
  ].join('\r\n');
  const { rows } = await database.sql<{ id: string }>(
    `INSERT INTO import_jobs (id, created_by_id, filename, dry_run, status, file_oid, updated_at)
     SELECT gen_random_uuid(), u.id, 'report.csv', true, 'CHECKING', lo_from_bytea(0, $1::bytea), now()
     FROM users u WHERE u.email = 'coordinator@demo.local'
     RETURNING id::text`,
    [Buffer.from(file)],
  );
  return rows[0]!.id;
}

const statusOf = async (id: string) =>
  (
    await database.sql<{ status: string; summary: unknown }>(
      `SELECT status, report->'summary' AS summary FROM import_jobs WHERE id = $1`,
      [id],
    )
  ).rows[0];

describe('the import thread', () => {
  it('runs an import posted while its idle thread was dying, on a new thread, instead of failing it', async () => {
    const thread = new ImportThread({ databaseUrl: database.url, statementTimeoutMs: 60_000 }, 96);
    try {
      thread.start();
      const idle = (thread as unknown as { worker: Worker }).worker;
      await once(idle, 'online');
      const id = await queuedImport();
      // the thread ends while idle; its 'exit' comes after the import is posted
      void idle.terminate();
      await thread.run(id, {
        onInternalError: (error) => {
          throw error;
        },
      });
      expect(await statusOf(id)).toEqual({
        status: 'DONE',
        summary: { new: 1, corrections: 0, unchanged: 0, errors: 0 },
      });
      // and the next import runs on the new thread as usual
      const next = await queuedImport();
      await thread.run(next, { onInternalError: () => {} });
      expect((await statusOf(next))?.status).toBe('DONE');
    } finally {
      await thread.close();
    }
  }, 60_000);

  it('fails an import whose thread cannot start (a heap too small to load it), posting it again only once', async () => {
    const thread = new ImportThread({ databaseUrl: database.url, statementTimeoutMs: 60_000 }, 16);
    try {
      const id = await queuedImport();
      await expect(thread.run(id, { onInternalError: () => {} })).rejects.toMatchObject({
        outOfMemory: true,
      });
      // nothing ran: the job is left for the queue's caller to mark failed
      expect((await statusOf(id))?.status).toBe('CHECKING');
    } finally {
      await thread.close();
    }
  }, 60_000);
});
