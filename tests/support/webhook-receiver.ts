import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedDelivery {
  headers: http.IncomingHttpHeaders;
  /** the raw body, exactly as it arrived (what the signature covers) */
  body: string;
  at: number;
}

type Answer = number | 'hang';

export interface WebhookReceiver {
  url: string;
  received: ReceivedDelivery[];
  /** how to answer the next requests: a status, or 'hang' (never answer); or, by delivery, either */
  answer: Answer | ((delivery: ReceivedDelivery) => Answer);
  /** resolves once `count` deliveries have arrived (or fails after `timeoutMs`) */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedDelivery[]>;
  close(): Promise<void>;
}

/** A webhook receiver on loopback, as an integrator would run one. */
export async function startWebhookReceiver(path = '/hook'): Promise<WebhookReceiver> {
  const hanging = new Set<http.ServerResponse>();
  const receiver: WebhookReceiver = {
    url: '',
    received: [],
    answer: 204,
    async waitFor(count, timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      while (receiver.received.length < count) {
        if (Date.now() > deadline)
          throw new Error(
            `${receiver.received.length} of ${count} deliveries arrived within ${timeoutMs} ms`,
          );
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return receiver.received;
    },
    close: () =>
      new Promise((resolve) => {
        for (const response of hanging) response.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const delivery = {
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      receiver.received.push(delivery);
      const answer =
        typeof receiver.answer === 'function' ? receiver.answer(delivery) : receiver.answer;
      if (answer === 'hang') {
        hanging.add(response);
        return;
      }
      response.statusCode = answer;
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`;
  return receiver;
}
