import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZHistoryExportQuery, ZIncidentExportQuery, ZStatusExportQuery } from '@access/contracts';
import { areaNameLanguages, exportAccessCsv, exportIncidentCsv } from '@access/domain';
import { errorResponses } from './errors';

const ZCsv = z
  .string()
  .describe(
    'RFC 4180 CSV, UTF-8, CRLF line ends; row 1 the column names, row 2 their HXL hashtags (unless hxl=false)',
  );
const tags = ['reports'];

const routes: FastifyPluginAsyncZod = async (app) => {
  /** Streams the report; the handler then has nothing more to return. */
  const send = async (
    reply: FastifyReply,
    report: Promise<{ filename: string; body: NodeJS.ReadableStream }>,
  ): Promise<void> => {
    const { filename, body } = await report;
    await reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${filename}"`)
      .header('cache-control', 'no-store')
      .send(body);
  };

  app.get(
    '/exports/access-statuses.csv',
    {
      schema: {
        tags,
        summary:
          'CSV report of the statuses true on `asOf` (every filter of GET /api/access-statuses)',
        querystring: ZStatusExportQuery,
        produces: ['text/csv'],
        response: { 200: ZCsv, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hxl, bom, ...query } = request.query;
      const nameLanguages = await areaNameLanguages(app.readDb);
      return send(
        reply,
        exportAccessCsv(
          app.streamer,
          request.ctx,
          { kind: 'statuses', ...query },
          { hxl, bom, nameLanguages },
        ),
      );
    },
  );
  app.get(
    '/exports/access-history.csv',
    {
      schema: {
        tags,
        summary: 'CSV report of every version recorded in a period',
        querystring: ZHistoryExportQuery,
        produces: ['text/csv'],
        response: { 200: ZCsv, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hxl, bom, ...query } = request.query;
      const nameLanguages = await areaNameLanguages(app.readDb);
      return send(
        reply,
        exportAccessCsv(
          app.streamer,
          request.ctx,
          { kind: 'history', ...query },
          { hxl, bom, nameLanguages },
        ),
      );
    },
  );
  app.get(
    '/exports/incidents.csv',
    {
      schema: {
        tags,
        summary:
          'CSV report of incidents (HXL), each in its current version as you see it (every filter of GET /api/incidents)',
        querystring: ZIncidentExportQuery,
        produces: ['text/csv'],
        response: { 200: ZCsv, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { hxl, bom, ...query } = request.query;
      return send(reply, exportIncidentCsv(app.streamer, request.ctx, query, { hxl, bom }));
    },
  );
};
export default routes;
