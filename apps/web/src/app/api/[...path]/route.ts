import type { NextRequest } from 'next/server';
import { apiOrigin } from '@/lib/config.mjs';
import { RETRY_DELAYS_SECONDS } from '@/lib/outage-retry';
import { downloadOutage } from '@/lib/download-outage';

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
  let upstream: Response;
  try {
    upstream = await fetch(target, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : request.body,
      redirect: 'manual',
      // @ts-expect-error: Node's fetch needs this to stream a request body
      duplex: 'half',
    });
  } catch {
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
