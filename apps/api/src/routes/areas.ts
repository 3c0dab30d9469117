import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZArea,
  ZAreaCreate,
  ZAreaListQuery,
  ZAreaPage,
  ZAreaSubtree,
  ZAreaUpdate,
  ZUuid,
} from '@access/contracts';
import { createArea, getArea, getAreaSubtree, listAreas, updateArea } from '@access/domain';
import { errorResponses } from './errors';

const ZParams = z.object({ id: ZUuid });
const tags = ['areas'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas',
    {
      schema: {
        tags,
        summary: 'List areas (search by any of their names, p-code or ISO3)',
        querystring: ZAreaListQuery,
        response: { 200: ZAreaPage, ...errorResponses },
      },
    },
    (request) => listAreas(app.db, request.ctx, request.query),
  );
  app.get(
    '/areas/:id',
    {
      schema: {
        tags,
        summary: 'One area with its names in every language',
        params: ZParams,
        response: { 200: ZArea, ...errorResponses },
      },
    },
    (request) => getArea(app.db, request.ctx, request.params.id),
  );
  app.get(
    '/areas/:id/subtree',
    {
      schema: {
        tags,
        summary: 'An area and every area beneath it',
        params: ZParams,
        response: { 200: ZAreaSubtree, ...errorResponses },
      },
    },
    (request) => getAreaSubtree(app.db, request.ctx, request.params.id),
  );
  app.post(
    '/areas',
    {
      schema: {
        tags,
        summary: 'Create an area (administrators)',
        body: ZAreaCreate,
        response: { 201: ZArea, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createArea(app.db, request.ctx, request.body)),
  );
  app.patch(
    '/areas/:id',
    {
      schema: {
        tags,
        summary: 'Update an area (administrators)',
        params: ZParams,
        body: ZAreaUpdate,
        response: { 200: ZArea, ...errorResponses },
      },
    },
    (request) => updateArea(app.db, request.ctx, request.params.id, request.body),
  );
};
export default routes;
