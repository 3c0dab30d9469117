import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  ZAreaRanking,
  ZAreaRankingQuery,
  ZIncidentCounts,
  ZIncidentCountsQuery,
  ZMatrix,
  ZMatrixQuery,
  ZTimeseries,
  ZTimeseriesQuery,
} from '@access/contracts';
import { countIncidents, getMatrix, getTimeseries, rankAreasWithIncidents } from '@access/domain';
import { errorResponses } from './errors';

const tags = ['statistics'];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/stats/timeseries',
    {
      schema: {
        tags,
        summary: 'Organisation–area pairs per status, per day, week or month',
        querystring: ZTimeseriesQuery,
        response: { 200: ZTimeseries, ...errorResponses },
      },
    },
    // Up to 2,000 buckets built from typed rows in the use-case: checking each against the
    // schema again held the event loop for 100-400 ms at 5,000 (issue 11); written as the matrix is.
    async (request, reply) =>
      reply
        .serializer(JSON.stringify)
        .send(await getTimeseries(app.readDb, request.ctx, request.query)),
  );
  app.get(
    '/stats/matrix',
    {
      schema: {
        tags,
        summary: 'Organisations × areas → status on a date, for the heatmap',
        querystring: ZMatrixQuery,
        response: { 200: ZMatrix, ...errorResponses },
      },
    },
    // A country's matrix has tens of thousands of cells, built field by field in the
    // use-case from typed rows: written with JSON.stringify rather than checked cell by
    // cell against the schema again (a third of the response time at a million versions).
    async (request, reply) =>
      reply
        .serializer(JSON.stringify)
        .send(await getMatrix(app.readDb, request.ctx, request.query)),
  );
  app.get(
    '/stats/area-ranking',
    {
      schema: {
        tags,
        summary:
          'Areas by how constrained access is on a date, worst first, with trends against 30 and 90 days earlier and the incidents of the last 30 and 90 days',
        querystring: ZAreaRankingQuery,
        response: { 200: ZAreaRanking, ...errorResponses },
      },
    },
    // Up to 500 areas built field by field in the use-case from typed rows (the map colours
    // from them): written as the matrix is, not checked against the schema a second time.
    async (request, reply) =>
      reply
        .serializer(JSON.stringify)
        .send(await rankAreasWithIncidents(app.readDb, request.ctx, request.query)),
  );
  app.get(
    '/stats/incidents',
    {
      schema: {
        tags,
        summary:
          'Validated incidents counted by month and category, by sub-area and by organisation type affected',
        description:
          'Each incident counts once, in its current version as you see it (`knownAt`: as recorded by then); `areaId` counts its sub-areas too and `areas` breaks the count down by its sub-areas; `from`, `to` and `asOf` bound the day it occurred. To compare periods (a quarter with the one before), ask for both and add up `months`.',
        querystring: ZIncidentCountsQuery,
        response: { 200: ZIncidentCounts, ...errorResponses },
      },
    },
    (request) => countIncidents(app.readDb, request.ctx, request.query),
  );
};
export default routes;
