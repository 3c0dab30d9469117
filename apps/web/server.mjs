// The dashboard's HTTP server: `next start`, plus the one thing a route handler cannot
// know, the address of the connection. Next keeps a client's own X-Forwarded-For (and
// route handlers see only headers), so a client could choose the address the API counts
// sign-ins against and the audit trail records. Here the client's X-Forwarded-* are
// replaced by what the connection says, unless TRUST_PROXY=true names a proxy in front
// that sets them; the /api proxy forwards the address only when this server set it.
//
//   node server.mjs [--port 3000] [--hostname 0.0.0.0]     (PORT is read too)
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { defaultToProduction, loadWebConfig } from './src/lib/config.mjs';

const { values } = parseArgs({
  options: { port: { type: 'string', short: 'p' }, hostname: { type: 'string', short: 'H' } },
});
const config = loadWebConfig(values.port === undefined ? {} : { PORT: values.port });
defaultToProduction();
const { default: next } = await import('next');
const port = config.port;
// Unset, like `next start`: every interface.
const hostname = values.hostname;
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
  hostname: hostname ?? 'localhost',
  port,
});
const handle = app.getRequestHandler();
await app.prepare();
// Read by src/app/api/[...path]/route.ts: X-Forwarded-For in this process is ours.
globalThis[Symbol.for('access.dashboard.addressFromConnection')] = true;

const server = http.createServer((request, response) => {
  const address = clientAddress(request);
  // Next fills the others (host, port, protocol) from the connection when they are absent.
  if (!trustProxy) for (const name of FORWARDED) delete request.headers[name];
  request.headers['x-forwarded-for'] = address;
  handle(request, response).catch((error) => {
    console.error(error);
    if (!response.headersSent) response.writeHead(500).end();
  });
});

let stopping = false;
function stop(signal) {
  if (stopping) return;
  stopping = true;
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => process.exit(signal === 'SIGINT' ? 130 : 143), 10_000).unref();
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));

server.listen(port, hostname, () =>
  console.log(`Dashboard ready on http://${hostname ?? 'localhost'}:${port}`),
);
