import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import multipart from '@fastify/multipart';
import { z } from 'zod';
import {
  ZAccessRequestExportQuery,
  ZAccessRequestImportQuery,
  ZAccessRequestImportReport,
  ZErrorResponse,
} from '@access/contracts';
import { exportRequestCsv, importRequestCsv, requireRole } from '@access/domain';
import { errorResponses } from './errors';
import { MAX_IMPORT_BYTES, withUpload } from './imports';

const tags = ['reports'];

/** The request CSV (issue 16): export with HXL, and its import. */
const routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
  app.get(
    '/exports/access-requests.csv',
    {
      schema: {
        tags,
        summary:
          'CSV report of requests (HXL): one row per request and needed party, as it stood on `asOf` (every filter of GET /api/access-requests)',
        querystring: ZAccessRequestExportQuery,
        produces: ['text/csv'],
        response: {
          200: z
            .string()
            .describe('RFC 4180 CSV, UTF-8; row 2 the HXL hashtags (unless hxl=false)'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { hxl, bom, ...query } = request.query;
      const { filename, body } = await exportRequestCsv(app.streamer, request.ctx, query, {
        hxl,
        bom,
      });
      await reply
        .header('content-type', 'text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .header('cache-control', 'no-store')
        .send(body as unknown as string);
    },
  );
  app.post(
    '/imports/access-requests',
    {
      schema: {
        tags,
        summary:
          'Import a request CSV (multipart field `file`): a dry run by default, then all rows or none',
        description:
          "Columns by HXL hashtag or the export's header names. Importing a file twice, or an export (with or without its id columns), changes nothing: a row's request is the one its `request_id` names, else the one you may see with the same lead organisation, kind, area, day requested and purpose; none makes a new request (rows of the same key make one, needing their parties in order). The request's columns the file has, when they differ from its current version, correct it (a new version, never a new request); a row's position is the version its `position_version_id` names, else its party's position taken on `stated_on`: the same says nothing new, different is a correction, none is a new position. `changes` tells, per row, what applying the file does. Organisations, areas and parties must exist.",
        consumes: ['multipart/form-data'],
        querystring: ZAccessRequestImportQuery,
        response: {
          200: ZAccessRequestImportReport,
          413: ZErrorResponse,
          415: ZErrorResponse,
          ...errorResponses,
        },
      },
    },
    async (request) => {
      requireRole(request.ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
      return withUpload(request, (file) =>
        importRequestCsv(app.bulkDb, request.ctx, file, { dryRun: request.query.dryRun }),
      );
    },
  );
};

export default routes;
