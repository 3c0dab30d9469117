import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, type Client, type TestApp } from "../support/app";
import { upload } from "../support/upload";

let t: TestApp;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  coordinator = await t.signIn("coordinator@demo.local");
});
afterAll(() => t.close());

const csv = (rows: string[][], lineEnd = "\r\n") =>
  rows.map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(",")).join(lineEnd) + lineEnd;

const HEADER = ["organization_acronym", "area_name", "country_iso3", "status", "valid_from", "reason", "sensitivity"];
const HXL = ["#org+acronym", "#loc+name", "#country+code+v_iso3", "#access+status", "#date+start", "#description+reason", "#meta+sensitivity"];

describe("POST /api/imports", () => {
  it("dry-runs first: reports per row what would change, and writes nothing", async () => {
    const before = await t.db.accessStatusVersion.count();
    const file = csv([HEADER, HXL, ["ICRC", "Nagorno-Karabakh", "AZE", "SUSPENDED", "2023-09-20", "All crossings closed", "HIGH"], ["OCHA", "Lachin corridor", "AZE", "PENDING", "2023-09-01", "Request filed", "MODERATE"]]);
    const response = await upload(coordinator, file);
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json();
    expect(report).toMatchObject({ dryRun: true, applied: false, rows: 2, hxlRow: 2, summary: { new: 2, corrections: 0, unchanged: 0, errors: 0 } });
    expect(report.changes.map((change: any) => [change.row, change.action, change.status])).toEqual([[3, "NEW", "SUSPENDED"], [4, "NEW", "PENDING"]]);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it("applies all rows in one go, records one audit event, and changes nothing when the same file comes again", async () => {
    const file = csv([HEADER, HXL, ["UNHCR", "Nagorno-Karabakh", "AZE", "CONSTRAINED", "2023-10-01", "Access for a first assessment", "MODERATE"]]);
    const applied = await upload(coordinator, file, { dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json()).toMatchObject({ applied: true, summary: { new: 1 } });
    const event = await t.db.auditEvent.findFirstOrThrow({ where: { action: "import.apply" }, orderBy: { id: "desc" } });
    expect(event.after).toMatchObject({ filename: "report.csv", new: 1, versionIds: [expect.any(String)] });
    const before = await t.db.accessStatusVersion.count();
    const again = await upload(coordinator, file, { dryRun: false });
    expect(again.json().summary).toEqual({ new: 0, corrections: 0, unchanged: 1, errors: 0 });
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it("finds the columns by hashtag wherever the hashtag row is in the first rows, ignoring unknown columns", async () => {
    for (const hashtagLine of [1, 3, 20]) {
      const preamble = Array.from({ length: Math.max(0, hashtagLine - 2) }, (_, index) => [`Report line ${index + 1}`, "", ""]);
      const header = hashtagLine === 1 ? [] : [["Organisation", "Where", "Country", "Access", "Since", "Notes", "Classification", "Extra column"]];
      const rows = [...preamble, ...header, [...HXL, "#meta+unknown"], ["ICRC", "Nagorno-Karabakh", "AZE", "CONSTRAINED", "2023-02-01", "same facts", "HIGH", "whatever"]];
      const report = (await upload(coordinator, csv(rows))).json();
      expect(report.hxlRow, `hashtag row on line ${hashtagLine}`).toBe(hashtagLine);
      expect(report.errors, `hashtag row on line ${hashtagLine}`).toEqual([]);
      expect(report.summary.errors + report.summary.new + report.summary.corrections + report.summary.unchanged).toBe(1);
    }
  });

  it("reads names in Armenian, Azerbaijani and Russian, quotes, commas and newlines in cells, a BOM and either line end", async () => {
    const rows = [
      ["organization_acronym", "area_name", "status", "valid_from", "reason", "sensitivity"],
      ["OCHA", "Լեռնային Ղարաբաղ", "DENIED", "2023-11-01", 'Said "no", again,\nin writing', "MODERATE"],
      ["UNHCR", "Dağlıq Qarabağ", "DENIED", "2023-11-02", "Нет доступа", "MODERATE"],
    ];
    for (const [lineEnd, bom] of [["\r\n", true], ["\n", false]] as const) {
      const content = Buffer.from(`${bom ? "\uFEFF" : ""}${csv(rows, lineEnd)}`);
      const report = (await upload(coordinator, content)).json();
      expect(report.errors).toEqual([]);
      expect(report.changes.map((change: any) => [change.organization, change.area])).toEqual([
        ["United Nations Office for the Coordination of Humanitarian Affairs", "Nagorno-Karabakh"],
        ["Office of the United Nations High Commissioner for Refugees", "Nagorno-Karabakh"],
      ]);
    }
  });

  it("restores neutralised formula cells, and leaves real text alone", async () => {
    const rows = [
      ["organization_acronym", "area_name", "status", "valid_from", "reason", "sensitivity"],
      ["OCHA", "Nagorno-Karabakh", "DENIED", "2023-12-01", "'=not a formula", "MODERATE"],
    ];
    const applied = await upload(coordinator, csv(rows), { dryRun: false });
    expect(applied.statusCode, applied.body).toBe(200);
    const version = await t.db.accessStatusVersion.findFirstOrThrow({ where: { validFrom: new Date("2023-12-01T00:00:00Z") } });
    expect(version.reason).toBe("=not a formula");
  });

  it.each([
    ["a row with an unknown organisation", csv([HEADER, ["XYZ", "Nagorno-Karabakh", "AZE", "FULL", "2024-01-01", "x", "LOW"]]), { row: 2, field: "organization_name" }],
    ["an unknown area", csv([HEADER, ["ICRC", "Atlantis", "AZE", "FULL", "2024-01-01", "x", "LOW"]]), { row: 2, field: "area_name" }],
    ["a date that is not a date", csv([HEADER, ["ICRC", "Nagorno-Karabakh", "AZE", "FULL", "01/02/2024", "x", "LOW"]]), { row: 2, field: "valid_from" }],
    ["an unknown status", csv([HEADER, ["ICRC", "Nagorno-Karabakh", "AZE", "OPEN", "2024-01-01", "x", "LOW"]]), { row: 2, field: "status" }],
    ["a start before the current one", csv([HEADER, ["ICRC", "Nagorno-Karabakh", "AZE", "FULL", "2022-01-01", "x", "LOW"]]), { row: 2, field: "valid_from" }],
  ])("reports %s by row and field, and an apply then changes nothing", async (_label, file, expected) => {
    const report = (await upload(coordinator, file)).json();
    expect(report.errors).toEqual([expect.objectContaining(expected)]);
    const before = await t.db.accessStatusVersion.count();
    const applied = await upload(coordinator, file, { dryRun: false });
    expect(applied.statusCode).toBe(400);
    expect(applied.json().error.message).toContain("nothing was imported");
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });

  it.each([
    ["a file that is not CSV", Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]), "not UTF-8"],
    ["a file in another encoding", Buffer.from("organization_acronym,area_name,status,valid_from,sensitivity,reason\nICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW,réouverture\n", "latin1"), "not UTF-8"],
    ["a file without the required columns", Buffer.from("name,where\nICRC,Nagorno-Karabakh\n"), "lacks required columns"],
    ["an empty file", Buffer.from(""), "The file is empty"],
    ["broken CSV", Buffer.from('organization_acronym,area_name,status,valid_from,sensitivity\n"ICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW\n'), "not valid CSV"],
  ])("refuses %s with a clear message", async (_label, content, message) => {
    const response = await upload(coordinator, content);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.message).toContain(message);
  });

  it("refuses a file far over the size limit with 413", async () => {
    const line = "ICRC,Nagorno-Karabakh,FULL,2024-01-01,LOW," + "x".repeat(1000) + "\n";
    const content = Buffer.from("organization_acronym,area_name,status,valid_from,sensitivity,reason\n" + line.repeat(70_000));
    const response = await upload(coordinator, content);
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe("PAYLOAD_TOO_LARGE");
  });

  it("does not let an editor import rows for another organisation", async () => {
    const editor = await t.signIn("editor.icrc@demo.local");
    const before = await t.db.accessStatusVersion.count();
    const file = csv([HEADER, ["ICRC", "Lachin corridor", "AZE", "PENDING", "2024-03-01", "Asked", "MODERATE"], ["OCHA", "Lachin corridor", "AZE", "PENDING", "2024-03-01", "Asked", "MODERATE"]]);
    const report = (await upload(editor, file)).json();
    expect(report.errors).toEqual([expect.objectContaining({ row: 3, field: "organization_name", message: expect.stringContaining("not your organisation") })]);
    expect((await upload(editor, file, { dryRun: false })).statusCode).toBe(400);
    expect(await t.db.accessStatusVersion.count()).toBe(before);
    const viewer = await t.signIn("viewer@demo.local");
    expect((await upload(viewer, file)).statusCode).toBe(403);
  });
});

describe("round trip", () => {
  it("export everything, import into a fresh database, export again: the same report", async () => {
    const exported = (await coordinator.get("/api/exports/access-statuses.csv?allPeriods=true")).body;
    const fresh = await createTestApp();
    try {
      const { seedDemoData } = await import("@access/domain");
      await seedDemoData(fresh.db, () => {}, { statuses: false });
      const freshCoordinator = await fresh.signIn("coordinator@demo.local");
      const applied = await upload(freshCoordinator, exported, { dryRun: false, filename: "export.csv" });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json().summary.errors).toBe(0);
      const again = (await freshCoordinator.get("/api/exports/access-statuses.csv?allPeriods=true")).body;
      // Ids, recording times and recorders belong to each database; every other column must match.
      const local = new Set(["version_id", "organization_id", "area_id", "recorded_at", "recorded_by", "change_kind", "review_state", "previous_status"]);
      const comparable = (body: string) => {
        const [header, ...rest] = parse(body) as string[][];
        const keep = header!.map((name, index) => (local.has(name) ? -1 : index)).filter((index) => index >= 0);
        return [header, ...rest].map((row) => keep.map((index) => row![index]));
      };
      expect(comparable(again)).toEqual(comparable(exported));
      expect(comparable(exported).length).toBeGreaterThan(8);
    } finally {
      await fresh.close();
    }
  });
});

describe("imports in the background", () => {
  async function follow(client: Client, id: string) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const job = (await client.get(`/api/imports/${id}`)).json();
      if (job.status === "DONE" || job.status === "FAILED") return job;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error("the import never finished");
  }

  it("answers 202 with a job whose progress and report GET /api/imports/{id} gives, to its owner and coordinators only", async () => {
    const editor = await t.signIn("editor.icrc@demo.local");
    const file = csv([HEADER, ["ICRC", "Lachin corridor", "AZE", "PENDING", "2024-04-01", "Asked to cross", "MODERATE"]]);
    const started = await upload(editor, file, { async: true });
    expect(started.statusCode, started.body).toBe(202);
    expect(started.json()).toMatchObject({ status: "CHECKING", dryRun: true, filename: "report.csv" });
    const job = await follow(editor, started.json().id);
    expect(job).toMatchObject({ status: "DONE", rowsDone: 1, rowsTotal: 1, report: { summary: { new: 1, errors: 0 } } });
    expect((await coordinator.get(`/api/imports/${job.id}`)).statusCode).toBe(200);
    expect((await (await t.signIn("editor.un@demo.local")).get(`/api/imports/${job.id}`)).statusCode).toBe(404);

    const applied = await follow(editor, (await upload(editor, file, { dryRun: false, async: true })).json().id);
    expect(applied).toMatchObject({ status: "DONE", report: { applied: true, summary: { new: 1 } } });
    const icrc = await t.db.organization.findFirstOrThrow({ where: { acronym: "ICRC" } });
    const written = await t.db.accessStatusVersion.findFirstOrThrow({ where: { organizationId: icrc.id, reason: "Asked to cross" } });
    expect(written.reviewState).toBe("SUBMITTED");
  });

  it("reports a failed import with its errors, having written nothing", async () => {
    const before = await t.db.accessStatusVersion.count();
    const file = csv([HEADER, ["ICRC", "Atlantis", "AZE", "FULL", "2024-05-01", "x", "LOW"]]);
    const job = await follow(coordinator, (await upload(coordinator, file, { dryRun: false, async: true })).json().id);
    expect(job).toMatchObject({ status: "FAILED", error: { code: "VALIDATION_FAILED", message: expect.stringContaining("nothing was imported") } });
    expect(await t.db.accessStatusVersion.count()).toBe(before);
  });
});
