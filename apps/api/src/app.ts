import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Database, QueryStreamer } from '@access/db';
import { compactDayCounts, compactOpenPeriodCounts, pruneRateLimits } from '@access/domain';
import type { Config } from './config';
import { openApiOptions } from './openapi';
import authPlugin, { DOCS_PREFIX } from './plugins/auth';
import areaNamesPlugin from './plugins/area-names';
import errorsPlugin from './plugins/errors';
import importQueuePlugin from './plugins/import-queue';
import jobQueuePlugin from './plugins/job-queue';
import notificationQueuePlugin from './plugins/notification-queue';
import inputGuardPlugin from './plugins/input-guard';
import webhooksPlugin from './plugins/webhooks';
import { postgresRateLimitStore } from './plugins/rate-limit-store';
import accessStatusRoutes from './routes/access-statuses';
import areaRoutes from './routes/areas';
import auditRoutes from './routes/audit-events';
import authRoutes from './routes/auth';
import areaShapeRoutes from './routes/area-shapes';
import exportRoutes from './routes/exports';
import importRoutes from './routes/imports';
import incidentRoutes from './routes/incidents';
import notificationRoutes from './routes/notifications';
import accessRequestRoutes from './routes/access-requests';
import accessRequestCsvRoutes from './routes/access-requests-csv';
import healthRoutes from './routes/health';
import organizationRoutes from './routes/organizations';
import partyRoutes from './routes/parties';
import statsRoutes from './routes/stats';
import tokenRoutes from './routes/api-tokens';
import userRoutes from './routes/users';
import webhookRoutes from './routes/webhooks';
import feedRoutes from './routes/feeds';

declare module 'fastify' {
  interface FastifyInstance {
    db: Database;
    /** the read replica for heavy reads, or `db` when none is configured */
    readDb: Database;
    /** for imports: the same database as `db`, with the bulk statement timeout */
    bulkDb: Database;
    streamer: QueryStreamer;
    config: Config;
  }
}

export interface AppOptions {
  db: Database;
  /** where statistics read from: a replica, or the same database */
  readDb: Database;
  /** the same database as `db`, for imports: their statements may run up to the bulk timeout */
  bulkDb: Database;
  /** streams large results (CSV exports) with COPY */
  streamer: QueryStreamer;
  config: Config;
  /** the primary database, for the job queue's own connections */
  databaseUrl: string;
}

/** The whole service as one plugin: external plugins first, then ours, then the routes. */
export default fp(async function accessApp(
  app: FastifyInstance,
  { db, readDb, bulkDb, streamer, config, databaseUrl }: AppOptions,
) {
  app.decorate('db', db);
  app.decorate('readDb', readDb);
  app.decorate('bulkDb', bulkDb);
  app.decorate('streamer', streamer);
  app.decorate('config', config);
  // JSON only: a text/plain body is what a cross-site form could send without a preflight.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(errorsPlugin);
  await app.register(inputGuardPlugin);
  await app.register(helmet, {
    // The API serves JSON only: nothing may load or frame it. The docs page sets its own policy.
    contentSecurityPolicy: { directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
  });
  const origins = config.CORS_ORIGINS.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  await app.register(cors, { origin: origins.length > 0 ? origins : false, credentials: true });
  // Counters live in PostgreSQL so that several API instances enforce one limit.
  await app.register(rateLimit, { global: false, store: postgresRateLimitStore(db) });
  const prune = setInterval(() => void pruneRateLimits(db).catch(() => {}), 10 * 60 * 1000);
  prune.unref();
  // Folds recent status changes into the day counts the time series reads and the open-period
  // counts the overview's ranking and matrix read (any instance may; one at a time).
  // A failure is logged (a compaction that keeps failing lets the backlog every read sums grow).
  const compactionFailed = (error: unknown) =>
    app.log.warn({ err: error }, 'folding the count changes failed; the next tick tries again');
  const compact = setInterval(() => {
    void compactDayCounts(db).catch(compactionFailed);
    void compactOpenPeriodCounts(db).catch(compactionFailed);
  }, 10 * 1000);
  compact.unref();
  app.addHook('onClose', async () => {
    clearInterval(prune);
    clearInterval(compact);
  });
  await app.register(cookie);
  await app.register(swagger, openApiOptions);
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    staticCSP: true,
    uiConfig: { deepLinking: true },
  });

  await app.register(authPlugin);
  await app.register(jobQueuePlugin, { databaseUrl });
  await app.register(importQueuePlugin, { databaseUrl });
  await app.register(areaNamesPlugin);
  await app.register(webhooksPlugin);
  await app.register(notificationQueuePlugin, { databaseUrl });

  await app.register(
    async (api) => {
      api.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
        app.swagger(),
      );
      await api.register(healthRoutes);
      await api.register(authRoutes);
      await api.register(tokenRoutes);
      await api.register(userRoutes);
      await api.register(organizationRoutes);
      await api.register(areaRoutes);
      await api.register(partyRoutes);
      await api.register(accessStatusRoutes);
      await api.register(statsRoutes);
      await api.register(auditRoutes);
      await api.register(exportRoutes);
      await api.register(importRoutes);
      await api.register(areaShapeRoutes);
      await api.register(incidentRoutes);
      await api.register(webhookRoutes);
      await api.register(feedRoutes);
      await api.register(notificationRoutes);
      await api.register(accessRequestRoutes);
      await api.register(accessRequestCsvRoutes);
    },
    { prefix: '/api' },
  );
});
