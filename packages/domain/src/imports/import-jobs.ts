import type { ImportJob, Prisma } from "@access/db";
import { requireActor, requireRole, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { importAccessCsv, type ImportReport } from "./import-access-csv";

const STALE_MS = 5 * 60_000;

export function importJobView(job: ImportJob) {
  // An instance that stopped mid-import rolled its transaction back: say so rather than "in progress" forever.
  const interrupted = (job.status === "CHECKING" || job.status === "APPLYING") && Date.now() - job.updatedAt.getTime() > STALE_MS;
  return {
    id: job.id,
    filename: job.filename,
    dryRun: job.dryRun,
    status: interrupted ? ("FAILED" as const) : job.status,
    rowsTotal: job.rowsTotal,
    rowsDone: job.rowsDone,
    report: (job.report ?? null) as ImportReport | null,
    error: interrupted
      ? { code: "INTERRUPTED", message: "The import stopped before it finished; nothing was imported. Run it again." }
      : ((job.error ?? null) as { code: string; message: string; details?: unknown } | null),
    createdAt: job.createdAt.toISOString(),
    updatedAt: job.updatedAt.toISOString(),
  };
}

const json = (value: unknown) => JSON.parse(JSON.stringify(value)) as Prisma.InputJsonValue;

/**
 * Starts an import in the background and answers at once; its progress and outcome are
 * kept in the database (GET /api/imports/{id}), so a large file shows progress in the
 * dashboard and any API instance can report it.
 */
export async function startImportJob(db: Db, ctx: RequestContext, file: { filename: string; content: Buffer }, options: { dryRun: boolean }) {
  const actor = requireRole(ctx, "ADMIN", "COORDINATOR", "EDITOR");
  const job = await db.importJob.create({ data: { createdById: actor.userId, filename: file.filename, dryRun: options.dryRun, status: "CHECKING" } });
  let lastWrite = 0;
  const onProgress = async (phase: "CHECKING" | "APPLYING", done: number, total: number) => {
    // At most a few writes a second: progress is for people, not a log.
    if (Date.now() - lastWrite < 250 && done !== 0 && done !== total) return;
    lastWrite = Date.now();
    await db.importJob.update({ where: { id: job.id }, data: { status: phase, rowsDone: done, rowsTotal: total } });
  };
  void importAccessCsv(db, ctx, file, { dryRun: options.dryRun, onProgress })
    .then((report) => db.importJob.update({ where: { id: job.id }, data: { status: "DONE", rowsDone: report.rows, rowsTotal: report.rows, report: json(report) } }))
    .catch(async (error: unknown) => {
      const failure =
        error instanceof AppError
          ? { code: error.code, message: error.message, details: error.details }
          : { code: "INTERNAL", message: "The import failed on our side; nothing was imported" };
      await db.importJob.update({ where: { id: job.id }, data: { status: "FAILED", error: json(failure) } }).catch(() => {});
    });
  return importJobView(job);
}

/** A job is visible to whoever started it, and to coordinators and administrators. */
export async function getImportJob(db: Db, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const job = await db.importJob.findUnique({ where: { id } });
  if (!job || (job.createdById !== actor.userId && actor.role !== "ADMIN" && actor.role !== "COORDINATOR")) throw AppError.notFound("The import");
  return importJobView(job);
}
