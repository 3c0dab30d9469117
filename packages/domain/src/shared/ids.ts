import { randomBytes } from 'node:crypto';

/**
 * A UUID version 7 (RFC 9562): the first 48 bits are the time in milliseconds, the rest
 * random. Versions get such ids so that the indexes keyed by a version's id (the versions'
 * own, their levels', the current timelines') grow at their right edge: an import's
 * thousands of inserts then touch a few index pages instead of one random page each, which
 * past the database's buffers means a read and a write per row. The time it carries is
 * the version's recorded time, which whoever may see the version sees anyway.
 */
export function timeOrderedUuid(now: number = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = 0x70 | (bytes[6]! & 0x0f);
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
