import { spawn, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const dataDir = path.join(repoRoot, ".data", `start-stop-${process.pid}`);

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function postgresRunningOn(dir: string): boolean {
  const out = execFileSync("ps", ["-eo", "args"], { encoding: "utf8" });
  return out.split("\n").some((line) => line.includes("postgres") && line.includes(dir));
}

/** The API as `npm start` runs it, on its own data folder and ports; resolves once it answers, with its output so far. */
async function startApi(apiPort: number, pgPort: number) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/start.ts"], {
    cwd: path.join(repoRoot, "apps", "api"),
    env: { ...process.env, DATABASE_URL: "", PGDATA_DIR: dataDir, API_PORT: String(apiPort), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: "warn" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  for (let attempt = 0; ; attempt++) {
    const healthy = await fetch(`http://127.0.0.1:${apiPort}/api/health`).then((response) => response.ok, () => false);
    if (healthy) break;
    if (attempt > 300 || child.exitCode !== null) throw new Error(`the API did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { child, exited, output: () => output };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe("npm start's API on an embedded PostgreSQL", () => {
  it("creates the database with the demo data, stops cleanly on Ctrl-C leaving no postgres behind, and reuses the data next time", async () => {
    const [apiPort, pgPort] = [await freePort(), await freePort()];
    const first = await startApi(apiPort, pgPort);
    expect(first.output()).toContain("First start: loading the demo data");
    const login = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "viewer@demo.local", password: "demo-password" }),
    });
    expect(login.status).toBe(200);
    expect(postgresRunningOn(dataDir)).toBe(true);

    first.child.kill("SIGINT");
    expect(await first.exited).toBe(0);
    expect(postgresRunningOn(dataDir)).toBe(false);

    const second = await startApi(apiPort, pgPort);
    expect(second.output()).not.toContain("loading the demo data");
    const again = await fetch(`http://127.0.0.1:${apiPort}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "viewer@demo.local", password: "demo-password" }),
    });
    expect(again.status).toBe(200);
    second.child.kill("SIGTERM");
    expect(await second.exited).toBe(0);
    expect(postgresRunningOn(dataDir)).toBe(false);
  }, 120_000);
});
