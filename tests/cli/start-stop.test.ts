import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, startApiProcess } from '../support/api-process';

const dataDir = path.join(repoRoot, '.data', `start-stop-${process.pid}`);

function postgresRunningOn(dir: string): boolean {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').some((line) => line.includes('postgres') && line.includes(dir));
}

function startApi(apiPort: number, pgPort: number) {
  return startApiProcess({
    DATABASE_URL: '',
    DEMO_DATA: 'true',
    PGDATA_DIR: dataDir,
    API_PORT: String(apiPort),
    EMBEDDED_PG_PORT: String(pgPort),
  });
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm start's API on an embedded PostgreSQL", () => {
  it('creates the database with the demo data, stops cleanly on Ctrl-C leaving no postgres behind, and reuses the data next time', async () => {
    const [apiPort, pgPort] = [await freePort(), await freePort()];
    const first = await startApi(apiPort, pgPort);
    expect(first.output()).toContain('First start: loading the demo data');
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@demo.local', password: 'demo-password' }),
    });
    expect(login.status).toBe(200);
    expect(postgresRunningOn(dataDir)).toBe(true);

    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);
    expect(postgresRunningOn(dataDir)).toBe(false);

    const second = await startApi(apiPort, pgPort);
    expect(second.output()).not.toContain('loading the demo data');
    const again = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'viewer@demo.local', password: 'demo-password' }),
    });
    expect(again.status).toBe(200);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    expect(postgresRunningOn(dataDir)).toBe(false);
  }, 120_000);
});
