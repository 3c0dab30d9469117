import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from '@access/db';

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
});
