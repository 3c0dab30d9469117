import { parse } from "csv-parse";
import { Readable } from "node:stream";
import { z } from "zod";
import { ACCESS_STATUSES, SENSITIVITIES, TERM_TYPES, ZAccessStatusCorrection, type TAccessStatusCorrection } from "@access/contracts";
import { randomUUID } from "node:crypto";
import { reviewStateFor } from "../access-statuses/review-state";
import { recordAuditEvent } from "../audit/record-audit-event";
import { canSee, requireRole, type Db, type RequestContext, type Tx } from "../shared/context";
import { AppError } from "../shared/errors";
import { isoDate } from "../shared/format";
import { ACCESS_CSV_COLUMNS, restoreFormula, splitMulti, type AccessCsvKey } from "../csv/access-csv-columns";

export const MAX_IMPORT_ROWS = 100_000;
const HXL_SEARCH_ROWS = 25;
const REPORTED_CHANGES = 500;

export type ImportAction = "NEW" | "CORRECTION" | "UNCHANGED";

export interface ImportReport {
  filename: string;
  dryRun: boolean;
  applied: boolean;
  rows: number;
  hxlRow: number | null;
  columns: { mapped: Partial<Record<AccessCsvKey, string>>; ignored: string[] };
  summary: { new: number; corrections: number; unchanged: number; errors: number };
  errors: { row: number; field: string; message: string }[];
  changes: { row: number; action: ImportAction; organization: string; area: string; status: string; validFrom: string; versionId: string | null }[];
}

/** "#org +name" and "#org+name" are the same hashtag; attribute order does not matter in HXL. */
function normaliseTag(tag: string): string {
  const [hashtag = "", ...attributes] = tag.trim().toLowerCase().replace(/\s+/g, "").split("+");
  return [hashtag, ...attributes.filter(Boolean).sort()].join("+");
}
const normaliseHeader = (header: string) => header.trim().toLowerCase().replace(/[\s-]+/g, "_");

function isHashtagRow(row: string[]): boolean {
  const filled = row.map((cell) => cell.trim()).filter(Boolean);
  return filled.length > 0 && filled.filter((cell) => /^#[a-z][a-z0-9_]*/i.test(cell)).length / filled.length >= 0.5;
}

async function readRows(content: Buffer): Promise<string[][]> {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw new AppError("VALIDATION_FAILED", "The file is not UTF-8 text: save it as \"CSV UTF-8\" and try again", { issues: [{ field: "file", message: "not UTF-8" }] });
  }
  if (text.includes("\u0000")) {
    throw new AppError("VALIDATION_FAILED", "This is not a CSV file", { issues: [{ field: "file", message: "binary content" }] });
  }
  const rows: string[][] = [];
  const parser = Readable.from([text]).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      rows.push(record);
      if (rows.length > MAX_IMPORT_ROWS + HXL_SEARCH_ROWS) {
        throw new AppError("VALIDATION_FAILED", `The file has more than ${MAX_IMPORT_ROWS.toLocaleString("en")} rows: split it`, { issues: [{ field: "file", message: "too many rows" }] });
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw new AppError("VALIDATION_FAILED", `The file is not valid CSV: ${(error as Error).message}`, { issues: [{ field: "file", message: "not valid CSV" }] });
  }
  if (rows.length === 0) throw new AppError("VALIDATION_FAILED", "The file is empty", { issues: [{ field: "file", message: "empty" }] });
  return rows;
}

/** Columns found by HXL hashtag when a hashtag row exists, otherwise by header name. */
function mapColumns(rows: string[][]) {
  const hxlIndex = rows.slice(0, HXL_SEARCH_ROWS).findIndex(isHashtagRow);
  const headerIndex = hxlIndex > 0 ? hxlIndex - 1 : hxlIndex === 0 ? -1 : 0;
  const header = headerIndex >= 0 ? rows[headerIndex]! : [];
  const hashtags = hxlIndex >= 0 ? rows[hxlIndex]! : [];
  const dataStart = Math.max(hxlIndex, headerIndex) + 1;
  const positions = new Map<AccessCsvKey, number>();
  const byTag = new Map(ACCESS_CSV_COLUMNS.map((column) => [normaliseTag(column.hxl), column.key]));
  const byName = new Map(ACCESS_CSV_COLUMNS.map((column) => [column.key as string, column.key]));
  const width = Math.max(header.length, hashtags.length);
  const ignored: string[] = [];
  for (let index = 0; index < width; index++) {
    const tag = hashtags[index]?.trim();
    const key = (tag ? byTag.get(normaliseTag(tag)) : undefined) ?? byName.get(normaliseHeader(header[index] ?? ""));
    if (key && !positions.has(key)) positions.set(key, index);
    else if ((header[index] ?? tag ?? "").trim()) ignored.push((header[index] || tag || "").trim());
  }
  return { positions, hxlRow: hxlIndex >= 0 ? hxlIndex + 1 : null, dataStart, header, hashtags, ignored };
}

interface Reference {
  id: string;
  name: string;
}

/** Case-insensitive lookup where a key can name several things (then it is ambiguous). */
class Index {
  private entries = new Map<string, Reference[]>();
  add(key: string | null | undefined, reference: Reference) {
    if (!key) return;
    const normal = key.trim().toLowerCase();
    const list = this.entries.get(normal) ?? [];
    if (!list.some((entry) => entry.id === reference.id)) list.push(reference);
    this.entries.set(normal, list);
  }
  find(key: string): Reference[] {
    return this.entries.get(key.trim().toLowerCase()) ?? [];
  }
}

type Content = Omit<TAccessStatusCorrection, "reviewState">;
interface Period {
  versionId: string | null;
  validFrom: string;
  validTo: string | null;
  content: Content;
}

/** Facts compared to decide whether a row changes anything (the reason and review state are not facts about access). */
function sameFacts(a: Content, b: Content): boolean {
  const facts = (content: Content) =>
    JSON.stringify([
      content.status,
      content.validFrom,
      content.validTo ?? null,
      [...content.constraintCategories].sort((x, y) => x - y),
      content.severity ?? null,
      content.sensitivity,
      content.terms.map((term) => [term.type, term.grantingPartyId ?? null, term.legalReference ?? null, term.note ?? null]),
      content.sources.map((source) => [source.title, source.publisher ?? null, source.url ?? null, source.publishedOn ?? null]),
    ]);
  return facts(a) === facts(b);
}

const nullIfEmpty = (value: string | undefined) => (value === undefined || value.trim() === "" ? null : value.trim());

/**
 * Imports an access CSV (the export's own format, or any file whose columns carry the
 * same HXL hashtags or header names). Every row is checked first; a dry run reports per
 * row what is wrong or what would change. Applying writes all rows or none, in one
 * transaction, and is idempotent: importing the same file again changes nothing.
 */
export type ImportProgress = (phase: "CHECKING" | "APPLYING", done: number, total: number) => void | Promise<void>;

export async function importAccessCsv(
  db: Db,
  ctx: RequestContext,
  file: { filename: string; content: Buffer },
  options: { dryRun: boolean; onProgress?: ImportProgress },
): Promise<ImportReport> {
  const progress = options.onProgress ?? (() => {});
  const actor = requireRole(ctx, "ADMIN", "COORDINATOR", "EDITOR");
  const rows = await readRows(file.content);
  const { positions, hxlRow, dataStart, ignored, header } = mapColumns(rows);
  const data = rows.slice(dataStart);
  const cell = (row: string[], key: AccessCsvKey) => {
    const index = positions.get(key);
    return index === undefined ? undefined : restoreFormula(row[index] ?? "");
  };

  const missing: string[] = [];
  if (!["organization_id", "organization_iati_id", "organization_acronym", "organization_name"].some((key) => positions.has(key as AccessCsvKey))) missing.push("organisation (organization_name, organization_acronym, organization_iati_id or organization_id / #org+name)");
  if (!["area_id", "area_pcode", "area_name"].some((key) => positions.has(key as AccessCsvKey))) missing.push("area (area_name, area_pcode or area_id / #loc+name)");
  if (!positions.has("status")) missing.push("status (#access+status)");
  if (!positions.has("valid_from")) missing.push("valid_from (#date+start)");
  if (!positions.has("sensitivity")) missing.push("sensitivity (#meta+sensitivity)");
  if (missing.length > 0) {
    throw new AppError("VALIDATION_FAILED", `The file lacks required columns: ${missing.join("; ")}`, {
      issues: missing.map((column) => ({ field: "file", message: `missing column: ${column}` })),
      foundColumns: header,
    });
  }
  if (data.length === 0) throw new AppError("VALIDATION_FAILED", "The file has no data rows", { issues: [{ field: "file", message: "no data rows" }] });

  // Reference data, loaded once: organisations, areas (with their country), parties.
  const organizations = await db.organization.findMany({ select: { id: true, name: true, acronym: true, iatiId: true, aliases: true } });
  const organizationIndex = new Index();
  for (const organization of organizations) {
    const reference = { id: organization.id, name: organization.name };
    for (const key of [organization.id, organization.iatiId, organization.acronym, organization.name, ...organization.aliases]) organizationIndex.add(key, reference);
  }
  const areaRows = await db.$queryRaw<{ id: string; name: string; pcode: string | null; country_iso3: string | null; names: string[] }[]>`
    WITH RECURSIVE chain(area_id, id, parent_id, kind, iso3, depth) AS (
      SELECT id, id, parent_id, kind, iso3, 0 FROM areas
      UNION ALL SELECT c.area_id, p.id, p.parent_id, p.kind, p.iso3, c.depth + 1 FROM chain c JOIN areas p ON p.id = c.parent_id WHERE c.depth < 20
    ),
    country AS (SELECT area_id, max(iso3) FILTER (WHERE kind = 'COUNTRY') AS iso3 FROM chain GROUP BY area_id),
    names AS (SELECT area_id, array_agg(name) AS names FROM area_names GROUP BY area_id)
    SELECT a.id, a.name, a.pcode, country.iso3 AS country_iso3, coalesce(names.names, '{}') AS names
    FROM areas a LEFT JOIN country ON country.area_id = a.id LEFT JOIN names ON names.area_id = a.id`;
  const areaIndex = new Index();
  for (const area of areaRows) {
    const reference = { id: area.id, name: area.name };
    areaIndex.add(`id:${area.id}`, reference);
    areaIndex.add(area.pcode ? `pcode:${area.pcode}` : null, reference);
    for (const name of new Set([area.name, ...area.names])) {
      areaIndex.add(`name:${name}`, reference);
      areaIndex.add(`name:${name}@${area.country_iso3 ?? ""}`, reference);
    }
  }
  const partyIndex = new Index();
  for (const party of await db.party.findMany({ select: { id: true, name: true, acronym: true } })) {
    partyIndex.add(party.name, party);
    partyIndex.add(party.acronym, party);
  }

  const errors: ImportReport["errors"] = [];
  const planned: PlannedRow[] = [];

  await progress("CHECKING", 0, data.length);
  for (const [offset, row] of data.entries()) {
    if (offset > 0 && offset % 5_000 === 0) await progress("CHECKING", offset, data.length);
    const line = dataStart + offset + 1;
    const rowErrors: ImportReport["errors"] = [];
    const fail = (field: string, message: string) => rowErrors.push({ row: line, field, message });

    // Organisation: by id, IATI id, acronym, name or alias.
    const organizationKeys = (["organization_id", "organization_iati_id", "organization_acronym", "organization_name"] as const).map((key) => cell(row, key)).filter((value): value is string => Boolean(value?.trim()));
    const organizationMatches = organizationKeys.map((key) => organizationIndex.find(key)).find((matches) => matches.length > 0) ?? [];
    let organization: Reference | undefined;
    if (organizationKeys.length === 0) fail("organization_name", "no organisation named");
    else if (organizationMatches.length !== 1) fail("organization_name", organizationMatches.length ? `"${organizationKeys[0]}" names several organisations: add the IATI id` : `no organisation matches "${organizationKeys[0]}" (organisations are never created by an import)`);
    else organization = organizationMatches[0];
    if (organization && actor.role === "EDITOR" && !actor.organizationIds.includes(organization.id)) {
      fail("organization_name", `${organization.name} is not your organisation`);
    }

    // Area: by id, p-code, or name within its country.
    const areaId = cell(row, "area_id")?.trim();
    const pcode = cell(row, "area_pcode")?.trim();
    const areaName = cell(row, "area_name")?.trim();
    const iso3 = cell(row, "country_iso3")?.trim().toUpperCase();
    // Ids come first, but a file exported from another database carries ids this one does not know: fall back to p-code, then name.
    const areaLookups = [areaId ? `id:${areaId}` : null, pcode ? `pcode:${pcode}` : null, areaName ? (iso3 ? `name:${areaName}@${iso3}` : `name:${areaName}`) : null].filter((key): key is string => key !== null);
    const areaMatches = areaLookups.map((key) => areaIndex.find(key)).find((matches) => matches.length > 0) ?? [];
    let area: Reference | undefined;
    const areaLabel = areaName || pcode || areaId;
    if (!areaLabel) fail("area_name", "no area named");
    else if (areaMatches.length !== 1) fail(pcode ? "area_pcode" : "area_name", areaMatches.length ? `"${areaLabel}" names several areas: add the p-code or the country` : `no area matches "${areaLabel}"${iso3 ? ` in ${iso3}` : ""} (areas are never created by an import)`);
    else area = areaMatches[0];

    // Terms: parallel multi-valued cells.
    const termTypes = splitMulti(cell(row, "term_types"));
    const parties = splitMulti(cell(row, "granting_parties"));
    const references = splitMulti(cell(row, "legal_references"));
    const notes = splitMulti(cell(row, "term_notes"));
    const terms = termTypes.map((type, index) => {
      const partyName = parties[index] ?? "";
      let grantingPartyId: string | null = null;
      if (partyName) {
        const matches = partyIndex.find(partyName);
        if (matches.length !== 1) fail("granting_parties", `no party matches "${partyName}"`);
        else grantingPartyId = matches[0]!.id;
      }
      if (!(TERM_TYPES as readonly string[]).includes(type)) fail("term_types", `"${type}" is not a term type (${TERM_TYPES.join(", ")})`);
      return { type: type as TAccessStatusCorrection["terms"][number]["type"], grantingPartyId, legalReference: nullIfEmpty(references[index]), note: nullIfEmpty(notes[index]) };
    });
    const titles = splitMulti(cell(row, "source_titles"));
    const publishers = splitMulti(cell(row, "source_publishers"));
    const urls = splitMulti(cell(row, "source_urls"));
    const dates = splitMulti(cell(row, "source_dates"));
    const sources = titles.map((title, index) => ({ title, publisher: nullIfEmpty(publishers[index]), url: nullIfEmpty(urls[index]), publishedOn: nullIfEmpty(dates[index]) }));

    const severity = cell(row, "severity")?.trim();
    const status = cell(row, "status")?.trim().toUpperCase() ?? "";
    const sensitivity = cell(row, "sensitivity")?.trim().toUpperCase() ?? "";
    const candidate = {
      status,
      validFrom: cell(row, "valid_from")?.trim() ?? "",
      validTo: nullIfEmpty(cell(row, "valid_to")),
      reason: nullIfEmpty(cell(row, "reason")) ?? `Imported from ${file.filename}`,
      constraintCategories: splitMulti(cell(row, "constraint_codes")).map(Number),
      severity: severity ? Number(severity) : null,
      sensitivity,
      terms,
      sources,
    };
    const parsed = ZAccessStatusCorrection.safeParse(candidate);
    if (!parsed.success) {
      const columnOf: Record<string, AccessCsvKey> = { validFrom: "valid_from", validTo: "valid_to", constraintCategories: "constraint_codes", terms: "term_types", sources: "source_titles" };
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0] ?? "row");
        const hint = field === "status" ? ` (${ACCESS_STATUSES.join(", ")})` : field === "sensitivity" ? ` (${SENSITIVITIES.join(", ")})` : "";
        fail(columnOf[field] ?? field, `${issue.message}${hint}`);
      }
    } else if (!canSee(actor, parsed.data.sensitivity)) {
      fail("sensitivity", `is above your clearance (${actor.clearance})`);
    }
    if (rowErrors.length > 0 || !parsed.success || !organization || !area) {
      errors.push(...rowErrors);
      continue;
    }
    const { reviewState: _ignored, ...content } = parsed.data;
    planned.push({ row: line, organizationId: organization.id, areaId: area.id, content, organization: organization.name, area: area.name, versionId: nullIfEmpty(cell(row, "version_id")) });
  }
  await progress("CHECKING", data.length, data.length);

  const planning = await planChanges(db, planned);
  errors.push(...planning.errors);
  errors.sort((a, b) => a.row - b.row);
  const summarise = (actions: PlannedAction[]) => ({
    new: actions.filter((item) => item.action === "NEW").length,
    corrections: actions.filter((item) => item.action === "CORRECTION").length,
    unchanged: actions.filter((item) => item.action === "UNCHANGED").length,
    errors: errors.length,
  });
  const report: ImportReport = {
    filename: file.filename,
    dryRun: options.dryRun,
    applied: false,
    rows: data.length,
    hxlRow,
    columns: { mapped: Object.fromEntries([...positions].map(([key, index]) => [key, header[index] ?? key])), ignored },
    summary: summarise(planning.actions),
    errors,
    changes: planning.actions.slice(0, REPORTED_CHANGES).map(({ plan, action, versionId }) => ({
      row: plan.row,
      action,
      organization: plan.organization,
      area: plan.area,
      status: plan.content.status,
      validFrom: plan.content.validFrom,
      versionId,
    })),
  };
  if (options.dryRun) return report;
  if (errors.length > 0) {
    throw new AppError("VALIDATION_FAILED", `The file has ${errors.length} ${errors.length === 1 ? "error" : "errors"}: nothing was imported`, {
      issues: errors.slice(0, 50).map((error) => ({ field: `row ${error.row}: ${error.field}`, message: error.message })),
      report,
    });
  }
  if (planning.inserts.length === 0) return { ...report, applied: true };

  const applied = await db.$transaction(
    async (tx) => {
      // Writers wait while an import applies (readers do not), so the plan made under
      // this lock is the one written: no other change can slip in between.
      await tx.$executeRaw`LOCK TABLE access_status_versions IN SHARE ROW EXCLUSIVE MODE`;
      const fresh = await planChanges(tx, planned);
      if (fresh.errors.length > 0) throw new AppError("CONFLICT", "The entries changed while the file was being checked: check it again", { issues: fresh.errors.slice(0, 50).map((error) => ({ field: `row ${error.row}: ${error.field}`, message: error.message })) });
      await writeVersions(tx, fresh.inserts, actor.userId, reviewStateFor(actor, undefined), (done) => progress("APPLYING", done, fresh.inserts.length));
      const summary = summarise(fresh.actions);
      await recordAuditEvent(tx, ctx, {
        action: "import.apply",
        entityType: "import",
        entityId: null,
        after: { filename: file.filename, rows: data.length, ...summary, versionIds: fresh.inserts.filter((insert) => insert.changeKind !== "CLOSE").map((insert) => insert.id) },
      });
      return { summary, actions: fresh.actions };
    },
    { timeout: 10 * 60_000, maxWait: 60_000 },
  );
  return { ...report, summary: applied.summary, applied: true };
}

interface PlannedRow {
  row: number;
  organizationId: string;
  areaId: string;
  content: Content;
  organization: string;
  area: string;
  versionId: string | null;
}

interface PlannedAction {
  plan: PlannedRow;
  action: ImportAction;
  /** the version the row matched or corrected (for the report) */
  versionId: string | null;
}

interface StoredPeriod extends Period {
  status: string;
  previousStatus: string | null;
  reviewState: string;
  reviewNote: string | null;
}

interface VersionInsert {
  id: string;
  organizationId: string;
  areaId: string;
  content: Content;
  previousStatus: string | null;
  changeKind: "RECORD" | "CLOSE" | "CORRECTION";
  supersedesId: string | null;
  /** closures keep the review state of what they close */
  reviewState?: string;
  reviewNote?: string | null;
}

/**
 * Replays the valid rows, in file order, over each pair's current timeline: what each
 * row does (new status, correction, nothing) and the versions that writes, ids included.
 */
async function planChanges(q: Db | Tx, planned: PlannedRow[]) {
  const errors: ImportReport["errors"] = [];
  const actions: PlannedAction[] = [];
  const inserts: VersionInsert[] = [];
  const timelines = new Map<string, StoredPeriod[]>();
  const pairKey = (organizationId: string, areaId: string) => `${organizationId}/${areaId}`;
  const pairs = [...new Map(planned.map((plan) => [pairKey(plan.organizationId, plan.areaId), plan])).values()];
  for (let index = 0; index < pairs.length; index += 10_000) {
    const chunk = pairs.slice(index, index + 10_000);
    const rows = await q.$queryRaw<
      { id: string; organization_id: string; area_id: string; status: string; previous_status: string | null; valid_from: Date; valid_to: Date | null; reason: string; constraint_categories: number[]; severity: number | null; sensitivity: string; review_state: string; review_note: string | null; terms: Content["terms"]; sources: Content["sources"] }[]
    >`
      SELECT v.id, v.organization_id, v.area_id, v.status::text, v.previous_status::text, v.valid_from, v.valid_to, v.reason,
             v.constraint_categories, v.severity, v.sensitivity::text, v.review_state::text, v.review_note,
             coalesce((SELECT json_agg(json_build_object('type', t.type, 'grantingPartyId', t.granting_party_id, 'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
                       FROM access_terms t WHERE t.version_id = v.id), '[]') AS terms,
             coalesce((SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url, 'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
                       FROM access_sources s WHERE s.version_id = v.id), '[]') AS sources
      FROM access_status_versions v
      JOIN unnest(${chunk.map((plan) => plan.organizationId)}::uuid[], ${chunk.map((plan) => plan.areaId)}::uuid[]) AS pair(organization_id, area_id)
        ON pair.organization_id = v.organization_id AND pair.area_id = v.area_id
      WHERE NOT EXISTS (SELECT 1 FROM access_status_versions s WHERE s.supersedes_id = v.id)
      ORDER BY v.valid_from`;
    for (const row of rows) {
      const key = pairKey(row.organization_id, row.area_id);
      const validFrom = isoDate(row.valid_from);
      const validTo = row.valid_to ? isoDate(row.valid_to) : null;
      const list = timelines.get(key) ?? [];
      list.push({
        versionId: row.id,
        validFrom,
        validTo,
        status: row.status,
        previousStatus: row.previous_status,
        reviewState: row.review_state,
        reviewNote: row.review_note,
        content: {
          status: row.status as Content["status"],
          validFrom,
          validTo,
          reason: row.reason,
          constraintCategories: row.constraint_categories,
          severity: row.severity,
          sensitivity: row.sensitivity as Content["sensitivity"],
          terms: row.terms,
          sources: row.sources,
        },
      });
      timelines.set(key, list);
    }
  }
  // A row exported earlier names its version; if that was corrected since, follow to the latest successor.
  const successorOf = new Map<string, string>();
  const named = planned.flatMap((plan) => (plan.versionId && z.uuid().safeParse(plan.versionId).success ? [plan.versionId] : []));
  for (let index = 0; index < named.length; index += 10_000) {
    const ids = named.slice(index, index + 10_000);
    const rows = await q.$queryRaw<{ id: string; supersedes_id: string }[]>`
      WITH RECURSIVE successors(id, supersedes_id) AS (
        SELECT id, supersedes_id FROM access_status_versions WHERE supersedes_id = ANY(${ids}::uuid[])
        UNION SELECT v.id, v.supersedes_id FROM access_status_versions v JOIN successors s ON v.supersedes_id = s.id
      ) SELECT id, supersedes_id FROM successors`;
    for (const row of rows) successorOf.set(row.supersedes_id, row.id);
  }

  for (const plan of planned) {
    const key = pairKey(plan.organizationId, plan.areaId);
    const timeline = timelines.get(key) ?? [];
    timelines.set(key, timeline);
    let namedPeriod: StoredPeriod | undefined;
    if (plan.versionId) {
      let id: string | undefined = plan.versionId;
      for (let hops = 0; id && hops < 10_000 && !timeline.some((period) => period.versionId === id); hops++) id = successorOf.get(id);
      namedPeriod = timeline.find((period) => period.versionId === id);
    }
    const sameStart = namedPeriod ?? timeline.find((period) => period.validFrom === plan.content.validFrom);
    if (sameStart) {
      if (sameFacts(sameStart.content, plan.content)) {
        actions.push({ plan, action: "UNCHANGED", versionId: sameStart.versionId });
        continue;
      }
      const others = timeline.filter((period) => period !== sameStart);
      const overlap = others.find((period) => (!period.validTo || period.validTo > plan.content.validFrom) && (!plan.content.validTo || period.validFrom < plan.content.validTo));
      if (overlap) {
        errors.push({ row: plan.row, field: "valid_from", message: `the corrected period overlaps the entry from ${overlap.validFrom}` });
        continue;
      }
      const predecessor = others.filter((period) => period.validFrom < plan.content.validFrom).at(-1);
      const id = randomUUID();
      inserts.push({ id, organizationId: plan.organizationId, areaId: plan.areaId, content: plan.content, previousStatus: predecessor?.status ?? null, changeKind: "CORRECTION", supersedesId: sameStart.versionId });
      actions.push({ plan, action: "CORRECTION", versionId: sameStart.versionId });
      timeline.splice(timeline.indexOf(sameStart), 1, { ...sameStart, versionId: id, validFrom: plan.content.validFrom, validTo: plan.content.validTo ?? null, status: plan.content.status, previousStatus: predecessor?.status ?? null, content: plan.content });
      timeline.sort((a, b) => a.validFrom.localeCompare(b.validFrom));
      continue;
    }
    const latest = timeline.at(-1);
    if (latest && plan.content.validFrom <= latest.validFrom) {
      errors.push({ row: plan.row, field: "valid_from", message: `this organisation has a status in this area from ${latest.validFrom}: a new status must start after it (or give the version_id to correct an entry)` });
      continue;
    }
    if (latest && (!latest.validTo || latest.validTo > plan.content.validFrom)) {
      const closeId = randomUUID();
      inserts.push({
        id: closeId,
        organizationId: plan.organizationId,
        areaId: plan.areaId,
        content: { ...latest.content, validTo: plan.content.validFrom },
        previousStatus: latest.previousStatus,
        changeKind: "CLOSE",
        supersedesId: latest.versionId,
        reviewState: latest.reviewState,
        reviewNote: latest.reviewNote,
      });
      Object.assign(latest, { versionId: closeId, validTo: plan.content.validFrom, content: { ...latest.content, validTo: plan.content.validFrom } });
    }
    const id = randomUUID();
    inserts.push({ id, organizationId: plan.organizationId, areaId: plan.areaId, content: plan.content, previousStatus: latest?.status ?? null, changeKind: "RECORD", supersedesId: null });
    actions.push({ plan, action: "NEW", versionId: null });
    timeline.push({ versionId: id, validFrom: plan.content.validFrom, validTo: plan.content.validTo ?? null, status: plan.content.status, previousStatus: latest?.status ?? null, reviewState: "", reviewNote: null, content: plan.content });
  }
  return { errors, actions, inserts };
}

/**
 * Inserts in batches of 5,000, each one statement over parallel arrays (unnest): an import
 * of 100,000 rows is a few dozen statements, not hundreds of thousands.
 */
async function writeVersions(tx: Tx, inserts: VersionInsert[], recordedById: string, reviewState: string, onBatch: (done: number) => void | Promise<void>) {
  const BATCH = 5_000;
  const date = (value: string | null | undefined) => (value ? value : null);
  for (let index = 0; index < inserts.length; index += BATCH) {
    await onBatch(index);
    const batch = inserts.slice(index, index + BATCH);
    const column = <T>(pick: (insert: VersionInsert) => T) => batch.map(pick);
    await tx.$executeRaw`
      INSERT INTO access_status_versions
        (id, organization_id, area_id, status, previous_status, valid_from, valid_to, recorded_by_id, change_kind, reason,
         constraint_categories, severity, sensitivity, review_state, review_note, supersedes_id)
      SELECT id, organization_id, area_id, status::"AccessStatusCode", previous_status::"AccessStatusCode", valid_from, valid_to, ${recordedById}::uuid,
             change_kind::"ChangeKind", reason, constraint_categories::smallint[], severity, sensitivity::"Sensitivity", review_state::"ReviewState", review_note, supersedes_id
      FROM unnest(
        ${column((i) => i.id)}::uuid[], ${column((i) => i.organizationId)}::uuid[], ${column((i) => i.areaId)}::uuid[],
        ${column((i) => i.content.status)}::text[], ${column((i) => i.previousStatus)}::text[],
        ${column((i) => i.content.validFrom)}::date[], ${column((i) => date(i.content.validTo))}::date[],
        ${column((i) => i.changeKind)}::text[], ${column((i) => i.content.reason)}::text[],
        ${column((i) => `{${[...new Set(i.content.constraintCategories)].sort((a, b) => a - b).join(",")}}`)}::text[],
        ${column((i) => i.content.severity ?? null)}::int[], ${column((i) => i.content.sensitivity)}::text[],
        ${column((i) => i.reviewState ?? reviewState)}::text[], ${column((i) => i.reviewNote ?? null)}::text[], ${column((i) => i.supersedesId)}::uuid[]
      ) AS row(id, organization_id, area_id, status, previous_status, valid_from, valid_to, change_kind, reason, constraint_categories, severity, sensitivity, review_state, review_note, supersedes_id)`;
    const terms = batch.flatMap((insert) => insert.content.terms.map((term, position) => ({ versionId: insert.id, position, term })));
    if (terms.length) {
      await tx.$executeRaw`
        INSERT INTO access_terms (id, version_id, position, type, granting_party_id, legal_reference, note)
        SELECT gen_random_uuid(), version_id, position, type::"TermType", granting_party_id, legal_reference, note
        FROM unnest(${terms.map((t) => t.versionId)}::uuid[], ${terms.map((t) => t.position)}::int[], ${terms.map((t) => t.term.type)}::text[],
                    ${terms.map((t) => t.term.grantingPartyId ?? null)}::uuid[], ${terms.map((t) => t.term.legalReference ?? null)}::text[], ${terms.map((t) => t.term.note ?? null)}::text[])
          AS row(version_id, position, type, granting_party_id, legal_reference, note)`;
    }
    const sources = batch.flatMap((insert) => insert.content.sources.map((source, position) => ({ versionId: insert.id, position, source })));
    if (sources.length) {
      await tx.$executeRaw`
        INSERT INTO access_sources (id, version_id, position, title, publisher, url, published_on)
        SELECT gen_random_uuid(), version_id, position, title, publisher, url, published_on
        FROM unnest(${sources.map((s) => s.versionId)}::uuid[], ${sources.map((s) => s.position)}::int[], ${sources.map((s) => s.source.title)}::text[],
                    ${sources.map((s) => s.source.publisher ?? null)}::text[], ${sources.map((s) => s.source.url ?? null)}::text[], ${sources.map((s) => date(s.source.publishedOn))}::date[])
          AS row(version_id, position, title, publisher, url, published_on)`;
    }
  }
}
