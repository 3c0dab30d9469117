import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actorOfUser } from '@access/domain';
import { ImportProcess, ImportProcessBusy } from '../../apps/api/src/imports/import-process';
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
    `INSERT INTO import_jobs (id, created_by_id, filename, dry_run, status, file_oid, clearance, updated_at)
     SELECT gen_random_uuid(), u.id, 'report.csv', true, 'CHECKING', lo_from_bytea(0, $1::bytea), u.clearance, now()
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

/** A one-row file in a temporary file, as POST /api/imports keeps a synchronous upload. */
async function keptFile(reason: string): Promise<string> {
  const saved = path.join(os.tmpdir(), `access-test-import-${randomUUID()}.csv`);
  await fs.writeFile(
    saved,
    [
      'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity',
      `ICRC,Lachin corridor,AZE,DENIED,2024-06-01,${reason},LOW`,
    ].join('\r\n'),
  );
  return saved;
}

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

  it('runs synchronous imports one at a time in their order, refuses one more than may wait, and drops one whose caller left before its turn', async () => {
    const importer = new ImportProcess(
      { databaseUrl: database.url, statementTimeoutMs: 60_000 },
      96,
      1,
    );
    const files: string[] = [];
    try {
      const { rows } = await database.sql<{ id: string }>(
        `SELECT id::text FROM users WHERE email = 'coordinator@demo.local'`,
      );
      const ctx = { actor: await actorOfUser(database.db, rows[0]!.id) };
      const task = async (reason: string) => {
        const saved = await keptFile(reason);
        files.push(saved);
        return { path: saved, filename: `${reason}.csv`, ctx, dryRun: true };
      };
      const [first, second, third, fourth] = await Promise.all(
        ['first', 'second', 'third', 'fourth'].map(task),
      );
      const ended: string[] = [];
      const run = (file: NonNullable<typeof first>, signal?: AbortSignal) =>
        importer
          .runFile(file, { signal, onInternalError: (error) => ended.push(error.message) })
          .then((outcome) => {
            ended.push(file.filename);
            return outcome;
          });
      const running = run(first!);
      const waiting = run(second!);
      // one may wait: the next is refused at once, nothing of it run
      await expect(run(third!)).rejects.toBeInstanceOf(ImportProcessBusy);
      const runs = await Promise.all([running, waiting]);
      expect(ended).toEqual(['first.csv', 'second.csv']);
      for (const outcome of runs)
        expect(outcome).toMatchObject({
          report: { dryRun: true, summary: { new: 1, errors: 0 } },
        });
      // a caller that goes away while waiting leaves the line
      const busy = run(first!);
      const left = new AbortController();
      const leaving = run(fourth!, left.signal);
      left.abort(new Error('the client went away'));
      await expect(leaving).rejects.toThrow('the client went away');
      await busy;
      expect(ended).toEqual(['first.csv', 'second.csv', 'first.csv']);
      expect(importer.idle).toBe(true);
    } finally {
      await importer.close();
      await Promise.all(files.map((file) => fs.rm(file, { force: true })));
    }
  }, 60_000);

  it('tells an out-of-memory end by the line V8 writes, however long the stack trace after it', async () => {
    // Node 22's native stack trace after "heap out of memory" ran past the 4 kB of stderr
    // that was read at the end: the import failed as INTERNAL instead of TOO_LARGE
    const importer = new ImportProcess(
      { databaseUrl: database.url, statementTimeoutMs: 60_000 },
      96,
      undefined,
      new URL('../support/oom-worker.mjs', import.meta.url),
    );
    try {
      const id = await queuedImport();
      await expect(importer.run(id, { onInternalError: () => {} })).rejects.toMatchObject({
        outOfMemory: true,
        message: 'the import process ran out of memory',
      });
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
