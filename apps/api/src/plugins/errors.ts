import fp from 'fastify-plugin';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  isResponseSerializationError,
} from 'fastify-type-provider-zod';
import { AppError, recordAuditEvent, type AppErrorCode } from '@access/domain';
import { DatabaseBusyError, Prisma } from '@access/db';

const STATUS: Record<AppErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  CSRF_FAILED: 403,
  SESSION_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PERIOD_CONFLICT: 409,
  VERSION_SUPERSEDED: 409,
  TIMELINE_MOVED: 409,
  PROPOSAL_UNDER_REVIEW: 409,
  PRECONDITION_FAILED: 412,
  RATE_LIMITED: 429,
};

/** Answers that a moment's wait cures: they say when to try again (a timeout does not: the same request would run as long). */
const RETRY_AFTER_SECONDS: Record<string, number> = { BUSY: 5, DATABASE_UNAVAILABLE: 5 };

function send(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  details?: unknown,
) {
  const retryAfter = RETRY_AFTER_SECONDS[code];
  if (retryAfter !== undefined) reply.header('Retry-After', String(retryAfter));
  return reply
    .status(status)
    .send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

function fieldOf(path: readonly PropertyKey[], location?: string): string {
  const field = path.map(String).join('.');
  return location && location !== 'body'
    ? `${location}${field ? `.${field}` : ''}`
    : field || 'body';
}

const BUSY_MESSAGE = 'The service is busy; nothing was saved, try again in a moment';

/** Database unreachable: the client can retry, it did nothing wrong. */
function isDatabaseDown(error: unknown): boolean {
  // Raw queries report it as P2010 with the driver adapter's error kind in meta.
  const kind =
    (error as { meta?: { driverAdapterError?: { cause?: { kind?: string } } } }).meta
      ?.driverAdapterError?.cause?.kind ?? '';
  const text = `${(error as { code?: string }).code ?? ''} ${kind} ${(error as Error).message ?? ''}`;
  return /ECONNREFUSED|ECONNRESET|P1001|P1017|DatabaseNotReachable|ConnectionClosed|Can't reach database server|Connection terminated|database system is (starting|shutting)/i.test(
    text,
  );
}

/**
 * One error shape for everything: { error: { code, message, details } }. A client's
 * mistake is a 4xx naming the field at fault; a 5xx never carries a stack or SQL.
 */
export default fp(async (app) => {
  app.setErrorHandler(async (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof AppError) {
      if (STATUS[error.code] === 403) {
        await recordAuditEvent(app.db, request.ctx, {
          action: 'auth.permission_denied',
          entityType: 'route',
          entityId: `${request.method} ${request.routeOptions.url ?? request.url}`,
          reason: error.message,
        }).catch((auditError) =>
          request.log.error({ err: auditError }, 'could not record a denied request'),
        );
      }
      return send(reply, STATUS[error.code], error.code, error.message, error.details);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const found = error.validation.map((issue) => {
        const path = issue.instancePath.split('/').filter(Boolean);
        // a parameter that takes one value, given several times (?asOf=…&asOf=…): the
        // values may each be right, so say what is wrong
        const repeated =
          error.validationContext === 'querystring' &&
          path.length === 1 &&
          issue.keyword !== 'too_big' &&
          Array.isArray(query[path[0]!]);
        return {
          field: fieldOf(path, error.validationContext),
          message: repeated
            ? `is given ${(query[path[0]!] as unknown[]).length} times: give it once`
            : (issue.message ?? 'is not valid'),
        };
      });
      // zod checks a whole number against the safe-integer range besides the field's own
      // bounds: "<= 9007199254740991" beside "<= 5" is the library's, not the field's rule
      const safeBound = String(Number.MAX_SAFE_INTEGER);
      const issues = found.filter(
        (issue) =>
          !issue.message.includes(safeBound) ||
          !found.some((other) => other.field === issue.field && other !== issue),
      );
      const first = issues[0];
      return send(
        reply,
        400,
        'VALIDATION_FAILED',
        first ? `${first.field}: ${first.message}` : 'The request is not valid',
        { issues },
      );
    }
    if (isResponseSerializationError(error)) {
      request.log.error(
        { err: error, issues: error.cause?.issues },
        'response did not match its schema',
      );
      return send(
        reply,
        500,
        'INTERNAL',
        `Something went wrong on our side (request ${request.id})`,
      );
    }
    if (error instanceof DatabaseBusyError) {
      request.log.warn({ err: error }, 'transaction could not start');
      return send(reply, 503, 'BUSY', BUSY_MESSAGE);
    }
    if (error instanceof Prisma.PrismaClientKnownRequestError) {
      if (error.code === 'P2002')
        return send(reply, 409, 'CONFLICT', 'This would duplicate an existing record');
      if (error.code === 'P2025') return send(reply, 404, 'NOT_FOUND', 'The record was not found');
      if (error.code === 'P2003')
        return send(reply, 400, 'VALIDATION_FAILED', 'A referenced record does not exist');
      if (error.code === 'P2028' || error.code === 'P2034') {
        request.log.warn({ err: error }, 'transaction could not run');
        return send(reply, 503, 'BUSY', BUSY_MESSAGE);
      }
    }
    if (error.code === 'FST_REQ_FILE_TOO_LARGE') {
      return send(
        reply,
        413,
        'PAYLOAD_TOO_LARGE',
        'The file is over the import size limit (64 MB): split it',
        { issues: [{ field: 'file', message: 'too large' }] },
      );
    }
    // a client's mistake Fastify or a parser reported (its message may quote what was sent,
    // so it is answered before the checks below read messages for a database's words)
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const code =
        status === 413
          ? 'PAYLOAD_TOO_LARGE'
          : status === 415
            ? 'UNSUPPORTED_MEDIA_TYPE'
            : status === 429
              ? 'RATE_LIMITED'
              : 'BAD_REQUEST';
      if (status === 415) {
        // which bodies the route reads, from its schema: JSON unless it says otherwise
        const takes = (request.routeOptions.schema?.consumes as string[] | undefined) ?? [
          'application/json',
        ];
        const sent = request.headers['content-type']?.split(';')[0]?.trim() || 'no type';
        return send(
          reply,
          415,
          code,
          `This route reads ${takes.join(' or ')}${takes.includes('multipart/form-data') ? ' (the file in a field named file)' : ''}, not ${sent}`,
          { issues: [{ field: 'content-type', message: `must be ${takes.join(' or ')}` }] },
        );
      }
      if (
        error instanceof SyntaxError ||
        error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
        error.code === 'FST_ERR_CTP_EMPTY_JSON_BODY'
      ) {
        // input-guard.ts words it (where the JSON breaks), else Fastify's sentence
        return send(reply, 400, code, error.message, {
          issues: [{ field: 'body', message: error.message }],
        });
      }
      return send(reply, status, code, error.message);
    }
    if (
      /statement timeout|canceling statement|57014/.test(
        String((error as { message?: string }).message ?? '') +
          String(
            (error as { meta?: unknown }).meta
              ? JSON.stringify((error as { meta?: unknown }).meta)
              : '',
          ),
      )
    ) {
      request.log.warn({ err: error }, 'statement timeout');
      return send(
        reply,
        503,
        'QUERY_TIMEOUT',
        'This request asked for more work than the service does at once; narrow it (a shorter period, a filter) and try again',
      );
    }
    if (isDatabaseDown(error)) {
      request.log.error({ err: error }, 'database unavailable');
      return send(
        reply,
        503,
        'DATABASE_UNAVAILABLE',
        'The database is not reachable right now; try again shortly',
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'INTERNAL', `Something went wrong on our side (request ${request.id})`);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
});
