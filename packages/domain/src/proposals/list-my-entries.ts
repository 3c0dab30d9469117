import { requireActor, type Db, type RequestContext } from '../shared/context';
import {
  existingProposalsSql,
  proposalSuccessorSql,
  readerLevelSql,
} from '../access-statuses/access-sql';
import { loadProposals } from './proposal-view';

/**
 * The proposals of the signed-in user's organisations (and any they made themselves), as
 * they stand now: returned ones first (they need the editor), then drafts, submitted, and
 * validated ones (with the version they became); newest first within each.
 */
export async function listMyEntries(db: Db, ctx: RequestContext, limit = 200) {
  const actor = requireActor(ctx);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM ${existingProposalsSql(actor)}
    LEFT JOIN LATERAL (
      SELECT EXISTS (SELECT 1 FROM access_status_versions n
                     JOIN access_status_version_levels nl ON nl.version_id = n.id AND nl.level = ${readerLevelSql(actor)}
                     WHERE n.proposal_id = p.id) AS validated
    ) decided ON TRUE
    WHERE (p.organization_id = ANY(${actor.organizationIds}::uuid[]) OR p.recorded_by_id = ${actor.userId}::uuid)
      AND (${proposalSuccessorSql(actor)} IS NULL OR decided.validated)
    ORDER BY CASE WHEN decided.validated THEN 3 WHEN p.review_state = 'RETURNED' THEN 0
                  WHEN p.review_state = 'DRAFT' THEN 1 ELSE 2 END,
             p.recorded_at DESC, p.id
    LIMIT ${limit + 1}`;
  return {
    items: await loadProposals(
      db,
      actor,
      rows.slice(0, limit).map((row) => row.id),
    ),
    truncated: rows.length > limit,
  };
}
