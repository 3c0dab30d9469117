import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/database";
import { signInOver, startApiProcess, type ApiProcess } from "../support/api-process";

/**
 * Two API instances against one PostgreSQL, as behind a load balancer: nothing that
 * matters may live in one instance's memory.
 */
let database: TestDatabase;
let a: ApiProcess;
let b: ApiProcess;

beforeAll(async () => {
  database = await createTestDatabase({ demo: true });
  [a, b] = await Promise.all([startApiProcess({ DATABASE_URL: database.url }), startApiProcess({ DATABASE_URL: database.url })]);
}, 120_000);

afterAll(async () => {
  for (const instance of [a, b]) instance?.child.kill("SIGTERM");
  await Promise.all([a?.exited, b?.exited]);
  await database?.close();
});

const login = (instance: ApiProcess, email: string, password: string) =>
  fetch(`${instance.base}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email, password }) });

describe("two API instances on one database", () => {
  it("share sessions: signed in on one, recognised on the other; signed out on one, out on both", async () => {
    const headers = await signInOver(a.base, "coordinator@demo.local", "demo-password");
    const me = await fetch(`${b.base}/me`, { headers });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe("coordinator@demo.local");

    expect((await fetch(`${b.base}/auth/logout`, { method: "POST", headers })).status).toBe(204);
    expect((await fetch(`${a.base}/me`, { headers })).status).toBe(401);
  });

  it("share the per-account and the per-address sign-in limits", async () => {
    // 10 failures for one account, alternating instances, lock it on both.
    for (let attempt = 0; attempt < 10; attempt++) {
      expect((await login(attempt % 2 ? a : b, "viewer@demo.local", "wrong password")).status).toBe(401);
    }
    for (const instance of [a, b]) {
      const locked = await login(instance, "viewer@demo.local", "demo-password");
      expect(locked.status).toBe(429);
      expect(((await locked.json()) as { error: { code: string } }).error.code).toBe("RATE_LIMITED");
    }
    // The address limit is 20 sign-in attempts a minute, counted across instances:
    // 1 + 10 + 2 attempts so far (the first test's and this one's), so 7 more pass and the next is refused.
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 8; attempt++) {
      statuses.push((await login(attempt % 2 ? a : b, `nobody-${attempt}@example.org`, "whatever-password")).status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 429]);
  });

  it("report an import's progress from either instance", async () => {
    // from another address (believed from the loopback proxy), so this test's sign-ins have their own limit
    const headers = await signInOver(a.base, "admin@demo.local", "demo-password", { "x-forwarded-for": "10.0.0.2" });
    const form = new FormData();
    const file = "organization_acronym,area_name,country_iso3,status,valid_from,reason,sensitivity\nICRC,Lachin corridor,AZE,PENDING,2024-04-01,Asked to cross,MODERATE\n";
    form.append("file", new Blob([file], { type: "text/csv" }), "report.csv");
    const started = await fetch(`${a.base}/imports?dryRun=true&async=true`, { method: "POST", headers, body: form });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    let job: { status: string; rowsDone: number } | undefined;
    for (let attempt = 0; attempt < 100 && job?.status !== "DONE"; attempt++) {
      const response = await fetch(`${b.base}/imports/${id}`, { headers });
      expect(response.status).toBe(200);
      job = (await response.json()) as typeof job;
      if (job!.status !== "DONE") await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(job).toMatchObject({ status: "DONE", rowsDone: 1 });
  });
});
