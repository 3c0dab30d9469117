import { Prisma } from '@access/db';

/**
 * The `'terms', […], 'sources', […]` members of a version's JSON (as the API answers
 * them), for the version whose id is `versionId`: one fragment for versions and proposals.
 */
export const termsAndSourcesJsonSql = (versionId: Prisma.Sql) => Prisma.sql`
      'terms', coalesce((
        SELECT json_agg(json_build_object(
          'type', tm.type,
          'grantingParty', CASE WHEN pa.id IS NULL THEN NULL ELSE json_build_object('id', pa.id, 'name', pa.name) END,
          'legalReference', tm.legal_reference,
          'note', tm.note) ORDER BY tm.position)
        FROM access_terms tm LEFT JOIN parties pa ON pa.id = tm.granting_party_id WHERE tm.version_id = ${versionId}), '[]'::json),
      'sources', coalesce((
        SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url, 'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
        FROM access_sources s WHERE s.version_id = ${versionId}), '[]'::json)`;
