import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZUser,
  ZUserCreate,
  ZUserListQuery,
  ZUserPage,
  ZUserUpdate,
  ZUuid,
} from '@access/contracts';
import { createUser, listUsers, updateUser } from '@access/domain';
import { errorResponses } from './errors';

const tags = ['users'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/users',
    {
      schema: {
        tags,
        summary: 'List users (administrators)',
        querystring: ZUserListQuery,
        response: { 200: ZUserPage, ...errorResponses },
      },
    },
    (request) => listUsers(app.db, request.ctx, request.query),
  );
  app.post(
    '/users',
    {
      schema: {
        tags,
        summary: 'Create a user (administrators)',
        body: ZUserCreate,
        response: { 201: ZUser, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createUser(app.db, request.ctx, request.body)),
  );
  app.patch(
    '/users/:id',
    {
      schema: {
        tags,
        summary:
          "Change a user's role, clearance, organisations, password or disable them (administrators)",
        params: z.object({ id: ZUuid }),
        body: ZUserUpdate,
        response: { 200: ZUser, ...errorResponses },
      },
    },
    (request) => updateUser(app.db, request.ctx, request.params.id, request.body),
  );
};
export default routes;
