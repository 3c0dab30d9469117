// The dashboard's HTTP server: `next start`, plus the one thing a route handler cannot
// know, the address of the connection. Next keeps a client's own X-Forwarded-For (and
// route handlers see only headers), so a client could choose the address the API counts
// sign-ins against and the audit trail records. Here the client's X-Forwarded-* are
// replaced by what the connection says, unless TRUST_PROXY=true names a proxy in front
// that sets them; the /api proxy forwards the address only when this server set it.
//
//   node server.mjs [--port 3000] [--hostname 0.0.0.0]     (PORT and DASHBOARD_HOST are read too)
//
// It listens on loopback unless told otherwise (DASHBOARD_HOST or --hostname), as the API
// does: "localhost" means every address localhost resolves to (127.0.0.1 and ::1).
import { randomUUID } from 'node:crypto';
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultToProduction, loadWebConfig } from './src/lib/config.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const config = loadWebConfig({
  ...(values.port === undefined ? {} : { PORT: values.port }),
  ...(values.hostname === undefined ? {} : { DASHBOARD_HOST: values.hostname }),
});
defaultToProduction();
const { default: next } = await import('next');
const port = config.port;
const hostname = config.host;
// TRUST_PROXY=true: a load balancer you control sets X-Forwarded-For; believe the entry it
// added (the last one). Otherwise, including the API's default "loopback": believe nobody.
const { trustProxy } = config;
const FORWARDED = ['x-forwarded-for', 'x-forwarded-host', 'x-forwarded-port', 'x-forwarded-proto'];

/** @param {http.IncomingMessage} request */
function clientAddress(request) {
  const peer = (request.socket.remoteAddress ?? '').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (!trustProxy) return peer;
  const forwarded = String(request.headers['x-forwarded-for'] ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  return forwarded.at(-1) ?? peer;
}

const app = next({
  dev: false,
  dir: path.dirname(fileURLToPath(import.meta.url)),
  hostname,
  port,
});
const handle = app.getRequestHandler();
await app.prepare();
// Read by src/app/api/[...path]/route.ts: X-Forwarded-For in this process is ours.
globalThis[Symbol.for('access.dashboard.addressFromConnection')] = true;

// The one status a page cannot set in Next's App Router: 503 for the outage page (the root
// layout shows it when the API or its database cannot be reached). Each request names its
// response in a header; the layout calls this with that name (src/lib/service-unavailable.ts)
// before anything is sent, and the response's 200 becomes 503 with Retry-After.
const RESPONSE_ID_HEADER = 'x-access-response-id';
/** @type {Map<string, http.ServerResponse>} */
const responses = new Map();
globalThis[Symbol.for('access.dashboard.answerUnavailable')] = (
  /** @type {string} */ responseId,
  /** @type {number} */ retryAfterSeconds,
) => {
  const response = responses.get(responseId);
  if (!response || response.headersSent) return false;
  response.setHeader('Retry-After', String(retryAfterSeconds));
  const writeHead = response.writeHead;
  // Next writes the status itself when it sends the page (200), implicitly or not
  response.writeHead = function (statusCode, ...rest) {
    return writeHead.call(this, statusCode === 200 ? 503 : statusCode, ...rest);
  };
  return true;
};

/** @type {http.RequestListener} */
function serveRequest(request, response) {
  const address = clientAddress(request);
  // Next fills the others (host, port, protocol) from the connection when they are absent.
  if (!trustProxy) for (const name of FORWARDED) delete request.headers[name];
  request.headers['x-forwarded-for'] = address;
  const responseId = randomUUID();
  request.headers[RESPONSE_ID_HEADER] = responseId;
  responses.set(responseId, response);
  response.once('close', () => responses.delete(responseId));
  handle(request, response).catch((error) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500).end();
  });
}

// One server per address ("localhost" is two on most machines: 127.0.0.1 and ::1).
const addresses =
  hostname === 'localhost'
    ? [...new Set((await lookup(hostname, { all: true })).map((entry) => entry.address))]
    : [hostname];
const servers = addresses.map(() => http.createServer(serveRequest));

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  let open = servers.length;
  for (const server of servers) {
    server.close(() => --open === 0 && process.exit(0));
    server.closeIdleConnections();
  }
  setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 10_000).unref();
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

/** @param {http.Server} server @param {string} address */
const listen = (server, address) =>
  new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, address, () => resolve(address));
  });
const listening = await Promise.allSettled(
  servers.map((server, index) => listen(server, addresses[index])),
);
const failed = listening.find((result) => result.status === 'rejected');
const bound = listening.filter((result) => result.status === 'fulfilled');
// One loopback address may be missing (no IPv6 here): the other one is enough then.
if (failed && (bound.length === 0 || hostname !== 'localhost')) {
  console.error(`The dashboard cannot listen on ${hostname}:${port}: ${failed.reason.message}`);
  process.exit(1);
}
console.log(
  `Dashboard ready on ${bound.map(({ value }) => `http://${value.includes(':') ? `[${value}]` : value}:${port}`).join(' and ')}`,
);
