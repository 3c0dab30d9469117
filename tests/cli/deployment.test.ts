import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { freePort, repoRoot, signInOver, startApiProcess } from '../support/api-process';

/**
 * The README's "Deployment" path, as an administrator with an existing PostgreSQL takes it:
 * a role without superuser that owns its database, `npm run db:migrate`, `npm run
 * admin:create`, the API started alone; and what each of them says when DATABASE_URL is wrong.
 */
const suffix = `${process.pid}_${Date.now()}`;
const role = `deploy_app_${suffix}`;
const database = `access_deploy_${suffix}`;
const password = 'Deploy-Secret-Pw-1';
const cluster = new URL(inject('clusterUrl'));
const port = cluster.port || '5432';

/** DATABASE_URL for the deployment's own role and database, or a variant of it. */
function appUrl(
  change: {
    user?: string;
    password?: string;
    port?: string;
    database?: string;
    host?: string;
  } = {},
) {
  const url = new URL(inject('clusterUrl'));
  url.username = change.user ?? role;
  url.password = change.password ?? password;
  url.hostname = change.host ?? url.hostname;
  url.port = change.port ?? port;
  url.pathname = `/${change.database ?? database}`;
  return url.toString();
}

/** The environment of the commands, without any ADMIN_PASSWORD of the caller's. */
function environment(env: Record<string, string>) {
  const base: Record<string, string | undefined> = { ...process.env };
  delete base.ADMIN_PASSWORD;
  return { ...base, ...env };
}

/** `npm run --silent <args>` at the root, stdin not a terminal. */
function npmRun(args: string[], env: Record<string, string>) {
  const result = spawnSync('npm', ['run', '--silent', ...args], {
    cwd: repoRoot,
    env: environment(env),
    encoding: 'utf8',
    input: '',
    timeout: 90_000,
  });
  return { code: result.status, stdout: result.stdout, output: `${result.stdout}${result.stderr}` };
}

const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');

async function asSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('clusterUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await asSuperuser(async (client) => {
    // What the README asks of the administrator: a role that can log in, nothing more,
    // and a database it owns.
    await client.query(
      `CREATE ROLE ${role} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '${password}'`,
    );
    await client.query(`CREATE DATABASE ${database} OWNER ${role}`);
  });
});

afterAll(async () => {
  await asSuperuser(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.query(`DROP ROLE IF EXISTS ${role}`);
  });
});

describe('deploying on an existing PostgreSQL with a role that is not a superuser', () => {
  it('npm run db:migrate names the migrations it applied, then says nothing was pending', () => {
    const shipped = fs
      .readdirSync(path.join(repoRoot, 'prisma', 'migrations'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .filter((entry) => fs.existsSync(path.join(entry.parentPath, entry.name, 'migration.sql')))
      .map((entry) => entry.name)
      .sort();
    const first = npmRun(['db:migrate'], { DATABASE_URL: appUrl() });
    expect(first.code, first.output).toBe(0);
    expect(first.stdout).toContain(`Applied ${shipped.length} migrations: ${shipped.join(', ')}`);

    const second = npmRun(['db:migrate'], { DATABASE_URL: appUrl() });
    expect(second.code, second.output).toBe(0);
    expect(lines(second.output)).toEqual([
      '[migrate] No pending migrations: the database is up to date',
    ]);
  }, 180_000);

  it('npm run admin:create without a terminal and without ADMIN_PASSWORD stops and says what to set', async () => {
    const result = npmRun(['admin:create', '--', '--email', 'nobody@example.org'], {
      DATABASE_URL: appUrl(),
    });
    expect(result.code).not.toBe(0);
    expect(lines(result.output)).toHaveLength(1);
    expect(result.output).toContain('not a terminal');
    expect(result.output).toContain('Set ADMIN_PASSWORD');
    const client = new pg.Client({ connectionString: appUrl() });
    await client.connect();
    const { rows } = await client.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
    await client.end();
    expect(rows[0]!.n).toBe(0);
  }, 90_000);

  it('the first administrator is created and signs in to the API started alone as that role', async () => {
    const created = npmRun(['admin:create', '--', '--email', 'root@example.org'], {
      DATABASE_URL: appUrl(),
      ADMIN_PASSWORD: 'first-admin-password',
    });
    expect(created.code, created.output).toBe(0);
    // The API installs its job queue's schema (pg-boss) at start: the owner role may.
    const api = await startApiProcess({ DATABASE_URL: appUrl() });
    try {
      const headers = await signInOver(api.base, 'root@example.org', 'first-admin-password');
      const me = await fetch(`${api.base}/me`, { headers });
      expect(me.status).toBe(200);
      expect(await me.json()).toMatchObject({ role: 'ADMIN' });
    } finally {
      api.child.kill('SIGTERM');
      expect(await api.exited).toBe(0);
    }
  }, 120_000);
});

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a DATABASE_URL that does not work ends each command with one line naming the cause', () => {
  const wrong = 'Wrong-Password-Zz9';
  const cases = [
    {
      what: 'a wrong password',
      url: () => appUrl({ password: wrong }),
      cause: `password authentication failed for user "${role}"`,
    },
    {
      what: 'an unknown database',
      url: () => appUrl({ database: 'no_such_database' }),
      cause: 'database "no_such_database" does not exist',
    },
    {
      what: 'a port nothing listens on',
      url: () => appUrl({ port: '1' }),
      cause: 'connection refused',
    },
    {
      what: 'an unknown host',
      url: () => appUrl({ host: 'db.invalid' }),
      cause: 'unknown host "db.invalid"',
    },
  ];

  for (const { what, url, cause } of cases) {
    it(`npm run db:migrate with ${what}`, () => {
      const result = npmRun(['db:migrate'], { DATABASE_URL: url() });
      expect(result.code).not.toBe(0);
      const address = what === 'an unknown host' ? 'db.invalid:' : `${cluster.hostname}:`;
      expect(lines(result.output), result.output).toEqual([
        expect.stringMatching(/^\[migrate\] Cannot connect to PostgreSQL at /),
      ]);
      expect(result.output).toContain(address);
      expect(result.output).toContain(cause);
      expect(result.output).not.toContain(wrong);
      expect(result.output).not.toContain(password);
    }, 90_000);
  }

  it('npm run admin:create, the API started alone and npm start, with a wrong password', async () => {
    const env = { DATABASE_URL: appUrl({ password: wrong }) };
    const expected = `Cannot connect to PostgreSQL at ${cluster.hostname}:${port}: password authentication failed for user "${role}"`;

    const admin = npmRun(['admin:create', '--', '--email', 'x@example.org'], {
      ...env,
      ADMIN_PASSWORD: 'a-long-enough-password',
    });
    expect(admin.code).not.toBe(0);
    expect(lines(admin.output), admin.output).toEqual([expect.stringContaining(expected)]);

    const api = await startApiProcess(env, { waitUntilHealthy: false });
    expect(await api.exited).toBe(1);
    expect(lines(api.output()), api.output()).toEqual([
      `[start] Could not start: ${expected} (check the user name and password in DATABASE_URL)`,
    ]);

    // `npm start` checks the database before it builds or starts anything.
    const start = npmRun(['start'], env);
    expect(start.code).not.toBe(0);
    expect(lines(start.output), start.output).toEqual([expect.stringContaining(expected)]);

    // a backup and a restore stop before touching any file, with the same line
    const backup = npmRun(
      ['db:backup', '--', '--out', path.join(os.tmpdir(), 'never.backup.gz')],
      env,
    );
    expect(backup.code).not.toBe(0);
    expect(lines(backup.output), backup.output).toEqual([
      expect.stringMatching(new RegExp(`^\\[backup\\] Failed: .*${escapeRegExp(expected)}`)),
    ]);
    expect(fs.existsSync(path.join(os.tmpdir(), 'never.backup.gz'))).toBe(false);
    const restore = npmRun(['db:restore', '--', 'any.backup.gz'], env);
    expect(restore.code).not.toBe(0);
    expect(lines(restore.output), restore.output).toEqual([
      expect.stringMatching(
        new RegExp(`^\\[restore\\] Failed, nothing was restored: .*${escapeRegExp(expected)}`),
      ),
    ]);

    for (const output of [
      admin.output,
      api.output(),
      start.output,
      backup.output,
      restore.output,
    ]) {
      expect(output).not.toContain(wrong);
      expect(output).not.toMatch(/^\s+at /m);
    }
  }, 120_000);
});

describe('which interface the dashboard listens on', () => {
  it('loopback by default, so that only a proxy on the same machine reaches it', async () => {
    const webDir = path.join(repoRoot, 'apps', 'web');
    if (!fs.existsSync(path.join(webDir, '.next', 'BUILD_ID')))
      throw new Error('The dashboard is not built: run `npm run build` (npm test does it first)');
    const webPort = await freePort();
    const env: Record<string, string | undefined> = {
      ...process.env,
      PORT: String(webPort),
      API_ORIGIN: 'http://127.0.0.1:9',
      NODE_ENV: 'production',
    };
    delete env.DASHBOARD_HOST;
    const web = spawn(process.execPath, ['server.mjs'], {
      cwd: webDir,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    web.stdout.on('data', (chunk) => (output += chunk));
    web.stderr.on('data', (chunk) => (output += chunk));
    try {
      for (let attempt = 0; !output.includes('Dashboard ready'); attempt++) {
        if (attempt > 150 || web.exitCode !== null)
          throw new Error(`The dashboard did not start:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      expect(output).toContain(`Dashboard ready on http://127.0.0.1:${webPort}`);
      // it answers: the outage page (no API runs behind it here), 503 for every visitor
      const answers = await fetch(`http://127.0.0.1:${webPort}/login`);
      expect(answers.status).toBe(503);
      // Every address of this machine that is not loopback refuses the connection.
      const outside = Object.values(os.networkInterfaces())
        .flat()
        .filter((entry) => entry && !entry.internal && entry.family === 'IPv4')
        .map((entry) => entry!.address);
      for (const address of outside) {
        const reached = await fetch(`http://${address}:${webPort}/login`).then(
          () => true,
          () => false,
        );
        expect(reached, address).toBe(false);
      }
    } finally {
      web.kill('SIGTERM');
    }
  }, 60_000);
});
