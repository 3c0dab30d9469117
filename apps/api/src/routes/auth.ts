import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ZErrorResponse, ZLogin, ZMe } from "@access/contracts";
import { AppError, requireActor, signIn, signOut, type Actor } from "@access/domain";
import { clearSessionCookie, setSessionCookie } from "../plugins/auth";
import { errorResponses } from "./errors";

const routes: FastifyPluginAsyncZod = async (app) => {
  async function me(actor: Actor, csrfToken: string | null, authenticatedBy: "session" | "token") {
    const organizations = await app.db.organization.findMany({
      where: { id: { in: actor.organizationIds } },
      select: { id: true, name: true, acronym: true },
      orderBy: { name: "asc" },
    });
    return {
      id: actor.userId,
      email: actor.email,
      displayName: actor.displayName,
      role: actor.role,
      clearance: actor.clearance,
      organizations,
      csrfToken,
      authenticatedBy,
    };
  }

  app.post(
    "/auth/login",
    {
      config: { public: true, rateLimit: { max: 20, timeWindow: "1 minute" } },
      schema: {
        tags: ["auth"],
        summary: "Sign in with e-mail and password; sets the session cookie",
        security: [],
        body: ZLogin,
        response: { 200: ZMe, 400: ZErrorResponse, 401: ZErrorResponse, 429: ZErrorResponse },
      },
    },
    async (request, reply) => {
      const { email, password } = request.body;
      if (await app.loginThrottle.isBlocked(email)) {
        throw new AppError("RATE_LIMITED", "Too many failed sign-ins for this account: wait a few minutes");
      }
      try {
        const session = await signIn(app.db, request.ctx, email, password);
        await app.loginThrottle.succeed(email);
        setSessionCookie(request, reply, session.secret, app.config.COOKIE_SECURE);
        return me(session.actor, session.csrfToken, "session");
      } catch (error) {
        if (error instanceof AppError && error.code === "UNAUTHENTICATED") await app.loginThrottle.fail(email);
        throw error;
      }
    },
  );

  app.post(
    "/auth/logout",
    { schema: { tags: ["auth"], summary: "Sign out: ends the session on the server", response: { 204: z.null(), ...errorResponses } } },
    async (request, reply) => {
      if (request.sessionSecret) await signOut(app.db, request.ctx, request.sessionSecret);
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    "/me",
    { schema: { tags: ["auth"], summary: "Who is signed in, with role, organisations and clearance", response: { 200: ZMe, ...errorResponses } } },
    async (request) => me(requireActor(request.ctx), request.csrfToken, request.authenticatedBy ?? "session"),
  );
};
export default routes;
