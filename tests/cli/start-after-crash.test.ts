import { spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ApiProcess,
  freePort,
  postmastersOn,
  removeDataDir,
  repoRoot,
  startApiProcess,
} from '../support/api-process';

const dataDir = path.join(repoRoot, '.data', `start-after-crash-${process.pid}`);

function startApi(apiPort: number, pgPort: number, options: { waitUntilHealthy?: boolean } = {}) {
  return startApiProcess(
    {
      DATABASE_URL: '',
      PGDATA_DIR: dataDir,
      API_PORT: String(apiPort),
      EMBEDDED_PG_PORT: String(pgPort),
    },
    options,
  );
}

const started: ApiProcess[] = [];

afterAll(async () => {
  for (const api of started) if (api.child.exitCode === null) api.child.kill('SIGKILL');
  // whatever a failed run left behind on this test's own data directory, stopped before
  // its files are removed
  await removeDataDir(dataDir);
}, 60_000);

describe("npm start's API after the previous one was killed", () => {
  it('refuses clearly while another live API owns the embedded PostgreSQL, and stops the server a SIGKILLed API left behind before starting its own', async () => {
    const [apiPort, pgPort, otherApiPort] = [await freePort(), await freePort(), await freePort()];
    const first = await startApi(apiPort, pgPort);
    started.push(first);
    const [orphan] = postmastersOn(dataDir);
    expect(orphan).toBeGreaterThan(0);

    // a second start beside a live one: refused, and the live one's server untouched
    const second = await startApi(otherApiPort, pgPort, { waitUntilHealthy: false });
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toMatch(
      new RegExp(`in use by another running process \\(pid ${first.child.pid}\\)`),
    );
    expect((await fetch(`${first.base}/health`)).status).toBe(200);
    expect(postmastersOn(dataDir)).toEqual([orphan]);

    // SIGKILL: the API has no chance to stop its PostgreSQL, which keeps running
    first.child.kill('SIGKILL');
    await first.exited;
    expect(postmastersOn(dataDir)).toEqual([orphan]);

    const third = await startApi(apiPort, pgPort);
    started.push(third);
    expect(third.output()).toContain(
      `[start] Stopped the embedded PostgreSQL (pid ${orphan}) that a process which ended without stopping it had left running on ${dataDir}`,
    );
    const health = await fetch(`${third.base}/health`);
    expect(await health.json()).toEqual({ status: 'ok', database: 'up' });
    const running = postmastersOn(dataDir);
    expect(running).toHaveLength(1);
    expect(running[0]).not.toBe(orphan);

    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
    expect(postmastersOn(dataDir)).toEqual([]);
    expect(fs.existsSync(`${dataDir}.owner`)).toBe(false);
  }, 180_000);

  it('a second npm start in the same folder, on the same ports, says only that the running one owns the data directory', async () => {
    const [apiPort, pgPort, webPort] = [await freePort(), await freePort(), await freePort()];
    const first = await startApi(apiPort, pgPort);
    started.push(first);
    const [server] = postmastersOn(dataDir);
    // the running start's dashboard holds its port
    const dashboard = net.createServer().listen(webPort, '127.0.0.1');
    await once(dashboard, 'listening');
    try {
      const second = spawn('npm', ['run', '--silent', 'start'], {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: '',
          PGDATA_DIR: dataDir,
          API_PORT: String(apiPort),
          EMBEDDED_PG_PORT: String(pgPort),
          PORT: String(webPort),
          DASHBOARD_HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      second.stdout.on('data', (chunk) => (output += chunk));
      second.stderr.on('data', (chunk) => (output += chunk));
      const [code] = await once(second, 'exit');
      expect(code).not.toBe(0);
      // one line, before turbo starts anything: no port clash, no build log, no stack
      expect(
        output.split('\n').filter((line) => line.trim() !== ''),
        output,
      ).toEqual([
        `[start] Could not start: The embedded PostgreSQL in ${dataDir} is in use by another running process (pid ${first.child.pid}): stop that one first, or use another data directory`,
      ]);
    } finally {
      dashboard.close();
    }
    expect((await fetch(`${first.base}/health`)).status).toBe(200);
    expect(postmastersOn(dataDir)).toEqual([server]);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
  }, 180_000);
});
