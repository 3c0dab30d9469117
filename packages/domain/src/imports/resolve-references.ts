import { trimInvisible } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import type { RowCells } from './import-columns';

export interface Reference {
  id: string;
  name: string;
}

/** A row's field error: the column it is about and what is wrong, in words a person can act on. */
export interface FieldError {
  field: string;
  message: string;
}

/** Case-insensitive lookup where a key can name several things (then it is ambiguous). */
class NameIndex {
  private entries = new Map<string, Reference[]>();
  add(key: string | null | undefined, reference: Reference) {
    if (!key) return;
    const normal = trimInvisible(key).toLowerCase();
    const list = this.entries.get(normal) ?? [];
    if (!list.some((entry) => entry.id === reference.id)) list.push(reference);
    this.entries.set(normal, list);
  }
  find(key: string): Reference[] {
    return this.entries.get(trimInvisible(key).toLowerCase()) ?? [];
  }
}

/** The columns that name a row's organisation, in the order they are tried. */
const ORGANIZATION_COLUMNS = [
  'organization_id',
  'organization_iati_id',
  'organization_acronym',
  'organization_name',
] as const;

type Resolved =
  | { reference: Reference; error?: undefined }
  | { reference?: undefined; error: FieldError };

/**
 * Organisations, areas and parties, loaded once per import (they are few; versions are
 * many), and the rules that find them from a row: an import never creates any of them.
 */
export class ImportReferences {
  private constructor(
    private organizations: NameIndex,
    private areas: NameIndex,
    private parties: NameIndex,
  ) {}

  static async load(db: Db | Tx): Promise<ImportReferences> {
    const organizations = new NameIndex();
    for (const organization of await db.organization.findMany({
      select: { id: true, name: true, acronym: true, iatiId: true, aliases: true },
    })) {
      const reference = { id: organization.id, name: organization.name };
      for (const key of [
        organization.id,
        organization.iatiId,
        organization.acronym,
        organization.name,
        ...organization.aliases,
      ])
        organizations.add(key, reference);
    }
    const areas = new NameIndex();
    const areaRows = await db.$queryRaw<
      {
        id: string;
        name: string;
        pcode: string | null;
        country_iso3: string | null;
        names: string[];
      }[]
    >`
      WITH RECURSIVE chain(area_id, id, parent_id, kind, iso3, depth) AS (
        SELECT id, id, parent_id, kind, iso3, 0 FROM areas
        UNION ALL SELECT c.area_id, p.id, p.parent_id, p.kind, p.iso3, c.depth + 1 FROM chain c JOIN areas p ON p.id = c.parent_id WHERE c.depth < 20
      ),
      country AS (SELECT area_id, max(iso3) FILTER (WHERE kind = 'COUNTRY') AS iso3 FROM chain GROUP BY area_id),
      names AS (SELECT area_id, array_agg(name) AS names FROM area_names GROUP BY area_id)
      SELECT a.id::text, a.name, a.pcode, country.iso3 AS country_iso3, coalesce(names.names, '{}') AS names
      FROM areas a LEFT JOIN country ON country.area_id = a.id LEFT JOIN names ON names.area_id = a.id`;
    for (const area of areaRows) {
      const reference = { id: area.id, name: area.name };
      areas.add(`id:${area.id}`, reference);
      areas.add(area.pcode ? `pcode:${area.pcode}` : null, reference);
      for (const name of new Set([area.name, ...area.names])) {
        areas.add(`name:${name}`, reference);
        areas.add(`name:${name}@${area.country_iso3 ?? ''}`, reference);
      }
    }
    const parties = new NameIndex();
    for (const party of await db.party.findMany({
      select: { id: true, name: true, acronym: true },
    })) {
      const reference = { id: party.id, name: party.name };
      parties.add(party.id, reference);
      parties.add(party.name, reference);
      parties.add(party.acronym, reference);
    }
    return new ImportReferences(organizations, areas, parties);
  }

  /**
   * By id, IATI id, acronym, name or alias: the first column that names something decides.
   * An error names the column it is about, as the file has it: the one whose value it
   * quotes (or, none filled in, the organisation column the file has), never a column the
   * file does not have.
   */
  organization(cells: RowCells, actor: Actor): Resolved {
    const named = ORGANIZATION_COLUMNS.flatMap((column) =>
      cells[column] ? [{ column, key: cells[column] }] : [],
    );
    if (named.length === 0)
      return {
        error: {
          field:
            [...ORGANIZATION_COLUMNS].reverse().find((column) => cells[column] !== undefined) ??
            'organization_name',
          message: 'no organisation named',
        },
      };
    const found = named
      .map((each) => ({ ...each, matches: this.organizations.find(each.key) }))
      .find((each) => each.matches.length > 0);
    if (found?.matches.length !== 1) {
      const { column, key } = found ?? named[0]!;
      return {
        error: {
          field: column,
          message: found
            ? `"${key}" names several organisations: add the IATI id`
            : `no organisation matches "${key}" (organisations are never created by an import)`,
        },
      };
    }
    const organization = found.matches[0]!;
    if (actor.role === 'EDITOR' && !actor.organizationIds.includes(organization.id)) {
      return {
        error: {
          field: found.column,
          message: `${organization.name} is not your organisation`,
        },
      };
    }
    return { reference: organization };
  }

  /**
   * By id, p-code, or name within its country. Ids come first, but a file exported from
   * another database carries ids this one does not know: then the p-code, then the name.
   */
  area(cells: RowCells): Resolved {
    const { area_id: id, area_pcode: pcode, area_name: name } = cells;
    const iso3 = cells.country_iso3?.toUpperCase();
    const lookups = [
      id ? `id:${id}` : null,
      pcode ? `pcode:${pcode}` : null,
      // the name, then its names in other languages (a file written in Armenian or Russian)
      ...[name, ...(cells.area_other_names ?? [])].map((each) =>
        each ? (iso3 ? `name:${each}@${iso3}` : `name:${each}`) : null,
      ),
    ];
    const matches =
      lookups
        .flatMap((key) => (key ? [this.areas.find(key)] : []))
        .find((found) => found.length > 0) ?? [];
    const label = name || pcode || id || cells.area_other_names?.[0];
    if (!label)
      return {
        error: {
          // the area column the file has (an area_name it lacks would name nothing)
          field:
            (['area_name', 'area_pcode', 'area_id'] as const).find(
              (column) => cells[column] !== undefined,
            ) ?? 'area_name',
          message: 'no area named',
        },
      };
    if (matches.length !== 1) {
      return {
        error: {
          field: pcode ? 'area_pcode' : name ? 'area_name' : id ? 'area_id' : 'area_name',
          message: matches.length
            ? `"${label}" names several areas: add the p-code or the country`
            : `no area matches "${label}"${iso3 ? ` in ${iso3}` : ''} (areas are never created by an import)`,
        },
      };
    }
    return { reference: matches[0]! };
  }

  /**
   * One organisation by id, IATI id, acronym, name or alias (another organisation a row
   * names, such as a request's partners): no editor's rule, which is about the row's own.
   */
  organizationNamed(key: string, field: string): Resolved {
    const matches = this.organizations.find(key);
    if (matches.length !== 1)
      return {
        error: {
          field,
          message: matches.length
            ? `"${key}" names several organisations: add the IATI id`
            : `no organisation matches "${key}" (organisations are never created by an import)`,
        },
      };
    return { reference: matches[0]! };
  }

  /** By id, name or acronym; `field` is the column that named it. */
  party(name: string, field = 'granting_parties'): Resolved {
    const matches = this.parties.find(name);
    if (matches.length !== 1) {
      return {
        error: {
          field,
          message: matches.length
            ? `"${name}" names several parties`
            : `no party matches "${name}" (parties are never created by an import)`,
        },
      };
    }
    return { reference: matches[0]! };
  }
}
