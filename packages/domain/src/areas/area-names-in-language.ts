import type { TLocale } from '@access/contracts';
import type { Db, Tx } from '../shared/context';

type Named = { id: string; name: string };
type WithNames = Named & {
  kind: string;
  names: { lang: string; name: string; usedBy: string | null; isDefault: boolean }[];
};

const isNamed = (value: unknown): value is Named =>
  value !== null &&
  typeof value === 'object' &&
  typeof (value as Named).id === 'string' &&
  typeof (value as Named).name === 'string';
const hasNames = (value: unknown): value is WithNames =>
  isNamed(value) &&
  typeof (value as WithNames).kind === 'string' &&
  Array.isArray((value as WithNames).names);

/**
 * A neutral name in `lang`: one no party claims (usedBy empty), the language's default first.
 * A disputed area's per-party names are never chosen for a reader: no name is forced on them.
 */
function neutralName(names: WithNames['names'], lang: string): string | undefined {
  const neutral = names.filter((name) => name.lang === lang && !name.usedBy);
  return (neutral.find((name) => name.isDefault) ?? neutral[0])?.name;
}

/**
 * Every area an answer names, named in the reader's language where the area has a neutral
 * name in it (else its default name stays). The one place area names are chosen for readers:
 * an area embedded in an answer (`area`, `areas`, `parent`) by a lookup of area_names, an area
 * with its list of names (GET /api/areas) from that list. Changes `answer` in place.
 */
export async function nameAreasInLanguage(
  db: Db | Tx,
  lang: TLocale,
  answer: unknown,
): Promise<boolean> {
  const embedded = new Map<string, Named[]>();
  const walk = (value: unknown, key: string, depth: number) => {
    if (value === null || typeof value !== 'object' || depth > 32) return;
    if (Array.isArray(value)) {
      for (const item of value) walk(item, key, depth + 1);
      return;
    }
    if (hasNames(value)) {
      value.name = neutralName(value.names, lang) ?? value.name;
    } else if (isNamed(value) && (key === 'area' || key === 'areas' || key === 'parent')) {
      embedded.set(value.id, [...(embedded.get(value.id) ?? []), value]);
    }
    for (const [childKey, child] of Object.entries(value)) walk(child, childKey, depth + 1);
  };
  walk(answer, '', 0);
  const ids = [...embedded.keys()].filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return false;
  const rows = await db.$queryRaw<{ area_id: string; name: string }[]>`
    SELECT DISTINCT ON (area_id) area_id::text, name FROM area_names
    WHERE lang = ${lang} AND used_by IS NULL AND area_id = ANY(${ids}::uuid[])
    ORDER BY area_id, is_default DESC, name`;
  for (const row of rows) for (const area of embedded.get(row.area_id) ?? []) area.name = row.name;
  return true;
}
