import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { createDatabase, type Database } from '@access/db';
import { testDatabaseUrl } from '../support/database';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const name = `access_cli_${process.pid}_${Date.now()}`;
const url = () => testDatabaseUrl(name);
let db: Database;

function npmRun(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync('npm', ['run', '--silent', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url(), ...env },
    encoding: 'utf8',
    input: '',
    timeout: 60_000,
  });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

beforeAll(async () => {
  const admin = new pg.Client({ connectionString: inject('clusterUrl') });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  db = createDatabase(url());
});
afterAll(() => db.$disconnect());

describe('commands a new administrator runs', () => {
  it('npm run db:migrate prepares an existing PostgreSQL without creating any account', async () => {
    const result = npmRun(['db:migrate']);
    expect(result.code, result.output).toBe(0);
    expect(await db.user.count()).toBe(0);
    expect(await db.organization.count()).toBe(0);
  }, 90_000);

  it('npm run admin:create -- --email … creates the first administrator with the password from ADMIN_PASSWORD', async () => {
    const result = npmRun(
      ['admin:create', '--', '--email', 'First.Admin@Example.org', '--name', 'First Admin'],
      { ADMIN_PASSWORD: 'a-long-enough-secret' },
    );
    expect(result.code, result.output).toBe(0);
    expect(result.output).not.toContain('a-long-enough-secret');
    const user = await db.user.findUniqueOrThrow({ where: { email: 'first.admin@example.org' } });
    expect(user).toMatchObject({ role: 'ADMIN', clearance: 'SEVERE', displayName: 'First Admin' });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await db.auditEvent.count({ where: { action: 'user.create', entityId: user.id } })).toBe(
      1,
    );
  }, 90_000);

  it('refuses a short password and changes nothing', async () => {
    const before = await db.user.count();
    const result = npmRun(['admin:create', '--', '--email', 'second@example.org'], {
      ADMIN_PASSWORD: 'short',
    });
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('at least 12 characters');
    expect(await db.user.count()).toBe(before);
  }, 90_000);

  it('npm run db:seed loads the demo data and its accounts, once', async () => {
    const first = npmRun(['db:seed']);
    expect(first.code, first.output).toBe(0);
    const emails = (await db.user.findMany({ select: { email: true } })).map((user) => user.email);
    expect(emails).toEqual(
      expect.arrayContaining([
        'admin@demo.local',
        'coordinator@demo.local',
        'editor.icrc@demo.local',
        'editor.un@demo.local',
        'viewer@demo.local',
      ]),
    );
    const versions = await db.accessStatusVersion.count();
    expect(versions).toBeGreaterThanOrEqual(5);
    // the proposed missions are requests awaiting consent, not statuses
    const requests = await db.accessRequest.count();
    expect(requests).toBeGreaterThanOrEqual(3);
    const second = npmRun(['db:seed']);
    expect(second.code, second.output).toBe(0);
    expect(await db.accessStatusVersion.count()).toBe(versions);
    expect(await db.accessRequest.count()).toBe(requests);
  }, 120_000);
});
