import {
  ACCESS_CSV_COLUMNS,
  areaNameLanguageOf,
  restoreFormula,
  splitMulti,
  type AccessCsvKey,
} from '../csv/access-csv-columns';
import { AppError } from '../shared/errors';
import type { CsvRecord } from './read-csv-file';

/** How far down a file the HXL hashtag row may be (title lines and notes often come first). */
export const HXL_SEARCH_ROWS = 25;

/** Where each known column of a file is, found by HXL hashtag when a hashtag row exists, else by header name. */
export interface ColumnLayout {
  positions: Map<AccessCsvKey, number>;
  /** columns of the areas' names in other languages (`#loc+name+i_hy`, `area_name_hy`) */
  areaNamePositions: number[];
  /** the row of the hashtags, if any */
  hxlRow: number | null;
  /** records before this index (in the first records) are headers */
  dataStart: number;
  mapped: Partial<Record<AccessCsvKey, string>>;
  ignored: string[];
}

/** "#org +name" and "#org+name" are the same hashtag; attribute order does not matter in HXL. */
export function normaliseTag(tag: string): string {
  const [hashtag = '', ...attributes] = tag.trim().toLowerCase().replace(/\s+/g, '').split('+');
  return [hashtag, ...attributes.filter(Boolean).sort()].join('+');
}
export const normaliseHeader = (header: string) =>
  header
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

export function isHashtagRow(cells: string[]): boolean {
  const filled = cells.filter(Boolean);
  return (
    filled.length > 0 &&
    filled.filter((cell) => /^#[a-z][a-z0-9_]*/i.test(cell)).length / filled.length >= 0.5
  );
}

const BY_TAG = new Map(ACCESS_CSV_COLUMNS.map((column) => [normaliseTag(column.hxl), column.key]));
const BY_NAME = new Map<string, AccessCsvKey>(
  ACCESS_CSV_COLUMNS.map((column) => [column.key, column.key]),
);

/** A column as a spreadsheet names it: A, B, … Z, AA, AB… */
export function columnLetter(index: number): string {
  let letters = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

/**
 * Where a file's known columns are: the hashtag row (in the first HXL_SEARCH_ROWS records)
 * and the header row above it, or the first row as header. A column is found by its HXL
 * hashtag, else its header name; `skip` takes columns of its own (an area's names in other
 * languages). Two columns for one field are an error naming both (which one to read would
 * be a guess). Every import finds its columns so.
 */
export function locateColumns<K extends string>(
  first: CsvRecord[],
  known: { byTag: Map<string, K>; byName: Map<string, K> },
  skip: (tag: string | undefined, header: string | undefined) => boolean = () => false,
) {
  const hxlIndex = first
    .slice(0, HXL_SEARCH_ROWS)
    .findIndex((record) => isHashtagRow(record.cells));
  const headerIndex = hxlIndex > 0 ? hxlIndex - 1 : hxlIndex === 0 ? -1 : 0;
  const header = headerIndex >= 0 ? (first[headerIndex]?.cells ?? []) : [];
  const hashtags = hxlIndex >= 0 ? first[hxlIndex]!.cells : [];
  const positions = new Map<K, number>();
  const ignored: string[] = [];
  const skipped: number[] = [];
  for (let index = 0; index < Math.max(header.length, hashtags.length); index++) {
    const tag = hashtags[index];
    if (skip(tag, header[index])) {
      skipped.push(index);
      continue;
    }
    const key =
      (tag ? known.byTag.get(normaliseTag(tag)) : undefined) ??
      known.byName.get(normaliseHeader(header[index] ?? ''));
    const before = key === undefined ? undefined : positions.get(key);
    if (key !== undefined && before !== undefined) {
      const name = (at: number) => `${columnLetter(at)} (${header[at] || hashtags[at] || key})`;
      const message = `two columns hold ${key}: ${name(before)} and ${name(index)}; keep one`;
      throw new AppError('VALIDATION_FAILED', `The file has ${message}`, {
        issues: [{ field: 'file', message }],
      });
    }
    if (key !== undefined) positions.set(key, index);
    else if (header[index] || tag) ignored.push(header[index] || tag!);
  }
  return { positions, ignored, skipped, header, hashtags, hxlIndex, headerIndex };
}

/** The layout, from the first records of the file (up to HXL_SEARCH_ROWS of them). */
export function findColumns(first: CsvRecord[]): ColumnLayout {
  const {
    positions,
    ignored,
    skipped: areaNamePositions,
    header,
    hashtags,
    hxlIndex,
    headerIndex,
  } = locateColumns(
    first,
    { byTag: BY_TAG, byName: BY_NAME },
    (tag, name) => areaNameLanguageOf(tag, name) !== null,
  );
  const missing: string[] = [];
  const has = (...keys: AccessCsvKey[]) => keys.some((key) => positions.has(key));
  if (
    !has('organization_id', 'organization_iati_id', 'organization_acronym', 'organization_name')
  ) {
    missing.push(
      'organisation (organization_name, organization_acronym, organization_iati_id or organization_id / #org+name)',
    );
  }
  if (!has('area_id', 'area_pcode', 'area_name') && areaNamePositions.length === 0)
    missing.push('area (area_name, area_pcode or area_id / #loc+name)');
  if (!has('status')) missing.push('status (#access+status)');
  if (!has('valid_from')) missing.push('valid_from (#date+start)');
  if (!has('sensitivity')) missing.push('sensitivity (#meta+sensitivity)');
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
    areaNamePositions,
    hxlRow: hxlIndex >= 0 ? first[hxlIndex]!.row : null,
    dataStart: Math.max(hxlIndex, headerIndex) + 1,
    mapped: Object.fromEntries(
      [...positions].map(([key, index]) => [key, header[index] || hashtags[index] || key]),
    ),
    ignored,
  };
}

/** The cells of a row by column: trimmed (on reading), a neutralised formula restored; undefined for an absent column. */
export type RowCells = Partial<Record<AccessCsvKey, string>> & {
  /** the area's names in other languages, from their own columns */
  area_other_names?: string[];
};

export function cellsOf(layout: ColumnLayout, cells: string[]): RowCells {
  const row: RowCells = {};
  for (const [key, index] of layout.positions) row[key] = restoreFormula(cells[index] ?? '');
  if (layout.areaNamePositions.length > 0)
    row.area_other_names = layout.areaNamePositions.flatMap((index) =>
      splitMulti(restoreFormula(cells[index] ?? '')).filter(Boolean),
    );
  return row;
}

/** The columns a file was found to have, as an error names them: the first 50, each cut to 100 characters (an error never repeats the file back). */
export function foundColumns(header: string[]): string[] {
  return header
    .slice(0, 50)
    .map((column) => (column.length > 100 ? `${column.slice(0, 100)}…` : column));
}
