import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';
import { createDatabase, createQueryStreamer, type Database } from '@access/db';
import { DEFAULT_BODY_LIMIT_BYTES } from '@access/contracts';
import accessApp from './app';
import type { Config } from './config';
import { QUEUE_STOP_MS, settledWithin } from './plugins/queue-stop';

/**
 * `url` for logs: every query parameter whose name, once decoded, holds "token" (`token`,
 * `%74oken`, `token[]`…), and every value that looks like an API token, replaced. The query
 * is read as the server reads it (decoded), not matched on the raw text.
 */
export function withoutTokens(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const decoded = (text: string) => {
    try {
      return decodeURIComponent(text.replaceAll('+', ' '));
    } catch {
      return text;
    }
  };
  const pairs = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals < 0 ? pair : pair.slice(0, equals);
      const value = equals < 0 ? '' : pair.slice(equals + 1);
      return /token/i.test(decoded(name)) || /acc_/i.test(decoded(value))
        ? `${name}=[redacted]`
        : pair;
    });
  return `${url.slice(0, at)}?${pairs.join('&')}`;
}

/** A configured Fastify instance, not yet listening (tests drive it with inject). */
export async function buildServer(
  config: Config,
  db: Database,
  options: { databaseUrl: string; logStream?: NodeJS.WritableStream },
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Never log credentials.
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        "req.headers['x-csrf-token']",
        "res.headers['set-cookie']",
      ],
      serializers: {
        // ...nor a token in the address (the Atom feeds take `?token=` for feed readers)
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: withoutTokens(request.url),
          host: request.host,
          remoteAddress: request.ip,
          remotePort: request.socket?.remotePort,
        }),
      },
    },
    genReqId: (request) => {
      const incoming = request.headers['x-request-id'];
      return typeof incoming === 'string' && /^[\w.-]{1,100}$/.test(incoming)
        ? incoming
        : randomUUID();
    },
    bodyLimit: DEFAULT_BODY_LIMIT_BYTES,
    // Each job queue (pg-boss) checks or installs its schema as it starts: on a busy machine
    // that took longer than Fastify's default 10 s, and the whole API then refused to start.
    pluginTimeout: 60_000,
    // Slow clients (slowloris) cannot hold connections: headers, whole requests and idle
    // keep-alives all have deadlines, checked every second.
    requestTimeout: config.REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.KEEP_ALIVE_TIMEOUT_MS,
    http: {
      headersTimeout: Math.min(config.HEADERS_TIMEOUT_MS, config.REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: 1000,
    },
    trustProxy: config.TRUST_PROXY === 'loopback' ? 'loopback' : config.TRUST_PROXY === 'true',
    routerOptions: { maxParamLength: 200 },
    // Requests refused before Fastify sees them (an address or headers over Node's 16 kB, a
    // client too slow, bytes that are not HTTP) answer in the same error shape too.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      const [status, code, message] =
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [408, 'REQUEST_TIMEOUT', 'The request did not arrive in time']
          : error.code === 'HPE_HEADER_OVERFLOW'
            ? [
                431,
                'HEADERS_TOO_LARGE',
                'The address or the headers are too large (16 kB at most): send fewer or shorter parameters',
              ]
            : [400, 'BAD_REQUEST', 'The request is not valid HTTP'];
      const body = JSON.stringify({ error: { code, message } });
      if (socket.writable) {
        socket.write(
          `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\n\r\n${body}`,
        );
      }
      socket.destroy(error);
    },
    // Errors raised before routing (a malformed address) get the same error shape as the rest.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      void reply.code(400).send({
        error: {
          code: 'BAD_REQUEST',
          message:
            error.code === 'FST_ERR_BAD_URL'
              ? 'The address holds characters that are not valid (malformed percent-encoding)'
              : error.message,
        },
      });
    },
  });
  // Handlers still running, including those whose client has gone away: closing waits for
  // them, so the database is never pulled from under a transaction about to commit.
  let inFlight = 0;
  app.addHook('onRoute', (route) => {
    const handler = route.handler;
    route.handler = async function (this: FastifyInstance, request, reply) {
      inFlight++;
      try {
        return await handler.call(this, request, reply);
      } finally {
        inFlight--;
      }
    };
  });
  // Heavy reads (statistics, exports) go to the read replica where one is configured.
  const replicaUrl = config.DATABASE_REPLICA_URL;
  const readDb = replicaUrl
    ? createDatabase(replicaUrl, { statementTimeoutMs: config.STATEMENT_TIMEOUT_MS })
    : db;
  // Exports and imports are bulk work with a longer limit, on connections of their own so
  // that they never take the ones ordinary requests (and the health check) need.
  const streamer = createQueryStreamer(replicaUrl ?? options.databaseUrl, {
    timeoutMs: config.BULK_TIMEOUT_MS,
  });
  const bulkDb = createDatabase(options.databaseUrl, {
    poolSize: 4,
    statementTimeoutMs: config.BULK_TIMEOUT_MS,
  });
  app.addHook('onClose', async () => {
    await streamer.close();
    // An import the queue handed back rolls back at its next step; one inside a long
    // statement is not waited for: its connection closes when the process exits, and
    // PostgreSQL rolls it back then.
    await settledWithin(bulkDb.$disconnect(), QUEUE_STOP_MS);
    if (readDb !== db) await readDb.$disconnect();
  });
  // onClose hooks run last-registered first: this one before the streamer closes.
  app.addHook('onClose', async () => {
    for (let waited = 0; inFlight > 0 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });
  await app.register(accessApp, {
    db,
    readDb,
    bulkDb,
    streamer,
    config,
    databaseUrl: options.databaseUrl,
  });
  return app;
}

/** Listen, and on SIGINT/SIGTERM stop taking requests, let those in flight finish, then run `cleanup`. */
export async function serve(
  app: FastifyInstance,
  config: Config,
  cleanup: () => Promise<void>,
): Promise<void> {
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info(`${signal} received: finishing requests in flight, then stopping`);
    const force = setTimeout(() => {
      // said on stderr as well: the logger may be what is stuck
      console.error(`[api] ${signal}: still stopping after 15 s; exiting without finishing`);
      process.exit(1);
    }, 15_000);
    force.unref();
    // A keep-alive connection whose last response has gone out is closed at once instead
    // of after its idle timeout, so the process exits as soon as the work in flight is done.
    const idle = setInterval(() => app.server.closeIdleConnections(), 100);
    idle.unref();
    try {
      await app.close();
      await cleanup();
    } finally {
      process.exit(0);
    }
  };
  // `on`, not `once`: the same Ctrl-C can come twice (from the terminal to the process group,
  // and passed on by npm start's supervisor, src/supervise.mjs); the second must not kill the
  // process by the default action halfway through its stop. The 15 s limit above still holds.
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  await app.listen({ port: config.API_PORT, host: config.HOST });
}
