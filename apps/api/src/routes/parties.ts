import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZParty,
  ZPartyCreate,
  ZPartyListQuery,
  ZPartyPage,
  ZPartyUpdate,
  ZUuid,
} from '@access/contracts';
import { createParty, getParty, listParties, updateParty } from '@access/domain';
import { errorResponses } from './errors';

const ZParams = z.object({ id: ZUuid });
const tags = ['parties'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/parties',
    {
      schema: {
        tags,
        summary: 'List parties that grant or withhold access',
        querystring: ZPartyListQuery,
        response: { 200: ZPartyPage, ...errorResponses },
      },
    },
    (request) => listParties(app.db, request.ctx, request.query),
  );
  app.get(
    '/parties/:id',
    {
      schema: {
        tags,
        summary: 'One party',
        params: ZParams,
        response: { 200: ZParty, ...errorResponses },
      },
    },
    (request) => getParty(app.db, request.ctx, request.params.id),
  );
  app.post(
    '/parties',
    {
      schema: {
        tags,
        summary: 'Create a party (administrators)',
        body: ZPartyCreate,
        response: { 201: ZParty, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createParty(app.db, request.ctx, request.body)),
  );
  app.patch(
    '/parties/:id',
    {
      schema: {
        tags,
        summary: 'Update a party (administrators)',
        params: ZParams,
        body: ZPartyUpdate,
        response: { 200: ZParty, ...errorResponses },
      },
    },
    (request) => updateParty(app.db, request.ctx, request.params.id, request.body),
  );
};
export default routes;
