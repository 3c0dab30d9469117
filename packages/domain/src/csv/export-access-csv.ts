import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import { Prisma, type QueryStreamer } from '@access/db';
import { CONSTRAINT_CATEGORIES, ORGANIZATION_TYPES, type TAccessFilters } from '@access/contracts';
import {
  filterSql,
  timelineSql,
  timelineWithProposalsSql,
  validOnSql,
  proposalChangeKindSql,
  versionsAsSeenSql,
} from '../access-statuses/access-sql';
import { requireActor, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { today } from '../shared/format';
import { ACCESS_CSV_COLUMNS, cellSql, MULTI_SEPARATOR, withAreaNames } from './access-csv-columns';

export interface ExportOptions {
  hxl: boolean;
  bom: boolean;
  /** the languages of the areas' names, one column each in a detail report (areaNameLanguages) */
  nameLanguages?: readonly string[];
}

export type ExportQuery =
  | ({
      kind: 'statuses';
      asOf?: string;
      summary?: boolean;
      allPeriods?: boolean;
      includeProposals?: boolean;
    } & TAccessFilters)
  | ({ kind: 'history'; from?: string; to?: string } & Omit<TAccessFilters, 'knownAt'>);

/** Every area's country and admin-level ancestors, computed once per export (areas are few, versions many). */
export const ANCESTRY_SQL = Prisma.sql`
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
const ORGANIZATION_TYPE_LABELS = JSON.stringify(ORGANIZATION_TYPES);
const CONSTRAINT_LABELS = JSON.stringify(CONSTRAINT_CATEGORIES);

/**
 * The cells of a report as PostgreSQL writes them with COPY: every column as text, in the
 * order of `columns`; free text trimmed as the import trims it (so no cell starts or ends
 * with whitespace); a cell a spreadsheet would run as a formula (starting with = + - @,
 * tab or carriage return) gets a leading apostrophe, which the import removes again; an
 * empty cell is written empty.
 */
function cellsSql(
  columns: readonly { key: string }[],
  inner: Prisma.Sql,
  guardedInside: ReadonlySet<string> = new Set(),
): Prisma.Sql {
  const cells = columns.map(({ key }) => {
    // identifiers, codes, enums, numbers and dates never start with a formula character;
    // terms and sources are kept trimmed and guarded (access_version_cells), and `inner`
    // guards what it names in `guardedInside` itself
    if (!FREE_TEXT.has(key) || guardedInside.has(key)) return `r."${key}"`;
    return cellSql(`r."${key}"`);
  });
  return Prisma.sql`SELECT ${Prisma.raw(cells.join(',\n  '))} FROM (${inner}) r`;
}

/**
 * The cells of what a detail report repeats on many rows (an organisation's, an area's and
 * its ancestors', a recorder's), guarded once per organisation, area and user rather than
 * once per row (7.5 of a 28 s history export of 423k rows, guarded per row).
 */
const ENTITY_CELLS_SQL = Prisma.raw(`
  organization_cells AS MATERIALIZED (
    SELECT id, ${cellSql('name')} AS name, ${cellSql('acronym')} AS acronym, ${cellSql('iati_id')} AS iati_id
    FROM organizations),
  area_cells AS MATERIALIZED (
    SELECT a.id, ${cellSql('a.name')} AS name, ${cellSql('a.pcode')} AS pcode,
      ${cellSql('anc.country_iso3')} AS country_iso3, ${cellSql('anc.admin1_name')} AS admin1_name,
      ${cellSql('anc.admin1_pcode')} AS admin1_pcode, ${cellSql('anc.admin2_name')} AS admin2_name,
      ${cellSql('anc.admin2_pcode')} AS admin2_pcode
    FROM areas a LEFT JOIN ancestry anc ON anc.area_id = a.id),
  recorder_cells AS MATERIALIZED (SELECT id, ${cellSql('display_name')} AS display_name FROM users)`);

/** The detail report's columns ENTITY_CELLS_SQL guards. */
const GUARDED_BY_ENTITY = new Set([
  'organization_name',
  'organization_acronym',
  'organization_iati_id',
  'area_name',
  'area_pcode',
  'country_iso3',
  'admin1_name',
  'admin1_pcode',
  'admin2_name',
  'admin2_pcode',
  'recorded_by',
]);

/** Columns people type or that join what people typed: the ones the formula guard must look at. */
const FREE_TEXT = new Set([...GUARDED_BY_ENTITY, 'reason']);

/**
 * `rows` yields what the reader sees, aliased `v`, with at least id, organization_id,
 * area_id, status, previous_status, valid_from and valid_to; the rest comes from the
 * version itself (`x`).
 */
function detailSql(
  rows: Prisma.Sql,
  where: Prisma.Sql,
  order: Prisma.Sql,
  withProposals = false,
): Prisma.Sql {
  return cellsSql(
    withProposals ? [...ACCESS_CSV_COLUMNS, PROPOSAL_COLUMN] : ACCESS_CSV_COLUMNS,
    Prisma.sql`
    WITH RECURSIVE ${ANCESTRY_SQL}, ${ENTITY_CELLS_SQL}
    SELECT v.id::text AS version_id, o.id::text AS organization_id, oc.name AS organization_name, oc.acronym AS organization_acronym,
           oc.iati_id AS organization_iati_id, o.type_code::text AS organization_type_code,
           ${ORGANIZATION_TYPE_LABELS}::jsonb ->> o.type_code::text AS organization_type,
           a.id::text AS area_id, ac.name AS area_name, a.kind::text AS area_kind, ac.pcode AS area_pcode,
           ac.country_iso3, ac.admin1_name, ac.admin1_pcode, ac.admin2_name, ac.admin2_pcode,
           v.status::text AS status, v.previous_status::text AS previous_status,
           NULLIF(array_to_string(x.constraint_categories, ${SEP}), '') AS constraint_codes,
           (SELECT string_agg(${CONSTRAINT_LABELS}::jsonb ->> c.code::text, ${SEP} ORDER BY c.n)
              FROM unnest(x.constraint_categories) WITH ORDINALITY AS c(code, n)) AS constraint_labels,
           t.term_types, t.granting_parties, t.legal_references, t.term_notes,
           x.severity::text AS severity, to_char(v.valid_from, 'YYYY-MM-DD') AS valid_from, to_char(v.valid_to, 'YYYY-MM-DD') AS valid_to,
           to_char(x.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at, rc.display_name AS recorded_by,
           v.change_kind::text AS change_kind, x.reason, x.review_state::text AS review_state,
           t.source_titles, t.source_publishers, t.source_urls, t.source_dates, x.sensitivity::text AS sensitivity
           ${withProposals ? Prisma.sql`, v.proposal::text AS proposal` : Prisma.empty}
    FROM ${rows}
    JOIN access_status_versions x ON x.id = v.id
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN organization_cells oc ON oc.id = o.id
    JOIN area_cells ac ON ac.id = a.id
    JOIN recorder_cells rc ON rc.id = x.recorded_by_id
    -- terms and sources as the report writes them, kept with the version (migration 20261130150000)
    LEFT JOIN access_version_cells t ON t.version_id = v.id
    WHERE ${where}
    ORDER BY ${order}`,
    GUARDED_BY_ENTITY,
  );
}

/** Only in reports that asked for proposals: `true` on an editor's pending proposal. */
const PROPOSAL_COLUMN = { key: 'proposal', hxl: '#meta+proposal' } as const;

const SUMMARY_COLUMNS = [
  { key: 'area_name', hxl: '#loc+name' },
  { key: 'area_pcode', hxl: '#loc+code+v_pcode' },
  { key: 'country_iso3', hxl: '#country+code+v_iso3' },
  { key: 'organization_type_code', hxl: '#org+type+code' },
  { key: 'organization_type', hxl: '#org+type+name' },
  { key: 'status', hxl: '#access+status' },
  { key: 'organizations', hxl: '#org+num' },
] as const;

function summarySql(rows: Prisma.Sql, where: Prisma.Sql): Prisma.Sql {
  return cellsSql(
    SUMMARY_COLUMNS,
    Prisma.sql`
    WITH RECURSIVE ${ANCESTRY_SQL}
    SELECT area_name, area_pcode, country_iso3, type_code::text AS organization_type_code,
           ${ORGANIZATION_TYPE_LABELS}::jsonb ->> type_code::text AS organization_type, status, organizations::text AS organizations
    FROM (
      SELECT a.name AS area_name, a.pcode AS area_pcode, anc.country_iso3, o.type_code,
             v.status::text AS status, count(DISTINCT v.organization_id) AS organizations
      FROM ${rows}
      JOIN organizations o ON o.id = v.organization_id
      JOIN areas a ON a.id = v.area_id
      LEFT JOIN ancestry anc ON anc.area_id = a.id
      WHERE ${where}
      GROUP BY a.name, a.pcode, anc.country_iso3, o.type_code, v.status
    ) grouped
    ORDER BY area_name, type_code, status`,
  );
}

function slug(value: string): string {
  return value
    .replace(/[^A-Za-z0-9-]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}

/**
 * An HXL-tagged CSV report: the header (and hashtag) rows leave at once, then PostgreSQL
 * writes the rows itself with COPY, streamed through, whatever the size. Clearance
 * applies as everywhere: rows above the reader's clearance are not exported.
 */
export async function exportAccessCsv(
  streamer: QueryStreamer,
  ctx: RequestContext,
  query: ExportQuery,
  options: ExportOptions,
): Promise<{ filename: string; body: Readable }> {
  const { sql, columns, filename } = accessCsvQuery(ctx, query, options.nameLanguages);
  return { filename, body: await streamCsvReport(streamer, sql, columns, options) };
}

/**
 * A report's header (and hashtag) rows, then the rows PostgreSQL writes with COPY for
 * `sql`, streamed through. Resolves once PostgreSQL has accepted the query.
 */
export async function streamCsvReport(
  streamer: QueryStreamer,
  sql: Prisma.Sql,
  columns: readonly { key: string; hxl: string }[],
  options: Pick<ExportOptions, 'hxl' | 'bom'>,
): Promise<Readable> {
  const head = stringify(
    [
      columns.map((column) => column.key),
      ...(options.hxl ? [columns.map((column) => column.hxl)] : []),
    ],
    { record_delimiter: '\r\n' },
  );
  const rows = streamer.copyCsv(sql.text, sql.values);
  // Nothing is sent before PostgreSQL has accepted the query and given its first rows (or
  // its end): a report it refuses is an error answer, never headers and a cut stream.
  await new Promise<void>((resolve, reject) => {
    const settle = (error?: Error) => {
      rows.off('readable', ready).off('end', ready).off('error', settle);
      if (error) reject(error);
      else resolve();
    };
    const ready = () => settle();
    rows.once('readable', ready).once('end', ready).once('error', settle);
  });
  const body = new PassThrough();
  if (options.bom) body.write('\uFEFF');
  body.write(head);
  // a failure after that aborts the chunked answer (no terminating chunk): no client takes it for a whole report
  rows.on('error', (error) => body.destroy(error));
  body.on('close', () => rows.destroy());
  rows.pipe(body);
  return body;
}

/** The SELECT behind a report (its rows, as COPY writes them), its columns and its file name. */
export function accessCsvQuery(
  ctx: RequestContext,
  query: ExportQuery,
  nameLanguages: readonly string[] = [],
): { sql: Prisma.Sql; columns: readonly { key: string; hxl: string }[]; filename: string } {
  const actor = requireActor(ctx);
  let sql: Prisma.Sql;
  let columns: readonly { key: string; hxl: string }[] = ACCESS_CSV_COLUMNS;
  let filename: string;
  const focus = [
    query.areaId ? 'area' : '',
    query.status?.length ? query.status.join('-') : '',
    query.organizationId?.length ? 'organisations' : '',
  ]
    .filter(Boolean)
    .join('_');

  if (query.kind === 'statuses') {
    const asOf = query.asOf ?? today();
    const period = query.allPeriods ? Prisma.sql`TRUE` : validOnSql(asOf);
    // proposals are detail only, and only when asked: a summary counts the validated timeline
    const withProposals = Boolean(query.includeProposals) && !query.summary;
    const source = withProposals
      ? { from: timelineWithProposalsSql(actor, query), where: Prisma.sql`TRUE` }
      : timelineSql(actor, query);
    const rows = Prisma.sql`(
      SELECT v.*, CASE WHEN l.version_id IS NULL THEN ${proposalChangeKindSql(actor, Prisma.sql`x`)} -- a proposal
                       WHEN x.change_kind IN ('CORRECTION', 'REVIEW') AND l.visible_supersedes_id IS NULL THEN 'RECORD'
                       WHEN x.change_kind = 'REVIEW' THEN 'CORRECTION' ELSE x.change_kind::text END AS change_kind
      FROM ${source.from}
      JOIN access_status_versions x ON x.id = v.id
      LEFT JOIN access_status_version_levels l ON l.version_id = v.id AND l.level = ${actor.clearance}::"Sensitivity"
      WHERE ${source.where}) v`;
    const where = Prisma.sql`${period} AND ${filterSql(query)}`;
    if (query.summary) {
      sql = summarySql(rows, where);
      columns = SUMMARY_COLUMNS;
    } else {
      sql = detailSql(rows, where, Prisma.sql`o.name, a.name, v.valid_from, v.id`, withProposals);
      if (withProposals) columns = [...ACCESS_CSV_COLUMNS, PROPOSAL_COLUMN];
    }
    const when = query.allPeriods ? 'all-periods' : `as-of-${asOf}`;
    filename = `access-${query.summary ? 'summary' : 'statuses'}${focus ? `_${slug(focus)}` : ''}_${when}${query.knownAt ? `_known-${query.knownAt.slice(0, 10)}` : ''}.csv`;
  } else {
    const from = query.from ?? '1900-01-01';
    const to = query.to ?? '9999-12-31';
    if (from > to) throw AppError.invalid('from', 'must not be after `to`');
    const where = Prisma.sql`v.recorded_at >= ${from}::date AND v.recorded_at < (${to}::date + 1) AND ${filterSql(query)}`;
    // the order of the history page (ties by id, not by a kind a hidden version decides)
    sql = detailSql(versionsAsSeenSql(actor), where, Prisma.sql`v.recorded_at, v.valid_from, v.id`);
    filename = `access-history${focus ? `_${slug(focus)}` : ''}_${query.from ?? 'start'}_to_${query.to ?? today()}.csv`;
  }

  // a detail report carries the areas' names in every language (issue 14), after area_name
  return { ...withAreaNames(sql, columns, nameLanguages), filename };
}
