import { Prisma } from '@access/db';
import {
  INCIDENT_IMPACTS,
  PERPETRATOR_CATEGORIES,
  SECTORS,
  SENSITIVITIES,
  ZIncidentRecord,
  type TIncidentImportReport,
  type TIncidentRecord,
} from '@access/contracts';
import { restoreFormula, splitMulti } from '../csv/access-csv-columns';
import { foundColumns } from './import-columns';
import { INCIDENT_CSV_COLUMNS, type IncidentCsvKey } from '../csv/incident-csv-columns';
import { correctIncident } from '../incidents/correct-incident';
import {
  existingIncidentProposalsSql,
  incidentProposalSuccessorSql,
  visibleIncidentVersionsSql,
} from '../incidents/incident-sql';
import { recordIncident } from '../incidents/record-incident';
import { checkSensitivity } from '../review/review-rules';
import { requireRole, type Actor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import type { ImportFile } from './import-access-csv';
import { HXL_SEARCH_ROWS, locateColumns, normaliseTag, type RowCells } from './import-columns';
import { cellMessage, csvInteger, extraSlots } from './parse-import-row';
import { holdRecords, openCsv, type CsvRecord } from './read-csv-file';
import { ImportReferences, type FieldError } from './resolve-references';

type Cells = Partial<Record<IncidentCsvKey, string>>;
type Action = 'NEW' | 'CORRECTION' | 'UNCHANGED';
type Content = Omit<TIncidentRecord, 'organizationId' | 'reviewState'>;

/** What a row is compared on with the incident it names, as the importer sees it. */
export const INCIDENT_IMPORT_COMPARED = [
  'occurred_on',
  'occurred_time',
  'area',
  'category',
  'sub_type',
  'impacts',
  'sectors',
  'affected_organization_ids',
  'affected_organization_types',
  'people_affected',
  'perpetrator',
  'description',
  'sources',
  'sensitivity',
];

interface Layout {
  positions: Map<IncidentCsvKey, number>;
  hxlRow: number | null;
  dataStart: number;
  mapped: Record<string, string>;
  ignored: string[];
}

const BY_TAG = new Map(
  INCIDENT_CSV_COLUMNS.map((column) => [normaliseTag(column.hxl), column.key]),
);
const BY_NAME = new Map<string, IncidentCsvKey>(INCIDENT_CSV_COLUMNS.map((c) => [c.key, c.key]));

/** Columns by HXL hashtag (a hashtag row in the first 25 rows), else by the export's header names. */
function findIncidentColumns(first: CsvRecord[]): Layout {
  const { positions, ignored, header, hashtags, hxlIndex, headerIndex } = locateColumns(first, {
    byTag: BY_TAG,
    byName: BY_NAME,
  });
  const has = (...keys: IncidentCsvKey[]) => keys.some((key) => positions.has(key));
  const missing = [
    has('organization_id', 'organization_iati_id', 'organization_acronym', 'organization_name')
      ? null
      : 'organisation (organization_name, organization_acronym, organization_iati_id or organization_id / #org+name)',
    has('area_id', 'area_pcode', 'area_name')
      ? null
      : 'area (area_name, area_pcode or area_id / #loc+name)',
    has('occurred_on') ? null : 'occurred_on (#date+occurred)',
    has('category') ? null : 'category (#access+category+code)',
    has('sub_type') ? null : 'sub_type (#event+type+code)',
    has('description') ? null : 'description (#description)',
    has('sensitivity') ? null : 'sensitivity (#meta+sensitivity)',
  ].filter((column): column is string => column !== null);
  if (missing.length > 0) {
    throw new AppError(
      'VALIDATION_FAILED',
      `The file lacks required columns: ${missing.join('; ')}`,
      {
        issues: missing.map((column) => ({ field: 'file', message: `missing column: ${column}` })),
        foundColumns: foundColumns(header),
      },
    );
  }
  return {
    positions,
    hxlRow: hxlIndex >= 0 ? first[hxlIndex]!.row : null,
    dataStart: Math.max(hxlIndex, headerIndex) + 1,
    mapped: Object.fromEntries(
      [...positions].map(([key, index]) => [key, header[index] || hashtags[index] || key]),
    ),
    ignored,
  };
}

const COLUMN_OF: Record<string, IncidentCsvKey> = {
  occurredOn: 'occurred_on',
  occurredTime: 'occurred_time',
  category: 'category',
  subType: 'sub_type',
  impacts: 'impacts',
  sectors: 'sectors',
  affectedOrganizationIds: 'affected_organization_ids',
  affectedOrganizationTypes: 'affected_organization_types',
  peopleAffected: 'people_affected',
  perpetrator: 'perpetrator',
  description: 'description',
  sensitivity: 'sensitivity',
};
const SOURCE_COLUMN: Record<string, IncidentCsvKey> = {
  title: 'source_titles',
  publisher: 'source_publishers',
  url: 'source_urls',
  publishedOn: 'source_dates',
};
const HINT: Partial<Record<IncidentCsvKey, string>> = {
  impacts: ` (${INCIDENT_IMPACTS.join(', ')})`,
  sectors: ` (${SECTORS.join(', ')})`,
  perpetrator: ` (${PERPETRATOR_CATEGORIES.join(', ')})`,
  sensitivity: ` (${SENSITIVITIES.join(', ')})`,
};

const orNull = (value: string | undefined) => (value ? value : null);

/** Organisations affected, by id (the export's column) or else by name, IATI id or acronym. */
class AffectedOrganizations {
  private constructor(
    private byKey: Map<string, { id: string; type: number }[]>,
    private byId: Map<string, number>,
  ) {}
  static async load(db: Db): Promise<AffectedOrganizations> {
    const rows = await db.$queryRaw<
      { id: string; type: number; keys: (string | null)[] }[]
    >`SELECT id::text, type_code::int AS type, ARRAY[name, acronym, iati_id] || aliases AS keys FROM organizations`;
    const byKey = new Map<string, { id: string; type: number }[]>();
    for (const row of rows)
      for (const key of new Set(row.keys.filter(Boolean).map((k) => k!.trim().toLowerCase())))
        byKey.set(key, [...(byKey.get(key) ?? []), { id: row.id, type: row.type }]);
    return new AffectedOrganizations(byKey, new Map(rows.map((row) => [row.id, row.type])));
  }
  resolve(cells: Cells, errors: FieldError[]): { ids: string[]; types: number[] } {
    const ids = splitMulti(cells.affected_organization_ids).filter(Boolean);
    if (ids.length > 0) {
      const unknown = ids.filter((id) => !this.byId.has(id.toLowerCase()));
      if (unknown.length)
        errors.push({
          field: 'affected_organization_ids',
          message: `no organisation has the id "${unknown[0]}"`,
        });
      return {
        ids: ids.map((id) => id.toLowerCase()),
        types: ids.map((id) => this.byId.get(id.toLowerCase()) ?? 0),
      };
    }
    const found: { id: string; type: number }[] = [];
    for (const name of splitMulti(cells.affected_organizations).filter(Boolean)) {
      const matches = this.byKey.get(name.toLowerCase()) ?? [];
      if (matches.length === 1) found.push(matches[0]!);
      else
        errors.push({
          field: 'affected_organizations',
          message: matches.length
            ? `"${name}" names several organisations: give their ids (affected_organization_ids)`
            : `no organisation matches "${name}" (organisations are never created by an import)`,
        });
    }
    return { ids: found.map((o) => o.id), types: found.map((o) => o.type) };
  }
}

interface ParsedRow {
  row: number;
  incidentId: string | null;
  versionId: string | null;
  organizationId: string;
  organization: string;
  area: string;
  content: Content;
  correctionNote: string | null;
  /** what the incident would store as affected organisation types: stated plus the organisations' own */
  storedTypes: number[];
}

/** A row's cells as an incident, checked by the schema single writes use (ZIncidentRecord). */
function parseRow(
  record: CsvRecord,
  layout: Layout,
  references: ImportReferences,
  affected: AffectedOrganizations,
  actor: Actor,
): { parsed?: ParsedRow; errors: FieldError[] } {
  const cells: Cells = {};
  for (const [key, index] of layout.positions)
    cells[key] = restoreFormula(record.cells[index] ?? '');
  const errors: FieldError[] = [];
  const organization = references.organization(cells as RowCells, actor);
  if (organization.error) errors.push(organization.error);
  const area = references.area(cells as RowCells);
  if (area.error) errors.push(area.error);
  const organizations = affected.resolve(cells, errors);
  const titles = splitMulti(cells.source_titles);
  const publishers = splitMulti(cells.source_publishers);
  const urls = splitMulti(cells.source_urls);
  const dates = splitMulti(cells.source_dates);
  errors.push(
    ...extraSlots(
      titles,
      { source_publishers: publishers, source_urls: urls, source_dates: dates },
      'source_titles',
    ),
  );
  const number = (value: string | undefined) => (value ? csvInteger(value) : null);
  const candidate = {
    organizationId: organization.reference?.id ?? '00000000-0000-4000-8000-000000000000',
    occurredOn: cells.occurred_on ?? '',
    occurredTime: orNull(cells.occurred_time),
    areaId: area.reference?.id ?? '00000000-0000-4000-8000-000000000000',
    category: number(cells.category) ?? Number.NaN,
    subType: (cells.sub_type ?? '').toUpperCase(),
    impacts: splitMulti(cells.impacts)
      .filter(Boolean)
      .map((value) => value.toUpperCase()),
    sectors: splitMulti(cells.sectors)
      .filter(Boolean)
      .map((value) => value.toUpperCase()),
    affectedOrganizationIds: organizations.ids,
    affectedOrganizationTypes: splitMulti(cells.affected_organization_types)
      .filter(Boolean)
      .map(csvInteger),
    peopleAffected: number(cells.people_affected),
    perpetrator: orNull(cells.perpetrator?.toUpperCase()),
    description: cells.description ?? '',
    sources: titles.map((title, index) => ({
      title,
      publisher: orNull(publishers[index]),
      url: orNull(urls[index]),
      publishedOn: orNull(dates[index]),
    })),
    sensitivity: (cells.sensitivity ?? '').toUpperCase(),
  };
  const result = ZIncidentRecord.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [first, index, inner] = issue.path.map(String);
      const field = first === 'sources' && inner ? SOURCE_COLUMN[inner] : COLUMN_OF[first ?? ''];
      const place =
        first === 'sources' && index !== undefined ? ` (value ${Number(index) + 1})` : '';
      errors.push({
        field: field ?? first ?? 'row',
        message: `${cellMessage(issue)}${place}${field ? (HINT[field] ?? '') : ''}`,
      });
    }
  } else {
    try {
      checkSensitivity(actor, result.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(...((error.details as { issues: FieldError[] }).issues ?? []));
    }
  }
  if (!result.success || errors.length > 0) return { errors };
  const { organizationId, reviewState: _none, ...content } = result.data;
  return {
    errors,
    parsed: {
      row: record.row,
      incidentId: orNull(cells.incident_id?.toLowerCase()),
      versionId: orNull(cells.version_id?.toLowerCase()),
      organizationId,
      organization: organization.reference!.name,
      area: area.reference!.name,
      content,
      correctionNote: orNull(cells.correction_note),
      storedTypes: [
        ...new Set([...content.affectedOrganizationTypes, ...organizations.types]),
      ].sort((a, b) => a - b),
    },
  };
}

interface CurrentVersion {
  id: string;
  incidentId: string;
  organizationId: string;
  compared: string;
  /** a pending proposal (submitted or draft, not replaced since), not a validated version */
  proposal: boolean;
}

/** The comparison key of what a version says (INCIDENT_IMPORT_COMPARED), from a row or from the database. */
function comparedOf(content: Content, areaId: string, storedTypes: number[]): string {
  const sorted = <T>(values: readonly T[]) => [...values].sort();
  return JSON.stringify([
    content.occurredOn,
    content.occurredTime ?? null,
    areaId,
    content.category,
    content.subType,
    sorted(content.impacts),
    sorted(content.sectors),
    sorted(content.affectedOrganizationIds),
    [...storedTypes].sort((a, b) => a - b),
    content.peopleAffected ?? null,
    content.perpetrator ?? null,
    content.description,
    content.sources.map((s) => [
      s.title,
      s.publisher ?? null,
      s.url ?? null,
      s.publishedOn ?? null,
    ]),
    content.sensitivity,
  ]);
}

/** The importer's current versions of the incidents named, or of those recorded by the rows' organisations. */
/** What the import compares of a version or proposal row `v`, as comparedOf reads it. */
const VERSION_COLUMNS = Prisma.sql`
    v.id::text, v.incident_id::text AS "incidentId", v.organization_id::text AS "organizationId",
           to_char(v.occurred_on, 'YYYY-MM-DD') AS "occurredOn", to_char(v.occurred_time, 'HH24:MI') AS "occurredTime",
           v.area_id::text AS "areaId", v.category::int AS category, v.sub_type AS "subType",
           v.impacts::text[] AS impacts, v.sectors::text[] AS sectors,
           v.affected_organization_ids::text[] AS "affectedOrganizationIds",
           v.affected_organization_types::int[] AS types, v.people_affected AS "peopleAffected",
           v.perpetrator::text AS perpetrator, v.description, v.sensitivity::text AS sensitivity,
           coalesce((SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url,
                       'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
                     FROM incident_sources s WHERE s.version_id = v.id), '[]'::json) AS sources`;

async function currentVersions(
  db: Db,
  actor: Actor,
  incidentIds: string[],
  organizationIds: string[],
): Promise<CurrentVersion[]> {
  const rows = await db.$queryRaw<
    (Content & {
      id: string;
      incidentId: string;
      organizationId: string;
      areaId: string;
      types: number[];
    })[]
  >`
    SELECT ${VERSION_COLUMNS}
    FROM ${visibleIncidentVersionsSql(actor)} v
    WHERE v.incident_id = ANY(${incidentIds}::uuid[]) OR v.organization_id = ANY(${organizationIds}::uuid[])`;
  // The importer's own pending proposals (recorded by them or for their organisations), so
  // a row they already proposed is not proposed again by a second import. Another's
  // proposal does not stop a coordinator's row: theirs is a validated entry.
  const proposals = await db.$queryRaw<typeof rows>`
    SELECT ${VERSION_COLUMNS}
    FROM (SELECT p.*, i.organization_id FROM ${existingIncidentProposalsSql(actor)}
      JOIN incidents i ON i.id = p.incident_id
      WHERE p.review_state IN ('SUBMITTED', 'DRAFT') AND ${incidentProposalSuccessorSql(actor, Prisma.sql`p`)} IS NULL
        AND (p.recorded_by_id = ${actor.userId}::uuid OR i.organization_id = ANY(${actor.organizationIds}::uuid[]))) v
    WHERE v.incident_id = ANY(${incidentIds}::uuid[]) OR v.organization_id = ANY(${organizationIds}::uuid[])`;
  const view = (row: (typeof rows)[number], proposal: boolean): CurrentVersion => ({
    id: row.id,
    incidentId: row.incidentId,
    organizationId: row.organizationId,
    compared: comparedOf(row as Content, row.areaId, row.types),
    proposal,
  });
  return [...rows.map((row) => view(row, false)), ...proposals.map((row) => view(row, true))];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Imports an incident CSV (the export's own format, or any file whose columns carry the
 * same HXL hashtags or header names), with the status import's conventions: separator
 * detected, cells trimmed, formula guards removed, organisations and areas found by id,
 * p-code or name and never created, errors per row and column, a dry run by default.
 *
 * A row naming an incident (`incident_id`) is compared with that incident's current
 * version as the importer sees it: the same on everything INCIDENT_IMPORT_COMPARED lists is
 * UNCHANGED, else a CORRECTION of it (refused when the row's `version_id` names a version
 * replaced since, unless the current one already says the same). A row without one is
 * UNCHANGED when an incident of its organisation already says exactly the same, else NEW.
 * So importing an export, or the same file twice, changes nothing. An apply writes every
 * row through the single writes (recordIncident, correctIncident: an editor's rows become
 * proposals, each change audited), all rows or none, in one transaction.
 */
export async function importIncidentCsv(
  db: Db,
  ctx: RequestContext,
  file: ImportFile,
  options: { dryRun: boolean },
): Promise<TIncidentImportReport> {
  const actor = requireRole(ctx, 'ADMIN', 'COORDINATOR', 'EDITOR');
  const { separator, records } = await openCsv(file.content);
  const all = await holdRecords(records, HXL_SEARCH_ROWS, 'An incident import');
  const layout = findIncidentColumns(all.slice(0, HXL_SEARCH_ROWS));
  const references = await ImportReferences.load(db);
  const affected = await AffectedOrganizations.load(db);
  const errors: TIncidentImportReport['errors'] = [];
  const parsed: ParsedRow[] = [];
  const data = all.slice(layout.dataStart).filter((record) => record.cells.some(Boolean));
  for (const record of data) {
    const result = parseRow(record, layout, references, affected, actor);
    for (const error of result.errors) errors.push({ row: record.row, ...error });
    if (!result.parsed) continue;
    const { incidentId, versionId } = result.parsed;
    if (incidentId && !UUID.test(incidentId))
      errors.push({ row: record.row, field: 'incident_id', message: 'is not an incident id' });
    else if (versionId && !UUID.test(versionId))
      errors.push({ row: record.row, field: 'version_id', message: 'is not a version id' });
    else parsed.push(result.parsed);
  }
  const firstRowOf = new Map<string, number>();
  for (const row of parsed) {
    if (!row.incidentId) continue;
    const earlier = firstRowOf.get(row.incidentId);
    if (earlier !== undefined)
      errors.push({
        row: row.row,
        field: 'incident_id',
        message: `names the same incident as row ${earlier}`,
      });
    else firstRowOf.set(row.incidentId, row.row);
  }
  const currents = await currentVersions(
    db,
    actor,
    [...firstRowOf.keys()],
    [...new Set(parsed.filter((row) => !row.incidentId).map((row) => row.organizationId))],
  );
  const byIncident = new Map(
    currents.filter((current) => !current.proposal).map((current) => [current.incidentId, current]),
  );
  const proposedFor = new Set(
    currents
      .filter((current) => current.proposal)
      .map((current) => `${current.incidentId} ${current.compared}`),
  );
  const sameAs = new Set(
    currents.map((current) => `${current.organizationId} ${current.compared}`),
  );
  const planned: (ParsedRow & { action: Action; current: CurrentVersion | null })[] = [];
  for (const row of parsed) {
    const compared = comparedOf(row.content, row.content.areaId, row.storedTypes);
    if (!row.incidentId) {
      const known = sameAs.has(`${row.organizationId} ${compared}`);
      planned.push({ ...row, action: known ? 'UNCHANGED' : 'NEW', current: null });
      continue;
    }
    const current = byIncident.get(row.incidentId);
    if (!current) {
      // an incident the importer may not see reads exactly as one that never existed
      errors.push({ row: row.row, field: 'incident_id', message: 'no incident has this id' });
    } else if (current.organizationId !== row.organizationId) {
      errors.push({
        row: row.row,
        field: 'organization_name',
        message: 'is not the organisation that recorded this incident (it cannot change)',
      });
    } else if (current.compared === compared || proposedFor.has(`${row.incidentId} ${compared}`)) {
      // the same as the incident says, or as a correction of it already awaiting review
      planned.push({ ...row, action: 'UNCHANGED', current });
    } else if (row.versionId && row.versionId !== current.id) {
      errors.push({
        row: row.row,
        field: 'version_id',
        message: `names a version replaced since (now ${current.id}): export again and edit that`,
      });
    } else {
      planned.push({ ...row, action: 'CORRECTION', current });
    }
  }
  const report = (applied: boolean): TIncidentImportReport => {
    const count = (action: Action) => planned.filter((row) => row.action === action).length;
    return {
      filename: file.filename,
      dryRun: options.dryRun,
      applied,
      rows: data.length,
      hxlRow: layout.hxlRow,
      separator,
      compared: INCIDENT_IMPORT_COMPARED,
      columns: { mapped: layout.mapped, ignored: layout.ignored },
      summary: {
        new: count('NEW'),
        corrections: count('CORRECTION'),
        unchanged: count('UNCHANGED'),
        errors: errors.length,
      },
      errors: errors.sort((a, b) => a.row - b.row),
      changes: planned.map((row) => ({
        row: row.row,
        action: row.action,
        incidentId: row.current?.incidentId ?? null,
        versionId: row.current?.id ?? null,
        organization: row.organization,
        area: row.area,
        occurredOn: row.content.occurredOn,
        category: row.content.category,
      })),
    };
  };
  if (errors.length > 0 || options.dryRun) return report(false);
  await db
    .$transaction(
      async (tx) => {
        for (const row of planned) {
          try {
            if (row.action === 'NEW')
              await recordIncident(tx as Db, ctx, {
                organizationId: row.organizationId,
                ...row.content,
              });
            else if (row.action === 'CORRECTION')
              await correctIncident(tx as Db, ctx, row.current!.id, {
                ...row.content,
                correctionNote: row.correctionNote ?? `Imported from ${file.filename}`,
              });
          } catch (error) {
            if (!(error instanceof AppError)) throw error;
            const issue = (error.details as { issues?: FieldError[] } | undefined)?.issues?.[0];
            errors.push({
              row: row.row,
              field: issue?.field ?? 'row',
              message: issue?.message ?? error.message,
            });
            throw new ImportRolledBack();
          }
        }
      },
      { timeout: 10 * 60_000, maxWait: 60_000 },
    )
    .catch((error) => {
      if (!(error instanceof ImportRolledBack)) throw error;
    });
  return report(errors.length === 0);
}

/** A row the single write refused: the whole import rolls back and the report names it. */
class ImportRolledBack extends Error {}
