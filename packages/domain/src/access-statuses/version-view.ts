import type { TAccessStatusVersion } from "@access/contracts";
import type { Db, Tx } from "../shared/context";

type VersionRow = Omit<TAccessStatusVersion, "constraintCategories"> & { constraintCategories: number[] };

/**
 * Full versions for the given ids, in the order of the ids: one query that assembles each
 * version with its organisation, area, recorder, terms and sources as JSON, rather than
 * a query per relation.
 */
export async function loadVersions(db: Db | Tx, ids: string[]): Promise<TAccessStatusVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ version: VersionRow }[]>`
    SELECT json_build_object(
      'id', v.id,
      'organization', json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code),
      'area', json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'pcode', a.pcode),
      'status', v.status,
      'previousStatus', v.previous_status,
      'validFrom', to_char(v.valid_from, 'YYYY-MM-DD'),
      'validTo', to_char(v.valid_to, 'YYYY-MM-DD'),
      -- microseconds, as stored: knownAt=<recordedAt> must include the version itself
      'recordedAt', to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'recordedBy', json_build_object('id', u.id, 'displayName', u.display_name),
      'changeKind', v.change_kind,
      'reason', v.reason,
      'constraintCategories', to_json(v.constraint_categories),
      'severity', v.severity,
      'sensitivity', v.sensitivity,
      'reviewState', v.review_state,
      'reviewNote', v.review_note,
      'supersedesId', v.supersedes_id,
      'supersededById', (SELECT s.id FROM access_status_versions s WHERE s.supersedes_id = v.id),
      'terms', coalesce((
        SELECT json_agg(json_build_object(
          'type', t.type,
          'grantingParty', CASE WHEN p.id IS NULL THEN NULL ELSE json_build_object('id', p.id, 'name', p.name) END,
          'legalReference', t.legal_reference,
          'note', t.note) ORDER BY t.position)
        FROM access_terms t LEFT JOIN parties p ON p.id = t.granting_party_id WHERE t.version_id = v.id), '[]'::json),
      'sources', coalesce((
        SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url, 'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
        FROM access_sources s WHERE s.version_id = v.id), '[]'::json)
    ) AS version
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN access_status_versions v ON v.id = wanted.id
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN users u ON u.id = v.recorded_by_id
    ORDER BY wanted.position`;
  return rows.map((row) => row.version);
}
