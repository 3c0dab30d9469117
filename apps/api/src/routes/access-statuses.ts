import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  NOTE_MAX_LENGTH,
  ZAccessHistory,
  ZAccessHistoryQuery,
  ZPairTimelineQuery,
  ZReconciliation,
  ZReconciliationInput,
  ZReconciliationQueue,
  ZAccessStatusCorrection,
  ZAccessStatusListQuery,
  ZAccessStatusPage,
  ZAccessStatusRecord,
  ZAccessStatusVersion,
  ZChangeListQuery,
  ZChangePage,
  ZReviewQueue,
  ZReviewQueueQuery,
  ZMyEntries,
  ZUuid,
} from '@access/contracts';
import {
  correctAccessStatus,
  getAccessHistory,
  getPairTimeline,
  listReconciliationQueue,
  reconcileAccessStatus,
  getAccessStatus,
  listAccessStatuses,
  listChanges,
  recordAccessStatus,
  listReviewQueue,
  listMyEntries,
  reviewAccessStatus,
} from '@access/domain';
import { errorResponses } from './errors';
import { conditional, registerReviewRoutes, sendVersion, ZIfMatch } from './versioned';

const ZParams = z.object({ id: ZUuid });
const ZReview = z.object({ note: z.string().trim().max(NOTE_MAX_LENGTH).nullish() }).strict();
const tags = ['access statuses'];
const routes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/access-statuses',
    {
      schema: {
        tags,
        summary: 'Statuses true on `asOf`, as known at `knownAt`',
        description:
          "Filters combine with AND; list filters take repeated or comma-separated values. `areaId` includes the area's sub-areas.",
        querystring: ZAccessStatusListQuery,
        response: { 200: ZAccessStatusPage, ...errorResponses },
      },
    },
    (request) => listAccessStatuses(app.db, request.ctx, request.query),
  );
  app.get(
    '/access-statuses/history',
    {
      schema: {
        tags,
        summary: 'Every version for an organisation–area pair, oldest first',
        description:
          'A page at a time: the latest `limit` versions (oldest first within the page), and `nextCursor` for the versions recorded before them.',
        querystring: ZAccessHistoryQuery,
        response: { 200: ZAccessHistory, ...errorResponses },
      },
    },
    (request) => getAccessHistory(app.db, request.ctx, request.query),
  );
  app.get(
    '/access-statuses/timeline',
    {
      schema: {
        tags,
        summary: "A pair's timeline as the reader sees it, as known at `knownAt`",
        description:
          'The versions current at `knownAt` in period order, each with the end and previous status of that timeline. A page at a time: the latest `limit` periods, and `nextCursor` for the periods before them.',
        querystring: ZPairTimelineQuery,
        response: { 200: ZAccessHistory, ...errorResponses },
      },
    },
    (request) => getPairTimeline(app.db, request.ctx, request.query),
  );
  app.get(
    '/access-statuses/:id',
    {
      schema: {
        tags,
        summary: 'One version (with its ETag, for If-Match on a correction or review)',
        params: ZParams,
        response: { 200: ZAccessStatusVersion, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendVersion(reply, await getAccessStatus(app.db, request.ctx, request.params.id)),
  );
  app.post(
    '/access-statuses',
    {
      schema: {
        tags,
        summary: 'Record a change of status',
        description:
          "An editor's entry (or a DRAFT or SUBMITTED one) is a proposal (`proposal: true`), which enters the timeline when a coordinator validates it. The new period runs from `validFrom` to the stated `validTo` or to the next period's start; the period before it now ends at `validFrom`. No other entry may start on the same day (correct that entry instead).",
        body: ZAccessStatusRecord,
        response: { 201: ZAccessStatusVersion, ...errorResponses },
      },
    },
    async (request, reply) =>
      sendVersion(reply, await recordAccessStatus(app.db, request.ctx, request.body), 201),
  );
  app.post(
    '/access-statuses/:id/corrections',
    {
      schema: {
        tags,
        summary: 'Correct a version',
        description:
          "Writes a new version that supersedes this one; both remain. Only the current version of an entry can be corrected (409 VERSION_SUPERSEDED otherwise). An editor's correction is a proposal; correcting a proposal resubmits it (its organisation's editors only): a coordinator validates or returns an editor's proposal instead (409 PROPOSAL_UNDER_REVIEW). `correctionNote` says what the correction fixes, beside the status's unchanged `reason`.",
        params: ZParams,
        headers: ZIfMatch,
        body: ZAccessStatusCorrection,
        response: { 201: ZAccessStatusVersion, ...conditional },
      },
    },
    async (request, reply) => {
      return sendVersion(
        reply,
        await correctAccessStatus(
          app.db,
          request.ctx,
          request.params.id,
          request.body,
          request.headers['if-match'],
        ),
        201,
      );
    },
  );
  registerReviewRoutes(app, {
    path: '/access-statuses/:id',
    tags,
    params: ZParams,
    body: ZReview,
    response: ZAccessStatusVersion,
    validation: {
      summary: "Validate an editor's submitted proposal (coordinators)",
      description:
        'Places the proposal into the validated timeline (as a new status, or a correction of the status it corrects) and answers with the validated version. 409 TIMELINE_MOVED when the status it corrects, or the one it followed, was changed since it was proposed; 409 PERIOD_CONFLICT as for a direct entry.',
    },
    return: {
      summary: 'Send a proposal back to its editor with a note (coordinators)',
      description:
        'The timeline is untouched; the decision is a new row of the proposal, which its editor corrects and resubmits.',
    },
    review: (ctx, id, decision, note, ifMatch) =>
      reviewAccessStatus(app.db, ctx, id, decision, note, ifMatch),
  });
  app.get(
    '/review-queue',
    {
      schema: {
        tags,
        summary:
          'Entries submitted by editors and waiting for validation, oldest first (coordinators)',
        querystring: ZReviewQueueQuery,
        response: { 200: ZReviewQueue, ...errorResponses },
      },
    },
    (request) => listReviewQueue(app.db, request.ctx, request.query.limit),
  );
  app.get(
    '/my-entries',
    {
      schema: {
        tags,
        summary:
          "Your organisations' proposals and where each stands: returned (with the coordinator's note) first, then drafts, submitted, validated",
        response: { 200: ZMyEntries, ...errorResponses },
      },
    },
    (request) => listMyEntries(app.db, request.ctx),
  );
  app.get(
    '/reconciliation-queue',
    {
      schema: {
        tags,
        summary: 'Entries kept below your clearance level, to reconcile (coordinators)',
        description:
          'An entry whose writer, cleared lower than you, would have changed a version they may not see is kept in the timelines up to `keptUpTo` only. Settle what your timeline should say (record or correct as usual), then note it.',
        response: { 200: ZReconciliationQueue, ...errorResponses },
      },
    },
    (request) => listReconciliationQueue(app.db, request.ctx),
  );
  app.post(
    '/access-statuses/:id/reconciliation',
    {
      schema: {
        tags,
        summary: 'Note that an entry kept below your level is reconciled (coordinators)',
        params: ZParams,
        body: ZReconciliationInput,
        response: { 201: ZReconciliation, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(
          await reconcileAccessStatus(app.db, request.ctx, request.params.id, request.body.note),
        ),
  );
  app.get(
    '/changes',
    {
      schema: {
        tags,
        summary: 'Recent changes, newest first, each marked improved, deteriorated or stable',
        querystring: ZChangeListQuery,
        response: { 200: ZChangePage, ...errorResponses },
      },
    },
    (request) => listChanges(app.db, request.ctx, request.query),
  );
};
export default routes;
