import {
  checkDecidable,
  checkUnchanged,
  requireReviewer,
  reviewNote,
  timelineMoved,
  type ReviewDecision,
} from '../review/review-rules';
import { inTransaction, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { currentIncidentVersionAt, planIncidentChange } from '../timeline/incident-plan';
import {
  findRecordProposal,
  findValidatedVersion,
  lockRecord,
  readRecordLevels,
  type RequestRecordKind,
} from './request-store';
import { checkProposalDates } from './position-dates';
import { loadWritten, writeRequestVersion } from './write-request-version';

/**
 * A coordinator decides on an editor's submitted proposal of a request or a position, by
 * the rules statuses and incidents follow (review/review-rules.ts): validating places a
 * validated copy through the level rule (409 TIMELINE_MOVED when what it corrects is no
 * longer current for the reviewer); returning writes a new row of the proposal with the note.
 */
export async function reviewRequestRecord(
  db: Db,
  ctx: RequestContext,
  kind: RequestRecordKind,
  proposalId: string,
  decision: ReviewDecision,
  note: string | null,
  ifMatch?: string,
) {
  const actor = requireReviewer(ctx);
  const decisionNote = reviewNote(decision, note);
  const prefix = kind === 'request' ? 'access_request' : 'consent_position';
  return inTransaction(db, async (tx) => {
    const found = await findRecordProposal(tx, actor, kind, proposalId);
    if (!found) {
      // a validated version the reviewer may see (a position's on a request they may see):
      // anything else reads exactly as an unknown id
      const validated = await findValidatedVersion(tx, actor, kind, proposalId);
      if (validated)
        throw new AppError(
          'CONFLICT',
          'This version is already validated: only a submitted proposal can be validated or returned',
        );
      throw AppError.notFound('The proposal');
    }
    await lockRecord(tx, 'request', found.requestId);
    const proposal = (await findRecordProposal(tx, actor, kind, found.id))!;
    checkUnchanged(proposal, ifMatch);
    checkDecidable(proposal, decision);
    if (decision === 'RETURNED') {
      const written = await writeRequestVersion(
        tx,
        ctx,
        actor,
        `${prefix}.return`,
        {
          kind,
          recordId: proposal.recordId,
          copyOf: proposal.id,
          meta: {
            changeKind: 'REVIEW',
            reviewState: 'RETURNED',
            reviewNote: decisionNote,
            supersedesId: proposal.id,
            ceiling: 'SEVERE',
            targetId: proposal.targetId,
            proposalId: null,
          },
        },
        { recordedById: proposal.recordedById, reason: decisionNote },
      );
      return loadWritten(tx, actor, written);
    }
    // a position answers its request: the day rule holds for what is validated too
    await checkProposalDates(tx, actor, kind, proposal.id, found.requestId);
    const levels = await readRecordLevels(tx, kind, proposal.recordId);
    if (
      proposal.targetId &&
      currentIncidentVersionAt(levels, actor.clearance) !== proposal.targetId
    ) {
      throw timelineMoved(
        'The version this proposal corrects is no longer current for you: correct the current version yourself, or return it',
        { proposalId: proposal.id, versionId: proposal.targetId },
      );
    }
    const planned = planIncidentChange(
      levels,
      actor.clearance,
      proposal.targetId ? { kind: 'CORRECTION', targetId: proposal.targetId } : { kind: 'RECORD' },
    );
    const written = await writeRequestVersion(
      tx,
      ctx,
      actor,
      `${prefix}.validate`,
      {
        kind,
        recordId: proposal.recordId,
        copyOf: proposal.id,
        meta: {
          changeKind: proposal.targetId ? 'CORRECTION' : 'RECORD',
          reviewState: 'VALIDATED',
          reviewNote: decisionNote,
          ...planned,
          targetId: null,
          proposalId: proposal.id,
        },
      },
      { before: proposal.id, reason: decisionNote },
    );
    return loadWritten(tx, actor, written);
  });
}
