import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ZErrorResponse, ZLogin, ZMe, ZPreferences } from '@access/contracts';
import { getMe, setPreferences, signIn, signOut } from '@access/domain';
import { clearSessionCookie, setSessionCookie } from '../plugins/auth';
import { errorResponses } from './errors';

const routes: FastifyPluginAsyncZod = async (app) => {
  app.post(
    '/auth/login',
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with e-mail and password; sets the session cookie',
        security: [],
        body: ZLogin,
        response: { 200: ZMe, 400: ZErrorResponse, 401: ZErrorResponse, 429: ZErrorResponse },
      },
    },
    async (request, reply) => {
      const session = await signIn(app.db, request.ctx, request.body.email, request.body.password);
      setSessionCookie(request, reply, session.secret, app.config.COOKIE_SECURE);
      return getMe(
        app.db,
        { ...request.ctx, actor: session.actor, credential: session.credential },
        session.csrfToken,
      );
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out: ends the session on the server',
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      if (request.sessionSecret) await signOut(app.db, request.ctx, request.sessionSecret);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who is signed in, with role, organisations and clearance',
        response: { 200: ZMe, ...errorResponses },
      },
    },
    (request) => getMe(app.db, request.ctx, request.csrfToken),
  );

  app.put(
    '/me/preferences',
    {
      schema: {
        tags: ['auth'],
        summary: "Set the signed-in user's own preferences (the interface language); any role",
        body: ZPreferences,
        response: { 200: ZMe, ...errorResponses },
      },
    },
    (request) => setPreferences(app.db, request.ctx, request.body, request.csrfToken),
  );
};
export default routes;
