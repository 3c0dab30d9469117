import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface ApiProcess {
  child: ChildProcess;
  port: number;
  /** http://127.0.0.1:<port>/api */
  base: string;
  exited: Promise<number | null>;
  output(): string;
}

/**
 * The API as `npm start` runs it (`src/start.ts`), in its own process, resolved once
 * /api/health answers. `DATABASE_URL` empty means the embedded PostgreSQL of `env.PGDATA_DIR`.
 */
export async function startApiProcess(
  env: Record<string, string>,
  options: { waitUntilHealthy?: boolean } = {},
): Promise<ApiProcess> {
  const port = env.API_PORT ? Number(env.API_PORT) : await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: path.join(repoRoot, 'apps', 'api'),
    env: { ...process.env, LOG_LEVEL: 'warn', DEMO_DATA: 'false', ...env, API_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  const base = `http://127.0.0.1:${port}/api`;
  if (options.waitUntilHealthy !== false) {
    for (let attempt = 0; ; attempt++) {
      const healthy = await fetch(`${base}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) break;
      if (attempt > 300 || child.exitCode !== null) {
        child.kill('SIGKILL');
        throw new Error(`the API did not start:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  return { child, port, base, exited, output: () => output };
}

/** NODE_OPTIONS for an API process whose event-loop delay a test reads with `loopDelay`. */
export const LOOP_PROBE = {
  NODE_OPTIONS: `--import=${path.join(repoRoot, 'tests', 'support', 'loop-probe.mjs')}`,
};

/**
 * How late the event loop of an API process started with `LOOP_PROBE` ran since the last
 * call (ms), measured inside it: what the API did, apart from how busy the machine was.
 */
export async function loopDelay(
  api: ApiProcess,
): Promise<{ p50: number; p99: number; max: number }> {
  const seen = api.output().split('loop-delay ').length;
  api.child.kill('SIGUSR2');
  for (let waited = 0; ; waited += 20) {
    const parts = api.output().split('loop-delay ');
    if (parts.length > seen) return JSON.parse(parts[seen]!.split('\n')[0]!);
    if (waited > 10_000) throw new Error(`the API process printed no loop delay:\n${api.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sign in over HTTP; returns the headers that authenticate later requests (cookie + CSRF token). */
export async function signInOver(
  base: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Record<string, string>> {
  const response = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in as ${email} failed: ${response.status} ${await response.text()}`);
  const cookie = response.headers
    .getSetCookie()
    .find((value) => value.startsWith('access_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await response.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** pids of the postmasters (`postgres -D <dir>`) running on `dir` */
export function postmastersOn(dir: string): number[] {
  const out = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.trim().match(/^(\d+)\s+(.*)$/))
    .filter(
      (match) =>
        match !== null && /\bpostgres -D /.test(match[2]!) && match[2]!.includes(`-D ${dir} `),
    )
    .map((match) => Number(match![1]));
}

/**
 * Whatever a test left running on its own embedded data directory, stopped (a fast stop,
 * as Ctrl-C asks) before the directory and its owner record are removed.
 */
export async function removeDataDir(dir: string): Promise<void> {
  for (const pid of postmastersOn(dir)) process.kill(pid, 'SIGINT');
  for (let waited = 0; postmastersOn(dir).length > 0 && waited < 30_000; waited += 100)
    await new Promise((resolve) => setTimeout(resolve, 100));
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(`${dir}.owner`, { force: true });
}
