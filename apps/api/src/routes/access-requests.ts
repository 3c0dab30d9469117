import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZAccessRequestCorrection,
  ZAccessRequestCreate,
  ZAccessRequestDetail,
  ZAccessRequestGetQuery,
  ZAccessRequestHistory,
  ZAccessRequestHistoryQuery,
  ZAccessRequestListQuery,
  ZAccessRequestPage,
  ZAccessRequestReview,
  ZAccessRequestVersion,
  ZConsentBoard,
  ZConsentBoardQuery,
  ZConsentPositionCorrection,
  ZConsentPositionRecord,
  ZConsentPositionVersion,
  ZPartyFiguresAnswer,
  ZPartyFiguresQuery,
  ZRequestReviewQueue,
  ZRequestReviewQueueQuery,
  ZUuid,
} from '@access/contracts';
import {
  correctRequestRecord,
  createAccessRequest,
  getAccessRequest,
  getAccessRequestHistory,
  getConsentBoard,
  getPartyFigures,
  listRequestReviewQueue,
  listAccessRequests,
  recordConsentPosition,
  reviewRequestRecord,
} from '@access/domain';
import { errorResponses } from './errors';
import { conditional, registerReviewRoutes, sendVersion, ZIfMatch } from './versioned';

const tags = ['access-requests'];
const ZRequestParams = z.object({ id: ZUuid.describe("the request's id") });
const ZVersionParams = z.object({ id: ZUuid.describe("the version's id") });
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/access-requests',
    {
      schema: {
        tags,
        summary: 'Requests for access as they stood on `asOf`, as known at `knownAt`',
        description:
          "Each request's current version for you, its derived state (granted when every needed party consented, refused when any refused or withdrew, else pending) and each needed party's consent with the days it has waited. `waitingOn` lists the pending requests still waiting on those parties.",
        querystring: ZAccessRequestListQuery,
        response: { 200: ZAccessRequestPage, ...errorResponses },
      },
    },
    (request) => listAccessRequests(app.db, request.ctx, request.query),
  );
  app.get(
    '/access-requests/consent-board',
    {
      schema: {
        tags,
        summary: 'Who waits on whom, since when: pending requests by party, worst waits first',
        querystring: ZConsentBoardQuery,
        response: { 200: ZConsentBoard, ...errorResponses },
      },
    },
    (request) => getConsentBoard(app.db, request.ctx, request.query),
  );
  app.get(
    '/access-requests/party-figures',
    {
      schema: {
        tags,
        summary:
          'Per party over a period: answers, refusal rate, median days to answer, waiting now',
        querystring: ZPartyFiguresQuery,
        response: { 200: ZPartyFiguresAnswer, ...errorResponses },
      },
    },
    (request) => getPartyFigures(app.db, request.ctx, request.query),
  );
  app.get(
    '/access-requests/review-queue',
    {
      schema: {
        tags,
        summary:
          "Proposals of requests and of parties' positions waiting for validation, oldest first (coordinators)",
        querystring: ZRequestReviewQueueQuery,
        response: { 200: ZRequestReviewQueue, ...errorResponses },
      },
    },
    (request) => listRequestReviewQueue(app.db, request.ctx, request.query.limit),
  );
  app.get(
    '/access-requests/:id',
    {
      schema: {
        tags,
        summary: "A request on `asOf` as known at `knownAt`, with every party's positions",
        params: ZRequestParams,
        querystring: ZAccessRequestGetQuery,
        response: { 200: ZAccessRequestDetail, ...errorResponses },
      },
    },
    (request) => getAccessRequest(app.db, request.ctx, request.params.id, request.query),
  );
  app.get(
    '/access-requests/:id/history',
    {
      schema: {
        tags,
        summary: 'Every version of a request and of its positions you may see, oldest first',
        params: ZRequestParams,
        querystring: ZAccessRequestHistoryQuery,
        response: { 200: ZAccessRequestHistory, ...errorResponses },
      },
    },
    (request) =>
      getAccessRequestHistory(
        app.db,
        request.ctx,
        request.params.id,
        request.query.includeProposals,
      ),
  );
  app.post(
    '/access-requests',
    {
      schema: {
        tags,
        summary: 'Record a request for access',
        description:
          "An editor's entry (or a DRAFT or SUBMITTED one) is a proposal until a coordinator validates it. Name every party whose consent (or mandate) the request needs.",
        body: ZAccessRequestCreate,
        response: { 201: ZAccessRequestVersion, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendVersion(reply, await createAccessRequest(app.db, request.ctx, request.body), 201),
  );
  app.post(
    '/access-requests/:id/positions',
    {
      schema: {
        tags,
        summary: "Record a party's position on a request (asked, granted, refused, …)",
        description:
          "The position holds from `statedOn` until the party's next one. The party must be one the request needs. An editor's entry is a proposal.",
        params: ZRequestParams,
        body: ZConsentPositionRecord,
        response: { 201: ZConsentPositionVersion, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendVersion(
        reply,
        await recordConsentPosition(app.db, request.ctx, request.params.id, request.body),
        201,
      ),
  );
  app.post(
    '/access-requests/versions/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct a request version',
        description:
          'A new version replaces it; both remain. Only the current version can be corrected (409 VERSION_SUPERSEDED). Correcting a proposal resubmits it.',
        params: ZVersionParams,
        headers: ZIfMatch,
        body: ZAccessRequestCorrection,
        response: { 201: ZAccessRequestVersion, ...conditional },
      },
    },
    async (request, reply) =>
      sendVersion(
        reply,
        (await correctRequestRecord(
          app.db,
          request.ctx,
          'request',
          request.params.id,
          request.body,
          request.headers['if-match'],
        )) as z.infer<typeof ZAccessRequestVersion>,
        201,
      ),
  );
  app.post(
    '/access-requests/positions/versions/:id/corrections',
    {
      schema: {
        tags,
        summary: "Correct a version of a party's position",
        description:
          'A new version replaces it; both remain, so `knownAt` still answers with the old one. Correcting a proposal resubmits it.',
        params: ZVersionParams,
        headers: ZIfMatch,
        body: ZConsentPositionCorrection,
        response: { 201: ZConsentPositionVersion, ...conditional },
      },
    },
    async (request, reply) =>
      sendVersion(
        reply,
        (await correctRequestRecord(
          app.db,
          request.ctx,
          'position',
          request.params.id,
          request.body,
          request.headers['if-match'],
        )) as z.infer<typeof ZConsentPositionVersion>,
        201,
      ),
  );
  for (const [path, kind, response] of [
    ['/access-requests/versions/:id', 'request', ZAccessRequestVersion],
    ['/access-requests/positions/versions/:id', 'position', ZConsentPositionVersion],
  ] as const) {
    registerReviewRoutes(app, {
      path,
      tags,
      params: ZVersionParams,
      body: ZAccessRequestReview,
      response,
      validation: { summary: `Validate an editor's submitted ${kind} proposal (coordinators)` },
      return: { summary: `Send a ${kind} proposal back to its editor with a note (coordinators)` },
      review: (ctx, id, decision, note, ifMatch) =>
        reviewRequestRecord(app.db, ctx, kind, id, decision, note, ifMatch),
    });
  }
};

export default routes;
