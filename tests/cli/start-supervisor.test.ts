import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, postmastersOn, removeDataDir, repoRoot } from '../support/api-process';

const dataDir = path.join(repoRoot, '.data', `start-supervisor-${process.pid}`);

/** the pid the owner record of the data directory names: the API process that started it */
const ownerPid = (): number | null => {
  try {
    return (JSON.parse(fs.readFileSync(`${dataDir}.owner`, 'utf8')) as { pid: number }).pid;
  } catch {
    return null;
  }
};

interface Supervised {
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/**
 * The API as `npm start` runs it (apps/api's start script), leading its own process group, as
 * a terminal's foreground job does, so that a Ctrl-C can be sent to the group.
 */
function startSupervised(apiPort: number, pgPort: number): Supervised {
  const child = spawn('npm', ['run', '--silent', 'start'], {
    cwd: path.join(repoRoot, 'apps', 'api'),
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      DEMO_DATA: 'false',
      DATABASE_URL: '',
      PGDATA_DIR: dataDir,
      API_PORT: String(apiPort),
      EMBEDDED_PG_PORT: String(pgPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { child, exited, output: () => output };
}

async function until(what: string, condition: () => boolean | Promise<boolean>, ms = 90_000) {
  for (let waited = 0; !(await condition()); waited += 200) {
    if (waited > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const started: Supervised[] = [];

afterAll(async () => {
  for (const run of started)
    if (run.child.exitCode === null && run.child.signalCode === null) {
      try {
        process.kill(-run.child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  const owner = ownerPid();
  if (owner) {
    try {
      process.kill(owner, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await removeDataDir(dataDir);
}, 60_000);

describe("npm start's API under its supervisor", () => {
  it('starts the API again after a SIGKILL, saying so, does not retry a start that fails, and stops everything on Ctrl-C', async () => {
    const [apiPort, pgPort] = [await freePort(), await freePort()];
    const health = () =>
      fetch(`http://127.0.0.1:${apiPort}/api/health`).then(
        (response) => response.ok,
        () => false,
      );
    const run = startSupervised(apiPort, pgPort);
    started.push(run);
    await until('the API', health);
    const first = ownerPid();
    expect(first).toBeGreaterThan(0);
    expect(first).not.toBe(run.child.pid);

    // a second start on the same data directory fails to start: it ends, with its reason
    const second = startSupervised(await freePort(), pgPort);
    started.push(second);
    expect(await second.exited).toBe(1);
    expect(second.output()).toContain(`in use by another running process (pid ${first})`);
    expect(second.output()).not.toContain('starting it again');

    // the API killed outright: the supervisor stays, says so, and starts it again
    const [server] = postmastersOn(dataDir);
    process.kill(first!, 'SIGKILL');
    await until('the restart', () => {
      if (run.child.exitCode !== null || run.child.signalCode !== null)
        throw new Error(`npm start's API ended:\n${run.output()}`);
      return run
        .output()
        .includes(
          `[start] The API (pid ${first}) ended unexpectedly (SIGKILL): starting it again in 1 s`,
        );
    });
    expect(run.child.exitCode).toBeNull();
    await until('the API again', async () => ownerPid() !== first && (await health()));
    expect(run.output()).toContain(
      `[start] Stopped the embedded PostgreSQL (pid ${server}) that a process which ended without stopping it had left running on ${dataDir}`,
    );
    const restarted = ownerPid();
    expect(restarted).toBeGreaterThan(0);

    // Ctrl-C in the terminal: SIGINT to the whole process group, the API included
    process.kill(-run.child.pid!, 'SIGINT');
    expect(await run.exited).toBe(0);
    expect(
      run
        .output()
        .split('\n')
        .filter((line) => line.includes('starting it again')),
    ).toHaveLength(1);
    expect(postmastersOn(dataDir)).toEqual([]);
    expect(fs.existsSync(`${dataDir}.owner`)).toBe(false);
    expect(() => process.kill(restarted!, 0)).toThrow();
  }, 240_000);
});
