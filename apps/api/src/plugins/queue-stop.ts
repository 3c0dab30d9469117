/**
 * How long the job queue (imports, notifications, webhooks: job-queue.ts) may take to stop
 * on shutdown. The API exits with 1 when shutting down takes more than 15 s, and the
 * import process, the bulk connections and the in-flight requests are waited for too. A
 * job still running when the queue stops is not lost: pg-boss fails it, to be retried by an
 * instance.
 */
export const QUEUE_STOP_MS = 3_000;

/** Whether `promise` settled within `ms`: 'done', 'failed', or 'pending'. */
export async function settledWithin(
  promise: Promise<unknown>,
  ms: number,
): Promise<'done' | 'failed' | 'pending'> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'pending'>((resolve) => {
    timer = setTimeout(() => resolve('pending'), ms);
  });
  try {
    return await Promise.race([
      promise.then(
        () => 'done' as const,
        () => 'failed' as const,
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
