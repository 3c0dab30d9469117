import fp from 'fastify-plugin';
import {
  addOutboxConsumer,
  attemptWebhookDelivery,
  claimDeliveriesToQueue,
  markDeliveriesQueued,
  tellOwnerOfPause,
  webhookOutboxConsumer,
  type DeliveryPolicy,
  type Tx,
} from '@access/domain';

declare module 'fastify' {
  interface FastifyInstance {
    webhookPolicy: DeliveryPolicy;
  }
}

export const WEBHOOK_QUEUE = 'webhook-delivery';
/** The longest wait between two attempts of a delivery (the backoff stops doubling there). */
const RETRY_DELAY_MAX_SECONDS = 6 * 60 * 60;
/** How often each instance looks for deliveries to put on the queue. */
const DISPATCH_INTERVAL_MS = 1_000;

/** pg-boss's statements run in a Prisma transaction: the jobs commit with what they mark. */
const inTx = (tx: Tx) => ({
  executeSql: async (text: string, values: unknown[] = []) => ({
    rows: await tx.$queryRawUnsafe<unknown[]>(text, ...values),
  }),
});

/**
 * Webhook deliveries on pg-boss (issue 18). The outbox fan-out writes deliveries in its
 * transaction (fanOutToWebhooks); every instance's dispatcher moves new ones onto the queue,
 * marking them queued in the same transaction as the jobs; every instance works the queue.
 * A failed attempt is retried with exponential backoff (pg-boss: retryDelay doubling up to
 * 6 h, WEBHOOK_RETRY_LIMIT times); an instance that dies mid-attempt stops its heartbeat
 * and another instance retries the job, under the delivery's same idempotency key.
 */
export default fp(async (app) => {
  const { config } = app;
  const policy: DeliveryPolicy = {
    allowPrivateTargets: config.WEBHOOK_ALLOW_PRIVATE_TARGETS === 'true',
    timeoutMs: config.WEBHOOK_TIMEOUT_MS,
    pauseAfterMs: config.WEBHOOK_PAUSE_AFTER_SECONDS * 1000,
  };
  app.decorate('webhookPolicy', policy);
  // deliveries are written in the outbox fan-out's transaction (once per process: the
  // consumer is one function, whatever number of apps a test builds)
  addOutboxConsumer(webhookOutboxConsumer);
  const retryLimit = config.WEBHOOK_RETRY_LIMIT;
  const { boss } = app.jobQueue;
  const started = startQueue();
  started.catch((error) => app.log.error({ err: error }, 'the webhook queue did not start'));

  async function startQueue(): Promise<string> {
    await boss.createQueue(WEBHOOK_QUEUE, { heartbeatSeconds: 10, expireInSeconds: 120 });
    return boss.work<{ deliveryId: string }>(
      WEBHOOK_QUEUE,
      { localConcurrency: 4, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: 5 },
      async ([job]) => {
        const outcome = await attemptWebhookDelivery(
          app.db,
          job!.data.deliveryId,
          policy,
          job!.retryCount >= retryLimit,
          async (endpointId, ownerId) => {
            app.log.warn({ endpointId, ownerId }, 'webhook endpoint paused: failing for too long');
            // the owner is told by e-mail when it is configured (the notifications plugin's mailer)
            await tellOwnerOfPause(app.db, app.mailer ?? null, endpointId).catch((error) =>
              app.log.error({ err: error, endpointId }, 'could not e-mail a paused webhook'),
            );
          },
        );
        // thrown, the job goes back to pg-boss, which retries it after its backoff delay
        if (outcome === 'retry') throw new Error('the receiver did not take the delivery');
      },
    );
  }

  let dispatching = false;
  const dispatch = async () => {
    if (dispatching) return;
    dispatching = true;
    try {
      const worker = await started;
      for (let queued = 200; queued === 200; ) {
        queued = await app.db.$transaction(async (tx) => {
          const ids = await claimDeliveriesToQueue(tx, 200);
          if (ids.length === 0) return 0;
          await boss.insert(
            WEBHOOK_QUEUE,
            ids.map((deliveryId) => ({
              data: { deliveryId },
              retryLimit,
              retryDelay: config.WEBHOOK_RETRY_DELAY_SECONDS,
              retryBackoff: true,
              retryDelayMax: RETRY_DELAY_MAX_SECONDS,
              // an attempt may wait WEBHOOK_TIMEOUT_MS for its answer: never expired before that
              expireInSeconds: Math.ceil(config.WEBHOOK_TIMEOUT_MS / 1000) + 60,
            })),
            { db: inTx(tx) },
          );
          await markDeliveriesQueued(tx, ids);
          return ids.length;
        });
        if (queued > 0) boss.notifyWorker(worker);
      }
    } finally {
      dispatching = false;
    }
  };
  const timer = setInterval(
    () => void dispatch().catch((error) => app.log.error({ err: error }, 'webhook dispatch')),
    DISPATCH_INTERVAL_MS,
  );
  timer.unref();
  // the queue itself stops with the API's job queue (job-queue.ts)
  app.addHook('onClose', async () => {
    clearInterval(timer);
  });
});
