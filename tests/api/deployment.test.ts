import net from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { createTestDatabase, type TestDatabase } from '../support/database';

const opened: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const item of opened.reverse()) await item.close();
});

describe('request limits', () => {
  it('closes a connection whose headers trickle in too slowly, while other clients are served', async () => {
    const t: TestApp = await createTestApp({
      env: { HEADERS_TIMEOUT_MS: '600', REQUEST_TIMEOUT_MS: '1200' },
    });
    opened.push(t);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.app.server.address() as net.AddressInfo;

    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const started = Date.now();
    socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
    // one header byte every 200 ms, never finishing the headers
    const trickle = setInterval(() => socket.writable && socket.write('X'), 200);
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    socket.on('error', () => {});

    const other = await fetch(`http://127.0.0.1:${port}/api/health`);
    expect(other.status).toBe(200);

    await closed;
    clearInterval(trickle);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});

describe('a read replica for heavy reads', () => {
  it('sends statistics and exports to DATABASE_REPLICA_URL, and everything else to DATABASE_URL', async () => {
    // The "replica" here is an empty database: what comes from it is easy to tell apart.
    const replica: TestDatabase = await createTestDatabase();
    opened.push(replica);
    const t = await createTestApp({ demo: true, env: { DATABASE_REPLICA_URL: replica.url } });
    opened.push(t);
    const coordinator = await t.signIn('coordinator@demo.local');

    expect(
      (await coordinator.get('/api/access-statuses?limit=5')).json().items.length,
    ).toBeGreaterThan(0);
    const matrix = await coordinator.get('/api/stats/matrix');
    expect(matrix.statusCode).toBe(200);
    expect(matrix.json().cells).toEqual([]);
    const series = (
      await coordinator.get('/api/stats/timeseries?from=2023-01-01&to=2023-03-01')
    ).json();
    expect(series.buckets.every((bucket: { total: number }) => bucket.total === 0)).toBe(true);
    const exported = await coordinator.get('/api/exports/access-statuses.csv?allPeriods=true');
    expect(exported.statusCode).toBe(200);
    expect(exported.body.trim().split('\r\n')).toHaveLength(2); // the header and HXL rows only

    // Without a replica, the same reads come from the primary and find the demo data.
    const plain = await createTestApp({ demo: true });
    opened.push(plain);
    const again = await plain.signIn('coordinator@demo.local');
    expect((await again.get('/api/stats/matrix')).json().cells.length).toBeGreaterThan(0);
  });
});
