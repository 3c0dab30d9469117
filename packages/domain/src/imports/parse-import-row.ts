import {
  ACCESS_STATUSES,
  SENSITIVITIES,
  TERM_TYPES,
  ZAccessStatusCorrection,
  type TAccessStatusCorrection,
} from '@access/contracts';
import { splitMulti, type AccessCsvKey } from '../csv/access-csv-columns';
import type { Actor } from '../shared/context';
import { AppError } from '../shared/errors';
import { checkSensitivity } from '../timeline/write-change';
import type { RowCells } from './import-columns';
import type { FieldError, ImportReferences } from './resolve-references';

/** What a row says about a pair, in the shape single writes take. */
export type RowContent = Omit<TAccessStatusCorrection, 'reviewState'>;

export interface ParsedRow {
  content: RowContent;
  /** false when the file gave no reason: the reason is then not compared, and new versions say where they came from */
  reasonGiven: boolean;
}

const COLUMN_OF: Record<string, AccessCsvKey> = {
  status: 'status',
  validFrom: 'valid_from',
  validTo: 'valid_to',
  reason: 'reason',
  constraintCategories: 'constraint_codes',
  severity: 'severity',
  sensitivity: 'sensitivity',
};
const TERM_COLUMN: Record<string, AccessCsvKey> = {
  type: 'term_types',
  grantingPartyId: 'granting_parties',
  legalReference: 'legal_references',
  note: 'term_notes',
};
const SOURCE_COLUMN: Record<string, AccessCsvKey> = {
  title: 'source_titles',
  publisher: 'source_publishers',
  url: 'source_urls',
  publishedOn: 'source_dates',
};
const HINT: Partial<Record<AccessCsvKey, string>> = {
  status: ` (${ACCESS_STATUSES.join(', ')})`,
  sensitivity: ` (${SENSITIVITIES.join(', ')})`,
  term_types: ` (${TERM_TYPES.join(', ')})`,
};

const orNull = (value: string | undefined) => (value ? value : null);

/** Slots of parallel cells beyond the first cell's: values that would be dropped without a word. */
export function extraSlots(
  main: string[],
  others: Partial<Record<AccessCsvKey, string[]>>,
  mainColumn: AccessCsvKey,
): FieldError[] {
  return Object.entries(others).flatMap(([column, slots]) =>
    slots!.slice(main.length).some(Boolean)
      ? [{ field: column, message: `has more values than ${mainColumn} (${main.length})` }]
      : [],
  );
}

/**
 * A row's cells as the content of a version, checked by the same schema as single writes
 * (ZAccessStatusCorrection), so a rule about content lives once. Field errors name the
 * file's columns.
 */
export function parseImportRow(
  cells: RowCells,
  references: ImportReferences,
  actor: Actor,
  filename: string,
): { parsed?: ParsedRow; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const types = splitMulti(cells.term_types);
  const parties = splitMulti(cells.granting_parties);
  const legalReferences = splitMulti(cells.legal_references);
  const notes = splitMulti(cells.term_notes);
  errors.push(
    ...extraSlots(
      types,
      { granting_parties: parties, legal_references: legalReferences, term_notes: notes },
      'term_types',
    ),
  );
  const terms = types.map((type, index) => {
    let grantingPartyId: string | null = null;
    if (parties[index]) {
      const party = references.party(parties[index]!);
      if (party.error) errors.push(party.error);
      else grantingPartyId = party.reference.id;
    }
    return {
      type: type.toUpperCase(),
      grantingPartyId,
      legalReference: orNull(legalReferences[index]),
      note: orNull(notes[index]),
    };
  });
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
  const sources = titles.map((title, index) => ({
    title,
    publisher: orNull(publishers[index]),
    url: orNull(urls[index]),
    publishedOn: orNull(dates[index]),
  }));

  const reason = cells.reason ?? '';
  const candidate = {
    status: (cells.status ?? '').toUpperCase(),
    validFrom: cells.valid_from ?? '',
    validTo: orNull(cells.valid_to),
    reason: reason || `Imported from ${filename}`,
    constraintCategories: splitMulti(cells.constraint_codes).map(csvInteger),
    severity: cells.severity ? csvInteger(cells.severity) : null,
    sensitivity: (cells.sensitivity ?? '').toUpperCase(),
    terms,
    sources,
  };
  const result = ZAccessStatusCorrection.safeParse(candidate);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const [first, index, inner] = issue.path.map(String);
      const field =
        first === 'terms' && inner
          ? TERM_COLUMN[inner]
          : first === 'sources' && inner
            ? SOURCE_COLUMN[inner]
            : COLUMN_OF[first ?? ''];
      const place =
        (first === 'terms' || first === 'sources') && index !== undefined
          ? ` (value ${Number(index) + 1})`
          : '';
      errors.push({
        field: field ?? first ?? 'row',
        message: `${cellMessage(issue)}${place}${field ? (HINT[field] ?? '') : ''}`,
      });
    }
  } else {
    // the single writes' rule: nobody writes what they could not read afterwards
    try {
      checkSensitivity(actor, result.data);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      errors.push(...((error.details as { issues: FieldError[] }).issues ?? []));
    }
  }
  if (!result.success || errors.length > 0) return { errors };
  const { reviewState: _none, ...content } = result.data;
  return { parsed: { content, reasonGiven: reason !== '' }, errors };
}

/**
 * A schema's message about a cell, in a person's words where the schema's are a program's:
 * a cell csvInteger could not read is NaN to the schema ("expected number, received NaN").
 */
export function cellMessage(issue: { code: string; message: string; received?: unknown }): string {
  return issue.code === 'invalid_type' && issue.received === 'NaN'
    ? 'must be a whole number written in digits, like 1200'
    : issue.message;
}

/**
 * A whole number as a person writes one in a cell (digits, an optional sign), else NaN,
 * which the schemas refuse with the column named: `Number` alone would read `0x10` as 16,
 * `1e3` as 1000 and `4.0` as 4, turning a typo into a wrong count.
 */
export function csvInteger(cell: string): number {
  return /^[+-]?\d{1,15}$/.test(cell) ? Number(cell) : Number.NaN;
}
