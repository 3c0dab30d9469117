import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ZAreaShapeImportBody,
  ZAreaShapeImportQuery,
  ZAreaShapeImportResult,
  ZAreaShapes,
  ZAreaShapesQuery,
} from '@access/contracts';
import { authorizeAreaShapeImport, importAreaShapes, listAreaShapes } from '@access/domain';
import { errorResponses } from './errors';

/** A country's COD-AB admin-2 GeoJSON runs to tens of megabytes before simplification. */
export const MAX_SHAPES_BYTES = 48 * 1024 * 1024;
const tags = ['areas'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/areas/shapes',
    {
      schema: {
        tags,
        summary:
          'The areas one level beneath a parent (or the countries), with their imported boundaries, for maps',
        querystring: ZAreaShapesQuery,
        response: { 200: ZAreaShapes, ...errorResponses },
      },
    },
    // Boundaries checked when imported and, for the countries, every area's place in the
    // tree (containedIn: ~400 kB at 4,850 areas), built in the use-case from typed rows:
    // written with JSON.stringify, not checked against the schema a second time.
    async (request, reply) =>
      reply
        .serializer(JSON.stringify)
        .send(await listAreaShapes(app.db, request.ctx, request.query)),
  );
  app.post(
    '/areas/shapes',
    {
      bodyLimit: MAX_SHAPES_BYTES,
      // refused before the body is read: only an administrator's upload is worth parsing
      preParsing: async (request) => authorizeAreaShapeImport(request.ctx),
      schema: {
        tags,
        summary:
          'Import boundaries from a GeoJSON FeatureCollection keyed by p-code, e.g. OCHA COD-AB (administrators; all features or none)',
        querystring: ZAreaShapeImportQuery,
        body: ZAreaShapeImportBody,
        response: { 200: ZAreaShapeImportResult, ...errorResponses },
      },
    },
    (request) => importAreaShapes(app.db, request.ctx, request.query, request.body),
  );
};
export default routes;
