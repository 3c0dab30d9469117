import { requireRole, type Db, type RequestContext } from "../shared/context";
import { clearanceSql } from "./access-sql";
import { loadVersions } from "./version-view";

/** Entries waiting for a coordinator: current versions in the SUBMITTED state, oldest first. */
export async function listReviewQueue(db: Db, ctx: RequestContext, limit = 200) {
  const actor = requireRole(ctx, "COORDINATOR", "ADMIN");
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT v.id FROM access_status_versions v
    WHERE v.review_state = 'SUBMITTED' AND ${clearanceSql(actor)}
      AND NOT EXISTS (SELECT 1 FROM access_status_versions s WHERE s.supersedes_id = v.id)
    ORDER BY v.recorded_at, v.id
    LIMIT ${limit + 1}`;
  return { items: await loadVersions(db, rows.slice(0, limit).map((row) => row.id)), nextCursor: null, truncated: rows.length > limit };
}
