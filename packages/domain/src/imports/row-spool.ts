import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The checked rows of an import, grouped by pair without holding them as objects: each
 * row is appended to a temporary file as one line of JSON, and only a few numbers per row
 * stay in memory (typed arrays: pair, start day, row number, place in the file). Sorting
 * those by pair and start gives the order the planner walks; rows are read back from the
 * file a batch at a time. A 100,000-row import holds about 3 MB here, whatever its size.
 */

const WRITE_BUFFER = 1 << 20;

function grow<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  if (size <= array.length) return array;
  const bigger = new (array.constructor as new (length: number) => T)(
    Math.max(size, array.length * 2),
  );
  bigger.set(array);
  return bigger;
}

export class RowSpool<Payload> {
  private readonly file = path.join(os.tmpdir(), `access-import-${randomUUID()}.jsonl`);
  private fd: number | null = fs.openSync(this.file, 'wx+', 0o600);
  private buffer = Buffer.allocUnsafe(WRITE_BUFFER);
  private buffered = 0;
  private written = 0;
  count = 0;
  pairOf = new Int32Array(1024);
  dayOf = new Int32Array(1024);
  rowOf = new Int32Array(1024);
  flagOf = new Uint8Array(1024);
  private namedOf = new Uint8Array(1024);
  private offsetOf = new Float64Array(1024);
  private lengthOf = new Int32Array(1024);

  /** Adds a row (`named`: it names a version); returns its index. */
  add(pair: number, day: number, row: number, named: boolean, payload: Payload): number {
    const line = Buffer.from(JSON.stringify(payload));
    const index = this.count++;
    this.pairOf = grow(this.pairOf, this.count);
    this.dayOf = grow(this.dayOf, this.count);
    this.rowOf = grow(this.rowOf, this.count);
    this.flagOf = grow(this.flagOf, this.count);
    this.namedOf = grow(this.namedOf, this.count);
    this.offsetOf = grow(this.offsetOf, this.count);
    this.lengthOf = grow(this.lengthOf, this.count);
    this.pairOf[index] = pair;
    this.dayOf[index] = day;
    this.rowOf[index] = row;
    this.namedOf[index] = named ? 1 : 0;
    this.offsetOf[index] = this.written + this.buffered;
    this.lengthOf[index] = line.length;
    if (this.buffered + line.length > this.buffer.length) this.flush();
    if (line.length > this.buffer.length) {
      fs.writeSync(this.fd!, line, 0, line.length, this.written);
      this.written += line.length;
    } else {
      line.copy(this.buffer, this.buffered);
      this.buffered += line.length;
    }
    return index;
  }

  hasVersionId(index: number): boolean {
    return this.namedOf[index] === 1;
  }

  private flush() {
    if (this.buffered === 0) return;
    fs.writeSync(this.fd!, this.buffer, 0, this.buffered, this.written);
    this.written += this.buffered;
    this.buffered = 0;
  }

  /** Row indexes in the order of `rank(pair)`, then start day, then row number. */
  sorted(rank: Int32Array): Uint32Array {
    this.flush();
    const order = new Uint32Array(this.count);
    for (let index = 0; index < this.count; index++) order[index] = index;
    const { pairOf, dayOf, rowOf } = this;
    return order.sort(
      (a, b) =>
        rank[pairOf[a]!]! - rank[pairOf[b]!]! || dayOf[a]! - dayOf[b]! || rowOf[a]! - rowOf[b]!,
    );
  }

  /** The payloads of the given rows, read in file order with neighbouring rows in one read. */
  read(indexes: ArrayLike<number>): Map<number, Payload> {
    this.flush();
    const wanted = Array.from(indexes).sort((a, b) => this.offsetOf[a]! - this.offsetOf[b]!);
    const payloads = new Map<number, Payload>();
    for (let first = 0; first < wanted.length; ) {
      let last = first;
      const end = (index: number) => this.offsetOf[index]! + this.lengthOf[index]!;
      while (
        last + 1 < wanted.length &&
        this.offsetOf[wanted[last + 1]!]! - end(wanted[last]!) < 4096 &&
        end(wanted[last + 1]!) - this.offsetOf[wanted[first]!]! < WRITE_BUFFER * 4
      )
        last++;
      const start = this.offsetOf[wanted[first]!]!;
      const chunk = Buffer.allocUnsafe(end(wanted[last]!) - start);
      fs.readSync(this.fd!, chunk, 0, chunk.length, start);
      for (let at = first; at <= last; at++) {
        const index = wanted[at]!;
        const from = this.offsetOf[index]! - start;
        payloads.set(
          index,
          JSON.parse(chunk.toString('utf8', from, from + this.lengthOf[index]!)) as Payload,
        );
      }
      first = last + 1;
    }
    return payloads;
  }

  /** Removes the file; the spool is unusable afterwards. */
  close() {
    if (this.fd === null) return;
    fs.closeSync(this.fd);
    this.fd = null;
    fs.rmSync(this.file, { force: true });
  }
}
