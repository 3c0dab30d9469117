import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZIncidentCorrection,
  ZIncidentGetQuery,
  ZIncidentHistory,
  ZIncidentHistoryQuery,
  ZIncidentListQuery,
  ZIncidentMyEntries,
  ZIncidentPage,
  ZIncidentRecord,
  ZIncidentReview,
  ZIncidentReviewQueue,
  ZIncidentReviewQueueQuery,
  ZIncidentVersion,
  ZUuid,
} from '@access/contracts';
import {
  correctIncident,
  getIncident,
  getIncidentHistory,
  listIncidentReviewQueue,
  listIncidents,
  listMyIncidentEntries,
  recordIncident,
  reviewIncident,
} from '@access/domain';
import { errorResponses } from './errors';
import { conditional, registerReviewRoutes, sendVersion, ZIfMatch } from './versioned';

const tags = ['incidents'];
// `{id}` as on every route: an incident's id under /incidents, a version's under /incidents/versions
const ZIncidentParams = z.object({ id: ZUuid.describe("the incident's id") });
const ZVersionParams = z.object({ id: ZUuid.describe("the version's id") });
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'Incidents as known at `knownAt`, latest occurred first',
        description:
          "Each incident's current version for you. `areaId` includes sub-areas; `organizationId` matches the recording or an affected organisation; `from`, `to` and `asOf` bound the day it occurred. `includeProposals` adds your own pending proposals (`proposal: true`).",
        querystring: ZIncidentListQuery,
        response: { 200: ZIncidentPage, ...errorResponses },
      },
    },
    (request) => listIncidents(app.db, request.ctx, request.query),
  );
  app.get(
    '/incidents/review-queue',
    {
      schema: {
        tags,
        summary: 'Incident proposals waiting for validation, oldest first (coordinators)',
        querystring: ZIncidentReviewQueueQuery,
        response: { 200: ZIncidentReviewQueue, ...errorResponses },
      },
    },
    (request) => listIncidentReviewQueue(app.db, request.ctx, request.query.limit),
  );
  app.get(
    '/incidents/my-entries',
    {
      schema: {
        tags,
        summary:
          "Your organisations' incident proposals and where each stands: returned (with the note) first",
        response: { 200: ZIncidentMyEntries, ...errorResponses },
      },
    },
    (request) => listMyIncidentEntries(app.db, request.ctx),
  );
  app.get(
    '/incidents/:id',
    {
      schema: {
        tags,
        summary: "An incident's current version (with its ETag, for If-Match on a correction)",
        params: ZIncidentParams,
        querystring: ZIncidentGetQuery,
        response: { 200: ZIncidentVersion, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendVersion(
        reply,
        await getIncident(app.db, request.ctx, request.params.id, request.query.knownAt),
      ),
  );
  app.get(
    '/incidents/:id/history',
    {
      schema: {
        tags,
        summary: 'Every version of an incident you may see, oldest first',
        params: ZIncidentParams,
        querystring: ZIncidentHistoryQuery,
        response: { 200: ZIncidentHistory, ...errorResponses },
      },
    },
    (request) =>
      getIncidentHistory(app.db, request.ctx, request.params.id, request.query.includeProposals),
  );
  app.post(
    '/incidents',
    {
      schema: {
        tags,
        summary: 'Record an incident',
        description:
          "An editor's entry (or a DRAFT or SUBMITTED one) is a proposal, counted nowhere until a coordinator validates it. `occurredOn` may not be after today.",
        body: ZIncidentRecord,
        response: { 201: ZIncidentVersion, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendVersion(reply, await recordIncident(app.db, request.ctx, request.body), 201),
  );
  app.post(
    '/incidents/versions/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct an incident version',
        description:
          "A new version replaces it; both remain. Only the current version can be corrected (409 VERSION_SUPERSEDED). An editor's correction is a proposal; correcting a proposal resubmits it (its organisation's editors only; 409 PROPOSAL_UNDER_REVIEW for a coordinator, who validates or returns it).",
        params: ZVersionParams,
        headers: ZIfMatch,
        body: ZIncidentCorrection,
        response: { 201: ZIncidentVersion, ...conditional },
      },
    },
    async (request, reply) =>
      sendVersion(
        reply,
        await correctIncident(
          app.db,
          request.ctx,
          request.params.id,
          request.body,
          request.headers['if-match'],
        ),
        201,
      ),
  );
  registerReviewRoutes(app, {
    path: '/incidents/versions/:id',
    tags,
    params: ZVersionParams,
    body: ZIncidentReview,
    response: ZIncidentVersion,
    validation: {
      summary: "Validate an editor's submitted incident proposal (coordinators)",
      description:
        'Answers with the validated version. 409 TIMELINE_MOVED when the version it corrects was replaced since.',
    },
    return: { summary: 'Send an incident proposal back to its editor with a note (coordinators)' },
    review: (ctx, id, decision, note, ifMatch) =>
      reviewIncident(app.db, ctx, id, decision, note, ifMatch),
  });
};

export default routes;
