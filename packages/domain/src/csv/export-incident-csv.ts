import type { Readable } from 'node:stream';
import { Prisma, type QueryStreamer } from '@access/db';
import {
  CONSTRAINT_CATEGORIES,
  INCIDENT_IMPACT_LABELS,
  INCIDENT_SUB_TYPES,
  type TIncidentFilters,
} from '@access/contracts';
import {
  incidentFilterSql,
  incidentVersionExistsSql,
  visibleIncidentVersionsSql,
} from '../incidents/incident-sql';
import { requireActor, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { today } from '../shared/format';
import { cellSql, joinMultiSql, MULTI_SEPARATOR } from './access-csv-columns';
import { ANCESTRY_SQL, streamCsvReport } from './export-access-csv';
import { INCIDENT_CSV_COLUMNS, INCIDENT_FREE_TEXT } from './incident-csv-columns';

const SEP = MULTI_SEPARATOR;
const SOURCE_ORDER = Prisma.sql`source.position`;
const CATEGORY_LABELS = JSON.stringify(CONSTRAINT_CATEGORIES);
const SUB_TYPE_LABELS = JSON.stringify(INCIDENT_SUB_TYPES);
const IMPACT_LABELS = JSON.stringify(INCIDENT_IMPACT_LABELS);

/**
 * The incident CSV (issue 17): each incident once, in its current version as the reader
 * sees it as known at `knownAt` (visibleIncidentVersionsSql), with the filters of the
 * incident list, in the order it occurred. Written by PostgreSQL with COPY and streamed
 * through, cells trimmed and formula-guarded as the status report's are; re-importing it
 * changes nothing (import-incident-csv.ts).
 */
export async function exportIncidentCsv(
  streamer: QueryStreamer,
  ctx: RequestContext,
  query: TIncidentFilters,
  options: { hxl: boolean; bom: boolean },
): Promise<{ filename: string; body: Readable }> {
  const { sql, filename } = incidentCsvQuery(ctx, query);
  return { filename, body: await streamCsvReport(streamer, sql, INCIDENT_CSV_COLUMNS, options) };
}

/** The SELECT behind the incident CSV, as COPY writes it, and the file's name. */
export function incidentCsvQuery(
  ctx: RequestContext,
  query: TIncidentFilters,
): { sql: Prisma.Sql; filename: string } {
  const actor = requireActor(ctx);
  const { knownAt, ...filters } = query;
  if (filters.from && filters.to && filters.from > filters.to)
    throw AppError.invalid('from', 'must not be after `to`');
  const inner = Prisma.sql`
    WITH RECURSIVE ${ANCESTRY_SQL}
    SELECT v.incident_id::text AS incident_id, v.id::text AS version_id,
           o.id::text AS organization_id, o.name AS organization_name, o.acronym AS organization_acronym,
           o.iati_id AS organization_iati_id,
           to_char(v.occurred_on, 'YYYY-MM-DD') AS occurred_on, to_char(v.occurred_time, 'HH24:MI') AS occurred_time,
           a.id::text AS area_id, a.name AS area_name, a.kind::text AS area_kind, a.pcode AS area_pcode,
           anc.country_iso3, anc.admin1_name, anc.admin1_pcode, anc.admin2_name, anc.admin2_pcode,
           v.category::text AS category, ${CATEGORY_LABELS}::jsonb ->> v.category::text AS category_label,
           v.sub_type, ${SUB_TYPE_LABELS}::jsonb -> v.category::text ->> v.sub_type AS sub_type_label,
           NULLIF(array_to_string(v.impacts, ${SEP}), '') AS impacts,
           (SELECT string_agg(${IMPACT_LABELS}::jsonb ->> i.code::text, ${SEP} ORDER BY i.n)
              FROM unnest(v.impacts) WITH ORDINALITY AS i(code, n)) AS impact_labels,
           NULLIF(array_to_string(v.sectors, ${SEP}), '') AS sectors,
           NULLIF(array_to_string(v.affected_organization_ids, ${SEP}), '') AS affected_organization_ids,
           (SELECT string_agg(ao.name, ${SEP} ORDER BY ids.n)
              FROM unnest(v.affected_organization_ids) WITH ORDINALITY AS ids(id, n)
              JOIN organizations ao ON ao.id = ids.id) AS affected_organizations,
           NULLIF(array_to_string(v.affected_organization_types, ${SEP}), '') AS affected_organization_types,
           v.people_affected::text AS people_affected, v.perpetrator::text AS perpetrator,
           v.description,
           s.source_titles, s.source_publishers, s.source_urls, s.source_dates,
           v.sensitivity::text AS sensitivity,
           to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
           u.display_name AS recorded_by,
           -- as the reader sees it: a correction of nothing they may see reads as a record,
           -- without its correction note (one would tell of the version it corrected)
           CASE WHEN seen.earlier THEN 'CORRECTION' ELSE 'RECORD' END AS change_kind,
           CASE WHEN NOT seen.earlier AND (v.supersedes_id IS NOT NULL OR v.target_id IS NOT NULL)
                THEN NULL ELSE v.correction_note END AS correction_note,
           v.review_state::text AS review_state
    FROM ${visibleIncidentVersionsSql(actor, knownAt)} v
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN users u ON u.id = v.recorded_by_id
    LEFT JOIN ancestry anc ON anc.area_id = a.id
    CROSS JOIN LATERAL (
      SELECT EXISTS (
        SELECT 1 FROM incident_versions e
        WHERE e.incident_id = v.incident_id AND (e.recorded_at, e.id) < (v.recorded_at, v.id)
          AND ${incidentVersionExistsSql(actor, Prisma.sql`e`)}
      ) AS earlier
    ) seen
    LEFT JOIN LATERAL (
      SELECT ${joinMultiSql(Prisma.sql`source.title`, SOURCE_ORDER)} AS source_titles,
             ${joinMultiSql(Prisma.sql`source.publisher`, SOURCE_ORDER)} AS source_publishers,
             ${joinMultiSql(Prisma.sql`source.url`, SOURCE_ORDER)} AS source_urls,
             ${joinMultiSql(Prisma.sql`to_char(source.published_on, 'YYYY-MM-DD')`, SOURCE_ORDER)} AS source_dates
      FROM incident_sources source WHERE source.version_id = v.id
    ) s ON true
    WHERE ${incidentFilterSql(filters)}
    ORDER BY v.occurred_on, v.occurred_time NULLS FIRST, v.incident_id`;
  // identifiers, codes, numbers and dates never start with a formula character
  const cells = INCIDENT_CSV_COLUMNS.map(({ key }) =>
    INCIDENT_FREE_TEXT.has(key) ? cellSql(`r."${key}"`) : `r."${key}"`,
  );
  const focus = [
    query.areaId ? 'area' : '',
    query.category?.length ? `category-${query.category.join('-')}` : '',
    query.organizationId?.length ? 'organisations' : '',
  ]
    .filter(Boolean)
    .join('_');
  const period = `${query.from ?? 'start'}_to_${[query.to, query.asOf].filter(Boolean).sort()[0] ?? today()}`;
  return {
    sql: Prisma.sql`SELECT ${Prisma.raw(cells.join(',\n  '))} FROM (${inner}) r`,
    filename: `incidents${focus ? `_${focus}` : ''}_${period}${knownAt ? `_known-${knownAt.slice(0, 10)}` : ''}.csv`,
  };
}
