import { randomUUID } from 'node:crypto';
import { readLargeObject, withPgTransaction, type ImportJob, type Prisma } from '@access/db';
import { actorOfUser } from '../auth/actor-of-user';
import { canSee, requireActor, requireRole, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { importAccessCsv, type ImportFile } from './import-access-csv';
import type { ImportReport } from './import-report';

/**
 * Imports in the background. A job queue (pg-boss, in the API) decides which instance runs
 * an import, retries one whose instance died and gives up on it after that; this module
 * keeps what people see: who started the import, its file (a PostgreSQL large object,
 * readable from every instance, removed once the import is over), its progress and outcome.
 */

/** The queue's name, and what a job carries: the import it runs. */
export const IMPORT_QUEUE = 'csv-import';
export interface ImportJobData {
  importId: string;
}

/** The queue as this module needs it; the API gives its pg-boss. */
export interface ImportQueue {
  send(data: ImportJobData): Promise<void>;
}

const FILE_CHUNK = 64 * 1024;

export function importJobView(job: ImportJob) {
  return {
    id: job.id,
    filename: job.filename,
    dryRun: job.dryRun,
    status: job.status,
    rowsTotal: job.rowsTotal,
    rowsDone: job.rowsDone,
    report: (job.report ?? null) as ImportReport | null,
    error: (job.error ?? null) as { code: string; message: string; details?: unknown } | null,
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/** Cuts a stream into chunks of `size` bytes (the last one shorter). */
async function* chunks(content: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let length = 0;
  for await (const part of content) {
    pending.push(Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    length += part.byteLength;
    while (length >= size) {
      const all = Buffer.concat(pending, length);
      yield all.subarray(0, size);
      pending = [all.subarray(size)];
      length -= size;
    }
  }
  if (length > 0) yield Buffer.concat(pending, length);
}

/** The file of a job, read back a chunk at a time. */
async function* storedFile(db: Db, oid: bigint): AsyncGenerator<Uint8Array> {
  for (let offset = 0; ; offset += FILE_CHUNK) {
    const chunk = await readLargeObject(db, oid, offset, FILE_CHUNK);
    if (chunk.byteLength > 0) yield chunk;
    if (chunk.byteLength < FILE_CHUNK) return;
  }
}

/**
 * Keeps the file and queues the import, answering at once; GET /api/imports/{id} follows
 * it from any instance.
 */
export async function startImportJob(
  db: Db,
  ctx: RequestContext,
  file: ImportFile,
  options: { dryRun: boolean },
  queue: ImportQueue,
) {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
  // The file and its job commit together: no job without its file, no file without its job.
  // With pg's binary parameters, not Prisma's (see withPgTransaction): the bytes pass once.
  const id = await withPgTransaction(db, async (client) => {
    const { rows } = await client.query<{ oid: string }>('SELECT lo_create(0)::bigint AS oid');
    const oid = rows[0]!.oid;
    let offset = 0;
    for await (const chunk of chunks(file.content, FILE_CHUNK)) {
      await client.query('SELECT lo_put($1::oid, $2::bigint, $3::bytea)::text', [
        oid,
        offset,
        chunk,
      ]);
      offset += chunk.length;
    }
    const jobId = randomUUID();
    await client.query(
      `INSERT INTO import_jobs (id, created_by_id, filename, dry_run, status, file_oid, request_id, client_address, clearance, updated_at)
       VALUES ($1, $2, $3, $4, 'CHECKING', $5::bigint, $6, $7, $8::"Sensitivity", now())`,
      [
        jobId,
        actor.userId,
        file.filename,
        options.dryRun,
        oid,
        ctx.requestId ?? null,
        ctx.clientAddress ?? null,
        actor.clearance,
      ],
    );
    return jobId;
  });
  const job = await db.importJob.findUniqueOrThrow({ where: { id } });
  try {
    await queue.send({ importId: job.id });
  } catch (error) {
    await finishImportJob(db, job.id, {
      status: 'FAILED',
      error: {
        code: 'INTERNAL',
        message: 'The import could not be queued; nothing was imported. Try again.',
      },
    });
    throw error;
  }
  return importJobView(job);
}

async function finishImportJob(
  db: Db,
  id: string,
  outcome: { status: 'DONE' | 'FAILED'; report?: ImportReport; error?: unknown; rows?: number },
) {
  await db.importJob.update({
    where: { id },
    data: {
      status: outcome.status,
      report: outcome.report ? json(outcome.report) : undefined,
      error: outcome.error ? json(outcome.error) : undefined,
      ...(outcome.rows !== undefined ? { rowsDone: outcome.rows, rowsTotal: outcome.rows } : {}),
      fileOid: null,
    },
  });
}

/**
 * Runs a queued import (the queue's worker calls it, on any instance). A job the queue
 * runs again (its instance died or stopped) starts over: an apply that was cut off wrote
 * nothing.
 *
 * `stopped` is the queue's signal that this instance is shutting down and has handed the
 * job back: the import stops at its next progress step, its transaction rolls back, and
 * the job is left as it is (not failed, its file kept) for the run that takes it up again.
 */
export async function runImportJob(
  db: Db,
  id: string,
  onInternalError: (error: unknown) => void = () => {},
  stopped?: AbortSignal,
): Promise<void> {
  const job = await db.importJob.findUnique({ where: { id } });
  if (!job || job.status === 'DONE' || job.status === 'FAILED' || job.fileOid === null) return;
  const actor = await actorOfUser(db, job.createdById);
  const ctx: RequestContext = {
    actor,
    requestId: job.requestId ?? undefined,
    clientAddress: job.clientAddress ?? undefined,
  };
  let lastWrite = 0;
  const onProgress = async (phase: 'CHECKING' | 'APPLYING', done: number, total: number) => {
    stopped?.throwIfAborted();
    // At most a few writes a second: progress is for people, not a log.
    if (Date.now() - lastWrite < 250 && done !== 0 && done !== total) return;
    lastWrite = Date.now();
    await db.importJob.update({
      where: { id },
      data: { status: phase, rowsDone: done, rowsTotal: total },
    });
  };
  try {
    if (!actor)
      throw new AppError(
        'FORBIDDEN',
        'The account that started this import is disabled; nothing was imported',
      );
    // the report is computed at the clearance the creator has now, which may have changed
    // since they started it: the job is shown to readers cleared as high
    if (actor.clearance !== job.clearance)
      await db.importJob.update({ where: { id }, data: { clearance: actor.clearance } });
    const report = await importAccessCsv(
      db,
      ctx,
      { filename: job.filename, content: storedFile(db, job.fileOid) },
      { dryRun: job.dryRun, onProgress },
    );
    await finishImportJob(db, id, { status: 'DONE', report, rows: report.rows });
  } catch (error) {
    // handed back to the queue: nothing was written, and the file stays for the next run
    if (stopped?.aborted) return;
    if (!(error instanceof AppError)) onInternalError(error);
    const failure =
      error instanceof AppError
        ? { code: error.code, message: error.message, details: error.details }
        : { code: 'INTERNAL', message: 'The import failed on our side; nothing was imported' };
    await finishImportJob(db, id, { status: 'FAILED', error: failure });
  }
  await db.$queryRaw`SELECT lo_unlink(${job.fileOid}::oid)::text`.catch(() => {});
}

/** Why an import ended without finishing (see abandonImportJob). */
export const IMPORT_INTERRUPTED = {
  code: 'INTERRUPTED',
  message: 'The import stopped before it finished; nothing was imported. Run it again.',
} as const;

/**
 * An import that ended without finishing: the queue gave up on it (its instance died, and
 * again on the retry), or the thread running it died. Says so (`error`, for the person who
 * started it), and drops its file.
 */
export async function abandonImportJob(
  db: Db,
  id: string,
  error: { code: string; message: string } = IMPORT_INTERRUPTED,
): Promise<void> {
  const job = await db.importJob.findUnique({ where: { id } });
  if (!job || job.status === 'DONE' || job.status === 'FAILED') return;
  await finishImportJob(db, id, { status: 'FAILED', error });
  if (job.fileOid !== null)
    await db.$queryRaw`SELECT lo_unlink(${job.fileOid}::oid)::text`.catch(() => {});
}

/**
 * A job is visible to whoever started it, and to coordinators and administrators, when
 * their clearance reaches the one its report was computed at: the report counts and names
 * entries as that clearance sees them. Otherwise it does not exist for them (404, as an id
 * of nothing).
 */
export async function getImportJob(db: Db, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const job = await db.importJob.findUnique({ where: { id } });
  if (
    !job ||
    (job.createdById !== actor.userId && actor.role !== 'ADMIN' && actor.role !== 'COORDINATOR') ||
    !canSee(actor, job.clearance)
  )
    throw AppError.notFound('The import');
  return importJobView(job);
}
