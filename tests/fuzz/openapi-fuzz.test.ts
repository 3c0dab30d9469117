import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import fc from 'fast-check';
import { ZErrorResponse } from '@access/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  arbitraryFor,
  CORE_DICTIONARY,
  deepJson,
  HOSTILE_DICTIONARY,
  HOSTILE_STRINGS,
  resolve,
  toQuery,
  type FuzzContext,
  type JsonSchema,
} from '../support/fuzz';

/**
 * Every operation of the OpenAPI document, driven with generated inputs: valid, boundary
 * and malformed (empty and repeated query parameters too), then swept with the hostile
 * dictionary in every parameter (path, query, body field) of an otherwise valid request. Whatever arrives: no 5xx, every refusal in
 * the documented error shape, a refused change leaves the data as it was, every streamed
 * answer (the CSV exports, read over HTTP) ends complete, and no request blocks the event
 * loop for a second. `npm test` runs a few cases per operation and the core of the
 * dictionary; `npm run fuzz` many cases (FUZZ_RUNS; FUZZ_SEED replays a run) and all of it.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
const SWEEP = RUNS >= 50 ? HOSTILE_DICTIONARY : CORE_DICTIONARY;
/** No request may hold the event loop longer than this. */
const STALL_MS = 1_000;

interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; schema: JsonSchema; required?: boolean }[];
  body?: JsonSchema;
}

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Operation['parameters'];
        requestBody?: { content: Record<string, { schema: JsonSchema }> };
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
};

let t: TestApp;
let admin: Client;
let editor: Client;
let baseUrl: string;
let document: OpenApi;
const context: FuzzContext = { ids: [], idsByField: {} };
/** A real id for each resource's path, so a sweep reaches past "not found". */
const pathIds: Record<string, string> = {};

// Signing out would end the fuzzer's own session; its refusals are covered by the authorization matrix.
const SKIPPED = new Set(['POST /api/auth/logout']);
// What a request may legitimately change even when refused: the trail of the refusal itself, sessions' last use, limits;
// and the day counts, which a compaction every 10 s folds from the changes of earlier, accepted requests.
const VOLATILE = new Set([
  'audit_events',
  'sessions',
  'rate_limit_counters',
  'api_tokens',
  '_prisma_migrations',
  'access_status_day_counts',
  'access_status_day_count_changes',
  // folded together every 10 s by a background compaction, like the day counts: their
  // rows change with no request at all (what they count is in access_status_versions)
  'access_open_period_counts',
  'access_open_period_count_changes',
  // webhook deliveries are attempted, retried and logged by the queue's workers, with no request
  'webhook_deliveries',
  // the outbox's fan-out runs on the queue after an accepted change commits: a refused request
  // right after it saw outbox_events.fanned_out_at and the notifications written (found by
  // naming the tables whose digest changed); what they hold is tested in the notification tests
  'outbox_events',
  'notifications',
]);

async function fingerprint(): Promise<string> {
  const { rows: tables } = await t.sql<{ name: string }>(
    "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
  );
  const parts = tables
    .filter(({ name }) => !VOLATILE.has(name))
    .map(
      ({ name }) =>
        `SELECT '${name}' AS name, count(*) AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest FROM "${name}" t`,
    );
  const { rows } = await t.sql(parts.join(' UNION ALL '));
  return JSON.stringify(rows);
}

function operations(): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content['application/json']?.schema,
    })),
  );
}

// ─── Sending, and what every answer must be ───

/** The event loop's delay over the whole run, and per request (reset before each). */
const runDelay = monitorEventLoopDelay({ resolution: 10 });
const requestDelay = monitorEventLoopDelay({ resolution: 10 });
const figures = {
  requests: 0,
  accepted: 0,
  refused: 0,
  changes: 0,
  streamed: 0,
  maxLatencyMs: 0,
  slowest: '',
  maxRequestDelayMs: 0,
  blockiest: '',
};
let previousRequest = '';

interface Answer {
  status: number;
  body: string;
  /** a streamed answer that did not end complete */
  cut?: string;
}

/** Streamed answers (CSV reports) are read whole with node:http, as a client would. */
const isStreamed = (path: string) => path.endsWith('.csv');

function overHttp(url: string, cookie: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.get(`${baseUrl}${url}`, { headers: { cookie } }, (response) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const finish = (cut?: string) => {
        if (settled) return;
        settled = true;
        resolve({
          status: response.statusCode ?? 0,
          body: Buffer.concat(chunks).toString('utf8'),
          cut,
        });
      };
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      // An aborted chunked stream: the connection closed before the final (empty) chunk.
      response.on('aborted', () => finish('aborted before its last chunk'));
      response.on('error', (error) => finish(`broke: ${error.message}`));
      response.on('end', () => finish(response.complete ? undefined : 'ended incomplete'));
      response.on('close', () => finish('closed before its end'));
    });
    request.setTimeout(60_000, () => request.destroy(new Error('no answer within 60 s')));
    request.on('error', reject);
  });
}

/** Node's HTTP server reads at most this much of a request's head (the API refuses longer addresses itself). */
const MAX_HEAD = 16 * 1024;

async function send(
  client: Client,
  method: string,
  url: string,
  payload: string | undefined,
  headers: Record<string, string>,
): Promise<Answer> {
  // an address too long for Node is refused before any report starts: nothing to stream
  if (method === 'GET' && isStreamed(url.split('?')[0]!) && url.length < MAX_HEAD - 1024) {
    figures.streamed++;
    return overHttp(url, client.cookie!);
  }
  const response = await client.request({ method: method as 'GET', url, payload, headers });
  return { status: response.statusCode, body: response.body };
}

/** One request, checked: throws what went wrong. */
async function exercise(
  client: Client,
  method: string,
  url: string,
  payload: string | undefined,
  headers: Record<string, string> = {},
  before?: string,
): Promise<Answer> {
  const mutating = method !== 'GET';
  const print = mutating ? (before ?? (await fingerprint())) : '';
  const where = `${method} ${url.slice(0, 200)} body=${String(payload).slice(0, 200)}`;
  requestDelay.reset();
  const started = performance.now();
  const answer = await send(client, method, url, payload, {
    ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
    ...headers,
  });
  const latency = performance.now() - started;
  const blocked = requestDelay.count > 0 ? requestDelay.max / 1e6 : 0;
  figures.requests++;
  if (latency > figures.maxLatencyMs) [figures.maxLatencyMs, figures.slowest] = [latency, where];
  if (blocked > figures.maxRequestDelayMs)
    [figures.maxRequestDelayMs, figures.blockiest] = [blocked, where];
  const outcome = `${where} → ${answer.status} ${answer.body.slice(0, 300)}`;
  // the delay shows once the loop runs again: the request that blocked it is this one or the one before
  if (blocked > STALL_MS)
    throw new Error(
      `the event loop was blocked ${Math.round(blocked)} ms: ${outcome} (or ${previousRequest})`,
    );
  previousRequest = where;
  if (answer.status >= 500) throw new Error(`server error: ${outcome}`);
  if (answer.cut) throw new Error(`a streamed answer was cut (${answer.cut}): ${outcome}`);
  if (answer.status < 300) {
    figures.accepted++;
    if (mutating) figures.changes++;
    if (isStreamed(url.split('?')[0]!) && !answer.body.endsWith('\r\n'))
      throw new Error(`a report does not end with a complete row: ${outcome}`);
  } else {
    figures.refused++;
  }
  if (answer.status >= 400) {
    let parsed: unknown = null;
    try {
      parsed = JSON.parse(answer.body);
    } catch {
      // not JSON: fails the shape check below
    }
    if (!ZErrorResponse.safeParse(parsed).success)
      throw new Error(`refusal not in the error shape: ${outcome}`);
    if (mutating && (await fingerprint()) !== print)
      throw new Error(`a refused request changed data: ${outcome}`);
  }
  return answer;
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.signIn('admin@demo.local');
  editor = await t.signIn('editor.icrc@demo.local');
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  document = (await t.anonymous.get('/api/openapi.json')).json();
  const ids = await t.sql<{ kind: string; id: string }>(
    `(SELECT 'organizationId' AS kind, id::text FROM organizations ORDER BY name LIMIT 3) UNION ALL
     (SELECT 'areaId', id::text FROM areas ORDER BY name LIMIT 3) UNION ALL
     (SELECT 'grantingPartyId', id::text FROM parties ORDER BY name LIMIT 2) UNION ALL
     (SELECT 'versionId', id::text FROM access_status_versions ORDER BY recorded_at DESC LIMIT 3) UNION ALL
     (SELECT 'userId', id::text FROM users WHERE email NOT IN ('admin@demo.local', 'editor.icrc@demo.local') ORDER BY email LIMIT 2)`,
  );
  for (const { kind, id } of ids.rows) {
    context.idsByField![kind] ??= [];
    context.idsByField![kind].push(id);
  }
  context.idsByField!.actorId = context.idsByField!.userId!;
  // the fuzzer's own accounts are never the target of a user change (it would sign itself out)
  context.ids = ids.rows.map((row) => row.id);
  const first = (kind: string) => context.idsByField![kind]![0]!;
  Object.assign(pathIds, {
    '/api/users/{id}': first('userId'),
    '/api/organizations/{id}': first('organizationId'),
    '/api/areas/{id}': first('areaId'),
    '/api/areas/{id}/subtree': first('areaId'),
    '/api/parties/{id}': first('grantingPartyId'),
  });
  // an incident to read, correct and review (its first version; later ones are refused as superseded)
  const incident = (
    await admin.post('/api/incidents', {
      organizationId: first('organizationId'),
      areaId: first('areaId'),
      occurredOn: '2023-02-01',
      category: 4,
      subType: 'CHECKPOINT',
      description: 'Convoy stopped',
      sensitivity: 'LOW',
      reviewState: 'SUBMITTED',
    })
  ).json();
  Object.assign(pathIds, {
    '/api/incidents/{id}': incident.incidentId,
    '/api/incidents/{id}/history': incident.incidentId,
    '/api/incidents/versions/{id}/corrections': incident.id,
    '/api/incidents/versions/{id}/validation': incident.id,
    '/api/incidents/versions/{id}/return': incident.id,
  });
  // a demo request with its positions to read, record on, correct and review (issue 16)
  const [demoRequest] = (
    await admin.get('/api/access-requests?kind=FACT_FINDING_MISSION&asOf=2023-03-01')
  ).json().items;
  const demoRequestId = demoRequest.request.requestId as string;
  const demoPosition = (await admin.get(`/api/access-requests/${demoRequestId}`)).json()
    .positions[0];
  Object.assign(pathIds, {
    '/api/access-requests/{id}': demoRequestId,
    '/api/access-requests/{id}/history': demoRequestId,
    '/api/access-requests/{id}/positions': demoRequestId,
    '/api/access-requests/versions/{id}/corrections': demoRequest.request.id,
    '/api/access-requests/versions/{id}/validation': demoRequest.request.id,
    '/api/access-requests/versions/{id}/return': demoRequest.request.id,
    '/api/access-requests/positions/versions/{id}/corrections': demoPosition.id,
    '/api/access-requests/positions/versions/{id}/validation': demoPosition.id,
    '/api/access-requests/positions/versions/{id}/return': demoPosition.id,
  });
  // a webhook endpoint to read, change and log (an address that is public, so it is taken),
  // and the feeds of an area and an organisation
  const webhook = (
    await admin.post('/api/webhooks', {
      url: 'https://93.184.216.34/hook',
      events: ['*'],
      secret: 'fuzzer-webhook-secret',
    })
  ).json();
  Object.assign(pathIds, {
    '/api/webhooks/{id}': webhook.id,
    '/api/webhooks/{id}/deliveries': webhook.id,
    '/api/feeds/areas/{id}.atom': first('areaId'),
    '/api/feeds/organizations/{id}.atom': first('organizationId'),
  });
  // measured from here: the set-up (schemas compiled, the app built) is not a request
  runDelay.enable();
  requestDelay.enable();
}, 60_000);

afterAll(async () => {
  runDelay.disable();
  requestDelay.disable();
  await t?.close();
});

const RAW_BODIES = [
  '{',
  '[]',
  'null',
  '"text"',
  '['.repeat(100_000) + ']'.repeat(100_000),
  `${'{"a":'.repeat(50_000)}1${'}'.repeat(50_000)}`,
  JSON.stringify(deepJson(500, 'object')),
  JSON.stringify({ a: 'x'.repeat(1_200_000) }),
];
/** A lone surrogate cannot be percent-encoded: send the bytes of an invalid UTF-8 sequence instead. */
function encodePath(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80';
  }
}
const HEADER_SAFE = HOSTILE_STRINGS.filter(
  (value) => !/[\u0000-\u001f\u007f-\uffff]/.test(value) && value.length < 1000,
);
const asText = (value: unknown) =>
  typeof value === 'string' ? value : (JSON.stringify(value) ?? '');

/** The version a path id points at now (statuses change as the fuzzer writes). */
async function currentStatusId(): Promise<string> {
  const { rows } = await t.sql<{ id: string }>(
    'SELECT id::text FROM current_access_statuses ORDER BY id LIMIT 1',
  );
  return rows[0]?.id ?? context.ids[0]!;
}

/** A valid request to start a sweep from: required query parameters and a body the API accepts, if one is found. */
async function baseRequest(
  operation: Operation,
): Promise<{ query: Record<string, unknown>; body?: Record<string, unknown> }> {
  const query: Record<string, unknown> = {};
  for (const parameter of operation.parameters.filter(
    (candidate) => candidate.in === 'query' && candidate.required,
  )) {
    query[parameter.name] = fc.sample(
      arbitraryFor(parameter.schema, document, {
        ...context,
        field: parameter.name,
        hostile: false,
      }),
      { numRuns: 1, seed: 1 },
    )[0];
  }
  if (!operation.body) return { query };
  const schema = resolve(operation.body, document);
  const candidates = fc.sample(arbitraryFor(schema, document, { ...context, hostile: false }), {
    numRuns: 30,
    seed: 11,
  }) as Record<string, unknown>[];
  for (const candidate of candidates) {
    const url = operation.path.replace(
      '{id}',
      operation.path.startsWith('/api/access-statuses/')
        ? await currentStatusId()
        : (pathIds[operation.path] ?? context.ids[0]!),
    );
    const response = await admin.request({
      method: operation.method as 'POST',
      url: url + toQuery(query),
      payload: JSON.stringify(candidate),
      headers: { 'content-type': 'application/json' },
    });
    if (response.statusCode < 300) return { query, body: candidate };
  }
  return { query, body: candidates[0] };
}

/** Every place a hostile value can go: the path id, each query parameter, each body field (and the fields of a list's first item). */
function targetsOf(
  operation: Operation,
  body: Record<string, unknown> | undefined,
): { in: 'path' | 'query' | 'body'; name: string; path: (string | number)[] }[] {
  const targets: ReturnType<typeof targetsOf> = [];
  if (operation.path.includes('{id}')) targets.push({ in: 'path', name: 'id', path: [] });
  for (const parameter of operation.parameters.filter((candidate) => candidate.in === 'query'))
    targets.push({ in: 'query', name: parameter.name, path: [] });
  if (operation.body) {
    const schema = resolve(operation.body, document);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      targets.push({ in: 'body', name, path: [name] });
      const items = resolve(property, document).items;
      const first = (body?.[name] as unknown[] | undefined)?.[0];
      if (items && first && typeof first === 'object') {
        for (const field of Object.keys(resolve(items, document).properties ?? {}))
          targets.push({ in: 'body', name: `${name}[0].${field}`, path: [name, 0, field] });
      }
    }
  }
  return targets;
}

function withValue(
  body: Record<string, unknown>,
  path: (string | number)[],
  value: unknown,
): Record<string, unknown> {
  const copy = structuredClone(body);
  let at: Record<string | number, unknown> = copy;
  for (const step of path.slice(0, -1)) at = at[step] as Record<string | number, unknown>;
  at[path.at(-1)!] = value;
  return copy;
}

describe('fuzzing every route of the OpenAPI document', () => {
  it('finds the operations in the document', () => {
    expect(operations().length).toBeGreaterThan(30);
  });

  it('answers every generated request without a 5xx, in the error shape, changing nothing when it refuses', async () => {
    const failures: string[] = [];
    const started = performance.now();
    for (const operation of operations()) {
      const key = `${operation.method} ${operation.path}`;
      if (SKIPPED.has(key)) continue;
      const pathParameter = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...context.ids) },
        { weight: 1, arbitrary: fc.uuid() },
        {
          weight: 2,
          arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((value) => value !== '')),
        },
      );
      const query = fc.record(
        Object.fromEntries(
          operation.parameters
            .filter((parameter) => parameter.in === 'query')
            .map((parameter) => [
              parameter.name,
              arbitraryFor(parameter.schema, document, { ...context, field: parameter.name }),
            ]),
        ),
        { requiredKeys: [] },
      );
      const body = operation.body
        ? fc.oneof(
            {
              weight: 6,
              arbitrary: arbitraryFor(resolve(operation.body, document), document, context).map(
                (value) => JSON.stringify(value) ?? 'null',
              ),
            },
            { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
          )
        : fc.constant(undefined);
      const ifMatch = fc.option(fc.constantFrom(...HEADER_SAFE), { nil: undefined });
      const who = fc.constantFrom('admin', 'editor');
      // each query key also once more, empty, or 500 times over
      const repeat = fc.constantFrom<0 | 1 | 2>(0, 0, 0, 1, 2);

      await fc
        .assert(
          fc.asyncProperty(
            pathParameter,
            query,
            body,
            ifMatch,
            who,
            repeat,
            async (id, queryValues, payload, precondition, role, repeated) => {
              const url =
                operation.path.replace('{id}', encodePath(id)) + toQuery(queryValues, repeated);
              await exercise(
                role === 'admin' ? admin : editor,
                operation.method,
                url,
                payload,
                precondition ? { 'if-match': precondition } : {},
              );
            },
          ),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        )
        .catch((error: Error) =>
          failures.push(
            `${key}: ${((error.cause as Error | undefined)?.message ?? error.message.replace(/Hint: .*/s, '')).slice(0, 1500)}`,
          ),
        );
    }
    report('generated', started);
    expect(failures, failures.join('\n\n')).toEqual([]);
    // The generator reaches past validation: some requests are valid enough to be served, and some changes go through.
    expect(figures.accepted).toBeGreaterThan(0);
    expect(figures.changes).toBeGreaterThan(0);
    expect(figures.refused).toBeGreaterThan(0);
    expect((await t.anonymous.get('/api/health')).statusCode).toBe(200);
  }, 1_800_000);

  it(`puts every hostile value (${SWEEP.length}) into every parameter of an otherwise valid request, as an administrator`, async () => {
    const failures: string[] = [];
    const started = performance.now();
    const before = figures.requests;
    for (const operation of operations()) {
      const key = `${operation.method} ${operation.path}`;
      if (SKIPPED.has(key) || operation.path === '/api/auth/login') continue;
      const base = await baseRequest(operation);
      const statusPath = operation.path.startsWith('/api/access-statuses/{id}');
      for (const target of targetsOf(operation, base.body)) {
        let print: string | undefined;
        for (const value of SWEEP) {
          const id =
            target.in === 'path'
              ? asText(value)
              : statusPath
                ? await currentStatusId()
                : (pathIds[operation.path] ?? context.ids[0]!);
          const query =
            target.in === 'query' ? { ...base.query, [target.name]: value } : base.query;
          const body = operation.body
            ? JSON.stringify(
                target.in === 'body' ? withValue(base.body ?? {}, target.path, value) : base.body,
              )
            : undefined;
          const url = operation.path.replace('{id}', encodePath(id)) + toQuery(query);
          try {
            // a fingerprint is reused until a request is accepted (an accepted change moves it)
            const answer = await exercise(admin, operation.method, url, body, {}, print);
            print =
              answer.status < 300 || operation.method === 'GET'
                ? undefined
                : (print ?? (await fingerprint()));
          } catch (error) {
            failures.push(
              `${key} ${target.in} ${target.name} = ${asText(value).slice(0, 80)}: ${(error as Error).message.slice(0, 800)}`,
            );
            print = undefined;
          }
        }
      }
    }
    report(`swept (${figures.requests - before} requests)`, started);
    expect(failures, failures.slice(0, 30).join('\n\n')).toEqual([]);
    expect((await t.anonymous.get('/api/health')).statusCode).toBe(200);
  }, 3_600_000);

  it('refuses hostile uploads to the import in the error shape, importing nothing', async () => {
    const boundary = '----fuzz';
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.constantFrom(...HOSTILE_STRINGS), { minLength: 1, maxLength: 9 }), {
          maxLength: 6,
        }),
        fc.boolean(),
        async (rows, dryRun) => {
          const header =
            'organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity';
          const content = [
            header,
            ...rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(',')),
          ].join('\n');
          const response = await admin.request({
            method: 'POST',
            url: `/api/imports?dryRun=${dryRun}`,
            payload: Buffer.concat([
              Buffer.from(
                `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\nContent-Type: text/csv\r\n\r\n`,
              ),
              Buffer.from(content),
              Buffer.from(`\r\n--${boundary}--\r\n`),
            ]),
            headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          });
          expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
          if (response.statusCode >= 400)
            expect(ZErrorResponse.safeParse(response.json()).success).toBe(true);
        },
      ),
      { numRuns: RUNS * 4, seed: SEED },
    );
    // Hostile rows never name a real organisation and area, so nothing can have been imported.
    expect(await fingerprint()).toBe(before);
  }, 600_000);

  it(`never blocked the event loop for ${STALL_MS} ms`, () => {
    const maxDelay = runDelay.max / 1e6;
    console.log(
      `fuzz: event-loop delay over the run: max ${maxDelay.toFixed(0)} ms, p99 ${(runDelay.percentile(99) / 1e6).toFixed(0)} ms, mean ${(runDelay.mean / 1e6).toFixed(1)} ms`,
    );
    expect(maxDelay).toBeLessThan(STALL_MS);
  });
});

function report(phase: string, started: number) {
  console.log(
    `fuzz ${phase}: ${figures.requests} requests so far (${figures.streamed} streamed over HTTP), ${figures.accepted} accepted (${figures.changes} changes), ${figures.refused} refused; ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; max latency ${figures.maxLatencyMs.toFixed(0)} ms (${figures.slowest.slice(0, 120)}); ` +
      `max event-loop delay in one request ${figures.maxRequestDelayMs.toFixed(0)} ms (${figures.blockiest.slice(0, 120)})`,
  );
}
