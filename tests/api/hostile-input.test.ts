import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@access/db";
import { loadConfig } from "../../apps/api/src/config";
import { buildServer } from "../../apps/api/src/server";
import { clientFor, createTestApp, type Client, type TestApp } from "../support/app";

/**
 * Each finding of the hostile review, as a request: it answers below 500 with the error
 * shape and the field at fault, before the database sees it, and quickly.
 */

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.signIn("admin@demo.local");
});
afterAll(() => t.close());

const REFUSED: [url: string, field: string][] = [
  ["/api/organizations?q=a%00b", "q"],
  ["/api/areas?q=%00", "q"],
  ["/api/users?q=%01", "q"],
  ["/api/audit-events?action=%00", "action"],
  ["/api/audit-events?entityId=x%00", "entityId"],
  ["/api/audit-events?actorEmail=%00", "actorEmail"],
  ["/api/audit-events?cursor=99999999999999999999", "cursor"],
  ["/api/audit-events?cursor=%00", "cursor"],
  ["/api/changes?cursor=%00", "cursor"],
  ["/api/access-statuses?asOf=0000-01-01", "asOf"],
  ["/api/access-statuses?asOf=0001-01-01", "asOf"],
  ["/api/access-statuses?asOf=9999-12-31", "asOf"],
  ["/api/access-statuses?asOf=10000-01-01", "asOf"],
  ["/api/access-statuses?knownAt=9999-12-31T23:59:59Z", "knownAt"],
  ["/api/stats/matrix?asOf=0000-01-01", "asOf"],
  ["/api/stats/timeseries?from=9990-01-01&to=9999-12-31&interval=day", "from"],
  ["/api/stats/timeseries?from=1900-01-01&to=2199-12-31&interval=day", "interval"],
  ["/api/exports/access-statuses.csv?asOf=0000-01-01", "asOf"],
  ["/api/exports/access-history.csv?from=0001-01-01&to=9999-12-31", "from"],
];

describe("hostile input", () => {
  it.each(REFUSED)("%s: 400 naming %s, at once", async (url, field) => {
    const started = Date.now();
    const response = await admin.get(url);
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    expect(error.details.issues.map((issue: { field: string }) => issue.field).join(" ")).toContain(field);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(["%5C", "a%5C", "%25", "_", "%5C%25"])("searches for q=%s literally", async (q) => {
    for (const list of ["organizations", "areas", "parties", "users"]) {
      const response = await admin.get(`/api/${list}?q=${q}`);
      expect(response.statusCode, `${list}: ${response.body}`).toBe(200);
      expect(response.json().items, list).toEqual([]);
    }
  });

  it("refuses a control character anywhere in a JSON body, naming the field, and writes nothing", async () => {
    const before = await t.db.organization.count();
    const response = await admin.post("/api/organizations", { name: "Bad\u0000name", typeCode: 441 });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe("name");
    expect(await t.db.organization.count()).toBe(before);
  });

  it("answers 503 QUERY_TIMEOUT when a statement runs past the statement timeout, and the service goes on", async () => {
    const config = loadConfig({ ...process.env, LOG_LEVEL: "silent", DATABASE_URL: t.url });
    const slowDb = createDatabase(t.url, { statementTimeoutMs: 1 });
    const app = await buildServer(config, slowDb, { databaseUrl: t.url, logStream: new PassThrough() });
    await app.ready();
    try {
      const client = clientFor(app, { cookie: admin.cookie! });
      const response = await client.get("/api/stats/timeseries?from=2000-01-01&to=2023-06-30&interval=month&areaId=" + (await t.db.area.findFirst())!.id);
      expect(response.statusCode, response.body).toBe(503);
      expect(response.json().error.code).toBe("QUERY_TIMEOUT");
      expect((await admin.get("/api/health")).statusCode).toBe(200);
    } finally {
      await app.close();
      await slowDb.$disconnect();
    }
  });

  it("keeps /api/health answering while the most expensive allowed time series runs", async () => {
    const heavy = admin.get("/api/stats/timeseries?from=2018-08-01&to=2023-12-31&interval=day");
    const started = Date.now();
    const health = await admin.get("/api/health");
    expect(health.statusCode).toBe(200);
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await heavy).statusCode).toBe(200);
  });
});

describe("cursors and text no list or database could have given out", () => {
  const cursorOf = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString("base64url");
  const someId = "00000000-0000-4000-8000-000000000000";
  const fieldsOf = (response: { json(): { error: { code: string; details: { issues: { field: string }[] } } } }) => {
    const { error } = response.json();
    expect(error.code).toBe("VALIDATION_FAILED");
    return error.details.issues.map((issue) => issue.field);
  };

  it("refuses an audit cursor past PostgreSQL's bigint (19 digits answered 500), and takes the largest one", async () => {
    for (const cursor of ["9223372036854775808", "9999999999999999999", "-1", "1e3"]) {
      const response = await admin.get(`/api/audit-events?cursor=${cursor}`);
      expect(response.statusCode, cursor).toBe(400);
      expect(fieldsOf(response)).toEqual(["querystring.cursor"]);
    }
    expect((await admin.get("/api/audit-events?cursor=9223372036854775807")).statusCode).toBe(200);
  });

  it("refuses a cursor whose key holds a NUL, a lone surrogate or no row id (they answered 500)", async () => {
    for (const [list, key] of [
      ["organizations", ["a\u0000", someId]],
      ["access-statuses", ["a\u0000", "b", someId]],
      ["users", ["\ud800", someId]],
      ["parties", ["a", "not an id"]],
      ["areas", ["a", "b"]],
      ["changes", []],
    ] as const) {
      const response = await admin.get(`/api/${list}?cursor=${cursorOf([...key])}`);
      expect(response.statusCode, `${list}: ${response.body}`).toBe(400);
      expect(fieldsOf(response)).toEqual(["cursor"]);
    }
    const response = await admin.get("/api/organizations?cursor=not%20base64url!");
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(["querystring.cursor"]);
  });

  it("refuses a lone surrogate in a value, which would be saved as U+FFFD instead", async () => {
    const response = await admin.post("/api/parties", { name: "Party \ud800", kind: "GOVERNMENT" });
    expect(response.statusCode).toBe(400);
    expect(fieldsOf(response)).toEqual(["name"]);
  });
});
