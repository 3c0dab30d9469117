import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  claimOwnership,
  ownerFileOf,
  stopOrphanedServer,
} from '../../packages/db/src/embedded-owner';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'embedded-owner-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function newDataDir(name: string): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  return dir;
}

async function exitedPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

describe("the embedded PostgreSQL's owner record", () => {
  it('is held by one live process at a time, and taken over once its process is gone or its pid was reused', async () => {
    const dataDir = newDataDir('claims');
    const claim = claimOwnership(dataDir);
    expect(claim.held()).toBe(true);
    expect(() => claimOwnership(dataDir)).toThrow(/already started by this process/);
    claim.release();
    expect(fs.existsSync(ownerFileOf(dataDir))).toBe(false);

    // a live process that is not this one
    const sleeper = spawn('sleep', ['60']);
    try {
      fs.writeFileSync(
        ownerFileOf(dataDir),
        JSON.stringify({ pid: sleeper.pid, started: null, token: 'other' }),
      );
      expect(() => claimOwnership(dataDir)).toThrow(
        `in use by another running process (pid ${sleeper.pid})`,
      );
      // the same pid, started at another time: a reused pid, not the owner
      fs.writeFileSync(
        ownerFileOf(dataDir),
        JSON.stringify({ pid: sleeper.pid, started: '1', token: 'other' }),
      );
      claimOwnership(dataDir).release();
    } finally {
      sleeper.kill();
    }

    // an owner that is gone, and a record that cannot be read
    for (const stale of [
      JSON.stringify({ pid: await exitedPid(), started: null, token: 'gone' }),
      'not json',
    ]) {
      fs.writeFileSync(ownerFileOf(dataDir), stale);
      const taken = claimOwnership(dataDir);
      expect(taken.held()).toBe(true);
      taken.release();
    }
  });

  it("never stops a process that is not the data directory's postmaster", async () => {
    const dataDir = newDataDir('not-postgres');
    // a live process working in the data directory, named by its lock file
    const other = spawn('sleep', ['60'], { cwd: dataDir });
    const claim = claimOwnership(dataDir);
    try {
      fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${other.pid}\n${dataDir}\n`);
      const said: string[] = [];
      await stopOrphanedServer(dataDir, claim, (line) => said.push(line));
      expect(said).toEqual([]);
      expect(other.exitCode).toBeNull();
      expect(other.signalCode).toBeNull();

      // a lock file naming no running process is left to PostgreSQL
      fs.writeFileSync(path.join(dataDir, 'postmaster.pid'), `${await exitedPid()}\n${dataDir}\n`);
      await stopOrphanedServer(dataDir, claim, (line) => said.push(line));
      expect(said).toEqual([]);
    } finally {
      claim.release();
      other.kill();
    }
  });
});
