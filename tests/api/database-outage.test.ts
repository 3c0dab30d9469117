import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createDatabase, runMigrations, startEmbeddedPostgres } from '@access/db';
import { loadConfig } from '../../apps/api/src/config';
import { buildServer } from '../../apps/api/src/server';
import { makeUser, TEST_PASSWORD } from '../support/factories';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.join(repoRoot, '.data', `outage-${process.pid}`);

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the database going away and coming back', () => {
  it('answers 503 with a clear error while it is gone, says so in /api/health, and recovers by itself', async () => {
    let cluster = await startEmbeddedPostgres({
      dataDir,
      port: 0,
      database: 'outage',
      ephemeral: true,
    });
    const port = cluster.port;
    await runMigrations(cluster.url);
    const db = createDatabase(cluster.url, { poolSize: 2 });
    const app = await buildServer(
      loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: cluster.url }),
      db,
      { databaseUrl: cluster.url },
    );
    try {
      const user = await makeUser(db, 'VIEWER', 'LOW');
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: TEST_PASSWORD },
      });
      const cookie = `access_session=${login.cookies.find((c) => c.name === 'access_session')!.value}`;
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
        status: 'ok',
        database: 'up',
      });

      await cluster.stop();
      const health = await app.inject({ method: 'GET', url: '/api/health' });
      expect(health.statusCode).toBe(503);
      expect(health.json()).toEqual({ status: 'degraded', database: 'down' });
      const read = await app.inject({
        method: 'GET',
        url: '/api/organizations',
        headers: { cookie },
      });
      expect(read.statusCode).toBe(503);
      expect(read.json().error.code).toBe('DATABASE_UNAVAILABLE');

      cluster = await startEmbeddedPostgres({ dataDir, port, database: 'outage', ephemeral: true });
      let recovered = 0;
      for (let attempt = 0; attempt < 50 && recovered !== 200; attempt++) {
        recovered = (
          await app.inject({ method: 'GET', url: '/api/organizations', headers: { cookie } })
        ).statusCode;
        if (recovered !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(recovered).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/api/health' })).json()).toEqual({
        status: 'ok',
        database: 'up',
      });
    } finally {
      await app.close();
      await db.$disconnect().catch(() => {});
      await cluster.stop();
    }
  }, 120_000);
});
