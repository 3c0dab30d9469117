import { existingProposalsSql, proposalSuccessorSql } from '../access-statuses/access-sql';
import type { Actor, Tx } from '../shared/context';
import type { TimelineVersion } from '../timeline/timeline-engine';
import { CONTENT_JSON, pairKey, type Pair } from '../timeline/version-store';

/** A pending proposal as the import compares it with a row (what matchRow reads). */
export type OwnProposal = Pick<TimelineVersion, 'id' | 'statedValidTo' | 'content'>;

/**
 * The importer's own pending proposals (submitted or draft, recorded by them or for their
 * organisations, not replaced or decided since) of the given pairs, by pair, in start
 * order: an editor's import compares its rows with them as well as with the timeline, so
 * a row they already proposed is not proposed again by a second import (the incident
 * import does the same). Read through the one rule of which proposals exist for them.
 */
export async function readOwnProposals(
  tx: Tx,
  actor: Actor,
  pairs: Pair[],
): Promise<Map<string, OwnProposal[]>> {
  const found = new Map<string, OwnProposal[]>();
  if (pairs.length === 0) return found;
  const rows = await tx.$queryRaw<(OwnProposal & { organizationId: string; areaId: string })[]>`
    SELECT v.id::text, v.organization_id::text AS "organizationId", v.area_id::text AS "areaId",
           to_char(v.valid_to, 'YYYY-MM-DD') AS "statedValidTo", ${CONTENT_JSON} AS content
    FROM ${existingProposalsSql(actor)}
    JOIN access_status_versions v ON v.id = p.id
    JOIN unnest(${pairs.map((pair) => pair.organizationId)}::uuid[], ${pairs.map((pair) => pair.areaId)}::uuid[])
      AS q(organization_id, area_id) ON q.organization_id = p.organization_id AND q.area_id = p.area_id
    WHERE p.review_state IN ('SUBMITTED', 'DRAFT') AND ${proposalSuccessorSql(actor)} IS NULL
      AND (p.recorded_by_id = ${actor.userId}::uuid OR p.organization_id = ANY(${actor.organizationIds}::uuid[]))
    ORDER BY p.valid_from, p.recorded_at`;
  for (const { organizationId, areaId, ...proposal } of rows) {
    const key = pairKey({ organizationId, areaId });
    const list = found.get(key);
    if (list) list.push(proposal);
    else found.set(key, [proposal]);
  }
  return found;
}
