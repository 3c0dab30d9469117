import fc from "fast-check";
import { ZErrorResponse } from "@access/contracts";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Client, type TestApp } from "../support/app";
import { arbitraryFor, deepJson, HOSTILE_STRINGS, resolve, toQuery, type JsonSchema } from "../support/fuzz";

/**
 * Every operation of the OpenAPI document, driven with generated inputs: valid, boundary
 * and malformed. Whatever arrives: no 5xx, every refusal in the documented error shape,
 * and a refused change leaves the data as it was. `npm test` runs a few cases per
 * operation; `npm run fuzz` runs many (FUZZ_RUNS; FUZZ_SEED replays a run).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 5);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;

interface Operation {
  method: string;
  path: string;
  parameters: { in: string; name: string; schema: JsonSchema; required?: boolean }[];
  body?: JsonSchema;
}

type OpenApi = {
  paths: Record<string, Record<string, { parameters?: Operation["parameters"]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
};

let t: TestApp;
let admin: Client;
let editor: Client;
let document: OpenApi;
const context = { ids: [] as string[] };

// Signing out would end the fuzzer's own session; its refusals are covered by the authorization matrix.
const SKIPPED = new Set(["POST /api/auth/logout"]);
// What a request may legitimately change even when refused: the trail of the refusal itself, sessions' last use, limits.
const VOLATILE = new Set(["audit_events", "sessions", "rate_limit_counters", "api_tokens", "_prisma_migrations"]);

async function fingerprint(): Promise<string> {
  const { rows: tables } = await t.sql<{ name: string }>(
    "SELECT relname AS name FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' ORDER BY 1",
  );
  const parts = tables
    .filter(({ name }) => !VOLATILE.has(name))
    .map(({ name }) => `SELECT '${name}' AS name, count(*) AS n, md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) AS digest FROM "${name}" t`);
  const { rows } = await t.sql(parts.join(" UNION ALL "));
  return JSON.stringify(rows);
}

function operations(): Operation[] {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      parameters: operation.parameters ?? [],
      body: operation.requestBody?.content["application/json"]?.schema,
    })),
  );
}

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.signIn("admin@demo.local");
  editor = await t.signIn("editor.icrc@demo.local");
  document = (await t.anonymous.get("/api/openapi.json")).json();
  const adminUser = await t.db.user.findFirstOrThrow({ where: { email: "admin@demo.local" } });
  const ids = await t.sql<{ id: string }>(
    `(SELECT id::text FROM organizations LIMIT 3) UNION ALL (SELECT id::text FROM areas LIMIT 3) UNION ALL
     (SELECT id::text FROM parties LIMIT 2) UNION ALL (SELECT id::text FROM current_access_statuses LIMIT 3) UNION ALL
     (SELECT id::text FROM users WHERE id <> $1 LIMIT 2)`,
    [adminUser.id],
  );
  context.ids = ids.rows.map((row) => row.id);
}, 60_000);
afterAll(() => t?.close());

const RAW_BODIES = ["{", "[]", "null", '"text"', "[".repeat(100_000) + "]".repeat(100_000), '{"a":'.repeat(50_000) + "1" + "}".repeat(50_000), JSON.stringify(deepJson(500, "object")), JSON.stringify({ a: "x".repeat(1_200_000) })];
/** A lone surrogate cannot be percent-encoded: send the bytes of an invalid UTF-8 sequence instead. */
function encodePath(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return "%ED%A0%80";
  }
}
const HEADER_SAFE = HOSTILE_STRINGS.filter((value) => !/[\u0000-\u001f\u007f-\uffff]/.test(value));

describe("fuzzing every route of the OpenAPI document", () => {
  it("finds the operations in the document", () => {
    expect(operations().length).toBeGreaterThan(30);
  });

  it("answers every generated request without a 5xx, in the error shape, changing nothing when it refuses", async () => {
    const failures: string[] = [];
    const answered = { accepted: 0, refused: 0, changes: 0 };
    // the event loop serves every client: no single request may hold it for a second
    const loop = monitorEventLoopDelay({ resolution: 10 });
    const timing = { slowest: 0, slowestRequest: "", started: performance.now() };
    loop.enable();
    for (const operation of operations()) {
      const key = `${operation.method} ${operation.path}`;
      if (SKIPPED.has(key)) continue;
      const pathParameter = fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom(...context.ids) },
        { weight: 1, arbitrary: fc.uuid() },
        { weight: 2, arbitrary: fc.constantFrom(...HOSTILE_STRINGS.filter((value) => value !== "")) },
      );
      const query = fc.record(
        Object.fromEntries(
          operation.parameters.filter((parameter) => parameter.in === "query").map((parameter) => [parameter.name, arbitraryFor(parameter.schema, document, context)]),
        ),
        { requiredKeys: [] },
      );
      const body = operation.body
        ? fc.oneof(
            { weight: 6, arbitrary: arbitraryFor(resolve(operation.body, document), document, context).map((value) => JSON.stringify(value) ?? "null") },
            { weight: 1, arbitrary: fc.constantFrom(...RAW_BODIES) },
          )
        : fc.constant(undefined);
      const ifMatch = fc.option(fc.constantFrom(...HEADER_SAFE), { nil: undefined });
      const who = fc.constantFrom("admin", "editor");
      const repeat = fc.constantFrom<0 | 1 | 2>(0, 0, 0, 1, 2);

      await fc
        .assert(
          fc.asyncProperty(pathParameter, query, body, ifMatch, who, repeat, async (id, queryValues, payload, precondition, role, repeated) => {
            const url = operation.path.replace("{id}", encodePath(id)) + toQuery(queryValues, repeated);
            const started = performance.now();
            const mutating = operation.method !== "GET";
            const before = mutating ? await fingerprint() : "";
            const response = await (role === "admin" ? admin : editor).request({
              method: operation.method as "GET",
              url,
              payload,
              headers: { ...(payload !== undefined ? { "content-type": "application/json" } : {}), ...(precondition ? { "if-match": precondition } : {}) },
            });
            const where = `${operation.method} ${url.slice(0, 200)} body=${String(payload).slice(0, 200)} → ${response.statusCode} ${response.body.slice(0, 300)}`;
            if (performance.now() - started > timing.slowest) Object.assign(timing, { slowest: performance.now() - started, slowestRequest: where.slice(0, 300) });
            if (response.statusCode >= 500) throw new Error(`server error: ${where}`);
            // a streamed answer (a CSV report) that was cut off is not a complete answer
            if (response.statusCode === 200 && operation.path.endsWith(".csv") && !response.body.endsWith("\r\n")) throw new Error(`cut-off report: ${where}`);
            if (response.statusCode < 300) answered.accepted++;
            else answered.refused++;
            if (response.statusCode < 300 && mutating) answered.changes++;
            if (response.statusCode >= 400) {
              let parsed: unknown = null;
              try {
                parsed = JSON.parse(response.body);
              } catch {
                // not JSON: fails the shape check below
              }
              if (!ZErrorResponse.safeParse(parsed).success) throw new Error(`refusal not in the error shape: ${where}`);
              if (mutating && (await fingerprint()) !== before) throw new Error(`a refused request changed data: ${where}`);
            }
          }),
          { numRuns: RUNS, seed: SEED, endOnFailure: true },
        )
        .catch((error: Error) => failures.push(`${key}: ${error.message.replace(/Hint: .*/s, "").slice(0, 1000)} ${String((error.cause as Error | undefined)?.message ?? "").slice(0, 800)}`));
    }
    loop.disable();
    const maxDelayMs = loop.max / 1e6;
    console.log(
      `fuzz: ${answered.accepted + answered.refused} requests in ${Math.round((performance.now() - timing.started) / 1000)} s, ${answered.accepted} accepted (${answered.changes} changes), ${answered.refused} refused; ` +
        `event loop delay max ${maxDelayMs.toFixed(0)} ms, p99 ${(loop.percentile(99) / 1e6).toFixed(0)} ms; slowest request ${timing.slowest.toFixed(0)} ms (${timing.slowestRequest})`,
    );
    expect(maxDelayMs, "the event loop was blocked for more than a second").toBeLessThan(1000);
    expect(failures, failures.join("\n\n")).toEqual([]);
    // The generator reaches past validation: some requests are valid enough to be served, and some changes go through.
    expect(answered.accepted).toBeGreaterThan(0);
    expect(answered.changes).toBeGreaterThan(0);
    expect(answered.refused).toBeGreaterThan(0);
    expect((await t.anonymous.get("/api/health")).statusCode).toBe(200);
  }, 900_000);

  it("refuses hostile uploads to the import in the error shape, importing nothing", async () => {
    const boundary = "----fuzz";
    const before = await fingerprint();
    await fc.assert(
      fc.asyncProperty(fc.array(fc.array(fc.constantFrom(...HOSTILE_STRINGS), { minLength: 1, maxLength: 9 }), { maxLength: 6 }), fc.boolean(), async (rows, dryRun) => {
        const header = "organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity";
        const content = [header, ...rows.map((row) => row.map((cell) => `"${cell.replaceAll('"', '""')}"`).join(","))].join("\n");
        const response = await admin.request({
          method: "POST",
          url: `/api/imports?dryRun=${dryRun}`,
          payload: Buffer.concat([
            Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="f.csv"\r\nContent-Type: text/csv\r\n\r\n`),
            Buffer.from(content),
            Buffer.from(`\r\n--${boundary}--\r\n`),
          ]),
          headers: { "content-type": `multipart/form-data; boundary=${boundary}` },
        });
        expect(response.statusCode, response.body.slice(0, 300)).toBeLessThan(500);
        if (response.statusCode >= 400) expect(ZErrorResponse.safeParse(response.json()).success).toBe(true);
      }),
      { numRuns: RUNS * 4, seed: SEED },
    );
    // Hostile rows never name a real organisation and area, so nothing can have been imported.
    expect(await fingerprint()).toBe(before);
  }, 300_000);
});
