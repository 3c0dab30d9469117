import { describe, expect, it } from 'vitest';
import { drainUpload, MAX_DRAINS } from '@/lib/drain-upload';

/** An upload of `chunks` chunks of `size` bytes, each made as it is read; `at` runs before chunk n. */
function upload(chunks: number, size: number, at?: (n: number) => void) {
  let n = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      at?.(n);
      if (n++ >= chunks) controller.close();
      else controller.enqueue(new Uint8Array(size).fill(120));
    },
  });
}
/** An upload that never sends another byte. */
const stalled = () => new ReadableStream<Uint8Array>({ pull: () => new Promise(() => {}) });
const gc = () => (globalThis as { gc?: () => void }).gc!();

describe("the dashboard's /api reading the rest of an upload the API refused", () => {
  it('drops each chunk as it comes: 60 MiB read, none of it held', async () => {
    gc();
    const before = process.memoryUsage().arrayBuffers;
    let held = 0;
    const chunks = 4096; // 64 MiB of 16 KiB
    await drainUpload(
      upload(chunks, 16 * 1024, (n) => {
        if (n !== chunks - 256) return;
        gc();
        held = process.memoryUsage().arrayBuffers - before;
      }).getReader(),
    );
    // a read raced against one timer kept every chunk until the end: 60 MiB here
    expect(held).toBeLessThan(8 * 1024 * 1024);
  });

  it('stops at its limit, and at its deadline for an upload that stalls', async () => {
    let read = 0;
    await drainUpload(upload(1e9, 1024, (n) => (read = n)).getReader(), {
      limitBytes: 1024 * 1024,
    });
    expect(read).toBeGreaterThanOrEqual(1024);
    expect(read).toBeLessThan(1100);
    const started = Date.now();
    await drainUpload(stalled().getReader(), { timeoutMs: 300 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it(`drains at most ${MAX_DRAINS} uploads at once, and leaves the next one at once`, async () => {
    const held = Array.from({ length: MAX_DRAINS }, () =>
      drainUpload(stalled().getReader(), { timeoutMs: 1_000 }),
    );
    const started = Date.now();
    const next = stalled();
    await drainUpload(next.getReader(), { timeoutMs: 1_000 });
    expect(Date.now() - started).toBeLessThan(200);
    // left, not read: its lock is released for whoever owns the stream
    expect(next.locked).toBe(false);
    await Promise.all(held);
    // the slots are free again
    const again = Date.now();
    await drainUpload(stalled().getReader(), { timeoutMs: 300 });
    expect(Date.now() - again).toBeGreaterThanOrEqual(290);
  });
});
