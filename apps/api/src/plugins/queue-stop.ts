/**
 * How long each job queue (imports, notifications, webhooks) may take to stop on shutdown.
 * Their onClose hooks run one after another, and the API exits with 1 when shutting down
 * takes more than 15 s: three 10 s graceful stops, on a busy machine, once took longer (a
 * restarted API then exited 1 on SIGTERM). A job still running when its queue stops is
 * not lost: pg-boss gives it to an instance again once it expires.
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
