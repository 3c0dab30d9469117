import { Prisma } from '@access/db';
import {
  ACCESS_REQUEST_KINDS,
  CONSENT_STANCES,
  SENSITIVITIES,
  TERM_TYPES,
  ZAccessRequestCorrection,
  ZAccessRequestCreate,
  ZConsentPositionCorrection,
  ZConsentPositionRecord,
  ZIsoDate,
  ZUuid,
  type TAccessRequestCorrection,
  type TAccessRequestCreate,
  type TAccessRequestImportReport,
  type TAccessRequestVersion,
  type TConsentPositionCorrection,
  type TConsentPositionRecord,
  type TConsentPositionVersion,
} from '@access/contracts';
import { restoreFormula, splitMulti } from '../csv/access-csv-columns';
import { REQUEST_CSV_COLUMNS, type RequestCsvKey } from '../csv/request-csv-columns';
import { correctRequestRecord } from '../requests/correct-request-record';
import { positionBeforeRequest, requestAfterPosition } from '../requests/position-dates';
import { createAccessRequest } from '../requests/create-access-request';
import { recordConsentPosition } from '../requests/record-consent-position';
import {
  existingRequestProposalsSql,
  requestVersionExistsSql,
  visiblePositionVersionsSql,
  visibleRequestVersionsSql,
} from '../requests/request-sql';
import { recordProposalSuccessorSql } from '../requests/request-store';
import { loadPositionVersions, loadRequestVersions } from '../requests/request-view';
import {
  inTransaction,
  requireRole,
  type Actor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import type { ImportFile } from './import-access-csv';
import { HXL_SEARCH_ROWS, locateColumns, normaliseTag, type RowCells } from './import-columns';
import { holdRecords, openCsv, type CsvRecord } from './read-csv-file';
import { ImportReferences } from './resolve-references';

type Cells = Partial<Record<RequestCsvKey, string>>;
/** The columns that name a row's organisation and area (resolve-references.ts finds them). */
const REFERENCE_COLUMNS = [
  'organization_id',
  'organization_acronym',
  'organization_name',
  'area_id',
  'area_pcode',
  'area_name',
  'country_iso3',
] as const satisfies readonly (RequestCsvKey & keyof RowCells)[];
const ID_COLUMNS = [
  'request_id',
  'request_version_id',
  'organization_id',
  'area_id',
  'party_id',
  'position_version_id',
] as const satisfies readonly RequestCsvKey[];
interface RowError {
  row: number;
  field: string;
  message: string;
}

const BY_TAG = new Map(REQUEST_CSV_COLUMNS.map((column) => [normaliseTag(column.hxl), column.key]));
const BY_NAME = new Map<string, RequestCsvKey>(REQUEST_CSV_COLUMNS.map((c) => [c.key, c.key]));

/** Columns by HXL hashtag (a hashtag row in the first rows), else by the export's header names. */
function findColumns(first: CsvRecord[]) {
  const { positions, hxlIndex, headerIndex } = locateColumns(first, {
    byTag: BY_TAG,
    byName: BY_NAME,
  });
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

const orNull = (value: string | undefined) => (value ? value : null);

/** The CSV columns of a position's fields, for its errors. */
const POSITION_COLUMNS: Record<string, string> = {
  stance: 'stance',
  statedOn: 'stated_on',
  sensitivity: 'sensitivity',
  conditions: 'condition_types',
  sources: 'source_titles',
  reason: 'reason',
  partyId: 'party_name',
};

/** The CSV columns of a request's fields, for its errors (those that depend on the file: in the import). */
const REQUEST_COLUMNS: Record<string, string> = {
  otherOrganizationIds: 'other_organizations',
  kind: 'request_kind',
  requestedOn: 'requested_on',
  periodFrom: 'period_from',
  periodTo: 'period_to',
  purpose: 'purpose',
  sources: 'request_source_titles',
  accessStatusVersionId: 'request_id',
  correctionNote: 'request_id',
};

/** The column of a field, else the row (a rule about the whole row). */
const columnOf = (columns: Record<string, string>, field: string) => columns[field] ?? 'row';

const AWAITING_REVIEW =
  "the request awaits a coordinator's review: its parties' positions can be recorded once it is validated (leave stance empty for now)";

/**
 * The importer's own new requests awaiting review (a request proposal of theirs or their
 * organisation's, submitted or draft, not replaced or decided since), as proposal rows `p`:
 * what the proposal rule of requests lets them see (existingRequestProposalsSql).
 */
function ownPendingRequestsSql(actor: Actor): Prisma.Sql {
  return Prisma.sql`(SELECT p.* FROM ${existingRequestProposalsSql(actor, 'request')}
    WHERE p.review_state IN ('SUBMITTED', 'DRAFT') AND p.target_id IS NULL
      AND ${recordProposalSuccessorSql(actor, 'request', Prisma.sql`p`)} IS NULL
      AND (p.recorded_by_id = ${actor.userId}::uuid OR EXISTS (
        SELECT 1 FROM access_requests q WHERE q.id = p.request_id AND q.organization_id = ANY(${actor.organizationIds}::uuid[])))) p`;
}
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The request columns an import compares (and corrects) when the file has them. */
const REQUEST_COMPARED = [
  'request_kind',
  'area',
  'requested_on',
  'period_from',
  'period_to',
  'purpose',
  'request_sensitivity',
  'request_source_titles',
  'other_organizations',
] as const;

type RowAction = 'NEW' | 'CORRECTION' | 'UNCHANGED';

/** What an import does with a row: to its request, and to its party's position (null: the row states none). */
interface RowChange {
  row: number;
  request: RowAction;
  position: RowAction | null;
  requestId: string | null;
}

interface ExistingRequest {
  current: TAccessRequestVersion;
  /** the current version of each position on the request, as the importer sees it */
  positions: TConsentPositionVersion[];
  /** its correction, once planned (the first row that changes it) */
  correction: TAccessRequestCorrection | null;
  /** the request columns as the first row naming it gave them */
  firstRow: number;
  stated: string | null;
  /** the importer's own request awaiting review (`current` is its proposal row): no position yet */
  proposed: boolean;
}

/**
 * Imports a request CSV (the export's columns, found by hashtag or header): a dry run by
 * default, else all rows or none in one transaction through the same use-cases as the API
 * (each change audited, an editor's entries proposals). Re-importing an unchanged file (or
 * an export) changes nothing, and a changed row records a new version, never a new request,
 * by one natural key on both sides:
 *
 * - a row's request is the one its `request_id` names, else the one the importer may see
 *   with the same lead organisation, kind, area, day requested and purpose (the columns the
 *   export writes for every row); none: a new request, grouped with the rows of the same
 *   key, needing their parties in order. A request's other columns the file has (period,
 *   purpose, sensitivity, source titles, other organisations; kind and area with an id)
 *   are compared with its current version: different, a correction of it (once per request;
 *   rows of one request that disagree are refused). Its needed parties are never changed.
 * - a row's position is the version its `position_version_id` names (it must be current,
 *   unless the current one already says the same), else the party's position taken on the
 *   row's `stated_on`; the columns the file has (stance, reason, conditions, sources,
 *   sensitivity) the same: unchanged; else a correction of it; none that day: a new position.
 *
 * Organisations, areas and parties must exist (an import never creates them).
 */
export async function importRequestCsv(
  db: Db,
  ctx: RequestContext,
  file: ImportFile,
  options: { dryRun: boolean },
): Promise<TAccessRequestImportReport> {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
  const { records } = await openCsv(file.content);
  const all = await holdRecords(records, HXL_SEARCH_ROWS, 'A request import');
  const layout = findColumns(all.slice(0, HXL_SEARCH_ROWS + 1));
  const has = (key: RequestCsvKey) => layout.positions.has(key);
  const errors: RowError[] = [];
  type Planned =
    | { kind: 'position'; row: number; requestId: string; position: TConsentPositionRecord }
    | {
        kind: 'position-correction';
        row: number;
        versionId: string;
        correction: TConsentPositionCorrection;
      }
    | { kind: 'request-correction'; row: number; existing: ExistingRequest }
    | {
        kind: 'request';
        key: string;
        rows: number[];
        request: TAccessRequestCreate;
        positions: (TConsentPositionRecord | null)[];
      };
  const planned: Planned[] = [];
  const changes: RowChange[] = [];
  const newRequests = new Map<string, Extract<Planned, { kind: 'request' }>>();
  const existing = new Map<string, ExistingRequest | null>();
  /** a request the importer may see, with its positions (null: none has this id) */
  const load = async (requestId: string): Promise<ExistingRequest | null> => {
    if (existing.has(requestId)) return existing.get(requestId)!;
    const [seen] = await db.$queryRaw<{ id: string }[]>`
      SELECT v.id::text FROM ${visibleRequestVersionsSql(actor, undefined, [requestId])} v`;
    let found: ExistingRequest | null = null;
    if (seen) {
      const positionIds = await db.$queryRaw<{ id: string }[]>`
        SELECT p.id::text FROM ${visiblePositionVersionsSql(actor, undefined, Prisma.sql`(SELECT ${requestId}::uuid)`)} p
        ORDER BY p.position_created_at, p.position_id`;
      found = {
        current: (await loadRequestVersions(db, actor, [seen.id]))[0]!,
        positions: await loadPositionVersions(
          db,
          actor,
          positionIds.map((row) => row.id),
        ),
        correction: null,
        firstRow: 0,
        stated: null,
        proposed: false,
      };
    } else {
      const [proposed] = await db.$queryRaw<{ id: string }[]>`
        SELECT p.id::text FROM ${ownPendingRequestsSql(actor)} WHERE p.request_id = ${requestId}::uuid`;
      if (proposed)
        found = {
          current: (await loadRequestVersions(db, actor, [proposed.id]))[0]!,
          positions: [],
          correction: null,
          firstRow: 0,
          stated: null,
          proposed: true,
        };
    }
    existing.set(requestId, found);
    return found;
  };
  // the file's column for a field of the request (its errors name what the file has)
  const requestColumns: Record<string, string> = {
    ...REQUEST_COLUMNS,
    sensitivity: has('request_sensitivity') ? 'request_sensitivity' : 'sensitivity',
    organizationId: has('organization_name')
      ? 'organization_name'
      : has('organization_acronym')
        ? 'organization_acronym'
        : 'organization_id',
    areaId: has('area_name') ? 'area_name' : has('area_pcode') ? 'area_pcode' : 'area_id',
    neededPartyIds: has('party_name') ? 'party_name' : 'party_id',
  };
  // organisations, areas and parties as every import finds them: ids, IATI ids, acronyms,
  // names, aliases and p-codes, loaded once, an ambiguous name an error naming its column
  const references = await ImportReferences.load(db);
  const rows = all.slice(layout.dataStart).filter((record) => record.cells.some(Boolean));
  for (const record of rows) {
    const cells: Cells = {};
    for (const [key, index] of layout.positions) {
      const value = restoreFormula((record.cells[index] ?? '').trim());
      if (value) cells[key] = value;
    }
    const fail = (field: string, message: string) =>
      errors.push({ row: record.row, field, message });
    const before = errors.length;
    // an id the database could not read as one would fail the query: said here, as a row error
    for (const key of ID_COLUMNS)
      if (cells[key] !== undefined && !ZUuid.safeParse(cells[key]).success)
        fail(key, 'is not an id (leave it empty to match by name)');
    if (errors.length > before) continue;
    // ids are looked up too: one of no organisation, area or party is no match, not a row
    // the apply would fail on
    const partyName = cells.party_id ?? cells.party_name;
    const partyColumn =
      cells.party_id || (!cells.party_name && !has('party_name')) ? 'party_id' : 'party_name';
    const party = partyName
      ? references.party(partyName, partyColumn)
      : { error: { field: partyColumn, message: 'no party named' } };
    const partyId = party.reference?.id ?? null;
    if (party.error) fail(party.error.field, party.error.message);
    let position: TConsentPositionRecord | null = null;
    if (cells.stance) {
      const types = splitMulti(cells.condition_types);
      const granting = splitMulti(cells.condition_parties);
      const conditions = [];
      for (const [index, type] of types.entries()) {
        const name = granting[index];
        const grantingParty = name ? references.party(name, 'condition_parties') : null;
        if (grantingParty?.error) fail(grantingParty.error.field, grantingParty.error.message);
        conditions.push({
          type,
          grantingPartyId: grantingParty?.reference?.id ?? null,
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
          // no party found: said at its column already
          if (field === 'partyId' && !partyId) continue;
          const column = columnOf(POSITION_COLUMNS, field);
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
    // the columns that name the organisation and area, as the file has them (empty ones
    // too, so that an error names a column the file has)
    const named: RowCells = {};
    for (const key of REFERENCE_COLUMNS) if (has(key)) named[key] = cells[key] ?? '';
    const organization = references.organization(named, actor);
    const organizationId = organization.reference?.id ?? null;
    const area = references.area(named);
    const areaId = area.reference?.id ?? null;
    const others: string[] = [];
    for (const name of splitMulti(cells.other_organizations)) {
      const other = references.organizationNamed(name, 'other_organizations');
      if (other.error) fail(other.error.field, other.error.message);
      else others.push(other.reference.id);
    }
    let requestId = cells.request_id ?? null;
    if (!requestId) {
      if (organization.error) fail(organization.error.field, organization.error.message);
      if (area.error) fail(area.error.field, area.error.message);
      if (!ACCESS_REQUEST_KINDS.includes(cells.request_kind as never))
        fail('request_kind', `must be one of ${ACCESS_REQUEST_KINDS.join(', ')}`);
      if (errors.length > before) continue;
      // the natural key: the request the importer may see with the same lead organisation,
      // kind, area, day requested and purpose
      // (or the importer's own new request awaiting review: an editor's import proposes it once)
      const sameKey = Prisma.sql`v.organization_id = ${organizationId}::uuid AND v.kind::text = ${cells.request_kind}
        AND v.area_id = ${areaId}::uuid AND v.requested_on = ${cells.requested_on}::date
        AND v.purpose = ${cells.purpose ?? ''}`;
      const matches = ZIsoDate.safeParse(cells.requested_on).success
        ? await db.$queryRaw<{ id: string }[]>`
            SELECT v.request_id::text AS id FROM ${visibleRequestVersionsSql(actor)} v WHERE ${sameKey}
            UNION
            SELECT v.request_id::text FROM (SELECT p.*, q.organization_id FROM ${ownPendingRequestsSql(actor)}
              JOIN access_requests q ON q.id = p.request_id) v WHERE ${sameKey}
            LIMIT 2`
        : [];
      if (matches.length > 1) {
        fail(
          'request_id',
          'several requests you may see have this organisation, kind, area, day and purpose: give the request_id',
        );
        continue;
      }
      requestId = matches[0]?.id ?? null;
    }
    if (!requestId) {
      const key = [
        organizationId,
        cells.request_kind,
        areaId,
        cells.requested_on,
        cells.purpose,
      ].join('\u0000');
      let group = newRequests.get(key);
      if (!group) {
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
      if (position && actor.role === 'EDITOR') {
        // an editor's new request is a proposal: no position can be recorded on it yet
        fail('stance', AWAITING_REVIEW);
        continue;
      }
      // (a day that is not one is said at requested_on, by the request's own checks)
      const early =
        position &&
        ZIsoDate.safeParse(cells.requested_on).success &&
        positionBeforeRequest(position.statedOn, cells.requested_on!);
      if (early) {
        fail('stated_on', early);
        continue;
      }
      group.rows.push(record.row);
      group.request.neededPartyIds.push(partyId!);
      group.positions.push(position);
      changes.push({
        row: record.row,
        request: 'NEW',
        position: position ? 'NEW' : null,
        requestId: null,
      });
      continue;
    }
    const found = await load(requestId);
    if (!found) {
      // a request the importer may not see reads exactly as one that never existed
      fail('request_id', 'no request you may see has this id');
      continue;
    }
    const { current } = found;
    // a known request's row may leave its organisation unmatched (the request says whose it
    // is); one it names must be the request's
    const organizationColumn =
      organization.error?.field ??
      (['organization_id', 'organization_acronym', 'organization_name'] as const).find(
        (column) => named[column],
      ) ??
      'organization_name';
    // an editor changes their own organisations' requests only (the apply would refuse it)
    const notTheirs =
      actor.role === 'EDITOR' && !actor.organizationIds.includes(current.organization.id);
    const NOT_THEIRS = `is ${current.organization.name}'s request: you can only change your own organisation's`;
    if (organizationId && organizationId !== current.organization.id) {
      fail(organizationColumn, 'is not the organisation that made this request (it cannot change)');
      continue;
    }
    if (!current.neededParties.some((party) => party.id === partyId)) {
      fail(
        cells.party_id ? 'party_id' : 'party_name',
        'is not one of the parties this request needs',
      );
      continue;
    }
    // the request's columns the file has, over its current version
    const stated = {
      kind: has('request_kind') ? cells.request_kind : current.kind,
      areaId: has('area_id') || has('area_name') || has('area_pcode') ? areaId : current.area.id,
      requestedOn: has('requested_on') ? cells.requested_on : current.requestedOn,
      periodFrom: has('period_from') ? orNull(cells.period_from) : current.periodFrom,
      periodTo: has('period_to') ? orNull(cells.period_to) : current.periodTo,
      purpose: has('purpose') ? (cells.purpose ?? '') : current.purpose,
      sensitivity: has('request_sensitivity') ? cells.request_sensitivity : current.sensitivity,
      sourceTitles: has('request_source_titles')
        ? splitMulti(cells.request_source_titles)
        : current.sources.map((source) => source.title),
      otherOrganizationIds: has('other_organizations')
        ? others
        : current.otherOrganizations.map((organization) => organization.id),
    };
    if (!stated.areaId) {
      fail(area.error?.field ?? 'area_name', area.error?.message ?? 'no area matches');
      continue;
    }
    const statedKey = JSON.stringify(stated);
    if (found.stated === null) {
      found.stated = statedKey;
      found.firstRow = record.row;
      const unchanged = same(stated, {
        kind: current.kind,
        areaId: current.area.id,
        requestedOn: current.requestedOn,
        periodFrom: current.periodFrom,
        periodTo: current.periodTo,
        purpose: current.purpose,
        sensitivity: current.sensitivity,
        sourceTitles: current.sources.map((source) => source.title),
        otherOrganizationIds: current.otherOrganizations.map((organization) => organization.id),
      });
      if (!unchanged) {
        if (notTheirs) {
          fail('request_id', NOT_THEIRS);
          continue;
        }
        const answered = found.positions
          .map((version) => version.statedOn)
          .sort()
          .find((statedOn) => positionBeforeRequest(statedOn, stated.requestedOn ?? ''));
        if (answered) {
          fail('requested_on', requestAfterPosition(answered));
          continue;
        }
        if (cells.request_version_id && cells.request_version_id !== current.id) {
          fail(
            'request_version_id',
            `names a version replaced since (now ${current.id}): export again and edit that`,
          );
          continue;
        }
        const correction = ZAccessRequestCorrection.safeParse({
          otherOrganizationIds: stated.otherOrganizationIds,
          kind: stated.kind,
          areaId: stated.areaId,
          requestedOn: stated.requestedOn,
          periodFrom: stated.periodFrom,
          periodTo: stated.periodTo,
          purpose: stated.purpose,
          neededPartyIds: current.neededParties.map((party) => party.id),
          accessStatusVersionId: current.accessStatusVersionId,
          // a title kept keeps its publisher, address and date
          sources: stated.sourceTitles.map((title) => {
            const kept = current.sources.find((source) => source.title === title);
            return kept
              ? {
                  title,
                  publisher: kept.publisher,
                  url: kept.url,
                  publishedOn: kept.publishedOn,
                }
              : { title };
          }),
          sensitivity: stated.sensitivity,
          correctionNote: `Imported from ${file.filename}`,
        });
        if (!correction.success) {
          for (const issue of correction.error.issues)
            fail(columnOf(requestColumns, String(issue.path[0] ?? 'row')), issue.message);
          continue;
        }
        found.correction = correction.data;
        planned.push({ kind: 'request-correction', row: record.row, existing: found });
      }
    } else if (found.stated !== statedKey) {
      fail(
        'request_id',
        `says other things of its request than row ${found.firstRow} (${REQUEST_COMPARED.join(', ')} must agree)`,
      );
      continue;
    }
    const requestAction: RowAction =
      found.correction && found.firstRow === record.row ? 'CORRECTION' : 'UNCHANGED';
    let positionAction: RowAction | null = null;
    if (position && found.proposed) {
      fail('stance', AWAITING_REVIEW);
      continue;
    }
    if (position) {
      const mine = found.positions.filter((version) => version.party.id === partyId);
      let target: TConsentPositionVersion | undefined;
      if (cells.position_version_id) {
        target = mine.find((version) => version.id === cells.position_version_id);
        if (!target) {
          const [replaced] = await db.$queryRaw<{ positionId: string }[]>`
            SELECT v.position_id::text AS "positionId" FROM consent_position_versions v
            WHERE v.id = ${cells.position_version_id}::uuid AND ${requestVersionExistsSql(actor, Prisma.sql`v`)}`;
          const now =
            replaced && mine.find((version) => version.positionId === replaced.positionId);
          if (!now) {
            fail('position_version_id', 'no position you may see of this party has this id');
            continue;
          }
          if (!samePosition(position, now, has)) {
            fail(
              'position_version_id',
              `names a version replaced since (now ${now.id}): export again and edit that`,
            );
            continue;
          }
          target = now;
        }
      } else {
        target = mine.filter((version) => version.statedOn === position.statedOn).at(-1);
      }
      const writes = !(target && samePosition(position, target, has));
      if (notTheirs && writes) {
        fail('request_id', NOT_THEIRS);
        continue;
      }
      // a position written is checked against its request's day as the apply will find it:
      // corrected by this file first (a coordinator's correction is validated at once), or
      // as validated (an editor's correction is only proposed); a row restating a position
      // as it stands writes nothing, so an export imports again whatever it holds
      const requestDay =
        actor.role === 'EDITOR' ? current.requestedOn : (stated.requestedOn ?? current.requestedOn);
      const early = writes && positionBeforeRequest(position.statedOn, requestDay);
      if (early) {
        fail('stated_on', early);
        continue;
      }
      if (!target) {
        planned.push({ kind: 'position', row: record.row, requestId, position });
        positionAction = 'NEW';
      } else if (samePosition(position, target, has)) {
        positionAction = 'UNCHANGED';
      } else {
        const correction = ZConsentPositionCorrection.safeParse(
          positionCorrection(position, target, has, file.filename),
        );
        if (!correction.success) {
          for (const issue of correction.error.issues)
            fail(columnOf(POSITION_COLUMNS, String(issue.path[0] ?? 'row')), issue.message);
          continue;
        }
        planned.push({
          kind: 'position-correction',
          row: record.row,
          versionId: target.id,
          correction: correction.data,
        });
        positionAction = 'CORRECTION';
      }
    }
    changes.push({ row: record.row, request: requestAction, position: positionAction, requestId });
  }
  // a new request is checked whole, once its rows are gathered: one that fails is an error
  // at its first row, and none of its rows is reported as a change
  const refusedRows = new Set<number>();
  let requestsMade = 0;
  for (const group of newRequests.values()) {
    // every row of it was refused already (e.g. an editor's answer on a new request)
    if (group.rows.length === 0) continue;
    const parsed = ZAccessRequestCreate.safeParse(group.request);
    if (parsed.success) {
      requestsMade++;
      continue;
    }
    for (const issue of parsed.error.issues)
      errors.push({
        row: group.rows[0]!,
        field: columnOf(requestColumns, String(issue.path[0] ?? 'row')),
        message: issue.message,
      });
    for (const row of group.rows) refusedRows.add(row);
  }
  if (refusedRows.size > 0)
    changes.splice(0, changes.length, ...changes.filter((change) => !refusedRows.has(change.row)));
  const summary = {
    newRequests: requestsMade,
    newPositions: changes.filter((change) => change.position === 'NEW').length,
    corrections: changes.reduce(
      (n, change) =>
        n + (change.request === 'CORRECTION' ? 1 : 0) + (change.position === 'CORRECTION' ? 1 : 0),
      0,
    ),
    unchanged: changes.filter(
      (change) =>
        change.request === 'UNCHANGED' &&
        change.position !== 'NEW' &&
        change.position !== 'CORRECTION',
    ).length,
    errors: errors.length,
  };
  const applied = !options.dryRun && errors.length === 0;
  if (applied) {
    await inTransaction(db, async (tx: Tx) => {
      for (const step of planned) {
        try {
          if (step.kind === 'position')
            await recordConsentPosition(tx, ctx, step.requestId, step.position);
          else if (step.kind === 'position-correction')
            await correctRequestRecord(
              tx as unknown as Db,
              ctx,
              'position',
              step.versionId,
              step.correction,
            );
          else if (step.kind === 'request-correction')
            await correctRequestRecord(
              tx as unknown as Db,
              ctx,
              'request',
              step.existing.current.id,
              step.existing.correction!,
            );
          else {
            const { requestId } = await createAccessRequest(tx, ctx, step.request);
            for (const position of step.positions)
              if (position) await recordConsentPosition(tx, ctx, requestId, position);
          }
        } catch (error) {
          if (error instanceof AppError)
            throw new AppError(
              error.code,
              `Row ${step.kind === 'request' ? step.rows[0] : step.row}: ${error.message}`,
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
    errors: errors.sort((a, b) => a.row - b.row).slice(0, 1000),
    changes: changes.slice(0, 10_000),
  };
}

/** A position as the row states it, on the columns the file has. */
function positionFacts(
  position: {
    stance: string;
    statedOn: string;
    reason?: string | null;
    conditions: {
      type: string;
      grantingPartyId?: string | null;
      legalReference?: string | null;
      note?: string | null;
    }[];
    sources: {
      title: string;
      publisher?: string | null;
      url?: string | null;
      publishedOn?: string | null;
    }[];
    sensitivity: string;
  },
  has: (key: RequestCsvKey) => boolean,
) {
  return JSON.stringify([
    position.stance,
    position.statedOn,
    has('reason') ? (position.reason ?? null) : null,
    has('condition_types')
      ? position.conditions.map((condition) => [
          condition.type,
          has('condition_parties') ? (condition.grantingPartyId ?? null) : null,
          has('condition_references') ? condition.legalReference || null : null,
          has('condition_notes') ? condition.note || null : null,
        ])
      : null,
    has('source_titles')
      ? position.sources.map((source) => [
          source.title,
          has('source_publishers') ? source.publisher || null : null,
          has('source_urls') ? source.url || null : null,
          has('source_dates') ? source.publishedOn || null : null,
        ])
      : null,
    has('sensitivity') ? position.sensitivity : null,
  ]);
}

/** A current position version in the row's terms. */
function asStated(version: TConsentPositionVersion) {
  return {
    ...version,
    conditions: version.conditions.map((condition) => ({
      type: condition.type,
      grantingPartyId: condition.grantingParty?.id ?? null,
      legalReference: condition.legalReference,
      note: condition.note,
    })),
  };
}

function samePosition(
  row: TConsentPositionRecord,
  version: TConsentPositionVersion,
  has: (key: RequestCsvKey) => boolean,
): boolean {
  return positionFacts(row, has) === positionFacts(asStated(version), has);
}

/** The row's columns over the position's current version: its correction. */
function positionCorrection(
  row: TConsentPositionRecord,
  version: TConsentPositionVersion,
  has: (key: RequestCsvKey) => boolean,
  filename: string,
): TConsentPositionCorrection {
  const current = asStated(version);
  // without condition columns a position keeps its conditions while its stance stays
  const conditions =
    has('condition_types') || row.stance !== current.stance ? row.conditions : current.conditions;
  return {
    stance: row.stance,
    statedOn: row.statedOn,
    reason: has('reason') ? (row.reason ?? null) : current.reason,
    conditions,
    sources: has('source_titles') ? row.sources : current.sources,
    sensitivity: row.sensitivity,
    correctionNote: `Imported from ${filename}`,
  };
}
