import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ZAuditEventPage, ZAuditEventQuery } from '@access/contracts';
import { listAuditEvents } from '@access/domain';
import { errorResponses } from './errors';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/audit-events',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit trail, newest first (administrators; coordinators see data changes)',
        querystring: ZAuditEventQuery,
        response: { 200: ZAuditEventPage, ...errorResponses },
      },
    },
    (request) => listAuditEvents(app.db, request.ctx, request.query),
  );
};
export default routes;
