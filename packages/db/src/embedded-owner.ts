import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Who owns an embedded PostgreSQL's data directory, and what to do with a server that no
 * live process owns any more.
 *
 * The server is a child of the Node process that started it, which stops it on every way
 * out it sees (stop(), the 'exit' hook). SIGKILL is the one it cannot see: PostgreSQL then
 * keeps running, reparented, and holds its lock file (postmaster.pid), so the next start
 * failed until someone killed it by hand. PostgreSQL's lock file cannot tell that server
 * from one a live process is using, so the starting process writes an owner record beside
 * the data directory (`<dataDir>.owner`: its pid and the start time the kernel gives that
 * pid) before it starts the server, and removes it when it stops it. A record whose process
 * still runs is a live owner: the start is refused. A server whose record names no live
 * process (or that has no record) is an orphan: it is stopped as `pg_ctl stop -m fast`
 * does, with SIGINT, once /proc shows it is this data directory's postmaster.
 */

interface OwnerRecord {
  pid: number;
  /** the kernel's start time of that pid (/proc/<pid>/stat, field 22), null where there is no /proc */
  started: string | null;
  /** tells this record from any other, for the claim below */
  token: string;
}

export class EmbeddedPostgresInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly ownerPid: number,
  ) {
    super(
      ownerPid === process.pid
        ? `The embedded PostgreSQL in ${dataDir} is already started by this process`
        : `The embedded PostgreSQL in ${dataDir} is in use by another running process (pid ${ownerPid}): stop that one first, or use another data directory`,
    );
    this.name = 'EmbeddedPostgresInUseError';
  }
}

export function ownerFileOf(dataDir: string): string {
  return `${dataDir}.owner`;
}

function statFields(pid: number | 'self'): string[] | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** field 22 of /proc/<pid>/stat: with the pid, it names one process for the machine's uptime */
function startTime(pid: number | 'self'): string | null {
  return statFields(pid)?.[19] ?? null;
}

/** running, and not a zombie waiting for a parent to reap it */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return statFields(pid)?.[0] !== 'Z';
}

function ownerIsRunning(owner: OwnerRecord): boolean {
  if (!isRunning(owner.pid)) return false;
  // the pid was given to another process since (seen only where /proc tells)
  const started = startTime(owner.pid);
  return owner.started === null || started === null || started === owner.started;
}

function parseRecord(text: string): OwnerRecord | null {
  try {
    const record = JSON.parse(text) as OwnerRecord;
    return Number.isInteger(record.pid) && record.pid > 0 ? record : null;
  } catch {
    return null;
  }
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * Throws EmbeddedPostgresInUseError if a live process owns the data directory, as
 * claimOwnership would, but claims nothing: for a check made before anything is started
 * (`npm start` asks before turbo starts the dashboard beside an API that would be refused).
 */
export function refuseIfOwned(dataDir: string): void {
  const found = readText(ownerFileOf(dataDir));
  const owner = found === null ? null : parseRecord(found);
  if (owner && owner.pid !== process.pid && ownerIsRunning(owner))
    throw new EmbeddedPostgresInUseError(dataDir, owner.pid);
}

export interface OwnerClaim {
  /** the record still names this claim (a start that found it stale could have taken it over) */
  held(): boolean;
  /** removes the record if it is still this claim's; synchronous, for the 'exit' hook */
  release(): void;
}

/**
 * Makes this process the data directory's owner, or throws EmbeddedPostgresInUseError if a
 * live process owns it. The record is created only if absent ('wx'); a stale one is taken
 * over only if it is still the record that was read (moved aside, compared, and put back if
 * another start claimed the directory in between), so two starts never both hold it.
 */
export function claimOwnership(dataDir: string): OwnerClaim {
  const file = ownerFileOf(dataDir);
  const mine = JSON.stringify({
    pid: process.pid,
    started: startTime('self'),
    token: randomUUID(),
  } satisfies OwnerRecord);
  const claim: OwnerClaim = {
    held: () => readText(file) === mine,
    release: () => {
      if (claim.held()) fs.rmSync(file, { force: true });
    },
  };
  for (let attempt = 0; attempt < 10; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx', mode: 0o644 });
      return claim;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const found = readText(file);
    if (found === null) continue;
    const owner = parseRecord(found);
    if (owner && ownerIsRunning(owner)) throw new EmbeddedPostgresInUseError(dataDir, owner.pid);
    const aside = `${file}.${process.pid}.${randomUUID()}`;
    try {
      fs.renameSync(file, aside);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw error;
    }
    if (readText(aside) !== found) {
      // another start claimed it after it was read: give its record back
      try {
        fs.linkSync(aside, file);
      } catch {
        // a third one claimed it meanwhile; that one holds it now
      }
    }
    fs.rmSync(aside, { force: true });
  }
  throw new Error(`Could not claim ${file}: other starts keep taking it`);
}

/** The postmaster's pid in the data directory's lock file, if it names a running process. */
function runningPostmasterPid(dataDir: string): number | null {
  const lock = readText(path.join(dataDir, 'postmaster.pid'));
  const pid = Number(lock?.split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 && isRunning(pid) ? pid : null;
}

/**
 * Whether `pid` is a PostgreSQL server working on `dataDir`: its program is `postgres`, and its
 * working directory (a postmaster changes into its data directory) or its `-D` is `dataDir`.
 * False wherever /proc cannot tell.
 */
function isPostmasterOf(pid: number, dataDir: string): boolean {
  let argv: string[];
  try {
    argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
  } catch {
    return false;
  }
  if (path.basename(argv[0] ?? '') !== 'postgres') return false;
  const real = (dir: string) => {
    try {
      return fs.realpathSync(dir);
    } catch {
      return null;
    }
  };
  const wanted = real(dataDir);
  if (wanted === null) return false;
  let cwd: string | null = null;
  try {
    cwd = fs.readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    // another user's process: its -D below
  }
  if (cwd !== null) return cwd === wanted;
  const d = argv.indexOf('-D');
  return d >= 0 && argv[d + 1] !== undefined && real(argv[d + 1]!) === wanted;
}

/**
 * Called by the data directory's owner before it starts its server: a server still running
 * there belongs to no live process (the claim says so), so it is stopped (SIGINT: fast
 * shutdown, as `pg_ctl stop -m fast`) and awaited. A lock file naming no running process is
 * left to PostgreSQL, which replaces it; one naming a process that is not this directory's
 * postmaster is left alone, and PostgreSQL refuses to start with its own message.
 */
export async function stopOrphanedServer(
  dataDir: string,
  claim: OwnerClaim,
  say: (line: string) => void,
  timeoutMs = 120_000,
): Promise<void> {
  const pid = runningPostmasterPid(dataDir);
  if (pid === null || !isPostmasterOf(pid, dataDir)) return;
  if (!claim.held()) throw new Error(`Lost the claim on ${ownerFileOf(dataDir)} to another start`);
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + timeoutMs;
  while (isRunning(pid)) {
    if (Date.now() > deadline) {
      throw new Error(
        `The embedded PostgreSQL (pid ${pid}) left running on ${dataDir} did not stop within ${timeoutMs / 1000} s of a fast shutdown; stop it (kill ${pid}) and start again`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say(
    `Stopped the embedded PostgreSQL (pid ${pid}) that a process which ended without stopping it had left running on ${dataDir}`,
  );
}
