import { Prisma } from '@access/db';
import type { TIncidentProposal, TIncidentVersion } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import {
  incidentProposalExistsSql,
  incidentProposalSuccessorSql,
  incidentVersionExistsSql,
} from './incident-sql';

const SOURCES_JSON = Prisma.sql`coalesce((
  SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url,
                                    'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
  FROM incident_sources s WHERE s.version_id = v.id), '[]'::json)`;

/**
 * Incident versions and proposal rows for the given ids, as the actor sees them, in the
 * order of the ids; ids that do not exist for the actor (incident-sql.ts) are left out.
 * What a version replaced and what replaced it are the neighbours the actor sees: for a
 * validated version the previous and next version existing at their level, for a proposal
 * row its earlier row (if they see it) or its target, and its successor. A version that
 * replaced nothing the actor sees reads as a record.
 */
export async function loadIncidentVersions(
  db: Db | Tx,
  actor: Actor,
  ids: string[],
): Promise<TIncidentVersion[]> {
  if (ids.length === 0) return [];
  const exists = (row: string) => incidentVersionExistsSql(actor, Prisma.raw(row));
  const rows = await db.$queryRaw<{ version: TIncidentVersion }[]>`
    SELECT json_build_object(
      'id', v.id,
      'incidentId', v.incident_id,
      'organization', json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code),
      'occurredOn', to_char(v.occurred_on, 'YYYY-MM-DD'),
      'occurredTime', to_char(v.occurred_time, 'HH24:MI'),
      'area', json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'pcode', a.pcode),
      'category', v.category,
      'subType', v.sub_type,
      'impacts', to_json(v.impacts),
      'sectors', to_json(v.sectors),
      'affectedOrganizations', coalesce((
        SELECT json_agg(json_build_object('id', ao.id, 'name', ao.name, 'acronym', ao.acronym, 'typeCode', ao.type_code) ORDER BY ids.position)
        FROM unnest(v.affected_organization_ids) WITH ORDINALITY AS ids(id, position) JOIN organizations ao ON ao.id = ids.id), '[]'::json),
      'affectedOrganizationTypes', to_json(v.affected_organization_types),
      'peopleAffected', v.people_affected,
      'perpetrator', v.perpetrator,
      'description', v.description,
      'sources', ${SOURCES_JSON},
      'sensitivity', v.sensitivity,
      'reviewState', v.review_state,
      'reviewNote', v.review_note,
      'changeKind', CASE WHEN seen.supersedes_id IS NULL THEN 'RECORD'
                         WHEN v.change_kind = 'RECORD' THEN 'CORRECTION' ELSE v.change_kind::text END,
      -- a version shown as a record (what it replaced is not seen) has no correction note:
      -- one would tell of the version it corrected
      'correctionNote', CASE WHEN seen.supersedes_id IS NULL AND (v.supersedes_id IS NOT NULL OR v.target_id IS NOT NULL)
                             THEN NULL ELSE v.correction_note END,
      -- microseconds, as stored: knownAt=<recordedAt> must include the version itself
      'recordedAt', to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'recordedBy', json_build_object('id', u.id, 'displayName', u.display_name),
      'supersedesId', seen.supersedes_id,
      'supersededById', seen.superseded_by_id,
      'proposal', v.review_state <> 'VALIDATED',
      'targetId', v.target_id
    ) AS version
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN incident_versions v ON v.id = wanted.id
    JOIN incidents i ON i.id = v.incident_id
    JOIN organizations o ON o.id = i.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN users u ON u.id = v.recorded_by_id
    CROSS JOIN LATERAL (
      SELECT
        CASE WHEN v.review_state = 'VALIDATED' THEN (
          SELECT s.id FROM incident_versions s
          WHERE s.incident_id = v.incident_id AND ${exists('s')} AND (s.recorded_at, s.id) < (v.recorded_at, v.id)
          ORDER BY s.recorded_at DESC, s.id DESC LIMIT 1)
        ELSE coalesce((SELECT s.id FROM incident_versions s
                       WHERE s.id = v.supersedes_id AND s.review_state <> 'VALIDATED' AND ${incidentProposalExistsSql(actor, Prisma.sql`s.id`)}),
                      v.target_id) END AS supersedes_id,
        CASE WHEN v.review_state = 'VALIDATED' THEN (
          SELECT s.id FROM incident_versions s
          WHERE s.incident_id = v.incident_id AND ${exists('s')} AND (s.recorded_at, s.id) > (v.recorded_at, v.id)
          ORDER BY s.recorded_at, s.id LIMIT 1)
        ELSE ${incidentProposalSuccessorSql(actor, Prisma.sql`v`)} END AS superseded_by_id
    ) seen
    WHERE ${exists('v')} OR ${incidentProposalExistsSql(actor, Prisma.sql`v.id`)}
    ORDER BY wanted.position`;
  return rows.map((row) => row.version);
}

/** Proposal rows with where each stands (for the review queue and my entries). */
export async function loadIncidentProposals(
  db: Db | Tx,
  actor: Actor,
  ids: string[],
): Promise<TIncidentProposal[]> {
  const versions = await loadIncidentVersions(db, actor, ids);
  if (versions.length === 0) return [];
  const validated = await db.$queryRaw<{ proposal_id: string; id: string }[]>`
    SELECT DISTINCT ON (n.proposal_id) n.proposal_id::text, n.id::text FROM incident_versions n
    WHERE n.proposal_id = ANY(${versions.map((version) => version.id)}::uuid[])
      AND ${incidentVersionExistsSql(actor, Prisma.sql`n`)}
    ORDER BY n.proposal_id, n.recorded_at, n.id`;
  const validatedAs = new Map(validated.map((row) => [row.proposal_id, row.id]));
  return versions.map((version) => {
    const validatedVersionId = validatedAs.get(version.id) ?? null;
    return {
      ...version,
      kind: version.targetId ? 'CORRECTION' : 'NEW',
      state: validatedVersionId
        ? 'VALIDATED'
        : (version.reviewState as Exclude<TIncidentVersion['reviewState'], 'VALIDATED'>),
      returnNote: version.reviewState === 'RETURNED' ? version.reviewNote : null,
      validatedVersionId,
    };
  });
}

/**
 * Versions as stored, for the audit trail: what was written, nothing derived for a reader
 * (no neighbours, no ceiling, which would tell of versions above the writer's clearance).
 */
export async function loadStoredIncidentVersions(
  db: Db | Tx,
  ids: string[],
): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ version: Record<string, unknown> }[]>`
    SELECT json_build_object(
      'id', v.id, 'incidentId', v.incident_id, 'organizationId', i.organization_id,
      'occurredOn', to_char(v.occurred_on, 'YYYY-MM-DD'), 'occurredTime', to_char(v.occurred_time, 'HH24:MI'),
      'areaId', v.area_id, 'category', v.category, 'subType', v.sub_type, 'impacts', to_json(v.impacts),
      'sectors', to_json(v.sectors), 'affectedOrganizationIds', to_json(v.affected_organization_ids),
      'affectedOrganizationTypes', to_json(v.affected_organization_types), 'peopleAffected', v.people_affected,
      'perpetrator', v.perpetrator, 'description', v.description, 'sensitivity', v.sensitivity,
      'reviewState', v.review_state, 'reviewNote', v.review_note, 'changeKind', v.change_kind,
      'correctionNote', v.correction_note, 'supersedesId', v.supersedes_id, 'targetId', v.target_id,
      'proposalId', v.proposal_id, 'sources', ${SOURCES_JSON}
    ) AS version
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN incident_versions v ON v.id = wanted.id JOIN incidents i ON i.id = v.incident_id
    ORDER BY wanted.position`;
  return rows.map((row) => row.version);
}
