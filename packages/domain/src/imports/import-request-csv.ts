import { Prisma } from '@access/db';
import {
  ACCESS_REQUEST_KINDS,
  CONSENT_STANCES,
  SENSITIVITIES,
  TERM_TYPES,
  ZAccessRequestCreate,
  ZConsentPositionRecord,
  type TAccessRequestCreate,
  type TAccessRequestImportReport,
  type TConsentPositionRecord,
} from '@access/contracts';
import { restoreFormula, splitMulti } from '../csv/access-csv-columns';
import { REQUEST_CSV_COLUMNS, type RequestCsvKey } from '../csv/request-csv-columns';
import { createAccessRequest } from '../requests/create-access-request';
import { recordConsentPosition } from '../requests/record-consent-position';
import { visiblePositionVersionsSql, visibleRequestVersionsSql } from '../requests/request-sql';
import {
  inTransaction,
  requireRole,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import type { ImportFile } from './import-access-csv';
import { HXL_SEARCH_ROWS, isHashtagRow, normaliseHeader, normaliseTag } from './import-columns';
import { openCsv, type CsvRecord } from './read-csv-file';

type Cells = Partial<Record<RequestCsvKey, string>>;
interface RowError {
  row: number;
  field: string;
  message: string;
}

const BY_TAG = new Map(REQUEST_CSV_COLUMNS.map((column) => [normaliseTag(column.hxl), column.key]));
const BY_NAME = new Map<string, RequestCsvKey>(REQUEST_CSV_COLUMNS.map((c) => [c.key, c.key]));

/** Columns by HXL hashtag (a hashtag row in the first rows), else by the export's header names. */
function findColumns(first: CsvRecord[]) {
  const hxlIndex = first
    .slice(0, HXL_SEARCH_ROWS)
    .findIndex((record) => isHashtagRow(record.cells));
  const headerIndex = hxlIndex > 0 ? hxlIndex - 1 : hxlIndex === 0 ? -1 : 0;
  const header = headerIndex >= 0 ? (first[headerIndex]?.cells ?? []) : [];
  const hashtags = hxlIndex >= 0 ? first[hxlIndex]!.cells : [];
  const positions = new Map<RequestCsvKey, number>();
  for (let index = 0; index < Math.max(header.length, hashtags.length); index++) {
    const tag = hashtags[index];
    const key =
      (tag ? BY_TAG.get(normaliseTag(tag)) : undefined) ??
      BY_NAME.get(normaliseHeader(header[index] ?? ''));
    if (key && !positions.has(key)) positions.set(key, index);
  }
  if (!positions.has('party_id') && !positions.has('party_name'))
    throw new AppError(
      'VALIDATION_FAILED',
      'The file lacks a party column (party_name / #group+name)',
      {
        issues: [
          { field: 'file', message: 'missing column: party (party_name, party_id / #group+name)' },
        ],
      },
    );
  return {
    positions,
    hxlRow: hxlIndex >= 0 ? first[hxlIndex]!.row : null,
    dataStart: Math.max(hxlIndex, headerIndex) + 1,
  };
}

/** A name or id to an id, in one table, case-insensitively (null and an error if none or several). */
async function lookup(db: Db, table: 'organizations' | 'areas' | 'parties', value: string) {
  const column = table === 'areas' ? Prisma.sql`coalesce(pcode, name)` : Prisma.sql`name`;
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT id::text FROM ${Prisma.raw(table)}
    WHERE id::text = lower(${value}) OR lower(${column}) = lower(${value}) OR lower(name) = lower(${value})
      ${table === 'organizations' ? Prisma.sql`OR lower(acronym) = lower(${value})` : Prisma.empty}
    LIMIT 2`;
  return rows.length === 1 ? rows[0]!.id : null;
}

const orNull = (value: string | undefined) => (value ? value : null);

/**
 * Imports a request CSV (the export's columns, found by hashtag or header): a dry run by
 * default, else all rows or none in one transaction through the same use-cases as the API
 * (each change audited, an editor's entries proposals). A row naming a request
 * (`request_id`) that the importer may see records its party's position unless that party's
 * current position already says the same stance on the same day (unchanged); rows without
 * one make new requests, grouped by organisation, kind, area, day and purpose, needing the
 * rows' parties in order. Organisations, areas and parties must exist.
 */
export async function importRequestCsv(
  db: Db,
  ctx: RequestContext,
  file: ImportFile,
  options: { dryRun: boolean },
): Promise<TAccessRequestImportReport> {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
  const { records } = await openCsv(file.content);
  const all: CsvRecord[] = [];
  for await (const record of records) all.push(record);
  const layout = findColumns(all.slice(0, HXL_SEARCH_ROWS + 1));
  const errors: RowError[] = [];
  const summary = { newRequests: 0, newPositions: 0, unchanged: 0, errors: 0 };
  type Planned =
    | { kind: 'position'; row: number; requestId: string; position: TConsentPositionRecord }
    | {
        kind: 'request';
        key: string;
        rows: number[];
        request: TAccessRequestCreate;
        positions: (TConsentPositionRecord | null)[];
      };
  const planned: Planned[] = [];
  const newRequests = new Map<string, Extract<Planned, { kind: 'request' }>>();
  const rows = all.slice(layout.dataStart);
  for (const record of rows) {
    const cells: Cells = {};
    for (const [key, index] of layout.positions) {
      const value = restoreFormula((record.cells[index] ?? '').trim());
      if (value) cells[key] = value;
    }
    const fail = (field: string, message: string) =>
      errors.push({ row: record.row, field, message });
    const before = errors.length;
    const partyId =
      cells.party_id ?? (cells.party_name ? await lookup(db, 'parties', cells.party_name) : null);
    if (!partyId)
      fail(
        'party_name',
        `no party matches "${cells.party_name ?? ''}" (parties are never created by an import)`,
      );
    let position: TConsentPositionRecord | null = null;
    if (cells.stance) {
      const types = splitMulti(cells.condition_types);
      const granting = splitMulti(cells.condition_parties);
      const conditions = [];
      for (const [index, type] of types.entries()) {
        const name = granting[index];
        conditions.push({
          type,
          grantingPartyId: name ? ((await lookup(db, 'parties', name)) ?? 'unknown') : null,
          legalReference: orNull(splitMulti(cells.condition_references)[index]),
          note: orNull(splitMulti(cells.condition_notes)[index]),
        });
      }
      const publishers = splitMulti(cells.source_publishers);
      const urls = splitMulti(cells.source_urls);
      const dates = splitMulti(cells.source_dates);
      const parsed = ZConsentPositionRecord.safeParse({
        partyId,
        stance: cells.stance,
        statedOn: cells.stated_on,
        reason: orNull(cells.reason),
        conditions,
        sources: splitMulti(cells.source_titles).map((title, index) => ({
          title,
          publisher: orNull(publishers[index]),
          url: orNull(urls[index]),
          publishedOn: orNull(dates[index]),
        })),
        sensitivity: cells.sensitivity,
      });
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          const field = String(issue.path[0] ?? 'row');
          const column =
            {
              stance: 'stance',
              statedOn: 'stated_on',
              sensitivity: 'sensitivity',
              conditions: 'condition_types',
              sources: 'source_titles',
              reason: 'reason',
            }[field] ?? field;
          const hint =
            field === 'stance'
              ? ` (${CONSENT_STANCES.join(', ')})`
              : field === 'sensitivity'
                ? ` (${SENSITIVITIES.join(', ')})`
                : field === 'conditions'
                  ? ` (${TERM_TYPES.join(', ')})`
                  : '';
          fail(column, `${issue.message}${hint}`);
        }
      } else position = parsed.data;
    }
    if (errors.length > before) continue;
    if (cells.request_id) {
      const [seen] = await db.$queryRaw<{ needed: string[] }[]>`
        SELECT v.needed_party_ids::text[] AS needed FROM ${visibleRequestVersionsSql(actor, undefined, [cells.request_id])} v`;
      if (!seen) {
        fail('request_id', 'no request you may see has this id');
        continue;
      }
      if (!position) {
        summary.unchanged++;
        continue;
      }
      const [same] = await db.$queryRaw<unknown[]>`
        SELECT 1 FROM ${visiblePositionVersionsSql(actor, undefined, Prisma.sql`(SELECT ${cells.request_id}::uuid)`)} p
        WHERE p.party_id = ${partyId}::uuid AND p.stance = ${position.stance}::"ConsentStance"
          AND p.stated_on = ${position.statedOn}::date`;
      if (same) summary.unchanged++;
      else
        planned.push({ kind: 'position', row: record.row, requestId: cells.request_id, position });
      continue;
    }
    const organizationId =
      cells.organization_id ??
      (await lookup(
        db,
        'organizations',
        cells.organization_name ?? cells.organization_acronym ?? '',
      ));
    const areaId =
      cells.area_id ?? (await lookup(db, 'areas', cells.area_pcode ?? cells.area_name ?? ''));
    if (!organizationId)
      fail(
        'organization_name',
        'no organisation matches (organisations are never created by an import)',
      );
    if (!areaId) fail('area_name', 'no area matches');
    if (!ACCESS_REQUEST_KINDS.includes(cells.request_kind as never))
      fail('request_kind', `must be one of ${ACCESS_REQUEST_KINDS.join(', ')}`);
    if (errors.length > before) continue;
    const key = [
      organizationId,
      cells.request_kind,
      areaId,
      cells.requested_on,
      cells.purpose,
    ].join('\u0000');
    let group = newRequests.get(key);
    if (!group) {
      const others = [];
      for (const name of splitMulti(cells.other_organizations))
        others.push((await lookup(db, 'organizations', name)) ?? name);
      group = {
        kind: 'request',
        key,
        rows: [],
        request: {
          organizationId: organizationId!,
          otherOrganizationIds: others,
          kind: cells.request_kind as TAccessRequestCreate['kind'],
          areaId: areaId!,
          requestedOn: cells.requested_on ?? '',
          periodFrom: orNull(cells.period_from),
          periodTo: orNull(cells.period_to),
          purpose: cells.purpose ?? '',
          neededPartyIds: [],
          accessStatusVersionId: null,
          sources: splitMulti(cells.request_source_titles).map((title) => ({ title })),
          sensitivity: (cells.request_sensitivity ??
            cells.sensitivity) as TAccessRequestCreate['sensitivity'],
        },
        positions: [],
      };
      newRequests.set(key, group);
      planned.push(group);
    }
    group.rows.push(record.row);
    group.request.neededPartyIds.push(partyId!);
    group.positions.push(position);
  }
  for (const group of newRequests.values()) {
    const parsed = ZAccessRequestCreate.safeParse(group.request);
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        errors.push({
          row: group.rows[0]!,
          field: String(issue.path[0] ?? 'row'),
          message: issue.message,
        });
  }
  summary.errors = errors.length;
  summary.newRequests = newRequests.size;
  summary.newPositions =
    planned.filter((p) => p.kind === 'position').length +
    [...newRequests.values()].reduce((n, g) => n + g.positions.filter(Boolean).length, 0);
  const applied = !options.dryRun && errors.length === 0;
  if (applied) {
    await inTransaction(db, async (tx: Tx) => {
      for (const step of planned) {
        try {
          if (step.kind === 'position')
            await recordConsentPosition(tx, ctx, step.requestId, step.position);
          else {
            const { requestId } = await createAccessRequest(tx, ctx, step.request);
            for (const position of step.positions)
              if (position) await recordConsentPosition(tx, ctx, requestId, position);
          }
        } catch (error) {
          if (error instanceof AppError)
            throw new AppError(
              error.code,
              `Row ${step.kind === 'position' ? step.row : step.rows[0]}: ${error.message}`,
              error.details,
            );
          throw error;
        }
      }
    });
  }
  return {
    filename: file.filename,
    dryRun: options.dryRun,
    applied,
    rows: rows.length,
    hxlRow: layout.hxlRow,
    summary,
    errors: errors.slice(0, 1000),
  };
}
