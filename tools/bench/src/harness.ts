import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_USER } from './synthetic';

/** What the benchmark and the soak share: the API as its own process, timing, memory. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
export function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    min: sorted[0]!,
    max: sorted.at(-1)!,
  };
}
export const ms = (value: number) => `${value.toFixed(1)} ms`;

export async function timeIt(runs: number, action: () => Promise<unknown>, warmUps = 1) {
  for (let i = 0; i < warmUps; i++) await action();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await action();
    samples.push(performance.now() - start);
  }
  // BENCH_SAMPLES=1 prints every run in order, to tell a warm-up tail from steady noise
  if (process.env.BENCH_SAMPLES === '1')
    console.log(`[bench] samples (ms, in order): ${samples.map((x) => x.toFixed(0)).join(' ')}`);
  return stats(samples);
}

export function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    return 0; // it has ended
  }
}

/** The processes `pid` started, and theirs (Linux: /proc/<pid>/task/<tid>/children). */
function descendantsOf(pid: number): number[] {
  let tasks: string[];
  try {
    tasks = fs.readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  const children = tasks.flatMap((task) => {
    try {
      return fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(/\s+/);
    } catch {
      return [];
    }
  });
  return children
    .filter(Boolean)
    .map(Number)
    .flatMap((child) => [child, ...descendantsOf(child)]);
}

/** The RSS of `pid` with every process it started (the API with its import process). */
export function treeRssOf(pid: number): number {
  return [pid, ...descendantsOf(pid)].reduce((sum, each) => sum + rssOf(each), 0);
}

export async function startApi(databaseUrl: string, extraEnv: Record<string, string> = {}) {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/start.ts'], {
    cwd: path.join(repoRoot, 'apps', 'api'),
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      ...extraEnv,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (
      await fetch(`${base}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (attempt > 300) throw new Error('the API did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_USER),
  });
  const me = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((item) => item.split(';')[0])
    .join('; ');
  return {
    child,
    base,
    headers: { cookie, 'x-csrf-token': me.csrfToken },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The built dashboard (`next start`), talking to the given API; resolves once it answers. */
export async function startDashboard(apiBase: string) {
  const webDir = path.join(repoRoot, 'apps', 'web');
  if (!fs.existsSync(path.join(webDir, '.next', 'BUILD_ID'))) {
    const build = spawn(
      process.execPath,
      [path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'],
      { cwd: webDir, stdio: 'inherit' },
    );
    if ((await new Promise<number | null>((resolve) => build.on('exit', resolve))) !== 0)
      throw new Error('the dashboard did not build');
  }
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'next', 'dist', 'bin', 'next'),
      'start',
      '--port',
      String(port),
    ],
    {
      cwd: webDir,
      env: { ...process.env, API_ORIGIN: apiBase, PORT: String(port) },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (
      await fetch(`${base}/login`).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    if (attempt > 300) throw new Error('the dashboard did not start');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return {
    base,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
