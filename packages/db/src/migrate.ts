import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import type pg from 'pg';
import { connectOrExplain } from './connection';

const packageDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** prisma.config.ts points Prisma at the same folder. */
const migrationsDir = path.resolve(packageDir, '../../prisma/migrations');

export interface MigrationReport {
  /** the migrations this run applied, in order (empty: nothing was pending) */
  applied: string[];
}

/** Lines Prisma prints on every run that say nothing about a failure. */
const PRISMA_NOISE = [
  /^Loaded Prisma config/,
  /^Prisma config detected/,
  /^Prisma schema loaded from/,
  /^Datasource "db"/,
  /^WARNING: Your schema specifies the following datasource properties/,
  /^- url$/,
  /^The values from your schema will NOT be used/,
  /^We recommend you to remove those properties/,
  /^\d+ migrations? found in prisma\/migrations/,
  // the schema engine's own backtrace: frame numbers, spans and source locations
  /^\d+: /,
  /^with /,
  /^at schema-engine\//,
];

/** Names of the migrations recorded as applied (none before the first migration). */
async function appliedMigrations(client: pg.Client): Promise<Set<string>> {
  const { rows: exists } = await client.query<{ table: string | null }>(
    "SELECT to_regclass('_prisma_migrations')::text AS table",
  );
  if (!exists[0]?.table) return new Set();
  const { rows } = await client.query<{ migration_name: string }>(
    'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  return new Set(rows.map((row) => row.migration_name));
}

/** The migrations of this version of the product, by folder name (which sorts by time). */
function shippedMigrations(): string[] {
  return fs
    .readdirSync(migrationsDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .filter((entry) => fs.existsSync(path.join(migrationsDir, entry.name, 'migration.sql')))
    .map((entry) => entry.name)
    .sort();
}

/**
 * Applies prisma/migrations with `prisma migrate deploy` (its WASM engine works offline)
 * and reports which ones it applied. A server that cannot be reached or refuses the
 * credentials fails first, with one line naming the cause (DatabaseConnectionError).
 * When every shipped migration is recorded as applied, Prisma is not started at all (it
 * takes seconds to find nothing to do); a migration recorded as failed counts as pending,
 * so Prisma then reports it.
 */
export async function runMigrations(
  databaseUrl: string,
  options: { log?: (line: string) => void } = {},
): Promise<MigrationReport> {
  const client = await connectOrExplain(databaseUrl);
  try {
    const before = await appliedMigrations(client);
    const pending = shippedMigrations().filter((name) => !before.has(name));
    if (pending.length === 0) return { applied: [] };
    options.log?.(`Applying ${pending.length} pending migration${pending.length === 1 ? '' : 's'}`);
    await migrateDeploy(databaseUrl);
    const after = await appliedMigrations(client);
    return { applied: [...after].filter((name) => !before.has(name)).sort() };
  } finally {
    await client.end().catch(() => {});
  }
}

async function migrateDeploy(databaseUrl: string): Promise<void> {
  const prismaCli = createRequire(import.meta.url).resolve('prisma/build/index.js');
  const output: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, [prismaCli, 'migrate', 'deploy'], {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0) {
    const password = new URL(databaseUrl).password;
    let text = output
      .join('')
      .split('\n')
      .filter((line) => !PRISMA_NOISE.some((noise) => noise.test(line.trim())))
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
      .replaceAll(databaseUrl, '<DATABASE_URL>');
    if (password) text = text.replaceAll(decodeURIComponent(password), '***');
    const hint = /permission denied/i.test(text)
      ? '\nThe role in DATABASE_URL must own the database, or at least have CREATE on the database and on its schema public (README, "Deployment").'
      : '';
    throw new Error(`Database migrations failed: ${text}${hint}`);
  }
}
