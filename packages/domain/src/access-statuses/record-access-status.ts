import type { TAccessStatusRecord } from '@access/contracts';
import { withRawTransaction } from '@access/db';
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
  if (reviewState === 'VALIDATED') {
    // the references are checked with the pair's lock, in one statement
    const change = { kind: 'RECORD', content, reviewState } as const;
    const options = { ...audit, references: content.terms };
    // A transaction of its own runs on `pg` (withRawTransaction: Prisma's client cost four
    // times its CPU per statement); in a caller's, the change joins it.
    const written = ownsTransaction(db)
      ? await withRawTransaction(db, (tx) =>
          writeChange(tx, ctx, actor, pair, change, { ...options, endsTransaction: true }),
        )
      : await writeChange(db, ctx, actor, pair, change, options);
    return withWarnings(written, content);
  }
  const written = await inTransaction(db, async (tx) => {
    await checkReferences(tx, pair, content.terms);
    return proposeChange(
      tx,
      ctx,
      actor,
      pair,
      { content, reviewState, targetId: null, replacesId: null },
      audit,
    );
  });
  return withWarnings(written, content);
}
