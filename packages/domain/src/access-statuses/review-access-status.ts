import {
  inTransaction,
  requireRole,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { targetOf, writeChange } from '../timeline/write-change';

export type ReviewDecision = 'VALIDATED' | 'RETURNED';

/**
 * A coordinator validates a submitted entry or sends it back with a reason. The decision
 * is a new version (same content, new review state) so the history shows who validated what.
 */
export async function reviewAccessStatus(
  db: Db | Tx,
  ctx: RequestContext,
  versionId: string,
  decision: ReviewDecision,
  note: string | null,
  ifMatch?: string,
) {
  const actor = requireRole(ctx, 'COORDINATOR', 'ADMIN');
  if (decision === 'RETURNED' && !note?.trim())
    throw AppError.invalid('note', 'say why the entry is sent back');
  return inTransaction(db, async (tx) => {
    const pair = await targetOf(tx, actor, versionId, ifMatch);
    return writeChange(
      tx,
      ctx,
      actor,
      pair,
      { kind: 'REVIEW', targetId: versionId, decision, note: note?.trim() || null },
      {
        action: decision === 'VALIDATED' ? 'access_status.validate' : 'access_status.return',
        reason: note,
      },
    );
  });
}
