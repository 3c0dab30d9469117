import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { makeUser, TEST_PASSWORD } from '../support/factories';

const ORGANIZATIONS = 400;
const AREAS = 375;
const ROWS = ORGANIZATIONS * AREAS;

let t: TestApp;
let cookie: string;
let baseUrl: string;

beforeAll(async () => {
  t = await createTestApp();
  const user = await makeUser(t.db, 'COORDINATOR', 'SEVERE');
  cookie = (await t.signIn(user.email, TEST_PASSWORD)).cookie!;
  await t.sql(
    `INSERT INTO organizations (id, name, type_code) SELECT gen_random_uuid(), 'Synthetic organisation ' || g, 437 FROM generate_series(1, ${ORGANIZATIONS}) g`,
  );
  await t.sql(
    `INSERT INTO areas (id, name, kind) SELECT gen_random_uuid(), 'Synthetic area ' || g, 'ADM1' FROM generate_series(1, ${AREAS}) g`,
  );
  await t.sql(
    `INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, recorded_by_id, change_kind, reason, sensitivity, review_state, constraint_categories)
     SELECT gen_random_uuid(), o.id, a.id, (ARRAY['FULL','CONSTRAINED','PENDING','DENIED']::"AccessStatusCode"[])[1 + (row_number() OVER () % 4)],
            DATE '2024-01-01', $1, 'RECORD', 'Synthetic entry with a reason long enough to weigh something in the report', 'LOW', 'VALIDATED', '{3,4}'
     FROM organizations o CROSS JOIN areas a WHERE o.name LIKE 'Synthetic%' AND a.name LIKE 'Synthetic%'`,
    [user.id],
  );
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  // 150,000 versions through the statement trigger: about 30 s on a quiet machine, past 120 s
  // on a loaded one
}, 300_000);
afterAll(() => t.close());

describe('a large CSV export', () => {
  it(`streams ${ROWS.toLocaleString('en')} rows with the process's memory staying bounded`, async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    expect(gc, 'run with --expose-gc (tests/vitest.config.mts does)').toBeTypeOf('function');
    // What stays reachable after a collection is what the export holds; garbage is not.
    const held = () => {
      gc!();
      return process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
    };
    const baseline = held();
    let peak = baseline;
    let lines = 0;
    let bytes = 0;
    let chunks = 0;
    // node:http rather than fetch: a core response pauses its socket while unread, so what
    // is measured is what the server holds, not a client's read-ahead.
    const response = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          `${baseUrl}/api/exports/access-statuses.csv?asOf=2024-06-01`,
          { headers: { cookie } },
          resolve,
        )
        .on('error', reject),
    );
    expect(response.statusCode).toBe(200);
    for await (const value of response as AsyncIterable<Buffer>) {
      bytes += value.byteLength;
      for (let at = value.indexOf(0x0a); at !== -1; at = value.indexOf(0x0a, at + 1)) lines++;
      if (++chunks % 50 === 0) peak = Math.max(peak, held());
    }
    expect(lines).toBe(ROWS + 2);
    expect(bytes).toBeGreaterThan(ROWS * 300);
    // The report weighs tens of MB; the process (server and client both) must not hold it.
    expect(chunks).toBeGreaterThan(100);
    console.log(
      `csv export: held memory grew by ${((peak - baseline) / 1e6).toFixed(1)} MB for a ${(bytes / 1e6).toFixed(0)} MB report`,
    );
    expect(
      peak - baseline,
      `held memory grew by ${Math.round((peak - baseline) / 1e6)} MB for a ${Math.round(bytes / 1e6)} MB report`,
    ).toBeLessThan(Math.min(64 * 1024 * 1024, bytes * 0.75));
  }, 120_000);
});
