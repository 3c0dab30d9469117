import { Prisma } from '@access/db';

/**
 * The columns of the access CSV reports, with their HXL hashtags (DOMAIN.md). The export
 * writes them in this order; the import finds them by hashtag or by header name.
 * Multi-valued cells (terms, categories, sources) join their values with joinMulti.
 */
export const MULTI_SEPARATOR = ' | ';

export const ACCESS_CSV_COLUMNS = [
  { key: 'version_id', hxl: '#meta+id' },
  { key: 'organization_id', hxl: '#org+id' },
  { key: 'organization_name', hxl: '#org+name' },
  { key: 'organization_acronym', hxl: '#org+acronym' },
  { key: 'organization_iati_id', hxl: '#org+code+v_iati' },
  { key: 'organization_type_code', hxl: '#org+type+code' },
  { key: 'organization_type', hxl: '#org+type+name' },
  { key: 'area_id', hxl: '#loc+id' },
  { key: 'area_name', hxl: '#loc+name' },
  { key: 'area_kind', hxl: '#loc+type' },
  { key: 'area_pcode', hxl: '#loc+code+v_pcode' },
  { key: 'country_iso3', hxl: '#country+code+v_iso3' },
  { key: 'admin1_name', hxl: '#adm1+name' },
  { key: 'admin1_pcode', hxl: '#adm1+code+v_pcode' },
  { key: 'admin2_name', hxl: '#adm2+name' },
  { key: 'admin2_pcode', hxl: '#adm2+code+v_pcode' },
  { key: 'status', hxl: '#access+status' },
  { key: 'previous_status', hxl: '#access+status+previous' },
  { key: 'constraint_codes', hxl: '#access+type+code' },
  { key: 'constraint_labels', hxl: '#access+type+name' },
  { key: 'term_types', hxl: '#access+terms+type' },
  { key: 'granting_parties', hxl: '#group+name' },
  { key: 'legal_references', hxl: '#access+terms+ref' },
  { key: 'term_notes', hxl: '#access+terms+description' },
  { key: 'severity', hxl: '#severity+code' },
  { key: 'valid_from', hxl: '#date+start' },
  { key: 'valid_to', hxl: '#date+end' },
  { key: 'recorded_at', hxl: '#date+reported' },
  { key: 'recorded_by', hxl: '#contact+name' },
  { key: 'change_kind', hxl: '#meta+change' },
  { key: 'reason', hxl: '#description+reason' },
  { key: 'review_state', hxl: '#meta+review' },
  { key: 'source_titles', hxl: '#meta+source' },
  { key: 'source_publishers', hxl: '#meta+source+publisher' },
  { key: 'source_urls', hxl: '#meta+source+url' },
  { key: 'source_dates', hxl: '#meta+source+date' },
  { key: 'sensitivity', hxl: '#meta+sensitivity' },
] as const;

export type AccessCsvKey = (typeof ACCESS_CSV_COLUMNS)[number]['key'];

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Spreadsheets run a cell that starts with = + - @ (or tab, carriage return) as a formula.
 * The export writes such a cell with a leading apostrophe, which spreadsheets show as
 * text; the import removes that apostrophe again, so a round trip changes nothing.
 */
export function restoreFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
}

/**
 * The one rule for multi-valued cells, on both sides. Parallel cells (a term's type, party,
 * reference and note) keep their slots by position, so an empty slot stays: it is written
 * as nothing between two bars, with a space only next to a value ("Gov | | note" would
 * carry a double space; "Gov || note" does not), trailing empty slots are dropped, and no
 * cell starts or ends with whitespace (HXL's validator flags that).
 */
export function joinMulti(values: readonly (string | null | undefined)[]): string {
  const slots = values.map((value) => (value ?? '').trim());
  while (slots.length > 0 && slots.at(-1) === '') slots.pop();
  let cell = slots[0] ?? '';
  for (let index = 1; index < slots.length; index++) {
    cell += `${slots[index - 1] ? ' ' : ''}${MULTI_SEPARATOR.trim()}${slots[index] ? ' ' : ''}${slots[index]}`;
  }
  return cell;
}

/** The slots of a multi-valued cell, each trimmed (empty slots stay, as "", in their place). */
export function splitMulti(value: string | undefined): string[] {
  if (!value || value.trim() === '') return [];
  return value.split(MULTI_SEPARATOR.trim()).map((part) => part.trim());
}

/**
 * What String.prototype.trim removes (ECMAScript's white space and line terminators), as a
 * PostgreSQL escape-string literal for btrim: the export trims a cell exactly as the
 * import's reader does.
 */
const TRIMMED_SQL = `E'${[
  0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
  0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000, 0xfeff,
]
  .map((code) => `\\u${code.toString(16).padStart(4, '0')}`)
  .join('')}'`;

/** String.prototype.trim in SQL, as text for raw SQL (`value` is an expression). */
export function trimSqlText(value: string): string {
  return `btrim(${value}, ${TRIMMED_SQL})`;
}

/** String.prototype.trim in SQL. */
export function trimSql(value: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`btrim(${value}, ${Prisma.raw(TRIMMED_SQL)})`;
}

/**
 * joinMulti in SQL, for the export's COPY: `slot` is the text of one slot (null for an
 * empty one), `order` its position. tests/api/csv-multi-values.test.ts holds both forms
 * to the same answers.
 */
export function joinMultiSql(slot: Prisma.Sql, order: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(${trimSql(slot)}, ''), '|' ORDER BY ${order}),
      '\\|+$', ''), '([^|])\\|', '\\1 |', 'g'), '\\|([^|])', '| \\1', 'g'), '')`;
}

/**
 * A cell as COPY writes it, guarded: one a spreadsheet would run as a formula (= + - @,
 * tab or carriage return first) gets a leading apostrophe (restoreFormula removes it); an
 * empty one is written empty. `cell` is an SQL expression of type text.
 */
export function formulaGuardSql(cell: string): string {
  return `CASE WHEN left(${cell}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || ${cell} ELSE NULLIF(${cell}, '') END`;
}

/** A free-text value (an SQL expression) as a report's cell: trimmed, then formulaGuardSql. */
export function cellSql(value: string): string {
  return formulaGuardSql(trimSqlText(value));
}

/**
 * The areas' names in each language travel as columns of their own, tagged with HXL's
 * language attribute (`#loc+name+i_hy`: the Armenian names; several joined by joinMulti's
 * separator, the default first). `az-Latn` is written `i_az_latn`: attributes are [a-z0-9_].
 */
const languageAttribute = (lang: string) => lang.toLowerCase().replace(/[^a-z0-9]+/g, '_');

export function areaNameColumns(languages: readonly string[]): { key: string; hxl: string }[] {
  return languages.map((lang) => ({
    key: `area_name_${languageAttribute(lang)}`,
    hxl: `#loc+name+i_${languageAttribute(lang)}`,
  }));
}

/** `#loc+name+i_hy` or a header `area_name_hy`: the language attribute (`hy`), else null. */
export function areaNameLanguageOf(hashtag: string | undefined, header: string | undefined) {
  const tag = (hashtag ?? '').trim().toLowerCase().replace(/\s+/g, '').split('+');
  if (tag[0] === '#loc' && tag.includes('name')) {
    const language = tag.find((attribute) => /^i_[a-z0-9_]+$/.test(attribute));
    if (language) return language.slice(2);
  }
  const named = /^area_name_([a-z0-9_]+)$/.exec((header ?? '').trim().toLowerCase());
  return named ? named[1]! : null;
}

/** The languages the areas have names in (a handful), in the order their columns take. */
export async function areaNameLanguages(db: {
  $queryRaw<T>(query: TemplateStringsArray, ...values: unknown[]): Promise<T>;
}): Promise<string[]> {
  const rows = await db.$queryRaw<{ lang: string }[]>`
    SELECT DISTINCT lang FROM area_names ORDER BY lang`;
  return rows.map((row) => row.lang);
}

/**
 * A detail report (`sql` writing `columns`, area_id among them) with the area's names in
 * each language right after area_name. The report's columns are renamed by position (a
 * guarded cell has no name of its own); a lateral lookup per row, by the (area_id, lang,
 * name) index, keeps the report's order.
 */
export function withAreaNames<Column extends { key: string; hxl: string }>(
  sql: Prisma.Sql,
  columns: readonly Column[],
  languages: readonly string[],
): { sql: Prisma.Sql; columns: (Column | { key: string; hxl: string })[] } {
  const areaId = columns.findIndex((column) => column.key === 'area_id');
  if (languages.length === 0 || areaId < 0) return { sql, columns: [...columns] };
  const after = columns.findIndex((column) => column.key === 'area_name');
  const nameColumns = areaNameColumns(languages);
  const aggregates = languages.map(
    (lang, index) =>
      Prisma.sql`string_agg(n.name, ${MULTI_SEPARATOR} ORDER BY n.is_default DESC, n.name) FILTER (WHERE n.lang = ${lang}) AS ${Prisma.raw(`"${nameColumns[index]!.key}"`)}`,
  );
  const cells = columns.map((_, index) => `r.c${index}`);
  const names = nameColumns.map(({ key }) => formulaGuardSql(`names."${key}"`));
  const at = after < 0 ? cells.length : after + 1;
  const selected = [...cells.slice(0, at), ...names, ...cells.slice(at)];
  return {
    sql: Prisma.sql`SELECT ${Prisma.raw(selected.join(', '))}
      FROM (${sql}) AS r(${Prisma.raw(cells.map((_, index) => `c${index}`).join(', '))})
      LEFT JOIN LATERAL (
        SELECT ${Prisma.join(aggregates, ', ')} FROM area_names n WHERE n.area_id = ${Prisma.raw(`r.c${areaId}`)}::uuid
      ) names ON TRUE`,
    columns: [...columns.slice(0, at), ...nameColumns, ...columns.slice(at)],
  };
}
