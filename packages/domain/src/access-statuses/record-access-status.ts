import type { TAccessStatusRecord } from '@access/contracts';
import {
  inTransaction,
  ownsTransaction,
  requireEditorOf,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { proposeChange } from '../proposals/propose-change';
import { checkReferences, checkSensitivity, writeChange } from '../timeline/write-change';
import { reviewStateFor } from './review-state';
import { withWarnings } from './write-warnings';

/**
 * Records a status for an organisation in an area from `validFrom` on, until the next
 * period the reader sees or the stated `validTo`. Nothing is closed or updated: ends are
 * derived, so a record never touches another version. An editor's entry (or a draft) is a
 * proposal: it enters the timeline only when a coordinator validates it.
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
  const pair = { organizationId, areaId };
  const audit = { action: 'access_status.record', reason: content.reason };
  const written = await inTransaction(db, async (tx) => {
    if (reviewState !== 'VALIDATED') {
      await checkReferences(tx, pair, content.terms);
      return proposeChange(
        tx,
        ctx,
        actor,
        pair,
        { content, reviewState, targetId: null, replacesId: null },
        audit,
      );
    }
    // the references are checked with the pair's lock, in one statement
    return writeChange(
      tx,
      ctx,
      actor,
      pair,
      { kind: 'RECORD', content, reviewState },
      { ...audit, references: content.terms, endsTransaction: ownsTransaction(db) },
    );
  });
  return withWarnings(written, content);
}
