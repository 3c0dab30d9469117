import { requireRole, type Db, type RequestContext } from '../shared/context';
import { timelineSql } from './access-sql';
import { loadVersions } from './version-view';

/** Entries waiting for a coordinator: versions current in the reviewer's timeline in the SUBMITTED state, oldest first. */
export async function listReviewQueue(db: Db, ctx: RequestContext, limit = 200) {
  const actor = requireRole(ctx, 'COORDINATOR', 'ADMIN');
  const source = timelineSql(actor, {});
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT v.id FROM ${source.from}
    WHERE ${source.where} AND v.review_state = 'SUBMITTED'
    ORDER BY v.recorded_at, v.id
    LIMIT ${limit + 1}`;
  return {
    items: await loadVersions(
      db,
      actor,
      rows.slice(0, limit).map((row) => row.id),
    ),
    nextCursor: null,
    truncated: rows.length > limit,
  };
}
