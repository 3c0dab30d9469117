import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ZFeedParams, ZFeedQuery } from '@access/contracts';
import { authenticateApiToken, buildFeed } from '@access/domain';
import { errorResponses } from './errors';

const tags = ['feeds'];
const ZAtom = z
  .string()
  .describe('an Atom 1.0 feed (RFC 4287) of the latest 50 changes, newest first');
const AUTH =
  'Authenticated by an API token, as `Authorization: Bearer …` or, for feed readers that cannot send a header, `?token=` (never logged); a signed-in session works too. Holds only what the token’s owner may see.';

/**
 * The address a feed is read from, with no token in it (it is shown in the feed itself),
 * and the dashboard's, where its entries link to.
 */
function addressesOf(request: FastifyRequest, dashboardUrl: string) {
  const site = dashboardUrl.replace(/\/$/, '');
  // The dashboard serves the API under /api, so the feed's public address is the
  // configured DASHBOARD_URL's, never one built from the request's Host or X-Forwarded-*
  // headers (a forged Host made the feed writer fail, or pointed the self link elsewhere).
  return { self: `${site}${new URL(request.url, 'http://feed.invalid').pathname}`, site };
}

const routes: FastifyPluginAsyncZod = async (app) => {
  // A token in the address, for feed readers: authenticated like a bearer token (audited as
  // its use), after the auth plugin found no header and no session. The request log
  // redacts it (server.ts).
  app.addHook('onRequest', async (request) => {
    if (request.actor) return;
    const token = (request.query as { token?: unknown }).token;
    if (typeof token !== 'string' || token === '') return;
    const { actor, credential } = await authenticateApiToken(
      app.db,
      request.ctx,
      token,
      `${request.method} ${request.url.split('?')[0]}`,
    );
    request.actor = actor;
    request.authenticatedBy = 'token';
    request.ctx.actor = actor;
    request.ctx.credential = credential;
  });

  for (const [kind, path, summary] of [
    ['area', '/feeds/areas/:id.atom', 'Atom feed of changes in an area and its sub-areas'],
    ['organization', '/feeds/organizations/:id.atom', 'Atom feed of changes of an organisation'],
  ] as const) {
    app.get(
      path,
      {
        schema: {
          tags,
          summary,
          description: AUTH,
          params: ZFeedParams,
          querystring: ZFeedQuery,
          produces: ['application/atom+xml'],
          response: { 200: ZAtom, ...errorResponses },
        },
      },
      async (request, reply) => {
        const atom = await buildFeed(
          app.db,
          request.ctx,
          { kind, id: request.params.id },
          addressesOf(request, app.config.DASHBOARD_URL),
        );
        return reply
          .header('content-type', 'application/atom+xml; charset=utf-8')
          .header('cache-control', 'private, no-store')
          .send(atom);
      },
    );
  }
};
export default routes;
