import type { TReviewQueueItem } from '@access/contracts';
import { requireRole, type Db, type RequestContext } from '../shared/context';
import { loadProposals } from '../proposals/proposal-view';
import { existingProposalsSql, proposalSuccessorSql, readerLevelSql } from './access-sql';
import { loadVersions } from './version-view';

/**
 * Proposals waiting for a coordinator (submitted, not resubmitted or decided since), oldest
 * first, each beside the validated status it would replace: a correction's target, or for
 * a new status the period of the reviewer's current timeline its start falls in.
 */
export async function listReviewQueue(db: Db, ctx: RequestContext, limit = 200) {
  const actor = requireRole(ctx, 'COORDINATOR', 'ADMIN');
  const rows = await db.$queryRaw<
    { id: string; current_id: string | null; waiting_days: number }[]
  >`
    SELECT p.id, coalesce(p.target_id, (
             SELECT c.id FROM current_access_statuses c
             WHERE c.level = ${readerLevelSql(actor)} AND c.organization_id = p.organization_id AND c.area_id = p.area_id
               AND c.valid_from <= p.valid_from AND (c.valid_to IS NULL OR c.valid_to > p.valid_from)
             ORDER BY c.valid_from DESC LIMIT 1)) AS current_id,
           floor(extract(epoch FROM now() - p.recorded_at) / 86400)::int AS waiting_days
    FROM ${existingProposalsSql(actor)}
    WHERE p.review_state = 'SUBMITTED' AND ${proposalSuccessorSql(actor)} IS NULL
    ORDER BY p.recorded_at, p.id
    LIMIT ${limit + 1}`;
  const page = rows.slice(0, limit);
  const [proposals, current] = await Promise.all([
    loadProposals(
      db,
      actor,
      page.map((row) => row.id),
    ),
    loadVersions(db, actor, [
      ...new Set(page.flatMap((row) => (row.current_id ? [row.current_id] : []))),
    ]),
  ]);
  const currentById = new Map(current.map((version) => [version.id, version]));
  const items: TReviewQueueItem[] = proposals.map((proposal, index) => ({
    ...proposal,
    current: currentById.get(page[index]!.current_id ?? '') ?? null,
    waitingDays: page[index]!.waiting_days,
  }));
  return { items, nextCursor: null, truncated: rows.length > limit };
}
