import { z } from 'zod';
import { Prisma } from '@access/db';
import { reviewStateFor } from '../access-statuses/review-state';
import { recordAuditEvent } from '../audit/record-audit-event';
import { requireRole, type Actor, type Db, type RequestContext, type Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import type { PlannedVersion } from '../timeline/timeline-engine';
import {
  deferDerivation,
  deriveDeferred,
  lockBulkPairs,
  writeVersions,
} from '../timeline/version-store';
import { cellsOf, findColumns, HXL_SEARCH_ROWS, type ColumnLayout } from './import-columns';
import { ImportReportBuilder, type ImportReport } from './import-report';
import { readOwnProposals } from './own-proposals';
import { parseImportRow } from './parse-import-row';
import { EventLoopBudget } from './event-loop';
import {
  checkNamedVersions,
  dayOf,
  planImport,
  ImportPairs,
  type PlanContext,
  type SpooledRow,
} from './plan-import';
import { openCsv, type CsvRecord, type Separator } from './read-csv-file';
import { ImportReferences } from './resolve-references';
import { RowSpool } from './row-spool';

export { MAX_IMPORT_ROWS } from './read-csv-file';
export type { ImportReport } from './import-report';
export type { ImportAction } from './match-row';

export interface ImportFile {
  filename: string;
  /** the file's bytes as they arrive (a stream, a Buffer in an array…): never held whole */
  content: AsyncIterable<Uint8Array>;
}

/**
 * Progress for people, in rows, never going back within a phase. CHECKING reads the file and
 * then (for a dry run, or an apply that found errors) plans it: a row counts half once read
 * and whole once planned (or found in error), so the count goes on rising from reading to
 * planning instead of starting again at 0; `total` is 0 until the file is read (not known
 * yet). APPLYING plans and writes the rows of an apply: 0 to all of them.
 */
export type ImportProgress = (
  phase: 'CHECKING' | 'APPLYING',
  done: number,
  total: number,
) => void | Promise<void>;

/**
 * Versions written in one statement. An apply defers the derivation of levels and
 * timelines to its end (once, set-wise: deriveDeferred), so a statement only inserts and
 * more statements cost little; a larger one holds the event loop longer while its
 * parameters are built (JSON of every row).
 */
const WRITE_VERSIONS = 2_000;
const TRANSACTION = { timeout: 30 * 60_000, maxWait: 60_000 };

/**
 * An import's statements are batches, not a request's reads: a longer statement timeout
 * than the API's. The plan mode is left as it is: one forced on the transaction also
 * governs every foreign-key check of the rows it inserts (220,000 checks planned anew for
 * 20,000 versions: a fifth of an apply). The derivation's set-wise statements plan for their
 * values by EXECUTE (migration 20261130140000), and the named batch statements (the pairs'
 * state, the versions' INSERT) were measured the same under either mode (20,000 rows onto
 * existing pairs: apply 46.3 s on auto plans, 48.1 s on custom ones).
 */
async function importSession(tx: Tx): Promise<void> {
  await tx.$executeRaw`SELECT set_config('statement_timeout', '300s', true)`;
}

/**
 * Imports an access CSV (the export's own format, or any file whose columns carry the
 * same HXL hashtags or header names).
 *
 * 1. The file streams through the reader (separator detected, cells trimmed) and each row
 *    is resolved and checked as a single write would be; checked rows go to a spool.
 * 2. In one transaction (a consistent snapshot for a dry run; for an apply, with its
 *    pairs locked against single writers: lockBulkPairs), the rows are walked by pair and
 *    start, matched against the importer's timeline and planned by the timeline engine,
 *    batch by batch. An apply writes the versions as they are planned and derives their
 *    levels and timelines once, at the end (deferDerivation).
 *
 * A dry run and an apply run the same code on the same data, so the dry run's report is
 * what the apply does; an apply writes all rows or none, and applying the same file again
 * changes nothing.
 */
export async function importAccessCsv(
  db: Db,
  ctx: RequestContext,
  file: ImportFile,
  options: { dryRun: boolean; onProgress?: ImportProgress },
): Promise<ImportReport> {
  const progress = options.onProgress ?? (() => {});
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
  const references = await ImportReferences.load(db);
  const spool = new RowSpool<SpooledRow>();
  try {
    const report = new ImportReportBuilder();
    const { layout, separator, pairs } = await checkRows(
      file,
      actor,
      references,
      spool,
      report,
      progress,
    );
    const checkedWithoutError = report.summary.errors === 0;
    const apply = !options.dryRun && checkedWithoutError;
    const phase = apply ? 'APPLYING' : 'CHECKING';

    const planned = async (tx: Tx) => {
      const context: PlanContext = {
        tx,
        spool,
        pairs,
        level: actor.clearance,
        reviewState: reviewStateFor(actor, undefined),
        report,
      };
      if (context.reviewState !== 'VALIDATED')
        context.readProposals = (batch) => readOwnProposals(tx, actor, batch);
      await checkNamedVersions(context);
      const written = { count: 0 };
      let pending: PlannedVersion[] = [];
      const flush = async () => {
        // a dry run, or an apply that has met an error (it will roll back), writes nothing more
        if (apply && report.summary.errors === 0 && pending.length > 0) await write(pending);
        pending = [];
      };
      const write = async (versions: PlannedVersion[]) => {
        await writeVersions(tx, actor.userId, versions);
        await keepWritten(
          tx,
          versions.map((version) => version.id),
        );
        written.count += versions.length;
      };
      // the rows planned, as progress counts them in the phase (see ImportProgress)
      const rows = report.rows;
      const done = (planned: number) =>
        phase === 'APPLYING' ? planned : Math.floor((rows + rows - spool.count + planned) / 2);
      await progress(phase, done(0), rows);
      await planImport(context, async (versions, rowsDone) => {
        for (const version of versions) pending.push(version);
        if (pending.length >= WRITE_VERSIONS) await flush();
        await progress(phase, done(rowsDone), rows);
      });
      await flush();
      return written;
    };

    if (!apply) {
      // A snapshot: every batch reads the same state, as the apply will under its lock.
      await db.$transaction(async (tx) => {
        await tx.$executeRaw`SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY`;
        await importSession(tx);
        await planned(tx);
      }, TRANSACTION);
      const built = report.build(
        { filename: file.filename, dryRun: options.dryRun, applied: false },
        layout,
        separator,
      );
      if (options.dryRun) return built;
      throw refused(built);
    }

    return await db.$transaction(async (tx) => {
      await importSession(tx);
      await lockBulkPairs(tx, pairs);
      // each pair is read before its rows are written, never after: its levels and
      // timelines can wait for the end, and are derived once for all pairs
      await deferDerivation(tx);
      await startKeepingWritten(tx);
      const written = await planned(tx);
      const built = report.build(
        { filename: file.filename, dryRun: false, applied: true },
        layout,
        separator,
      );
      if (report.summary.errors > 0) throw refused({ ...built, applied: false });
      await deriveDeferred(tx);
      if (written.count > 0) {
        // as sensitive as the importer's clearance: its counts were taken in their timeline
        // (a correction of a version above a reader reads to that reader as a new entry, so
        // "corrections: 1" would tell of it), so readers cleared below never see it
        await recordAuditEvent(tx, ctx, {
          action: 'import.apply',
          entityType: 'import',
          entityId: null,
          after: {
            filename: file.filename,
            rows: built.rows,
            ...built.summary,
          },
          versionIds: WRITTEN_IDS,
          sensitivity: actor.clearance,
        });
      }
      return built;
    }, TRANSACTION);
  } finally {
    spool.close();
  }
}

/**
 * The versions an apply writes, in order, kept in a temporary table of its transaction: its
 * audit event names them all (`after.versionIds`) and its outbox events follow them, read
 * there by the event's own statement. Sent as one parameter, 100,000 ids cost 20 MB of
 * copies in Prisma and grew its query compiler's memory for good (BENCHMARKS.md, issue 13).
 */
async function startKeepingWritten(tx: Tx): Promise<void> {
  await tx.$executeRaw`CREATE TEMPORARY TABLE import_written_versions (n bigserial PRIMARY KEY, id uuid NOT NULL) ON COMMIT DROP`;
}

async function keepWritten(tx: Tx, ids: string[]): Promise<void> {
  await tx.$executeRaw`INSERT INTO pg_temp.import_written_versions (id) SELECT unnest(${ids}::uuid[])`;
}

const WRITTEN_IDS = Prisma.sql`ARRAY(SELECT w.id FROM pg_temp.import_written_versions w ORDER BY w.n)`;

function refused(report: ImportReport): AppError {
  const count = report.summary.errors;
  return new AppError(
    'VALIDATION_FAILED',
    `The file has ${count} ${count === 1 ? 'error' : 'errors'}: nothing was imported`,
    {
      issues: report.errors
        .slice(0, 50)
        .map((error) => ({ field: `row ${error.row}: ${error.field}`, message: error.message })),
      report,
    },
  );
}

const ZVersionId = z.uuid();

/**
 * Step 1: reads the file, finds its columns, and checks each row as it comes (references,
 * content, clearance, editors' organisations); rows without errors go to the spool.
 */
async function checkRows(
  file: ImportFile,
  actor: Actor,
  references: ImportReferences,
  spool: RowSpool<SpooledRow>,
  report: ImportReportBuilder,
  progress: ImportProgress,
): Promise<{ layout: ColumnLayout; separator: Separator; pairs: ImportPairs }> {
  const { separator, records } = await openCsv(file.content);
  const first: CsvRecord[] = [];
  let layout: ColumnLayout | undefined;
  const pairs = new ImportPairs();

  const check = (record: CsvRecord) => {
    const cells = cellsOf(layout!, record.cells);
    if (Object.values(cells).every((cell) => !cell)) return;
    report.rows++;
    const organization = references.organization(cells, actor);
    const area = references.area(cells);
    const { parsed, errors } = parseImportRow(cells, references, actor, file.filename);
    for (const error of [organization.error, area.error, ...errors])
      if (error) report.error(record.row, error.field, error.message);
    if (!parsed || !organization.reference || !area.reference) return;
    const pair = pairs.add(organization.reference, area.reference);
    const versionId =
      cells.version_id && ZVersionId.safeParse(cells.version_id).success
        ? cells.version_id.toLowerCase()
        : null;
    spool.add(pair, dayOf(parsed.content.validFrom), record.row, versionId !== null, {
      ...parsed,
      versionId,
    });
  };

  const budget = new EventLoopBudget();
  for await (const record of records) {
    if (!layout) {
      first.push(record);
      if (first.length < HXL_SEARCH_ROWS) continue;
      layout = findColumns(first);
      for (const early of first.slice(layout.dataStart)) check(early);
      first.length = 0;
      continue;
    }
    check(record);
    if (budget.spent) {
      // half of each row read: planning it is the other half (see ImportProgress)
      await progress('CHECKING', Math.floor(report.rows / 2), 0);
      await budget.yield();
    }
  }
  if (!layout) {
    if (first.length === 0)
      throw new AppError('VALIDATION_FAILED', 'The file is empty', {
        issues: [{ field: 'file', message: 'empty' }],
      });
    layout = findColumns(first);
    for (const early of first.slice(layout.dataStart)) check(early);
  }
  if (report.rows === 0)
    throw new AppError('VALIDATION_FAILED', 'The file has no data rows', {
      issues: [{ field: 'file', message: 'no data rows' }],
    });

  pairs.rankPairs();
  return { layout, separator, pairs };
}
