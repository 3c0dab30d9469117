import type { Readable } from 'node:stream';
import { Prisma, type QueryStreamer } from '@access/db';
import type { TAccessRequestFilters } from '@access/contracts';
import { requestFilterSql, requestStatesWithSql, stateFilterSql } from '../requests/request-sql';
import { requireActor, type RequestContext } from '../shared/context';
import { today } from '../shared/format';
import { cellSql, joinMultiSql, MULTI_SEPARATOR } from './access-csv-columns';
import { ANCESTRY_SQL, streamCsvReport } from './export-access-csv';
import { REQUEST_CSV_COLUMNS, REQUEST_FREE_TEXT } from './request-csv-columns';

const SEP = MULTI_SEPARATOR;

/**
 * The request CSV (issue 16): one row per request and needed party, as the request stood on
 * `asOf` (default today) as known at `knownAt`, with the derived state and each party's
 * position and wait from the one derivation of request states (request-sql.ts), the
 * filters of the request list, most recently requested first. Written by COPY and streamed,
 * cells trimmed and formula-guarded as the status report's; re-importing it changes nothing
 * (imports/import-request-csv.ts).
 */
export async function exportRequestCsv(
  streamer: QueryStreamer,
  ctx: RequestContext,
  query: TAccessRequestFilters,
  options: { hxl: boolean; bom: boolean },
): Promise<{ filename: string; body: Readable }> {
  const { sql, filename } = requestCsvQuery(ctx, query);
  return { filename, body: await streamCsvReport(streamer, sql, REQUEST_CSV_COLUMNS, options) };
}

/** The SELECT behind the request CSV, as COPY writes it, and the file's name. */
export function requestCsvQuery(
  ctx: RequestContext,
  query: TAccessRequestFilters,
): { sql: Prisma.Sql; filename: string } {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const sourceOrder = Prisma.sql`source.position`;
  const conditionOrder = Prisma.sql`term.position`;
  const inner = Prisma.sql`
    WITH RECURSIVE ${ANCESTRY_SQL},
    ${requestStatesWithSql(actor, { asOf, knownAt: query.knownAt, where: requestFilterSql(query, asOf) })}
    SELECT req.request_id::text AS request_id, req.id::text AS request_version_id,
           o.id::text AS organization_id, o.name AS organization_name, o.acronym AS organization_acronym,
           (SELECT string_agg(oo.name, ${SEP} ORDER BY ids.n) FROM unnest(req.other_organization_ids) WITH ORDINALITY AS ids(id, n)
              JOIN organizations oo ON oo.id = ids.id) AS other_organizations,
           req.kind::text AS request_kind,
           a.id::text AS area_id, a.name AS area_name, a.pcode AS area_pcode, anc.country_iso3,
           to_char(req.requested_on, 'YYYY-MM-DD') AS requested_on,
           to_char(req.period_from, 'YYYY-MM-DD') AS period_from, to_char(req.period_to, 'YYYY-MM-DD') AS period_to,
           req.purpose, s.state AS request_state, req.sensitivity::text AS request_sensitivity,
           (SELECT ${joinMultiSql(Prisma.sql`source.title`, sourceOrder)} FROM access_request_sources source
              WHERE source.version_id = req.id) AS request_source_titles,
           pa.id::text AS party_id, pa.name AS party_name, pa.kind::text AS party_kind,
           c.stance::text AS stance, to_char(c.since, 'YYYY-MM-DD') AS stated_on,
           to_char(c.waiting_since, 'YYYY-MM-DD') AS waiting_since, c.days_waited::text AS days_waited,
           pv.reason, t.condition_types, t.condition_parties, t.condition_references, t.condition_notes,
           pv.id::text AS position_version_id,
           ps.source_titles, ps.source_publishers, ps.source_urls, ps.source_dates,
           pv.sensitivity::text AS sensitivity,
           to_char(pv.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS recorded_at,
           u.display_name AS recorded_by, pv.review_state::text AS review_state
    FROM consents c
    JOIN states s ON s.request_id = c.request_id
    JOIN req ON req.request_id = c.request_id
    JOIN organizations o ON o.id = req.organization_id
    JOIN areas a ON a.id = req.area_id
    JOIN parties pa ON pa.id = c.party_id
    LEFT JOIN ancestry anc ON anc.area_id = a.id
    LEFT JOIN consent_position_versions pv ON pv.id = c.position_version_id
    LEFT JOIN users u ON u.id = pv.recorded_by_id
    LEFT JOIN LATERAL (
      SELECT ${joinMultiSql(Prisma.sql`term.type::text`, conditionOrder)} AS condition_types,
             ${joinMultiSql(Prisma.sql`gp.name`, conditionOrder)} AS condition_parties,
             ${joinMultiSql(Prisma.sql`term.legal_reference`, conditionOrder)} AS condition_references,
             ${joinMultiSql(Prisma.sql`term.note`, conditionOrder)} AS condition_notes
      FROM consent_conditions term LEFT JOIN parties gp ON gp.id = term.granting_party_id
      WHERE term.version_id = pv.id
    ) t ON true
    LEFT JOIN LATERAL (
      SELECT ${joinMultiSql(Prisma.sql`source.title`, sourceOrder)} AS source_titles,
             ${joinMultiSql(Prisma.sql`source.publisher`, sourceOrder)} AS source_publishers,
             ${joinMultiSql(Prisma.sql`source.url`, sourceOrder)} AS source_urls,
             ${joinMultiSql(Prisma.sql`to_char(source.published_on, 'YYYY-MM-DD')`, sourceOrder)} AS source_dates
      FROM consent_position_sources source WHERE source.version_id = pv.id
    ) ps ON true
    WHERE ${stateFilterSql(query)}
    ORDER BY req.requested_on DESC, req.request_id, c.ord`;
  const cells = REQUEST_CSV_COLUMNS.map(({ key }) =>
    REQUEST_FREE_TEXT.has(key) ? cellSql(`r."${key}"`) : `r."${key}"`,
  );
  return {
    sql: Prisma.sql`SELECT ${Prisma.raw(cells.join(',\n  '))} FROM (${inner}) r`,
    filename: `access-requests_${asOf}${query.knownAt ? `_known-${query.knownAt.slice(0, 10)}` : ''}.csv`,
  };
}
