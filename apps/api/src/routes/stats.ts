import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { ZMatrix, ZMatrixQuery, ZTimeseries, ZTimeseriesQuery } from "@access/contracts";
import { getMatrix, getTimeseries } from "@access/domain";
import { errorResponses } from "./errors";

const tags = ["statistics"];

const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/stats/timeseries",
    { schema: { tags, summary: "Organisation–area pairs per status, per day, week or month", querystring: ZTimeseriesQuery, response: { 200: ZTimeseries, ...errorResponses } } },
    (request) => getTimeseries(app.readDb, request.ctx, request.query),
  );
  app.get(
    "/stats/matrix",
    { schema: { tags, summary: "Organisations × areas → status on a date, for the heatmap", querystring: ZMatrixQuery, response: { 200: ZMatrix, ...errorResponses } } },
    (request) => getMatrix(app.readDb, request.ctx, request.query),
  );
};
export default routes;
