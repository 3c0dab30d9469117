import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { timingSafeEqual } from 'node:crypto';
import {
  AppError,
  authenticateApiToken,
  resolveSession,
  SESSION_LIFETIME_MS,
  type Actor,
  type RequestContext,
} from '@access/domain';

export const SESSION_COOKIE = 'access_session';
/** The browsable API documentation is public, like the OpenAPI document it shows. */
export const DOCS_PREFIX = '/api/docs';
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

declare module 'fastify' {
  interface FastifyRequest {
    actor: Actor | null;
    authenticatedBy: 'session' | 'token' | null;
    sessionSecret: string | null;
    csrfToken: string | null;
    ctx: RequestContext;
  }
  interface FastifyContextConfig {
    /** reachable without signing in */
    public?: boolean;
  }
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Who is asking: a session cookie (browsers) or a bearer API token (scripts). Every
 * route needs one unless it says it is public; changes made with a cookie must also
 * carry the session's CSRF token in X-CSRF-Token.
 */
export default fp(async (app) => {
  app.decorateRequest('actor', null);
  app.decorateRequest('authenticatedBy', null);
  app.decorateRequest('sessionSecret', null);
  app.decorateRequest('csrfToken', null);
  app.decorateRequest('ctx', null as unknown as RequestContext);

  app.addHook('onRequest', async (request) => {
    request.ctx = { actor: null, requestId: request.id, clientAddress: request.ip };
    const authorization = request.headers.authorization;
    if (authorization?.startsWith('Bearer ')) {
      const token = authorization.slice('Bearer '.length).trim();
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
    } else {
      const secret = request.cookies[SESSION_COOKIE];
      if (secret) {
        const session = await resolveSession(app.db, secret);
        if (session) {
          request.actor = session.actor;
          request.authenticatedBy = 'session';
          request.sessionSecret = secret;
          request.csrfToken = session.csrfToken;
          request.ctx.actor = session.actor;
          request.ctx.credential = { kind: 'session', sessionId: session.sessionId };
        }
      }
    }
  });

  // Before the body is read (preParsing, after every onRequest hook, the feeds' token among
  // them): a request nobody signed may not make the API read and parse up to a route's body
  // limit (48 MiB for boundaries) only to be refused afterwards.
  app.addHook('preParsing', async (request) => {
    // Which routes exist is public (the OpenAPI document says so): unknown ones answer 404 to anyone.
    if (
      request.routeOptions.config.public ||
      request.routeOptions.url?.startsWith(DOCS_PREFIX) ||
      request.is404
    )
      return;
    if (!request.actor) throw new AppError('UNAUTHENTICATED', 'Sign in first');
    if (request.authenticatedBy === 'session' && UNSAFE_METHODS.has(request.method)) {
      const sent = request.headers['x-csrf-token'];
      if (typeof sent !== 'string' || !request.csrfToken || !sameSecret(sent, request.csrfToken)) {
        throw new AppError(
          'CSRF_FAILED',
          'This change needs the X-CSRF-Token header that GET /api/me gives',
        );
      }
    }
  });
});

export function setSessionCookie(
  request: FastifyRequest,
  reply: FastifyReply,
  secret: string,
  secure: 'auto' | 'true' | 'false',
) {
  reply.setCookie(SESSION_COOKIE, secret, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: secure === 'auto' ? request.protocol === 'https' : secure === 'true',
    maxAge: SESSION_LIFETIME_MS / 1000,
  });
}

export function clearSessionCookie(reply: FastifyReply) {
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}
