import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZApiToken,
  ZApiTokenCreate,
  ZApiTokenCreated,
  ZApiTokenList,
  ZUuid,
} from '@access/contracts';
import { createApiToken, listApiTokens, revokeApiToken } from '@access/domain';
import { errorResponses } from './errors';

const tags = ['auth'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/api-tokens',
    {
      schema: {
        tags,
        summary: 'Your API tokens',
        response: { 200: ZApiTokenList, ...errorResponses },
      },
    },
    (request) => listApiTokens(app.db, request.ctx),
  );
  app.post(
    '/api-tokens',
    {
      schema: {
        tags,
        summary: 'Create an API token for yourself; the token is shown once',
        body: ZApiTokenCreate,
        response: { 201: ZApiTokenCreated, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createApiToken(app.db, request.ctx, request.body)),
  );
  app.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags,
        summary: 'Revoke one of your API tokens',
        params: z.object({ id: ZUuid }),
        response: { 200: ZApiToken, ...errorResponses },
      },
    },
    (request) => revokeApiToken(app.db, request.ctx, request.params.id),
  );
};
export default routes;
