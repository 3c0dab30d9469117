import type { TAccessStatusCorrection } from '@access/contracts';
import {
  inTransaction,
  requireActor,
  requireEditorOf,
  type Actor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { findProposal, lockedProposal, type ProposalRow } from '../proposals/proposal-row';
import { proposeChange } from '../proposals/propose-change';
import { versionAtLevel } from '../timeline/version-store';
import { checkReferences, checkSensitivity, targetOf, writeChange } from '../timeline/write-change';
import { checkResubmitter, reviewStateFor } from '../review/review-rules';
import { withWarnings } from './write-warnings';

/**
 * Corrects a version that was wrong: a new version supersedes it and both remain, so
 * "what did we believe on K" still answers with the wrong one for K before the fix.
 * Only a version current in the writer's timeline can be corrected (409 otherwise, 412
 * when If-Match names an older state), so nothing is silently overwritten.
 *
 * An editor's correction is a proposal. Correcting a proposal resubmits it (its editors);
 * a coordinator does not correct an editor's proposal, they validate or return it
 * (409 PROPOSAL_UNDER_REVIEW), so nothing becomes validated without being reviewed.
 */
export async function correctAccessStatus(
  db: Db | Tx,
  ctx: RequestContext,
  versionId: string,
  input: TAccessStatusCorrection,
  ifMatch?: string,
) {
  const viewer = requireActor(ctx);
  const { reviewState: requested, ...content } = input;
  const written = await inTransaction(db, async (tx) => {
    const proposal = await findProposal(tx, viewer, versionId);
    if (proposal) return resubmit(tx, ctx, proposal, input, ifMatch);
    const { pair, actor } = await targetOf(tx, ctx, viewer, versionId, ifMatch);
    checkSensitivity(actor, input);
    const reviewState = reviewStateFor(actor, requested);
    await checkReferences(tx, pair, input.terms);
    const audit = { action: 'access_status.correct', reason: input.reason };
    if (reviewState !== 'VALIDATED') {
      return proposeChange(
        tx,
        ctx,
        actor,
        pair,
        { content, reviewState, targetId: versionId, replacesId: null },
        audit,
      );
    }
    return writeChange(
      tx,
      ctx,
      actor,
      pair,
      { kind: 'CORRECTION', targetId: versionId, content, reviewState },
      audit,
    );
  });
  return withWarnings(written, content);
}

/** A new row of the proposal, by its editors (or by whoever drafted it, for a draft of their own). */
async function resubmit(
  tx: Tx,
  ctx: RequestContext,
  found: ProposalRow,
  input: TAccessStatusCorrection,
  ifMatch: string | undefined,
) {
  const actor: Actor = requireEditorOf(ctx, found.organizationId);
  checkResubmitter(actor, found);
  checkSensitivity(actor, input);
  const { reviewState: requested, ...content } = input;
  const reviewState = reviewStateFor(actor, requested);
  if (reviewState === 'VALIDATED') {
    throw AppError.invalid('reviewState', 'a proposal is validated from the review queue');
  }
  const proposal = await lockedProposal(tx, actor, found, ifMatch);
  await checkReferences(tx, proposal, input.terms);
  return proposeChange(
    tx,
    ctx,
    actor,
    proposal,
    {
      content,
      reviewState,
      targetId: await currentTarget(tx, actor, proposal.targetId),
      replacesId: proposal.id,
    },
    { action: 'access_status.correct', reason: input.reason },
  );
}

/**
 * What a resubmitted correction now corrects: its target, or, when that was corrected
 * since (the reason a validation answered TIMELINE_MOVED), the version that replaced it in
 * the editor's timeline. The editor resubmits after reading the coordinator's note, so
 * the resubmission is checked against the timeline as it stands.
 */
async function currentTarget(
  tx: Tx,
  actor: Actor,
  targetId: string | null,
): Promise<string | null> {
  let current = targetId;
  for (let step = 0; current && step < 100; step++) {
    const atLevel = await versionAtLevel(tx, current, actor.clearance);
    if (!atLevel?.supersededById) return current;
    current = atLevel.supersededById;
  }
  return current;
}
