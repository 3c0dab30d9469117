import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../../apps/api/src/config';
import { buildServer } from '../../apps/api/src/server';
import { createTestDatabase, type TestDatabase } from './database';

export interface TestApp extends TestDatabase {
  app: FastifyInstance;
  /** sign in and get a client that sends the session cookie and CSRF token */
  signIn(email: string, password?: string): Promise<Client>;
  anonymous: Client;
  close(): Promise<void>;
}

export interface Client {
  cookie?: string;
  csrfToken?: string;
  request(options: InjectOptions): Promise<LightMyRequestResponse>;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  patch(url: string, body?: unknown): Promise<LightMyRequestResponse>;
  delete(url: string): Promise<LightMyRequestResponse>;
}

export function clientFor(app: FastifyInstance, headers: Record<string, string> = {}): Client {
  const request = (options: InjectOptions) =>
    app.inject({
      ...options,
      headers: { ...headers, ...(options.headers as Record<string, string>) },
    });
  return {
    cookie: headers.cookie,
    csrfToken: headers['x-csrf-token'],
    request,
    get: (url) => request({ method: 'GET', url }),
    post: (url, body) =>
      request({ method: 'POST', url, payload: body as InjectOptions['payload'] }),
    patch: (url, body) =>
      request({ method: 'PATCH', url, payload: body as InjectOptions['payload'] }),
    delete: (url) => request({ method: 'DELETE', url }),
  };
}

export const DEMO_PASSWORD = 'demo-password';

export async function createTestApp(
  options: { demo?: boolean; env?: Record<string, string>; logStream?: NodeJS.WritableStream } = {},
): Promise<TestApp> {
  const database = await createTestDatabase(options);
  const config = loadConfig({
    ...process.env,
    LOG_LEVEL: 'silent',
    ...options.env,
    DATABASE_URL: database.url,
  });
  const app = await buildServer(config, database.db, {
    databaseUrl: database.url,
    logStream: options.logStream,
  });
  await app.ready();
  return {
    ...database,
    app,
    anonymous: clientFor(app),
    async signIn(email, password = DEMO_PASSWORD) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email, password },
      });
      if (response.statusCode !== 200)
        throw new Error(`sign-in as ${email} failed: ${response.statusCode} ${response.body}`);
      const cookie = response.cookies.find((item) => item.name === 'access_session');
      return clientFor(app, {
        cookie: `access_session=${cookie!.value}`,
        'x-csrf-token': response.json().csrfToken,
      });
    },
    async close() {
      await app.close();
      await database.close();
    },
  };
}
