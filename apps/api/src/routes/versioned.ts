import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse, versionEtag } from '@access/contracts';
import type { RequestContext, ReviewDecision } from '@access/domain';
import { errorResponses } from './errors';

/**
 * What every kind of versioned record (statuses, incidents, requests and their parties'
 * positions) shares on the wire: the ETag of a version, the If-Match that names it, and a
 * coordinator's review, so the three route files cannot drift apart.
 */
type App = Parameters<FastifyPluginAsyncZod>[0];
interface Version {
  id: string;
  supersededById: string | null;
}

export const ZIfMatch = z.object({
  'if-match': z
    .string()
    .max(1000)
    .optional()
    .describe('the ETag of the version as read: refused with 412 if it was replaced since'),
});

/** Responses of the changes that take If-Match. */
export const conditional = { ...errorResponses, 412: ZErrorResponse };

/** A version, with the ETag a later If-Match names. */
export function sendVersion<V extends Version>(reply: FastifyReply, version: V, status = 200) {
  return reply.status(status).header('etag', versionEtag(version)).send(version);
}

interface ReviewRoutes {
  /** the version's path, e.g. `/incidents/versions/:id`; the routes add /validation and /return */
  path: string;
  tags: string[];
  params: z.ZodObject<{ id: z.ZodType<string> }>;
  body: z.ZodType<{ note?: string | null }>;
  response: z.ZodType;
  validation: { summary: string; description?: string };
  return: { summary: string; description?: string };
  review: (
    ctx: RequestContext,
    versionId: string,
    decision: ReviewDecision,
    note: string | null,
    ifMatch: string | undefined,
  ) => Promise<Version>;
}

/** A coordinator validates an editor's proposal, or returns it with a note: 201 with the version. */
export function registerReviewRoutes(app: App, spec: ReviewRoutes) {
  for (const [suffix, decision, text] of [
    ['validation', 'VALIDATED', spec.validation],
    ['return', 'RETURNED', spec.return],
  ] as const) {
    app.post(
      `${spec.path}/${suffix}`,
      {
        schema: {
          tags: spec.tags,
          ...text,
          params: spec.params,
          headers: ZIfMatch,
          body: spec.body,
          response: { 201: spec.response, ...conditional },
        },
      },
      async (request, reply) =>
        sendVersion(
          reply,
          await spec.review(
            request.ctx,
            (request.params as { id: string }).id,
            decision,
            (request.body as { note?: string | null }).note ?? null,
            request.headers['if-match'],
          ),
          201,
        ),
    );
  }
}
