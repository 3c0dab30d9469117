import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { sharedBuffersMb, startEmbeddedPostgres } from '@access/db';
import { createTestDatabase } from '../support/database';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const dataDir = path.join(repoRoot, '.data', `embedded-start-${process.pid}`);

function postgresRunningOn(dir: string): boolean {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').some((line) => line.includes('postgres') && line.includes(dir));
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded PostgreSQL', () => {
  it('stops the server it started when its database cannot be created, leaving no postgres behind', async () => {
    // an empty name: PostgreSQL refuses it ("zero-length delimited identifier")
    await expect(
      startEmbeddedPostgres({ dataDir, port: 0, database: '', ephemeral: true }),
    ).rejects.toThrow(/zero-length/);
    expect(postgresRunningOn(dataDir)).toBe(false);
  }, 120_000);

  it('sizes its cache for the machine: an eighth of its memory, from 128 MB to 1 GB', async () => {
    const gb = 2 ** 30;
    expect([0.5, 2, 4, 8, 64].map((memory) => sharedBuffersMb(memory * gb))).toEqual([
      128, 256, 512, 1024, 1024,
    ]);
    // the tests' own cluster was started by startEmbeddedPostgres
    const t = await createTestDatabase();
    try {
      const { rows } = await t.sql<{ mb: string }>(
        `SELECT (setting::bigint * 8192 / 1048576)::text AS mb FROM pg_settings WHERE name = 'shared_buffers'`,
      );
      expect(Number(rows[0]!.mb)).toBe(sharedBuffersMb());
    } finally {
      await t.close();
    }
  });
});
