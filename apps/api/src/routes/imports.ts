import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import multipart from "@fastify/multipart";
import { z } from "zod";
import { ZErrorResponse, ZImportJob, ZImportQuery, ZImportReport, ZUuid } from "@access/contracts";
import { AppError, getImportJob, importAccessCsv, requireRole, startImportJob } from "@access/domain";
import { errorResponses } from "./errors";

export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

const routes: FastifyPluginAsyncZod = async (app) => {
  await app.register(multipart, { limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 5 } });
  app.post(
    "/imports",
    {
      schema: {
        tags: ["reports"],
        summary: "Import an access CSV (multipart field `file`): a dry run by default, then all rows or none",
        description:
          "Columns are found by their HXL hashtags (a hashtag row anywhere in the first 25 rows) or by the export's header names. Organisations and areas must exist; they are never created. Editors may import only their own organisations' rows.",
        consumes: ["multipart/form-data"],
        querystring: ZImportQuery,
        response: { 200: ZImportReport, 202: ZImportJob, 413: ZErrorResponse, 415: ZErrorResponse, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Who may import is settled before reading a byte of the upload.
      requireRole(request.ctx, "ADMIN", "COORDINATOR", "EDITOR");
      if (!request.isMultipart()) throw new AppError("VALIDATION_FAILED", "Send the CSV as multipart/form-data in a field named file", { issues: [{ field: "file", message: "missing" }] });
      const upload = await request.file();
      if (!upload) throw new AppError("VALIDATION_FAILED", "Send the CSV in a field named file", { issues: [{ field: "file", message: "missing" }] });
      const file = { filename: upload.filename || "upload.csv", content: await upload.toBuffer() };
      if (request.query.async) return reply.status(202).send(await startImportJob(app.db, request.ctx, file, { dryRun: request.query.dryRun }));
      return importAccessCsv(app.db, request.ctx, file, { dryRun: request.query.dryRun });
    },
  );
  app.get(
    "/imports/:id",
    {
      schema: {
        tags: ["reports"],
        summary: "Progress and outcome of an import started with async=true",
        params: z.object({ id: ZUuid }),
        response: { 200: ZImportJob, ...errorResponses },
      },
    },
    (request) => getImportJob(app.db, request.ctx, request.params.id),
  );
};
export default routes;
