import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  ZErrorResponse,
  ZImportJob,
  ZImportQuery,
  ZImportReport,
  ZIncidentImportQuery,
  ZIncidentImportReport,
  ZUuid,
} from '@access/contracts';
import {
  AppError,
  getImportJob,
  importIncidentCsv,
  requireRole,
  startImportJob,
  type ImportFile,
} from '@access/domain';
import { Prisma } from '@access/db';
import {
  ImportProcessBusy,
  ImportWorkerFailure,
  type ImportFileOutcome,
} from '../imports/import-process';
import { errorResponses } from './errors';

export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * The upload, streamed to a temporary file (the size limit checked as it comes), so an
 * import never holds a whole file in memory and the request is read to its end before
 * any answer; the file is removed when `use` is done.
 */
export function withUpload<T>(
  request: FastifyRequest,
  use: (file: ImportFile) => Promise<T>,
): Promise<T> {
  return withUploadedFile(request, ({ filename, path: saved }) =>
    use({
      filename,
      content: fs.createReadStream(saved, { highWaterMark: 256 * 1024 }),
    }),
  );
}

/**
 * What the multipart parser refused (a body cut off before its closing boundary, too many
 * fields, no boundary at all): a 400 naming the file, unless it is a refusal of its own
 * with a client status (a file over the size limit: 413).
 */
function malformedUpload(error: unknown): never {
  const status = (error as { statusCode?: number }).statusCode;
  if (
    error instanceof AppError ||
    (error as { onOurSide?: boolean }).onOurSide ||
    (status !== undefined && status >= 400 && status < 500)
  )
    throw error;
  throw new AppError(
    'VALIDATION_FAILED',
    'The upload is not well-formed multipart/form-data (cut off, or with more than the file and a few fields): send the CSV alone in a field named file',
    { issues: [{ field: 'file', message: 'malformed upload' }] },
  );
}

/**
 * Writes the upload's stream to `saved`. Read chunk by chunk rather than with `pipeline`:
 * a part the parser gives up on (the request's fields over the limit, the body cut off)
 * is destroyed without an error, which `pipeline` never settles on (no answer at all, the
 * socket held open), where reading it fails with a premature close.
 */
async function saveUpload(file: NodeJS.ReadableStream, saved: string): Promise<void> {
  const out = fs.createWriteStream(saved, { flags: 'wx', mode: 0o600 });
  // the disk's failure (full, gone) is ours, not the upload's: kept apart from the parser's
  let diskError: Error | null = null;
  out.on('error', (error) => {
    diskError ??= error;
  });
  const diskFailed = () => Object.assign(diskError!, { onOurSide: true });
  try {
    for await (const chunk of file) {
      if (diskError) throw diskFailed();
      // waits for room, or for the error that means there will be none
      if (!out.write(chunk)) await once(out, 'drain').catch(() => {});
      if (diskError) throw diskFailed();
    }
  } finally {
    out.end();
    await finished(out).catch(() => {});
  }
  if (diskError) throw diskFailed();
}

/** As withUpload, giving the temporary file's path (for the import process to read). */
async function withUploadedFile<T>(
  request: FastifyRequest,
  use: (file: { filename: string; path: string }) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart())
    throw new AppError(
      'VALIDATION_FAILED',
      'Send the CSV as multipart/form-data in a field named file',
      { issues: [{ field: 'file', message: 'missing' }] },
    );
  const upload = await request.file().catch(malformedUpload);
  if (!upload)
    throw new AppError('VALIDATION_FAILED', 'Send the CSV in a field named file', {
      issues: [{ field: 'file', message: 'missing' }],
    });
  if (upload.fieldname !== 'file') {
    // read as the CSV, another field's file was refused for lacking the report's columns
    upload.file.resume();
    throw new AppError(
      'VALIDATION_FAILED',
      `Send the CSV in a field named file (this request's file is in a field named ${JSON.stringify(upload.fieldname.slice(0, 100))})`,
      { issues: [{ field: 'file', message: 'missing' }] },
    );
  }
  const saved = path.join(os.tmpdir(), `access-upload-${randomUUID()}.csv`);
  try {
    await saveUpload(upload.file, saved).catch(malformedUpload);
    if (upload.file.truncated) throw new request.server.multipartErrors.RequestFileTooLargeError();
    return await use({ filename: upload.filename || 'upload.csv', path: saved });
  } finally {
    await fs.promises.rm(saved, { force: true });
  }
}

/**
 * An unexpected error of a synchronous import, rebuilt from the parts the import process
 * sent, so that the error handler answers it as when the import ran in the API (a
 * transaction that could not run: 503 BUSY; a statement timeout, the database unreachable:
 * 503; anything else: 500, logged with the process's stack).
 */
function importFailure(failed: Extract<ImportFileOutcome, { failed: unknown }>['failed']): Error {
  const error: Error & { code?: string; meta?: unknown } = failed.prismaKnown
    ? new Prisma.PrismaClientKnownRequestError(failed.message, {
        code: failed.code ?? '',
        clientVersion: failed.clientVersion ?? '',
        meta: failed.meta as Record<string, unknown> | undefined,
      })
    : Object.assign(new Error(failed.message), { code: failed.code, meta: failed.meta });
  if (failed.stack) error.stack = failed.stack;
  return error;
}

const routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
  app.post(
    '/imports',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Import an access CSV (multipart field `file`): a dry run by default, then all rows or none',
        description:
          "Columns are found by their HXL hashtags (a hashtag row anywhere in the first 25 rows) or by the export's header names; the separator (comma, semicolon or tab) is detected. Each row is matched with the entry of the same organisation, area and start in your timeline (your clearance): equal on everything the report's `compared` lists, it is unchanged, else a correction; no such entry, a new status. Organisations and areas must exist; they are never created. Editors may import only their own organisations' rows.",
        consumes: ['multipart/form-data'],
        querystring: ZImportQuery,
        response: {
          200: ZImportReport,
          202: ZImportJob,
          413: ZErrorResponse,
          415: ZErrorResponse,
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      // Who may import is settled before reading a byte of the upload.
      requireRole(request.ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
      const { dryRun } = request.query;
      if (request.query.async) {
        const job = await withUpload(request, (file) =>
          startImportJob(app.db, request.ctx, file, { dryRun }, app.importQueue),
        );
        return reply.status(202).send(job);
      }
      // In the import process, as a background import (heap capped, one at a time): the API's
      // memory and event loop stay its requests'. Its statements run under the bulk timeout.
      const outcome = await withUploadedFile(request, async (file) => {
        // a client that went away before its turn leaves the line (one that ran is answered)
        const gone = new AbortController();
        const leave = () => {
          if (!reply.raw.writableFinished) gone.abort(new Error('the client went away'));
        };
        reply.raw.once('close', leave);
        try {
          return await app.syncImports.runFile(
            { ...file, ctx: request.ctx, dryRun },
            {
              signal: gone.signal,
              onInternalError: (error) => request.log.error({ err: error }, 'import failed'),
            },
          );
        } catch (error) {
          if (error instanceof ImportProcessBusy) return { busy: error.waiting };
          // nobody is left to answer (it went away while waiting, or while it ran): no error of ours
          if (gone.signal.aborted) return { gone: true as const };
          if (error instanceof ImportWorkerFailure && error.outOfMemory)
            return { tooLarge: true as const };
          throw error;
        } finally {
          reply.raw.off('close', leave);
        }
      });
      if ('gone' in outcome)
        return reply.status(503).send({
          error: {
            code: 'CANCELLED',
            message: 'The request was closed before its import ran; nothing was imported',
          },
        });
      if ('busy' in outcome)
        return reply
          .status(503)
          .header('retry-after', '5')
          .send({
            error: {
              code: 'BUSY',
              message: `${outcome.busy} imports are waiting to run on this server; nothing was imported. Try again in a moment, or import in the background (async=true)`,
            },
          });
      if ('tooLarge' in outcome)
        return reply.status(413).send({
          error: {
            code: 'TOO_LARGE',
            message: `The import needed more memory than an import is given (${app.config.IMPORT_HEAP_MB} MB); nothing was imported. Split the file, or ask an administrator to raise IMPORT_HEAP_MB.`,
          },
        });
      if ('report' in outcome) return outcome.report;
      if ('refused' in outcome) {
        const { code, message, details } = outcome.refused;
        throw new AppError(code, message, details);
      }
      throw importFailure(outcome.failed);
    },
  );
  app.post(
    '/imports/incidents',
    {
      schema: {
        tags: ['reports'],
        summary:
          'Import an incident CSV (multipart field `file`): a dry run by default, then all rows or none',
        description:
          "Columns are found by their HXL hashtags or the export's header names, the separator detected, as for access CSVs. A row with `incident_id` is compared with that incident as you see it: equal on everything `compared` lists, unchanged, else a correction (an editor's: a proposal); a row without one is a new incident unless one of its organisation already says exactly the same. Organisations and areas must exist. Editors import their own organisations' incidents only.",
        consumes: ['multipart/form-data'],
        querystring: ZIncidentImportQuery,
        response: {
          200: ZIncidentImportReport,
          413: ZErrorResponse,
          415: ZErrorResponse,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      requireRole(request.ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
      return withUpload(request, (file) =>
        importIncidentCsv(app.bulkDb, request.ctx, file, { dryRun: request.query.dryRun }),
      );
    },
  );
  app.get(
    '/imports/:id',
    {
      schema: {
        tags: ['reports'],
        summary: 'Progress and outcome of an import started with async=true',
        params: z.object({ id: ZUuid }),
        response: { 200: ZImportJob, ...errorResponses },
      },
    },
    (request) => getImportJob(app.db, request.ctx, request.params.id),
  );
};
export default routes;
