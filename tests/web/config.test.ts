import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const webDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../apps/web');

/** Starts the dashboard's server with `env` over this environment; it must refuse before listening. */
function startWith(env: Record<string, string>, args: string[] = []) {
  return spawnSync(process.execPath, ['server.mjs', '--hostname', '127.0.0.1', ...args], {
    cwd: webDir,
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
}

describe("the dashboard's configuration", () => {
  it('refuses to start on settings it cannot use, naming each one, instead of running with a guess', () => {
    const result = startWith({ API_ORIGIN: 'ftp://api.example.org', TRUST_PROXY: 'yes' }, [
      '--port',
      'not-a-port',
    ]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("The dashboard's environment is not valid");
    for (const name of ['API_ORIGIN', 'TRUST_PROXY', 'PORT'])
      expect(result.stderr).toContain(`${name}:`);
  });
});
