import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres, startStreamingReplica, type StreamingReplica } from '@access/db';

// The bench's replica (issue 19, `npm run bench -- --only scale`): a second PostgreSQL kept
// in step by physical streaming replication from a base copy taken while the primary runs.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const primaryDir = path.join(repoRoot, '.data', `replica-primary-${process.pid}`);
const replicaDir = path.join(repoRoot, '.data', `replica-standby-${process.pid}`);

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
  fs.rmSync(primaryDir, { recursive: true, force: true });
  fs.rmSync(replicaDir, { recursive: true, force: true });
});

describe('a streaming replica of the embedded PostgreSQL', () => {
  it('starts from a copy taken on line, replays what the primary writes after it, and refuses writes', async () => {
    fs.rmSync(primaryDir, { recursive: true, force: true });
    const primary = await startEmbeddedPostgres({
      dataDir: primaryDir,
      port: 0,
      database: 'replicated',
      ephemeral: true,
    });
    cleanups.push(() => primary.stop());
    const writer = new pg.Client({ connectionString: primary.url });
    await writer.connect();
    cleanups.push(() => writer.end());
    await writer.query('CREATE TABLE probe (id int PRIMARY KEY, note text)');
    await writer.query("INSERT INTO probe VALUES (1, 'before the copy')");

    const replica: StreamingReplica = await startStreamingReplica({
      primaryUrl: primary.url,
      primaryDataDir: primaryDir,
      dataDir: replicaDir,
      port: await freePort(),
    });
    cleanups.push(() => replica.stop());
    const reader = new pg.Client({ connectionString: replica.url });
    await reader.connect();
    cleanups.push(() => reader.end());

    expect((await reader.query('SELECT pg_is_in_recovery() AS standby')).rows[0].standby).toBe(
      true,
    );
    expect((await reader.query('SELECT note FROM probe')).rows).toEqual([
      { note: 'before the copy' },
    ]);

    // written after the replica started: arrives only by streaming
    await writer.query("INSERT INTO probe VALUES (2, 'streamed')");
    await replica.catchUp(20_000);
    expect((await reader.query('SELECT note FROM probe ORDER BY id')).rows).toEqual([
      { note: 'before the copy' },
      { note: 'streamed' },
    ]);
    const lag = await replica.lag();
    expect(lag?.state).toBe('streaming');

    await expect(reader.query("INSERT INTO probe VALUES (3, 'on the replica')")).rejects.toThrow(
      /read-only transaction/,
    );
  }, 90_000);
});
