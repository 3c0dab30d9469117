import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  ZUuid,
  ZWebhook,
  ZWebhookCreate,
  ZWebhookDeliveryPage,
  ZWebhookDeliveryQuery,
  ZWebhookList,
  ZWebhookUpdate,
} from '@access/contracts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listWebhookDeliveries,
  listWebhooks,
  updateWebhook,
} from '@access/domain';
import { errorResponses } from './errors';

const tags = ['webhooks'];
const ZParams = z.object({ id: ZUuid.describe("the webhook endpoint's id") });
const WHO =
  'Administrators manage every endpoint, coordinators their own (another’s answers 404); deliveries carry only what the owner may see.';

const routes: FastifyPluginAsyncZod = async (app) => {
  const policy = () => app.webhookPolicy;
  app.get(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Webhook endpoints you manage',
        description: WHO,
        response: { 200: ZWebhookList, ...errorResponses },
      },
    },
    (request) => listWebhooks(app.db, request.ctx),
  );
  app.post(
    '/webhooks',
    {
      schema: {
        tags,
        summary: 'Register a webhook endpoint',
        description: `${WHO} Loopback, private, link-local and multicast targets are refused (also as what a host name resolves to). The secret is never returned: keep your copy.`,
        body: ZWebhookCreate,
        response: { 201: ZWebhook, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createWebhook(app.db, request.ctx, request.body, policy())),
  );
  app.get(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'A webhook endpoint',
        params: ZParams,
        response: { 200: ZWebhook, ...errorResponses },
      },
    },
    (request) => getWebhook(app.db, request.ctx, request.params.id),
  );
  app.patch(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change, pause or resume a webhook endpoint, or rotate its secret',
        params: ZParams,
        body: ZWebhookUpdate,
        response: { 200: ZWebhook, ...errorResponses },
      },
    },
    (request) => updateWebhook(app.db, request.ctx, request.params.id, request.body, policy()),
  );
  app.delete(
    '/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: ZParams,
        response: { 200: ZWebhook, ...errorResponses },
      },
    },
    (request) => deleteWebhook(app.db, request.ctx, request.params.id),
  );
  app.get(
    '/webhooks/:id/deliveries',
    {
      schema: {
        tags,
        summary: "A webhook endpoint's delivery log, newest first",
        description:
          'Each delivery: its idempotency key (`id`), state, attempts, the last HTTP status, error and latency.',
        params: ZParams,
        querystring: ZWebhookDeliveryQuery,
        response: { 200: ZWebhookDeliveryPage, ...errorResponses },
      },
    },
    (request) => listWebhookDeliveries(app.db, request.ctx, request.params.id, request.query),
  );
};
export default routes;
