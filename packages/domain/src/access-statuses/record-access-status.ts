import type { TAccessStatusRecord } from '@access/contracts';
import {
  inTransaction,
  requireEditorOf,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { checkReferences, checkSensitivity, writeChange } from '../timeline/write-change';
import { reviewStateFor } from './review-state';

/**
 * Records a status for an organisation in an area from `validFrom` on, until the next
 * period the reader sees or the stated `validTo`. Nothing is closed or updated: ends are
 * derived, so a record never touches another version.
 */
export async function recordAccessStatus(
  db: Db | Tx,
  ctx: RequestContext,
  input: TAccessStatusRecord,
) {
  const actor = requireEditorOf(ctx, input.organizationId);
  checkSensitivity(actor, input);
  const reviewState = reviewStateFor(actor, input.reviewState);
  const { organizationId, areaId, reviewState: _requested, ...content } = input;
  return inTransaction(db, async (tx) => {
    await checkReferences(tx, { organizationId, areaId }, content.terms);
    return writeChange(
      tx,
      ctx,
      actor,
      { organizationId, areaId },
      { kind: 'RECORD', content, reviewState },
      {
        action: 'access_status.record',
        reason: content.reason,
      },
    );
  });
}
