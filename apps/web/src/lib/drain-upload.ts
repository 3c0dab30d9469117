/** The most of an upload read and dropped after the API stopped reading it, and for how long. */
export const DRAIN_LIMIT_BYTES = 64 * 1024 * 1024;
export const DRAIN_TIMEOUT_MS = 10_000;
/** Uploads drained at once; past that, the rest of one is left and its client may see a reset. */
export const MAX_DRAINS = 4;

let draining = 0;

/**
 * Reads what is left of an upload the API stopped reading, and drops it. A server that
 * answers and closes while the client is still sending resets the connection, and the
 * client loses the answer (Node 24's server does so at once); read to its end, the upload
 * completes and the answer arrives whole, as a server's lingering close does. Bounded:
 * past DRAIN_LIMIT_BYTES, DRAIN_TIMEOUT_MS or MAX_DRAINS at once the rest is left, and such
 * a client may see its connection reset. Nothing read is kept: each chunk is dropped as it
 * comes (a read raced against a timer kept every one until the end).
 */
export async function drainUpload(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  { limitBytes = DRAIN_LIMIT_BYTES, timeoutMs = DRAIN_TIMEOUT_MS } = {},
): Promise<void> {
  if (draining >= MAX_DRAINS) return release(reader);
  draining++;
  // releasing the lock rejects the read in progress: the loop below ends there
  const timer = setTimeout(() => release(reader), timeoutMs);
  try {
    for (let read = 0; read <= limitBytes; ) {
      const next = await reader.read();
      if (next.done) return;
      read += next.value.byteLength;
    }
  } catch {
    // the deadline, or the client went away meanwhile: nothing left to read
  } finally {
    clearTimeout(timer);
    draining--;
    release(reader);
  }
}

function release(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  try {
    reader.releaseLock();
  } catch {
    // released already
  }
}
