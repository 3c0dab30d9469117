import type { NextRequest } from 'next/server';
import { DEFAULT_BODY_LIMIT_BYTES } from '@access/contracts';
import { apiOrigin } from '@/lib/config.mjs';
import {
  API_TIMEOUT_MS,
  BODY_TIMEOUT_MS,
  REPORT_TIMEOUT_MS,
  RETRY_DELAYS_SECONDS,
} from '@/lib/outage-retry';
import { downloadOutage } from '@/lib/download-outage';
import { drainUpload } from '@/lib/drain-upload';

/**
 * The API, reached from the dashboard's own origin: one address and one cookie serve
 * both. Forwards the request as it came and the answer as it goes, streaming both ways.
 */
const FORWARDED_REQUEST_HEADERS = [
  'accept',
  'authorization',
  'content-type',
  'cookie',
  'x-csrf-token',
  'x-request-id',
  'accept-language',
  'if-match',
];
const DROPPED_RESPONSE_HEADERS = new Set([
  'content-encoding',
  'content-length',
  'transfer-encoding',
  'connection',
]);
/** Set by the dashboard's server (server.mjs), which writes X-Forwarded-For from the connection. */
const ADDRESS_FROM_CONNECTION = Symbol.for('access.dashboard.addressFromConnection');

/** Whether the API answers its health check within a few seconds. */
async function apiAnswers(target: URL): Promise<boolean> {
  const response = await fetch(new URL('/api/health', target), {
    signal: AbortSignal.timeout(3_000),
    cache: 'no-store',
  }).catch(() => null);
  await response?.body?.cancel();
  return response !== null && response.status < 500;
}

async function forward(request: NextRequest, { params }: { params: Promise<{ path: string[] }> }) {
  const { path } = await params;
  const target = new URL(
    `/api/${path.map(encodeURIComponent).join('/')}${request.nextUrl.search}`,
    apiOrigin(),
  );
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  // The API counts sign-ins per address and audits it: only an address our own server took
  // from the connection is passed on, never one the client wrote. Under another server
  // (next dev, a bare next start) none is, and the API sees the dashboard's own address.
  const address =
    (globalThis as Record<symbol, unknown>)[ADDRESS_FROM_CONNECTION] === true
      ? request.headers.get('x-forwarded-for')
      : null;
  if (address) headers.set('x-forwarded-for', address);
  headers.set('x-forwarded-proto', request.nextUrl.protocol.replace(':', ''));
  const withBody = request.method !== 'GET' && request.method !== 'HEAD';
  // an API that does not answer at all (stopped, frozen, a network dropping packets) is an
  // outage after a while, not a request that hangs; the wait ends once the answer begins, so
  // a long report still streams
  const gaveUp = new AbortController();
  const timer = setTimeout(
    () => gaveUp.abort(),
    withBody ? BODY_TIMEOUT_MS : path[0] === 'exports' ? REPORT_TIMEOUT_MS : API_TIMEOUT_MS,
  );
  const declaredBytes = Number(request.headers.get('content-length') ?? 0);
  // what was handed on of the body, for an upload without a declared length (chunked)
  let sentBytes = 0;
  // The body is handed on from a reader of our own, which the API's fetch giving up does not
  // cancel: what the client has yet to send is then read to its end (drainUpload) before the
  // answer, as a server's lingering close does.
  const uploadReader = withBody ? request.body?.getReader() : undefined;
  const upload = { ended: false, cut: false };
  const body = uploadReader
    ? new ReadableStream<Uint8Array>({
        async pull(controller) {
          const next = upload.cut ? null : await uploadReader.read();
          if (next === null || next.done || upload.cut) {
            upload.ended ||= next?.done === true;
            return controller.close();
          }
          sentBytes += next.value.byteLength;
          controller.enqueue(next.value);
        },
      })
    : undefined;
  /** The API answered or failed before the upload ended: the rest is read and dropped. */
  const finishUpload = async () => {
    if (!uploadReader || upload.ended) return;
    upload.cut = true;
    await drainUpload(uploadReader);
  };
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body,
      redirect: 'manual',
      signal: gaveUp.signal,
      // @ts-expect-error: Node's fetch needs this to stream a request body
      duplex: 'half',
    });
  } catch (error) {
    clearTimeout(timer);
    await finishUpload();
    // The API refuses a body over its limit at once and closes the connection (Fastify does,
    // since the client would otherwise go on sending); the upload then fails before its
    // answer is read. A body declared (or sent, chunked) larger than the least any route
    // takes, to an API that took the connection and answers its health check meanwhile:
    // that refusal, not an outage, and not to be retried as one.
    const refused = (error as { cause?: { code?: string } }).cause?.code === 'ECONNREFUSED';
    if (
      Math.max(declaredBytes, sentBytes) > DEFAULT_BODY_LIMIT_BYTES &&
      !refused &&
      !gaveUp.signal.aborted &&
      (await apiAnswers(target))
    ) {
      return Response.json(
        {
          error: {
            code: 'PAYLOAD_TOO_LARGE',
            message:
              'The API stopped reading this request before it was all sent, as it does with a body larger than it accepts',
            details: { issues: [{ field: 'body', message: 'too large' }] },
          },
        },
        { status: 413 },
      );
    }
    // a link followed in the browser (a CSV download): a sentence, not JSON saved as the file
    if (request.headers.get('sec-fetch-dest') === 'document') return downloadOutage();
    // as the outage page says: try again after its first retry's delay
    return Response.json(
      {
        error: {
          code: 'API_UNAVAILABLE',
          message: 'The API is not reachable right now; try again shortly',
        },
      },
      { status: 503, headers: { 'retry-after': String(RETRY_DELAYS_SECONDS[0]) } },
    );
  }
  clearTimeout(timer);
  // the API answered before it read the whole upload: a refusal (401, 413) it read enough for
  await finishUpload();
  // the API up but its database not (503): a download followed in the browser says so in a
  // sentence too, rather than saving the API's JSON as the file
  if (upstream.status === 503 && request.headers.get('sec-fetch-dest') === 'document') {
    await upstream.body?.cancel();
    return downloadOutage();
  }
  const responseHeaders = new Headers();
  upstream.headers.forEach((value, name) => {
    if (!DROPPED_RESPONSE_HEADERS.has(name) && name !== 'set-cookie')
      responseHeaders.set(name, value);
  });
  for (const cookie of upstream.headers.getSetCookie())
    responseHeaders.append('set-cookie', cookie);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export const GET = forward;
export const POST = forward;
export const PATCH = forward;
export const PUT = forward;
export const DELETE = forward;
export const dynamic = 'force-dynamic';
