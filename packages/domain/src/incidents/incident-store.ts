import { Prisma } from '@access/db';
import type { TIncidentCorrection, TReviewState, TSensitivity } from '@access/contracts';
import type { Actor, Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { timeOrderedUuid } from '../shared/ids';
import type { IncidentLevelVersion } from '../timeline/incident-plan';
import { incidentProposalExistsSql, incidentProposalSuccessorSql } from './incident-sql';

/** What a version of an incident says (a record's or correction's input, without its review state). */
export type IncidentContent = Omit<TIncidentCorrection, 'reviewState'>;

/** One change of an incident at a time: its writers queue on this lock, in their transaction. */
export async function lockIncident(tx: Tx, incidentId: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`incident:${incidentId}`}, 0))::text`;
}

/** The incident's validated versions, oldest first, with the levels each exists at. */
export async function readIncidentLevels(
  tx: Tx,
  incidentId: string,
): Promise<IncidentLevelVersion[]> {
  return tx.$queryRaw<IncidentLevelVersion[]>`
    SELECT id::text, sensitivity::text, ceiling::text FROM incident_versions
    WHERE incident_id = ${incidentId}::uuid AND review_state = 'VALIDATED'
    ORDER BY recorded_at, id`;
}

/**
 * The area and affected organisations exist (400 naming the field otherwise); answers the
 * affected organisation types: those stated plus the affected organisations' own, sorted.
 */
export async function checkIncidentReferences(tx: Tx, content: IncidentContent): Promise<number[]> {
  const organizationIds = [...new Set(content.affectedOrganizationIds)];
  const [found] = await tx.$queryRaw<
    { area: boolean; organizations: { id: string; type: number }[] }[]
  >`
    SELECT EXISTS (SELECT 1 FROM areas WHERE id = ${content.areaId}::uuid) AS area,
           coalesce((SELECT json_agg(json_build_object('id', id, 'type', type_code)) FROM organizations
                     WHERE id = ANY(${organizationIds}::uuid[])), '[]'::json) AS organizations`;
  if (!found!.area) throw AppError.invalid('areaId', 'no area has this id');
  const known = new Map(found!.organizations.map((row) => [row.id, row.type]));
  content.affectedOrganizationIds.forEach((id, index) => {
    if (!known.has(id))
      throw AppError.invalid(`affectedOrganizationIds.${index}`, 'no organisation has this id');
  });
  return [...new Set([...content.affectedOrganizationTypes, ...known.values()])].sort(
    (a, b) => a - b,
  );
}

export interface IncidentVersionToWrite {
  incidentId: string;
  content: IncidentContent;
  affectedOrganizationTypes: number[];
  changeKind: 'RECORD' | 'CORRECTION' | 'REVIEW';
  reviewState: TReviewState;
  reviewNote: string | null;
  supersedesId: string | null;
  ceiling: TSensitivity;
  targetId: string | null;
  proposalId: string | null;
}

/** Appends one version of an incident with its sources; answers its id. */
export async function insertIncidentVersion(
  tx: Tx,
  recordedById: string,
  version: IncidentVersionToWrite,
): Promise<string> {
  const id = timeOrderedUuid();
  const { content } = version;
  await tx.$executeRaw`
    INSERT INTO incident_versions (id, incident_id, occurred_on, occurred_time, area_id, category, sub_type, impacts, sectors,
      affected_organization_ids, affected_organization_types, people_affected, perpetrator, description, sensitivity, ceiling,
      review_state, review_note, change_kind, correction_note, recorded_at, recorded_by_id, supersedes_id, target_id, proposal_id)
    VALUES (${id}::uuid, ${version.incidentId}::uuid, ${content.occurredOn}::date, ${content.occurredTime ?? null}::time,
      ${content.areaId}::uuid, ${content.category}, ${content.subType},
      ${[...new Set(content.impacts)]}::"IncidentImpact"[], ${[...new Set(content.sectors)]}::"Sector"[],
      ${[...new Set(content.affectedOrganizationIds)]}::uuid[], ${version.affectedOrganizationTypes}::smallint[],
      ${content.peopleAffected ?? null}::int, ${content.perpetrator ?? null}::"PerpetratorCategory", ${content.description},
      ${content.sensitivity}::"Sensitivity", ${version.ceiling}::"Sensitivity", ${version.reviewState}::"ReviewState",
      ${version.reviewNote}, ${version.changeKind}::"ChangeKind", ${content.correctionNote ?? null},
      -- the time of writing, after the incident's lock: the later writer records later
      clock_timestamp(), ${recordedById}::uuid, ${version.supersedesId}::uuid, ${version.targetId}::uuid, ${version.proposalId}::uuid)`;
  if (content.sources.length > 0) {
    await tx.$executeRaw`
      INSERT INTO incident_sources (id, version_id, position, title, publisher, url, published_on)
      SELECT gen_random_uuid(), ${id}::uuid, s.position - 1, s.source->>'title', s.source->>'publisher',
             s.source->>'url', (s.source->>'publishedOn')::date
      FROM jsonb_array_elements(${JSON.stringify(content.sources)}::jsonb) WITH ORDINALITY AS s(source, position)`;
  }
  return id;
}

/** A proposal row of an incident as a writer or reviewer finds it. */
export interface IncidentProposalRow {
  id: string;
  incidentId: string;
  organizationId: string;
  reviewState: TReviewState;
  targetId: string | null;
  recordedById: string;
  supersededById: string | null;
  /** a validated version was placed from it (at any level) */
  validated: boolean;
  content: IncidentContent;
}

/** The incident proposal row `id` as the actor may see it (existingIncidentProposalsSql), or null. */
export async function findIncidentProposal(
  tx: Tx,
  actor: Actor,
  id: string,
): Promise<IncidentProposalRow | null> {
  const [row] = await tx.$queryRaw<IncidentProposalRow[]>`
    SELECT v.id::text, v.incident_id::text AS "incidentId", i.organization_id::text AS "organizationId",
           v.review_state::text AS "reviewState", v.target_id::text AS "targetId", v.recorded_by_id::text AS "recordedById",
           (${incidentProposalSuccessorSql(actor, Prisma.sql`v`)})::text AS "supersededById",
           EXISTS (SELECT 1 FROM incident_versions n WHERE n.proposal_id = v.id) AS validated,
           ${CONTENT_JSON} AS content
    FROM incident_versions v JOIN incidents i ON i.id = v.incident_id
    WHERE v.id = ${id}::uuid AND v.review_state <> 'VALIDATED' AND ${incidentProposalExistsSql(actor, Prisma.sql`v.id`)}`;
  return row ?? null;
}

/** The content of incident version `v`, as its input would state it. */
const CONTENT_JSON = Prisma.sql`jsonb_build_object(
  'occurredOn', to_char(v.occurred_on, 'YYYY-MM-DD'), 'occurredTime', to_char(v.occurred_time, 'HH24:MI'),
  'areaId', v.area_id, 'category', v.category, 'subType', v.sub_type, 'impacts', to_jsonb(v.impacts),
  'sectors', to_jsonb(v.sectors), 'affectedOrganizationIds', to_jsonb(v.affected_organization_ids),
  'affectedOrganizationTypes', to_jsonb(v.affected_organization_types), 'peopleAffected', v.people_affected,
  'perpetrator', v.perpetrator, 'description', v.description, 'sensitivity', v.sensitivity,
  'correctionNote', v.correction_note,
  'sources', coalesce((SELECT jsonb_agg(jsonb_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url,
                                                           'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
                       FROM incident_sources s WHERE s.version_id = v.id), '[]'::jsonb))`;
