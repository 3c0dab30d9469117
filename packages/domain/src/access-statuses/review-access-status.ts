import { recordAuditEvent } from '../audit/record-audit-event';
import { inTransaction, type Db, type RequestContext, type Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { findProposal, lockedProposal, type ProposalRow } from '../proposals/proposal-row';
import { loadProposals } from '../proposals/proposal-view';
import { versionAtLevel, writeVersions } from '../timeline/version-store';
import { loadStoredVersions } from './version-view';
import { writeChange } from '../timeline/write-change';

import {
  checkDecidable,
  requireReviewer,
  reviewNote,
  timelineMoved,
  type ReviewDecision,
} from '../review/review-rules';

export type { ReviewDecision };

/**
 * A coordinator decides on an editor's submitted proposal. Validating places it into the
 * validated timeline through the engine, as the coordinator's own entry would be (a
 * record, or a correction of its target), refused with 409 TIMELINE_MOVED when the
 * version it corrects or was based on is no longer current. Returning writes a new row
 * of the proposal (with the note) and leaves the timeline untouched.
 */
export async function reviewAccessStatus(
  db: Db | Tx,
  ctx: RequestContext,
  proposalId: string,
  decision: ReviewDecision,
  note: string | null,
  ifMatch?: string,
) {
  const actor = requireReviewer(ctx);
  const decisionNote = reviewNote(decision, note);
  return inTransaction(db, async (tx) => {
    const found = await findProposal(tx, actor, proposalId);
    if (!found) {
      if (await versionAtLevel(tx, proposalId, actor.clearance)) {
        throw new AppError(
          'CONFLICT',
          'This entry is already part of the validated timeline: only a submitted proposal can be validated or returned',
        );
      }
      throw AppError.notFound('The access status version');
    }
    const proposal = await lockedProposal(tx, actor, found, ifMatch);
    // validated by a coordinator cleared lower, into a version kept below this reviewer's
    // level (their reconciliation queue has it): decided, whatever their timeline shows
    checkDecidable(proposal, decision);
    if (decision === 'RETURNED') return returnProposal(tx, ctx, proposal, decisionNote!);
    await checkTimelineUnmoved(tx, actor.clearance, proposal);
    return writeChange(
      tx,
      ctx,
      actor,
      proposal,
      proposal.targetId
        ? {
            kind: 'CORRECTION',
            targetId: proposal.targetId,
            content: proposal.content,
            reviewState: 'VALIDATED',
          }
        : { kind: 'RECORD', content: proposal.content, reviewState: 'VALIDATED' },
      { action: 'access_status.validate', reason: decisionNote, proposalId: proposal.id },
    );
  });
}

/** 409 TIMELINE_MOVED when what the proposal corrects, or the period it was based on, was replaced since. */
async function checkTimelineUnmoved(
  tx: Tx,
  level: Parameters<typeof versionAtLevel>[2],
  proposal: ProposalRow,
): Promise<void> {
  const basis = proposal.targetId ?? proposal.basedOnId;
  if (!basis) return;
  const atLevel = await versionAtLevel(tx, basis, level);
  if (atLevel?.supersededById) {
    throw timelineMoved(
      // not "since it was proposed": it may have been replaced before, at a level above the editor's
      proposal.targetId
        ? "The status this proposal corrects is no longer current in your timeline (it was corrected since it was proposed, or by an entry above its editor's clearance): correct the current status yourself, or return it"
        : "The status this proposal follows is no longer current in your timeline (it was corrected since it was proposed, or by an entry above its editor's clearance): check it against the current timeline, or return it",
      {
        proposalId: proposal.id,
        versionId: basis,
        supersededById: atLevel.supersededById,
        issues: [{ field: 'validFrom', message: 'the validated timeline changed meanwhile' }],
      },
    );
  }
}

/**
 * The decision to send a proposal back: a new row of the proposal, same content, with the
 * note. The row stays its editor's (recorded by the proposal's author, so it is in their
 * My entries and not the reviewer's); the reviewer is the actor of its audit event, which
 * the proposal's history names.
 */
async function returnProposal(tx: Tx, ctx: RequestContext, proposal: ProposalRow, note: string) {
  const actor = ctx.actor!;
  const id = crypto.randomUUID();
  await writeVersions(tx, proposal.recordedById, [
    {
      id,
      organizationId: proposal.organizationId,
      areaId: proposal.areaId,
      changeKind: 'REVIEW',
      content: proposal.content,
      reviewState: 'RETURNED',
      reviewNote: note,
      supersedesId: proposal.id,
      ceiling: 'SEVERE',
      basedOnId: proposal.basedOnId,
      proposalId: null,
    },
  ]);
  const [returned] = await loadProposals(tx, actor, [id]);
  const [after, before] = await loadStoredVersions(tx, [id, proposal.id]);
  await recordAuditEvent(tx, ctx, {
    action: 'access_status.return',
    entityType: 'access_status_version',
    entityId: id,
    before: before ?? null,
    after,
    reason: note,
  });
  return returned!;
}
