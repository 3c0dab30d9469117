// The dashboard's settings: the one place in apps/web that reads the environment, checked
// with zod. Plain JavaScript, so that `node server.mjs` loads it without a build step; the
// pages import it too, and read it at run time, not at build time.
import { z } from 'zod';

const unsetWhenEmpty = (value) => (value === '' ? undefined : value);

const ZWebConfig = z.object({
  /** where the dashboard's server reaches the API; unset, the API on this machine at API_PORT */
  API_ORIGIN: z.preprocess(
    unsetWhenEmpty,
    z.url({ protocol: /^https?$/, error: 'must be an http(s) address' }).optional(),
  ),
  API_PORT: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(65535).default(4000)),
  /** the dashboard's port, unless --port says otherwise */
  PORT: z.preprocess(unsetWhenEmpty, z.coerce.number().int().min(0).max(65535).default(3000)),
  /**
   * the interface the dashboard listens on, unless --hostname says otherwise: "localhost"
   * (every loopback address, as the API's HOST) by default; 0.0.0.0 or :: for every interface
   */
  DASHBOARD_HOST: z.preprocess(unsetWhenEmpty, z.string().min(1).default('localhost')),
  /**
   * "true": a load balancer you control sets X-Forwarded-For, believe the entry it added.
   * "loopback" (the API's default, which means the dashboard) and "false": believe nobody.
   */
  TRUST_PROXY: z.enum(['loopback', 'true', 'false']).default('loopback'),
});

/**
 * @param {Record<string, string | undefined>} [overrides] settings given on the command line, over the environment's
 * @returns {{ apiOrigin: string; port: number; host: string; trustProxy: boolean }}
 */
export function loadWebConfig(overrides = {}, env = process.env) {
  const parsed = ZWebConfig.safeParse({ ...env, ...overrides });
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `  ${issue.path.join('.')}: ${issue.message}`)
      .join('\n');
    throw new Error(`The dashboard's environment is not valid:\n${problems}`);
  }
  const config = parsed.data;
  return {
    apiOrigin: config.API_ORIGIN ?? `http://127.0.0.1:${config.API_PORT}`,
    port: config.PORT,
    host: config.DASHBOARD_HOST,
    trustProxy: config.TRUST_PROXY === 'true',
  };
}

/** @type {ReturnType<typeof loadWebConfig> | undefined} */
let loaded;

/** Where the dashboard's server reaches the API. */
export function apiOrigin() {
  loaded ??= loadWebConfig();
  return loaded.apiOrigin;
}

/**
 * For the dashboard's own server, before it loads Next: React and Next read NODE_ENV
 * themselves, and unset it would give React's development build.
 */
export function defaultToProduction(env = process.env) {
  env.NODE_ENV ||= 'production';
}
