import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
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
  importAccessCsv,
  importIncidentCsv,
  requireRole,
  startImportJob,
  type ImportFile,
} from '@access/domain';
import { errorResponses } from './errors';

export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/**
 * The upload, streamed to a temporary file (the size limit checked as it comes), so an
 * import never holds a whole file in memory and the request is read to its end before
 * any answer; the file is removed when `use` is done.
 */
export async function withUpload<T>(
  request: FastifyRequest,
  use: (file: ImportFile) => Promise<T>,
): Promise<T> {
  if (!request.isMultipart())
    throw new AppError(
      'VALIDATION_FAILED',
      'Send the CSV as multipart/form-data in a field named file',
      { issues: [{ field: 'file', message: 'missing' }] },
    );
  const upload = await request.file();
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
    await pipeline(upload.file, fs.createWriteStream(saved, { flags: 'wx', mode: 0o600 }));
    if (upload.file.truncated) throw new request.server.multipartErrors.RequestFileTooLargeError();
    return await use({
      filename: upload.filename || 'upload.csv',
      content: fs.createReadStream(saved, { highWaterMark: 256 * 1024 }),
    });
  } finally {
    await fs.promises.rm(saved, { force: true });
  }
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
      // An import's statements cover the whole file: they run under the bulk timeout.
      return withUpload(request, (file) =>
        importAccessCsv(app.bulkDb, request.ctx, file, { dryRun }),
      );
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
