import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZOrganization,
  ZOrganizationCreate,
  ZOrganizationListQuery,
  ZOrganizationPage,
  ZOrganizationUpdate,
  ZUuid,
} from '@access/contracts';
import {
  createOrganization,
  getOrganization,
  listOrganizations,
  updateOrganization,
} from '@access/domain';
import { errorResponses } from './errors';

const ZParams = z.object({ id: ZUuid });
const tags = ['organizations'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'List organisations (search by name, alias, acronym or IATI id)',
        querystring: ZOrganizationListQuery,
        response: { 200: ZOrganizationPage, ...errorResponses },
      },
    },
    (request) => listOrganizations(app.db, request.ctx, request.query),
  );
  app.get(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'One organisation',
        params: ZParams,
        response: { 200: ZOrganization, ...errorResponses },
      },
    },
    (request) => getOrganization(app.db, request.ctx, request.params.id),
  );
  app.post(
    '/organizations',
    {
      schema: {
        tags,
        summary: 'Create an organisation (administrators)',
        body: ZOrganizationCreate,
        response: { 201: ZOrganization, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createOrganization(app.db, request.ctx, request.body)),
  );
  app.patch(
    '/organizations/:id',
    {
      schema: {
        tags,
        summary: 'Update an organisation (administrators)',
        params: ZParams,
        body: ZOrganizationUpdate,
        response: { 200: ZOrganization, ...errorResponses },
      },
    },
    (request) => updateOrganization(app.db, request.ctx, request.params.id, request.body),
  );
};
export default routes;
