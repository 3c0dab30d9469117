import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { ZOptionalDatabaseUrl } from '@access/db/config';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const ZConfig = z.object({
  DATABASE_URL: ZOptionalDatabaseUrl,
  /**
   * a read replica of DATABASE_URL for the heavy reads (statistics and CSV exports); unset,
   * they go to DATABASE_URL. A replica lags its primary by a moment: a change shows in
   * the charts once it has replicated.
   */
  DATABASE_REPLICA_URL: ZOptionalDatabaseUrl,
  API_PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().default('localhost'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** comma-separated origins allowed to call the API from a browser; none by default */
  CORS_ORIGINS: z.string().default(''),
  /** mark cookies Secure: "auto" does so when the request came over HTTPS */
  COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  /**
   * whose X-Forwarded-For to believe: "loopback" (default) trusts the dashboard, which
   * forwards /api from the same machine, so rate limits and the audit trail see the real
   * client address; "true" trusts any proxy; "false" none
   */
  TRUST_PROXY: z.enum(['loopback', 'true', 'false']).default('loopback'),
  /** the longest a single database statement of a request may run (then 503 QUERY_TIMEOUT); not exports and imports: */
  STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /**
   * ...the bulk work that legitimately takes longer: a CSV export must be written within
   * this time (its query is cancelled and its stream aborted past it, even when the client
   * stopped reading), and each statement of an import must end within it
   */
  BULK_TIMEOUT_MS: z.coerce.number().int().min(100).default(300_000),
  /**
   * the heap a background import may use, in MB (it runs in a process of its own; an
   * import that needs more ends FAILED and the API goes on). The largest files the import
   * takes (100,000 rows over 100,000 pairs, 60 MB) run within 64, not within 48 (BENCHMARKS.md).
   */
  IMPORT_HEAP_MB: z.coerce.number().int().min(16).max(4096).default(96),
  /** a client must send its request headers within this time (slow clients cannot hold a connection) */
  HEADERS_TIMEOUT_MS: z.coerce.number().int().min(100).default(15_000),
  /** ...and its whole request, uploads included, within this time */
  REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).default(120_000),
  /** an idle keep-alive connection is closed after this time */
  KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().min(100).default(5_000),
  PGDATA_DIR: z.string().default(path.join(repoRoot, '.data', 'postgres')),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(0).max(65535).default(54329),
  /** load the demo data into a freshly created embedded database */
  DEMO_DATA: z.enum(['true', 'false']).default('true'),
  /**
   * webhooks may target loopback and private addresses (SSRF protection off): for tests and
   * closed networks only
   */
  WEBHOOK_ALLOW_PRIVATE_TARGETS: z.enum(['true', 'false']).default('false'),
  /** a delivery attempt not answered within this time fails */
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).default(10_000),
  /** the first retry's delay; each next one about doubles (pg-boss backoff), up to 6 hours */
  WEBHOOK_RETRY_DELAY_SECONDS: z.coerce.number().int().min(1).default(30),
  /** retries of a delivery before it is marked failed (the defaults span about two days) */
  WEBHOOK_RETRY_LIMIT: z.coerce.number().int().min(0).max(100).default(16),
  /** an endpoint whose deliveries have failed this long with no success since is paused */
  WEBHOOK_PAUSE_AFTER_SECONDS: z.coerce.number().int().min(1).default(86_400),
  /**
   * notification e-mail through SMTP: a URL (smtp://user:pass@host:587, smtps://… for TLS)
   * or SMTP_HOST with SMTP_PORT/USER/PASS; neither set, e-mail is off (the dashboard's
   * notifications work without it)
   */
  SMTP_URL: z.string().min(1).optional(),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  SMTP_USER: z.string().min(1).optional(),
  SMTP_PASS: z.string().optional(),
  MAIL_FROM: z.string().min(3).default('Access monitoring <no-reply@localhost>'),
  /** the dashboard's address as readers reach it, for the links in e-mails */
  DASHBOARD_URL: z.url().default('http://localhost:3000'),
  /** signs the unsubscribe links of e-mails (required with SMTP; 32 characters or more) */
  NOTIFICATION_TOKEN_SECRET: z.string().min(32).optional(),
});

export type Config = z.infer<typeof ZConfig>;

/** Parses the environment with `schema`, or fails naming every variable that is wrong. */
export function parseEnvironment<T extends z.ZodType>(
  schema: T,
  env: NodeJS.ProcessEnv,
): z.output<T> {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`The environment is not valid:\n${problems}`);
  }
  return parsed.data;
}

/** The one place the API reads the environment (its commands add theirs in cli/config.ts). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return parseEnvironment(ZConfig, env);
}
