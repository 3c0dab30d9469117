import { PassThrough, Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { stringify } from "csv-stringify";
import { Prisma, type QueryStreamer } from "@access/db";
import { CONSTRAINT_CATEGORIES, ORGANIZATION_TYPES, type TAccessFilters } from "@access/contracts";
import { filterSql, knownAtSql, validOnSql } from "../access-statuses/access-sql";
import { requireActor, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { today } from "../shared/format";
import { ACCESS_CSV_COLUMNS, MULTI_SEPARATOR, neutraliseFormula } from "./access-csv-columns";

export interface ExportOptions {
  hxl: boolean;
  bom: boolean;
}

export type ExportQuery =
  | ({ kind: "statuses"; asOf?: string; summary?: boolean; allPeriods?: boolean } & TAccessFilters)
  | ({ kind: "history"; from?: string; to?: string } & Omit<TAccessFilters, "knownAt">);

/** Every area's country and admin-level ancestors, computed once per export (areas are few, versions many). */
const ANCESTRY_SQL = Prisma.sql`
  chain(area_id, id, parent_id, kind, name, pcode, iso3, depth) AS (
    SELECT a.id, a.id, a.parent_id, a.kind, a.name, a.pcode, a.iso3, 0 FROM areas a
    UNION ALL
    SELECT c.area_id, p.id, p.parent_id, p.kind, p.name, p.pcode, p.iso3, c.depth + 1
    FROM chain c JOIN areas p ON p.id = c.parent_id WHERE c.depth < 20
  ),
  ancestry AS (
    SELECT area_id,
      max(iso3) FILTER (WHERE kind = 'COUNTRY') AS country_iso3,
      max(name) FILTER (WHERE kind = 'ADM1') AS admin1_name, max(pcode) FILTER (WHERE kind = 'ADM1') AS admin1_pcode,
      max(name) FILTER (WHERE kind = 'ADM2') AS admin2_name, max(pcode) FILTER (WHERE kind = 'ADM2') AS admin2_pcode
    FROM chain GROUP BY area_id
  )`;

const SEP = MULTI_SEPARATOR;

function detailSql(where: Prisma.Sql, order: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE ${ANCESTRY_SQL}
    SELECT v.id AS version_id, o.id AS organization_id, o.name AS organization_name, o.acronym AS organization_acronym,
           o.iati_id AS organization_iati_id, o.type_code AS organization_type_code,
           a.id AS area_id, a.name AS area_name, a.kind::text AS area_kind, a.pcode AS area_pcode,
           anc.country_iso3, anc.admin1_name, anc.admin1_pcode, anc.admin2_name, anc.admin2_pcode,
           v.status::text AS status, v.previous_status::text AS previous_status, v.constraint_categories,
           t.term_types, t.granting_parties, t.legal_references, t.term_notes,
           v.severity, to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to,
           to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, u.display_name AS recorded_by,
           v.change_kind::text AS change_kind, v.reason, v.review_state::text AS review_state,
           s.source_titles, s.source_publishers, s.source_urls, s.source_dates, v.sensitivity::text AS sensitivity
    FROM access_status_versions v
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN users u ON u.id = v.recorded_by_id
    LEFT JOIN ancestry anc ON anc.area_id = a.id
    LEFT JOIN LATERAL (
      SELECT array_agg(term.type::text ORDER BY term.position) AS term_types,
             string_agg(coalesce(party.name, ''), ${SEP} ORDER BY term.position) AS granting_parties,
             string_agg(coalesce(term.legal_reference, ''), ${SEP} ORDER BY term.position) AS legal_references,
             string_agg(coalesce(term.note, ''), ${SEP} ORDER BY term.position) AS term_notes
      FROM access_terms term LEFT JOIN parties party ON party.id = term.granting_party_id
      WHERE term.version_id = v.id
    ) t ON true
    LEFT JOIN LATERAL (
      SELECT string_agg(source.title, ${SEP} ORDER BY source.position) AS source_titles,
             string_agg(coalesce(source.publisher, ''), ${SEP} ORDER BY source.position) AS source_publishers,
             string_agg(coalesce(source.url, ''), ${SEP} ORDER BY source.position) AS source_urls,
             string_agg(coalesce(to_char(source.published_on, 'YYYY-MM-DD'), ''), ${SEP} ORDER BY source.position) AS source_dates
      FROM access_sources source WHERE source.version_id = v.id
    ) s ON true
    WHERE ${where}
    ORDER BY ${order}`;
}

type Row = Record<string, unknown> & { constraint_categories: number[]; term_types: string[] | null; organization_type_code: number };

function detailCells(row: Row): string[] {
  const codes = row.constraint_categories ?? [];
  const values: Record<string, unknown> = {
    ...row,
    organization_type: ORGANIZATION_TYPES[row.organization_type_code as keyof typeof ORGANIZATION_TYPES] ?? "",
    constraint_codes: codes.join(SEP),
    constraint_labels: codes.map((code) => CONSTRAINT_CATEGORIES[code as keyof typeof CONSTRAINT_CATEGORIES]).join(SEP),
    term_types: (row.term_types ?? []).join(SEP),
  };
  return ACCESS_CSV_COLUMNS.map((column) => {
    const value = values[column.key];
    return value === null || value === undefined ? "" : neutraliseFormula(String(value));
  });
}

const SUMMARY_COLUMNS = [
  { key: "area_name", hxl: "#loc+name" },
  { key: "area_pcode", hxl: "#loc+code+v_pcode" },
  { key: "country_iso3", hxl: "#country+code+v_iso3" },
  { key: "organization_type_code", hxl: "#org+type+code" },
  { key: "organization_type", hxl: "#org+type+name" },
  { key: "status", hxl: "#access+status" },
  { key: "organizations", hxl: "#org+num" },
] as const;

function summarySql(where: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    WITH RECURSIVE ${ANCESTRY_SQL}
    SELECT a.name AS area_name, a.pcode AS area_pcode, anc.country_iso3, o.type_code AS organization_type_code,
           v.status::text AS status, count(DISTINCT v.organization_id)::int AS organizations
    FROM access_status_versions v
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    LEFT JOIN ancestry anc ON anc.area_id = a.id
    WHERE ${where}
    GROUP BY a.name, a.pcode, anc.country_iso3, o.type_code, v.status
    ORDER BY a.name, o.type_code, v.status`;
}

function slug(value: string): string {
  return value.replace(/[^A-Za-z0-9-]+/g, "-").replace(/^-|-$/g, "").slice(0, 60);
}

/**
 * An HXL-tagged CSV report, streamed from a database cursor: the header (and hashtag
 * row) leave at once, then rows as PostgreSQL produces them, whatever the size.
 * Clearance applies as everywhere: rows above the reader's clearance are not exported.
 */
export function exportAccessCsv(streamer: QueryStreamer, ctx: RequestContext, query: ExportQuery, options: ExportOptions): { filename: string; body: Readable } {
  const actor = requireActor(ctx);
  let sql: Prisma.Sql;
  let columns: readonly { key: string; hxl: string }[] = ACCESS_CSV_COLUMNS;
  let toCells: (row: Row) => string[] = detailCells;
  let filename: string;
  const focus = [query.areaId ? "area" : "", query.status?.length ? query.status.join("-") : "", query.organizationId?.length ? "organisations" : ""].filter(Boolean).join("_");

  if (query.kind === "statuses") {
    const asOf = query.asOf ?? today();
    const knownAt = query.knownAt ?? new Date().toISOString();
    const period = query.allPeriods ? Prisma.sql`TRUE` : validOnSql(asOf);
    const known = query.knownAt ? knownAtSql(query.knownAt) : Prisma.sql`EXISTS (SELECT 1 FROM current_access_statuses c WHERE c.id = v.id)`;
    const where = Prisma.sql`${known} AND ${period} AND ${filterSql(actor, query)}`;
    if (query.summary) {
      sql = summarySql(where);
      columns = SUMMARY_COLUMNS;
      toCells = (row) =>
        SUMMARY_COLUMNS.map((column) => {
          const value = column.key === "organization_type" ? ORGANIZATION_TYPES[row.organization_type_code as keyof typeof ORGANIZATION_TYPES] : row[column.key];
          return value === null || value === undefined ? "" : neutraliseFormula(String(value));
        });
    } else {
      sql = detailSql(where, Prisma.sql`o.name, a.name, v.valid_from, v.id`);
    }
    const when = query.allPeriods ? "all-periods" : `as-of-${asOf}`;
    filename = `access-${query.summary ? "summary" : "statuses"}${focus ? `_${slug(focus)}` : ""}_${when}${query.knownAt ? `_known-${query.knownAt.slice(0, 10)}` : ""}.csv`;
  } else {
    const from = query.from ?? "1900-01-01";
    const to = query.to ?? "9999-12-31";
    if (from > to) throw AppError.invalid("from", "must not be after `to`");
    const where = Prisma.sql`v.recorded_at >= ${from}::date AND v.recorded_at < (${to}::date + 1) AND ${filterSql(actor, query)}`;
    sql = detailSql(where, Prisma.sql`v.recorded_at, v.id`);
    filename = `access-history${focus ? `_${slug(focus)}` : ""}_${query.from ?? "start"}_to_${query.to ?? today()}.csv`;
  }

  const body = new PassThrough();
  const stringifier = stringify({ record_delimiter: "\r\n" });
  if (options.bom) body.write("\uFEFF");
  stringifier.write(columns.map((column) => column.key));
  if (options.hxl) stringifier.write(columns.map((column) => column.hxl));
  stringifier.pipe(body);
  const rows = Readable.from(
    (async function* () {
      for await (const row of streamer.stream<Row>(sql.text, sql.values)) yield toCells(row);
    })(),
  );
  pipeline(rows, stringifier).catch((error: unknown) => body.destroy(error as Error));
  return { filename, body };
}

