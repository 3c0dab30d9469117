import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImportProcess } from '../../apps/api/src/imports/import-process';
import { createTestDatabase, type TestDatabase } from '../support/database';

/**
 * The API's import process (import-process.ts), driven directly: a queued import is sent to
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

describe('the import process', () => {
  it('runs an import sent while its idle process was dying, on a new process, instead of failing it', async () => {
    const importer = new ImportProcess(
      { databaseUrl: database.url, statementTimeoutMs: 60_000 },
      96,
    );
    try {
      importer.start();
      const idle = (importer as unknown as { child: ChildProcess }).child;
      await once(idle, 'spawn');
      const id = await queuedImport();
      // the process ends while idle; its 'exit' comes after the import is sent
      idle.kill('SIGKILL');
      await importer.run(id, {
        onInternalError: (error) => {
          throw error;
        },
      });
      expect(await statusOf(id)).toEqual({
        status: 'DONE',
        summary: { new: 1, corrections: 0, unchanged: 0, errors: 0 },
      });
      // and the next import runs in the new process as usual
      const next = await queuedImport();
      await importer.run(next, { onInternalError: () => {} });
      expect((await statusOf(next))?.status).toBe('DONE');
    } finally {
      await importer.close();
    }
  }, 60_000);

  it('fails an import whose process cannot start (a heap too small to load it), sending it again only once', async () => {
    const importer = new ImportProcess(
      { databaseUrl: database.url, statementTimeoutMs: 60_000 },
      16,
    );
    try {
      const id = await queuedImport();
      await expect(importer.run(id, { onInternalError: () => {} })).rejects.toMatchObject({
        outOfMemory: true,
      });
      // nothing ran: the job is left for the queue's caller to mark failed
      expect((await statusOf(id))?.status).toBe('CHECKING');
    } finally {
      await importer.close();
    }
  }, 60_000);
});
