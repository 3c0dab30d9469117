import { type Readable, Transform, type TransformCallback } from 'node:stream';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { UTC_SESSIONS } from './sessions';

export interface QueryStreamer {
  /**
   * The result of a SELECT as CSV written by PostgreSQL itself (`COPY … TO STDOUT`), with
   * CRLF line ends (RFC 4180): the API only passes bytes along, at COPY's speed.
   */
  copyCsv(text: string, values: unknown[]): Readable;
  close(): Promise<void>;
}

/** An export cancelled for taking too long, reported as PostgreSQL reports a statement timeout (SQLSTATE 57014). */
export class StatementTimeoutError extends Error {
  readonly code = '57014';
  constructor(milliseconds: number) {
    super(
      `canceling statement due to statement timeout (the export took more than ${milliseconds} ms)`,
    );
    this.name = 'StatementTimeoutError';
  }
}

/** A value as PostgreSQL's text input reads it: arrays as `{…}` literals. */
function pgText(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) {
    return `{${value.map((item) => (item === null || item === undefined ? 'NULL' : `"${pgText(item).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;
  }
  if (typeof value === 'object' && value !== null) return JSON.stringify(value);
  return String(value);
}

/**
 * COPY takes no bind parameters: each `$n` becomes a literal escaped by pg's own
 * escapeLiteral. The statement's casts (`$1::uuid[]`) type the literals as they typed the
 * parameters, so the query means exactly what it meant with parameters.
 */
export function inlineParameters(text: string, values: unknown[]): string {
  return text.replace(/\$(\d+)/g, (_, index: string) => {
    const value = values[Number(index) - 1];
    return value === null || value === undefined ? 'NULL' : pg.escapeLiteral(pgText(value));
  });
}

/** What the export passes on at once: COPY sends a row per message, a report is sent in pieces this large. */
const BATCH_BYTES = 64 * 1024;

/**
 * LF → CRLF outside quoted fields; a line break inside a quoted field stays as it was
 * written. Rows (COPY sends one per message) are gathered into pieces of 64 kB, or what
 * arrived by the end of this turn of the event loop: every stream stage and chunked write
 * after it then runs per piece instead of per row, and other requests are served between
 * pieces (passing rows one by one held the loop for 200 ms at a time).
 */
export class CrlfLines extends Transform {
  private quoted = false;
  private held: Buffer[] = [];
  private heldBytes = 0;
  private releaseScheduled = false;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.held.push(chunk);
    this.heldBytes += chunk.length;
    if (this.heldBytes >= BATCH_BYTES) {
      this.release();
    } else if (!this.releaseScheduled) {
      this.releaseScheduled = true;
      setImmediate(() => {
        this.releaseScheduled = false;
        if (!this.destroyed) this.release();
      });
    }
    done();
  }

  override _flush(done: TransformCallback): void {
    this.release();
    done();
  }

  private release(): void {
    if (this.heldBytes === 0) return;
    const chunk = this.held.length === 1 ? this.held[0]! : Buffer.concat(this.held, this.heldBytes);
    this.held = [];
    this.heldBytes = 0;
    this.push(this.crlf(chunk));
  }

  private crlf(chunk: Buffer): Buffer {
    const parts: Buffer[] = [];
    let start = 0;
    let at = 0;
    // the next quote at or after `at` (-1: none left), looked up again only once passed
    let quote = -2;
    while (at < chunk.length) {
      if (this.quoted) {
        const close = chunk.indexOf(0x22, at);
        if (close === -1) break;
        this.quoted = false;
        at = close + 1;
        continue;
      }
      if (quote !== -1 && quote < at) quote = chunk.indexOf(0x22, at);
      const newline = chunk.indexOf(0x0a, at);
      if (newline !== -1 && (quote === -1 || newline < quote)) {
        parts.push(chunk.subarray(start, newline), CRLF);
        start = at = newline + 1;
      } else if (quote !== -1) {
        this.quoted = true;
        at = quote + 1;
      } else {
        break;
      }
    }
    parts.push(chunk.subarray(start));
    return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  }
}
const CRLF = Buffer.from('\r\n');

/**
 * Prisma buffers whole results; exports of a million rows stream through plain pg and COPY
 * instead. `timeoutMs` bounds each export twice: PostgreSQL cancels a statement that runs
 * longer (statement_timeout), and the stream is destroyed if it is not over by then, which
 * also frees the connection of a client that stopped reading (PostgreSQL does not cancel a
 * COPY blocked on a full socket; closing the connection ends it).
 */
export function createQueryStreamer(
  databaseUrl: string,
  options: { poolSize?: number; timeoutMs?: number } = {},
): QueryStreamer {
  const timeoutMs = options.timeoutMs;
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    ...UTC_SESSIONS,
    max: options.poolSize ?? 4,
    ...(timeoutMs ? { statement_timeout: timeoutMs } : {}),
  });
  pool.on('error', () => {
    // an idle client lost its connection: the next query reconnects
  });
  // Exports sort and join a million rows: let them do it in memory rather than on disk.
  // And without Memoize: over a whole history the planner put one above the lookup of a
  // superseded version's timeline (versionsAsSeenSql), which purged and rebuilt its cache,
  // sized for every row, on each of them: 2 ms a row, 16 minutes for 423,396 rows at 100,000
  // synthetic versions with one pair of 100,000, against 61 s without it. An export reads
  // each row once, so a cache of lookups has nothing to gain there.
  // Two statements, so a server without the setting (before PostgreSQL 14) keeps work_mem.
  pool.on('connect', (client) => {
    void client.query("SET work_mem = '64MB'").catch(() => {});
    void client.query('SET enable_memoize = off').catch(() => {});
  });
  return {
    copyCsv(text: string, values: unknown[]): Readable {
      const out = new CrlfLines();
      const deadline = timeoutMs
        ? setTimeout(() => out.destroy(new StatementTimeoutError(timeoutMs)), timeoutMs)
        : undefined;
      deadline?.unref();
      out.on('close', () => clearTimeout(deadline));
      pool.connect().then(
        (client) => {
          let released = false;
          // A connection lost while checked out (its backend terminated, the server gone)
          // emits 'error' on the client: without a listener that would end the process.
          const onLost = (error: Error) => {
            release(error);
            out.destroy(error);
          };
          client.on('error', onLost);
          const release = (error?: Error) => {
            if (released) return;
            released = true;
            const discard = error ?? (copy.readableEnded ? undefined : true);
            // a reused connection goes back to the pool, which listens for itself
            if (!discard) client.off('error', onLost);
            // a copy cut short leaves the connection mid-protocol: discard it rather than reuse it
            client.release(discard);
          };
          if (out.destroyed)
            return release(new Error('the export was cancelled before it started'));
          const copy = client.query(
            copyTo(`COPY (${inlineParameters(text, values)}) TO STDOUT WITH (FORMAT csv)`),
          );
          copy.on('error', (error: Error) => {
            release(error);
            out.destroy(error);
          });
          copy.on('end', () => release());
          out.on('close', () => {
            if (!copy.readableEnded) {
              copy.destroy();
              release(new Error('the export was cancelled'));
            }
          });
          copy.pipe(out);
        },
        (error: Error) => out.destroy(error),
      );
      return out;
    },
    close: () => pool.end(),
  };
}
