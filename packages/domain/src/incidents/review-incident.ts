import { Prisma } from '@access/db';
import {
  checkDecidable,
  checkUnchanged,
  requireReviewer,
  reviewNote,
  timelineMoved,
  type ReviewDecision,
} from '../review/review-rules';
import { inTransaction, type Db, type RequestContext, type Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { currentIncidentVersionAt, planIncidentChange } from '../timeline/incident-plan';
import { writeIncidentVersion } from './correct-incident';
import { incidentVersionExistsSql } from './incident-sql';
import { findIncidentProposal, lockIncident, readIncidentLevels } from './incident-store';

/**
 * A coordinator decides on an editor's submitted incident proposal, by the rules statuses
 * follow (review/review-rules.ts). Validating writes a validated version through the
 * incident planner, as the coordinator's own entry would be, refused with 409
 * TIMELINE_MOVED when the version it corrects is no longer current for the reviewer.
 * Returning writes a new row of the proposal with the note (still its editor's).
 */
export async function reviewIncident(
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
    const found = await findIncidentProposal(tx, actor, proposalId);
    if (!found) {
      const [validated] = await tx.$queryRaw<unknown[]>`
        SELECT 1 FROM incident_versions v WHERE v.id = ${proposalId}::uuid AND ${incidentVersionExistsSql(actor, Prisma.sql`v`)}`;
      if (validated) {
        throw new AppError(
          'CONFLICT',
          'This incident version is already validated: only a submitted proposal can be validated or returned',
        );
      }
      throw AppError.notFound('The incident version');
    }
    await lockIncident(tx, found.incidentId);
    const proposal = (await findIncidentProposal(tx, actor, found.id))!;
    checkUnchanged(proposal, ifMatch);
    checkDecidable(proposal, decision);
    const base = {
      incidentId: proposal.incidentId,
      content: proposal.content,
      affectedOrganizationTypes: proposal.content.affectedOrganizationTypes,
    };
    if (decision === 'RETURNED') {
      return writeIncidentVersion(
        tx,
        ctx,
        actor,
        'incident.return',
        {
          ...base,
          changeKind: 'REVIEW',
          reviewState: 'RETURNED',
          reviewNote: decisionNote,
          supersedesId: proposal.id,
          ceiling: 'SEVERE',
          targetId: proposal.targetId,
          proposalId: null,
        },
        { recordedById: proposal.recordedById, reason: decisionNote },
      );
    }
    const levels = await readIncidentLevels(tx, proposal.incidentId);
    if (
      proposal.targetId &&
      currentIncidentVersionAt(levels, actor.clearance) !== proposal.targetId
    ) {
      throw timelineMoved(
        "The incident version this proposal corrects is no longer current for you (it was corrected since it was proposed, or by an entry above its editor's clearance): correct the current version yourself, or return it",
        { proposalId: proposal.id, versionId: proposal.targetId },
      );
    }
    const planned = planIncidentChange(
      levels,
      actor.clearance,
      proposal.targetId ? { kind: 'CORRECTION', targetId: proposal.targetId } : { kind: 'RECORD' },
    );
    return writeIncidentVersion(
      tx,
      ctx,
      actor,
      'incident.validate',
      {
        ...base,
        changeKind: proposal.targetId ? 'CORRECTION' : 'RECORD',
        reviewState: 'VALIDATED',
        reviewNote: decisionNote,
        ...planned,
        targetId: null,
        proposalId: proposal.id,
      },
      { before: proposal.id, reason: decisionNote },
    );
  });
}
