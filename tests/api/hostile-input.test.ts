import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { PassThrough } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '@access/db';
import { loadConfig } from '../../apps/api/src/config';
import { buildServer } from '../../apps/api/src/server';
import { clientFor, createTestApp, DEMO_PASSWORD, type Client, type TestApp } from '../support/app';
import { LOOP_PROBE, loopDelay, signInOver, startApiProcess } from '../support/api-process';

/**
 * Each finding of the hostile review, as a request: it answers below 500 with the error
 * shape and the field at fault, before the database sees it, and quickly.
 */

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.signIn('admin@demo.local');
});
afterAll(() => t.close());

const REFUSED: [url: string, field: string][] = [
  ['/api/organizations?q=a%00b', 'q'],
  ['/api/areas?q=%00', 'q'],
  ['/api/users?q=%01', 'q'],
  ['/api/audit-events?action=%00', 'action'],
  ['/api/audit-events?entityId=x%00', 'entityId'],
  ['/api/audit-events?actorEmail=%00', 'actorEmail'],
  ['/api/audit-events?cursor=99999999999999999999', 'cursor'],
  ['/api/audit-events?cursor=%00', 'cursor'],
  ['/api/changes?cursor=%00', 'cursor'],
  ['/api/access-statuses?asOf=0000-01-01', 'asOf'],
  ['/api/access-statuses?asOf=0001-01-01', 'asOf'],
  ['/api/access-statuses?asOf=9999-12-31', 'asOf'],
  ['/api/access-statuses?asOf=10000-01-01', 'asOf'],
  ['/api/access-statuses?knownAt=9999-12-31T23:59:59Z', 'knownAt'],
  // in the calendar's last day where it was written, but 2200-01-01 in UTC
  ['/api/access-requests?knownAt=2199-12-31T23:59:59-14:00', 'knownAt'],
  ['/api/access-statuses?knownAt=1900-01-01T00:00:00%2B14:00', 'knownAt'],
  ['/api/stats/matrix?asOf=0000-01-01', 'asOf'],
  ['/api/stats/timeseries?from=9990-01-01&to=9999-12-31&interval=day', 'from'],
  ['/api/stats/timeseries?from=1900-01-01&to=2199-12-31&interval=day', 'interval'],
  ['/api/exports/access-statuses.csv?asOf=0000-01-01', 'asOf'],
  ['/api/exports/access-history.csv?from=0001-01-01&to=9999-12-31', 'from'],
];

/** Reads at the calendar's first and last days, whatever they default (a year, 30 days before…). */
const EDGES = [
  '/api/access-requests/party-figures?to=1900-01-01',
  '/api/access-requests/party-figures?to=1900-06-30',
  '/api/access-requests/party-figures?from=2199-12-31&to=2199-12-31',
  '/api/changes?knownAt=1900-01-01T00:00:00Z',
  '/api/changes?effectiveTo=1900-01-01',
  '/api/stats/timeseries?to=1900-01-31',
  '/api/stats/timeseries?from=2199-12-01',
  '/api/access-requests?asOf=1900-01-01',
  '/api/access-requests/consent-board?asOf=2199-12-31',
  '/api/incidents?to=1900-01-01',
  '/api/incidents/summary?to=1900-01-01',
  '/api/exports/access-history.csv?to=1900-01-01',
];

describe('text of nothing visible', () => {
  it('is empty: a zero-width space, a word joiner or direction marks alone are refused where text is required, and trimmed where it is kept', async () => {
    for (const invisible of ['\u200b', '\u2060\u200b', '\u200e \u200f', '\ufeff']) {
      const organization = await admin.post('/api/organizations', {
        name: invisible,
        typeCode: 437,
      });
      expect(organization.statusCode, JSON.stringify(invisible)).toBe(400);
      expect(organization.json().error.details.issues[0].field).toBe('name');
      const party = await admin.post('/api/parties', { name: invisible, kind: 'GOVERNMENT' });
      expect(party.statusCode, JSON.stringify(invisible)).toBe(400);
      expect(party.json().error.details.issues[0].field).toBe('name');
    }
    const kept = await admin.post('/api/parties', {
      name: '\u200bA party with a zero-width space around it\u200b',
      kind: 'GOVERNMENT',
    });
    expect(kept.statusCode, kept.body).toBe(201);
    expect(kept.json().name).toBe('A party with a zero-width space around it');
  });
});

describe("dates at the calendar's edges", () => {
  it.each(EDGES)('%s: answered, not a 500', async (url) => {
    const response = await admin.get(url);
    expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
    if (response.statusCode >= 400)
      expect(response.json().error.details.issues.length, url).toBeGreaterThan(0);
  });
});

describe('hostile input', () => {
  it.each(REFUSED)('%s: 400 naming %s, at once', async (url, field) => {
    const started = Date.now();
    const response = await admin.get(url);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details.issues.map((issue: { field: string }) => issue.field).join(' ')).toContain(
      field,
    );
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(['%5C', 'a%5C', '%25', '_', '%5C%25'])('searches for q=%s literally', async (q) => {
    for (const list of ['organizations', 'areas', 'parties', 'users']) {
      const response = await admin.get(`/api/${list}?q=${q}`);
      expect(response.statusCode, `${list}: ${response.body}`).toBe(200);
      expect(response.json().items, list).toEqual([]);
    }
  });

  it('refuses a control character anywhere in a JSON body, naming the field, and writes nothing', async () => {
    const before = await t.db.organization.count();
    const response = await admin.post('/api/organizations', {
      name: 'Bad\u0000name',
      typeCode: 441,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe('name');
    expect(await t.db.organization.count()).toBe(before);
  });

  it('answers 503 QUERY_TIMEOUT when a statement runs past the statement timeout, and the service goes on', async () => {
    const config = loadConfig({ ...process.env, LOG_LEVEL: 'silent', DATABASE_URL: t.url });
    const slowDb = createDatabase(t.url, { statementTimeoutMs: 1 });
    const app = await buildServer(config, slowDb, {
      databaseUrl: t.url,
      logStream: new PassThrough(),
    });
    await app.ready();
    try {
      const client = clientFor(app, { cookie: admin.cookie! });
      const response = await client.get(
        '/api/stats/timeseries?from=2000-01-01&to=2023-06-30&interval=month&areaId=' +
          (await t.db.area.findFirst())!.id,
      );
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json().error.code).toBe('QUERY_TIMEOUT');
      expect((await admin.get('/api/health')).statusCode).toBe(200);
    } finally {
      await app.close();
      await slowDb.$disconnect();
    }
  });

  it('keeps /api/health answering while the most expensive allowed time series runs', async () => {
    const heavy = admin.get('/api/stats/timeseries?from=2018-08-01&to=2023-12-31&interval=day');
    const started = Date.now();
    const health = await admin.get('/api/health');
    expect(health.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await heavy).statusCode).toBe(200);
  });
});

describe('cursors and text no list or database could have given out', () => {
  const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
  const someId = '00000000-0000-4000-8000-000000000000';
  const fieldsOf = (response: {
    json(): { error: { code: string; details: { issues: { field: string }[] } } };
  }) => {
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    return error.details.issues.map((issue) => issue.field);
  };

  it("refuses an audit cursor that is not an event id it gave out (a bigint past PostgreSQL's answered 500 when cursors were numbers)", async () => {
    for (const cursor of ['9223372036854775808', '9223372036854775807', '-1', '1e3']) {
      const response = await admin.get(`/api/audit-events?cursor=${cursor}`);
      expect(response.statusCode, cursor).toBe(400);
      expect(fieldsOf(response), cursor).toEqual(['querystring.cursor']);
    }
    // a well-formed id of no event: refused in the error shape, naming the cursor
    const unknown = await admin.get(
      '/api/audit-events?cursor=00000000-0000-4000-8000-000000000000',
    );
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().error.details.issues[0].field).toBe('cursor');
    const first = (await admin.get('/api/audit-events?limit=1')).json();
    expect(first.nextCursor).toMatch(/^[0-9a-f-]{36}$/);
    expect(
      (await admin.get(`/api/audit-events?limit=1&cursor=${first.nextCursor}`)).statusCode,
    ).toBe(200);
  });

  it('refuses a cursor whose key holds a NUL, a lone surrogate or no row id (they answered 500)', async () => {
    for (const [list, key] of [
      ['organizations', ['a\u0000', someId]],
      ['access-statuses', ['a\u0000', 'b', someId]],
      ['users', ['\ud800', someId]],
      ['parties', ['a', 'not an id']],
      ['areas', ['a', 'b']],
      ['changes', []],
    ] as const) {
      const response = await admin.get(`/api/${list}?cursor=${cursorOf([...key])}`);
      expect(response.statusCode, `${list}: ${response.body}`).toBe(400);
      expect(fieldsOf(response)).toEqual(['cursor']);
    }
    const response = await admin.get('/api/organizations?cursor=not%20base64url!');
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['querystring.cursor']);
  });

  it('refuses a query parameter written with brackets, which was ignored (the list answered unfiltered)', async () => {
    for (const query of [
      'state[]=nonsense',
      'includeProposals[]=true',
      'limit[]=99999',
      'filter[state]=PENDING',
    ]) {
      const response = await admin.get(`/api/access-requests?${query}`);
      expect(response.statusCode, `${query}: ${response.body}`).toBe(400);
      expect(fieldsOf(response)).toEqual([`querystring.${query.slice(0, query.indexOf('='))}`]);
      expect(response.json().error.message).toContain('repeat');
    }
  });

  it('says a one-value parameter was given twice, rather than that two right dates are not dates', async () => {
    const response = await admin.get('/api/access-statuses?asOf=2023-03-01&asOf=2024-01-01');
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues).toEqual([
      { field: 'querystring.asOf', message: 'is given 2 times: give it once' },
    ]);
    // a date written right whose day does not exist is told that, not how to write a date
    const impossible = await admin.get('/api/access-statuses?asOf=2023-02-30');
    expect(impossible.statusCode).toBe(400);
    expect(impossible.json().error.details.issues[0].message).toBe(
      'is written YYYY-MM-DD but 2023-02-30 is not a day of the calendar',
    );
    // a number past a field's bound hears the field's bound, not also the library's own
    const huge = await admin.get('/api/access-statuses?limit=99999999999999999999');
    expect(huge.statusCode).toBe(400);
    const said = huge.json().error.details.issues as { field: string; message: string }[];
    expect(said.map((issue) => issue.field)).toEqual(['querystring.limit']);
    expect(said[0]!.message).not.toContain(String(Number.MAX_SAFE_INTEGER));
    // a list parameter still takes its values repeated
    const listed = await admin.get('/api/access-statuses?status=FULL&status=DENIED');
    expect(listed.statusCode, listed.body).toBe(200);
  });

  it('refuses a lone surrogate in a value, which would be saved as U+FFFD instead', async () => {
    const response = await admin.post('/api/parties', { name: 'Party \ud800', kind: 'GOVERNMENT' });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(['name']);
  });

  it('refuses a body sent to a route that reads none (marking every notification read ignored it)', async () => {
    for (const payload of [{ ids: ['00000000-0000-4000-8000-000000000000'] }, [1]]) {
      const response = await admin.post('/api/notifications/read', payload);
      expect(response.statusCode, response.body).toBe(400);
      expect(fieldsOf(response)).toEqual(['body']);
    }
    const audited = await t.sql(
      "SELECT count(*)::int AS n FROM audit_events WHERE action = 'notification.read_all'",
    );
    expect(audited.rows[0]).toEqual({ n: 0 });
    // no body, or an empty object, is what the route reads
    expect((await admin.post('/api/notifications/read')).statusCode).toBe(200);
    expect((await admin.post('/api/notifications/read', {})).statusCode).toBe(200);
  });

  it('refuses a bidirectional override in free text, which makes it display in another order than written', async () => {
    const response = await admin.post('/api/parties', {
      name: 'Party \u202Eevil',
      kind: 'GOVERNMENT',
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(fieldsOf(response)).toEqual(['name']);
    const marks = await admin.post('/api/parties', {
      name: `حكومة \u200F${Math.random().toString(36).slice(2)}`,
      kind: 'GOVERNMENT',
    });
    expect(marks.statusCode, marks.body).toBe(201);
  });

  it('refuses a JSON body that is not UTF-8, which was saved with U+FFFD in place of its bytes', async () => {
    const name = `Party ${Math.random().toString(36).slice(2)}`;
    const bytes = Buffer.concat([
      Buffer.from(`{"name":"${name} `),
      Buffer.from([0xc3, 0x28, 0xff]), // a broken two-byte sequence, then a byte UTF-8 never uses
      Buffer.from('","kind":"GOVERNMENT"}'),
    ]);
    const response = await admin.request({
      method: 'POST',
      url: '/api/parties',
      payload: bytes,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode, response.body).toBe(400);
    expect(fieldsOf(response)).toEqual(['body']);
    expect(response.json().error.message).toContain('UTF-8');
    const stored = await t.sql('SELECT 1 FROM parties WHERE name LIKE $1', [`${name}%`]);
    expect(stored.rows).toHaveLength(0);
    // the same body in UTF-8 is accepted, and a byte-order mark in front does no harm
    const good = await admin.request({
      method: 'POST',
      url: '/api/parties',
      payload: Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(JSON.stringify({ name: `${name} é`, kind: 'GOVERNMENT' })),
      ]),
      headers: { 'content-type': 'application/json' },
    });
    expect(good.statusCode, good.body).toBe(201);
    expect(good.json().name).toBe(`${name} é`);
  });
});

/** Enough history that a report streams for a while (150 × 150 versions, about 10 MB of CSV). */
async function addHistory(size: number) {
  const { rows } = await t.sql<{ id: string }>(
    "SELECT id FROM users WHERE email = 'admin@demo.local'",
  );
  await t.sql(
    `INSERT INTO organizations (id, name, type_code) SELECT gen_random_uuid(), 'Synthetic organisation ' || g, 437 FROM generate_series(1, ${size}) g`,
  );
  await t.sql(
    `INSERT INTO areas (id, name, kind) SELECT gen_random_uuid(), 'Synthetic area ' || g, 'ADM1' FROM generate_series(1, ${size}) g`,
  );
  await t.sql(
    `INSERT INTO access_status_versions (id, organization_id, area_id, status, valid_from, recorded_by_id, change_kind, reason, sensitivity, review_state, constraint_categories)
     SELECT gen_random_uuid(), o.id, a.id, (ARRAY['FULL','CONSTRAINED','PENDING','DENIED']::"AccessStatusCode"[])[1 + (row_number() OVER () % 4)],
            DATE '2019-01-01' + (row_number() OVER () % 1900)::int, $1, 'RECORD', 'Synthetic entry with a reason', 'LOW', 'VALIDATED', '{3,4}'
     FROM organizations o CROSS JOIN areas a WHERE o.name LIKE 'Synthetic%' AND a.name LIKE 'Synthetic%'`,
    [rows[0]!.id],
  );
}

/** The test app's address over HTTP (it listens from the first call on). */
async function listening(): Promise<string> {
  if (!t.app.server.listening) await t.app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
}

/** GET over HTTP, reading the whole body, and how it ended as a client sees it. */
function download(
  url: string,
  cookie: string,
  onFirstChunk?: (response: http.IncomingMessage) => void,
) {
  return new Promise<{ status: number; body: string; ending: 'complete' | 'aborted' }>(
    (resolve, reject) => {
      http
        .get(url, { headers: { cookie } }, (response) => {
          const chunks: Buffer[] = [];
          let settled = false;
          const finish = (ending: 'complete' | 'aborted') => {
            if (!settled)
              resolve({
                status: response.statusCode!,
                body: Buffer.concat(chunks).toString(),
                ending,
              });
            settled = true;
          };
          response.on('data', (chunk: Buffer) => {
            if (chunks.push(chunk) === 1) onFirstChunk?.(response);
          });
          // an aborted chunked answer: the connection closed before its last (empty) chunk
          response.on('aborted', () => finish('aborted'));
          response.on('error', () => finish('aborted'));
          response.on('end', () => finish(response.complete ? 'complete' : 'aborted'));
          response.on('close', () => finish(response.complete ? 'complete' : 'aborted'));
        })
        .on('error', reject);
    },
  );
}

/**
 * A GET over HTTP that only counts the lines it reads, so the test's own event loop stays
 * free and a slow answer is the server's; gives up after 10 s.
 */
function drain(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; lines: number }>((resolve, reject) => {
    const request = http.get(url, { headers }, (response) => {
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        for (let at = chunk.indexOf(10); at !== -1; at = chunk.indexOf(10, at + 1)) lines++;
      });
      response.on('end', () => resolve({ status: response.statusCode!, lines }));
      response.on('error', reject);
    });
    request.setTimeout(10_000, () =>
      request.destroy(new Error(`no answer from ${url} within 10 s`)),
    );
    request.on('error', reject);
  });
}

async function holdingLock<T>(
  table: string,
  releaseAfterMs: number,
  use: () => Promise<T>,
): Promise<T> {
  const locker = new pg.Client({ connectionString: t.url });
  await locker.connect();
  try {
    await locker.query('BEGIN');
    await locker.query(`LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
    // released anyway in the end, so that code without a timeout does not hang the test
    const release = setTimeout(() => void locker.query('ROLLBACK').catch(() => {}), releaseAfterMs);
    try {
      return await use();
    } finally {
      clearTimeout(release);
    }
  } finally {
    await locker.query('ROLLBACK').catch(() => {});
    await locker.end();
  }
}

describe('reports: bounded in time, and never taken for complete when cut', () => {
  const SIZE = 150;
  /** the API again on the same database, with a 5 s bulk timeout */
  let strict: { app: FastifyInstance; db: Database; cookie: string; base: string };
  let base: string;

  beforeAll(async () => {
    await addHistory(SIZE);
    base = await listening();
    const config = loadConfig({
      ...process.env,
      LOG_LEVEL: 'silent',
      DATABASE_URL: t.url,
      BULK_TIMEOUT_MS: '5000',
    });
    const db = createDatabase(t.url, { poolSize: 3 });
    const app = await buildServer(config, db, { databaseUrl: t.url, logStream: new PassThrough() });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: 'admin@demo.local', password: DEMO_PASSWORD },
    });
    const cookie = `access_session=${login.cookies.find((item) => item.name === 'access_session')!.value}`;
    strict = {
      app,
      db,
      cookie,
      base: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
    };
  }, 120_000);
  afterAll(async () => {
    await strict?.app.close();
    await strict?.db.$disconnect();
  });

  it('validates a report before its first byte: a bad date answers 400 in the error shape, not a 200 cut short', async () => {
    for (const path of [
      '/api/exports/access-statuses.csv?asOf=0000-01-01',
      '/api/exports/access-history.csv?to=9999-12-31',
    ]) {
      const answer = await download(`${base}${path}`, admin.cookie!);
      expect(answer.status, path).toBe(400);
      expect(answer.ending).toBe('complete');
      expect(JSON.parse(answer.body).error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('answers a report whose query cannot start within BULK_TIMEOUT_MS with 503 QUERY_TIMEOUT, before any byte of CSV (it waited without end)', async () => {
    const answer = await holdingLock('areas', 10_000, () =>
      download(`${strict.base}/api/exports/access-statuses.csv?allPeriods=true`, strict.cookie),
    );
    expect(answer.status, answer.body.slice(0, 200)).toBe(503);
    expect(answer.ending).toBe('complete');
    expect(JSON.parse(answer.body).error.code).toBe('QUERY_TIMEOUT');
  }, 30_000);

  it('aborts a report whose reader stalls past BULK_TIMEOUT_MS, and frees its database connection (it held it for ever)', async () => {
    const answer = await download(
      `${strict.base}/api/exports/access-statuses.csv?allPeriods=true`,
      strict.cookie,
      (response) => {
        response.pause();
        setTimeout(() => response.resume(), 7_000);
      },
    );
    expect(answer.status).toBe(200);
    expect(answer.ending).toBe('aborted');
    expect(answer.body.split('\r\n').length).toBeLessThan(SIZE * SIZE);
    const { rows } = await t.sql(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'COPY%' AND pid <> pg_backend_pid()",
    );
    expect(rows).toEqual([]);
  }, 30_000);

  // One retry, the bar unchanged: the pings share two cores with PostgreSQL and the other
  // test files, and a run once saw two scheduling outliers (436, 612 ms) among 20 answers.
  it('keeps GET /api/health answering within a few hundred ms while the most expensive allowed time series and report run (it waited the whole time)', {
    timeout: 120_000,
    retry: 1,
  }, async () => {
    // the API in its own process: a request that held its event loop cannot hold the test's
    const api = await startApiProcess({ DATABASE_URL: t.url, LOG_LEVEL: 'error', ...LOOP_PROBE });
    try {
      const headers = await signInOver(api.base, 'admin@demo.local', DEMO_PASSWORD);
      // the longest daily series allowed (2,000 days) from every period (knownAt), the whole
      // history as a report, and what stalled the service before (a series at the calendar's end)
      const heavy = [
        '/stats/timeseries?from=2019-07-11&to=2024-12-31&interval=day&knownAt=2030-01-01T00:00:00Z',
        '/exports/access-statuses.csv?allPeriods=true',
        '/stats/timeseries?from=9999-01-01&to=9999-12-31&interval=day',
      ];
      // once first, so that what is measured is the work and not the first call's compilation
      for (const path of heavy) await drain(`${api.base}${path}`, headers);
      await loopDelay(api);
      let running = true;
      const work = Promise.all(heavy.map((path) => drain(`${api.base}${path}`, headers))).finally(
        () => (running = false),
      );
      const pings: number[] = [];
      while (running) {
        const started = performance.now();
        expect((await drain(`${api.base}/health`, {})).status).toBe(200);
        pings.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const answers = await work;
      expect(answers.map((answer) => answer.status)).toEqual([200, 200, 400]);
      expect(answers[1]!.lines).toBeGreaterThan(SIZE * SIZE);
      expect(pings.length).toBeGreaterThan(3);
      // These hold the API's event loop about 100-250 ms at a time at most, measured inside
      // it: the limit is on that. The answers' round trips also count the machine (two cores
      // shared with PostgreSQL, the other test files, and this file draining the report), so
      // they are only held to not waiting for the work: none slower than 2 s.
      const delay = await loopDelay(api);
      const report = `the API's event loop ran late by ${JSON.stringify(delay)} ms; health answered in ${pings.map(Math.round).join(', ')} ms`;
      expect(delay.max, report).toBeLessThan(500);
      expect(Math.max(...pings), report).toBeLessThan(2_000);
    } finally {
      api.child.kill('SIGKILL');
    }
  });

  it('aborts a report whose database connection is terminated mid-stream: no last chunk, never a clean end', async () => {
    // Whether the export's COPY is still running when the first chunk arrives depends on the
    // machine (a Node 22 CI leg twice found none to terminate): try a few times, hold every
    // try to the rule (cut: aborted; not cut: whole), and ask that one try cut it.
    const tries: { terminated: number; status: number; ending: string; lines: number }[] = [];
    for (let attempt = 0; attempt < 5 && !tries.some((one) => one.terminated > 0); attempt++) {
      let terminated = 0;
      const answer = await download(
        `${base}/api/exports/access-statuses.csv?allPeriods=true`,
        admin.cookie!,
        (response) => {
          response.pause();
          void t
            .sql(
              "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND state = 'active' AND query LIKE 'COPY%' AND pid <> pg_backend_pid()",
            )
            .then(({ rowCount }) => (terminated = rowCount ?? 0))
            .finally(() => response.resume());
        },
      );
      const lines = answer.body.split('\r\n').length;
      tries.push({ terminated, status: answer.status, ending: answer.ending, lines });
      expect(answer.status).toBe(200);
      if (terminated > 0) {
        expect(answer.ending, JSON.stringify(tries)).toBe('aborted');
        expect(lines).toBeLessThan(SIZE * SIZE);
      } else {
        expect(answer.ending, JSON.stringify(tries)).toBe('complete');
      }
    }
    expect(
      tries.filter((one) => one.terminated === 1),
      JSON.stringify(tries),
    ).toHaveLength(1);
  }, 60_000);
});

describe('requests Node refuses before the API sees them', () => {
  it("answers an address over 16 kB with 431 in the error shape (it was Fastify's own shape, which clients cannot read as ours)", async () => {
    const url = `${await listening()}/api/organizations?q=${'x'.repeat(20_000)}`;
    const response = await fetch(url);
    expect(response.status).toBe(431);
    expect((await response.json()).error.code).toBe('HEADERS_TOO_LARGE');
  });
});
