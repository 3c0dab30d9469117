import type { TAccessStatusCorrection } from '@access/contracts';
import {
  inTransaction,
  requireActor,
  requireEditorOf,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { checkReferences, checkSensitivity, targetOf, writeChange } from '../timeline/write-change';
import { reviewStateFor } from './review-state';

/**
 * Corrects a version that was wrong: a new version supersedes it and both remain, so
 * "what did we believe on K" still answers with the wrong one for K before the fix.
 * Only a version current in the writer's timeline can be corrected (409 otherwise, 412
 * when If-Match names an older state), so nothing is silently overwritten.
 */
export async function correctAccessStatus(
  db: Db | Tx,
  ctx: RequestContext,
  versionId: string,
  input: TAccessStatusCorrection,
  ifMatch?: string,
) {
  const viewer = requireActor(ctx);
  return inTransaction(db, async (tx) => {
    const pair = await targetOf(tx, viewer, versionId, ifMatch);
    const actor = requireEditorOf(ctx, pair.organizationId);
    checkSensitivity(actor, input);
    const reviewState = reviewStateFor(actor, input.reviewState);
    await checkReferences(tx, pair, input.terms);
    const { reviewState: _requested, ...content } = input;
    return writeChange(
      tx,
      ctx,
      actor,
      pair,
      { kind: 'CORRECTION', targetId: versionId, content, reviewState },
      {
        action: 'access_status.correct',
        reason: input.reason,
      },
    );
  });
}
