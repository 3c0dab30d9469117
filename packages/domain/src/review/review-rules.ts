import { versionEtag, type TReviewState, type TSensitivity } from '@access/contracts';
import { canSee, requireRole, type Actor, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';

/**
 * The rules of review, one module for every kind of record an editor proposes and a
 * coordinator decides on (access statuses and incidents): who may decide, what a return
 * needs, which proposals can still be decided or resubmitted, the clearance ceiling of a
 * write, and If-Match. Editors write for their own organisations only
 * (requireEditorOf in shared/context.ts); what "the target moved" means is the record's
 * own (a status's timeline, an incident's current version), the error is this module's.
 */

export type ReviewDecision = 'VALIDATED' | 'RETURNED';

/** Coordinators (and administrators) decide on proposals. */
export function requireReviewer(ctx: RequestContext): Actor {
  return requireRole(ctx, 'COORDINATOR', 'ADMIN');
}

/** A return says why; the note, trimmed (null when validating without one). */
export function reviewNote(decision: ReviewDecision, note: string | null): string | null {
  const trimmed = note?.trim() || null;
  if (decision === 'RETURNED' && !trimmed)
    throw AppError.invalid('note', 'say why the entry is sent back');
  return trimmed;
}

/** Editors submit for review; coordinators' and administrators' entries are validated unless they say otherwise. */
export function reviewStateFor(actor: Actor, requested: TReviewState | undefined): TReviewState {
  if (actor.role === 'EDITOR') {
    if (requested === 'VALIDATED')
      throw AppError.invalid('reviewState', 'only a coordinator can validate an entry');
    return requested ?? 'SUBMITTED';
  }
  return requested ?? 'VALIDATED';
}

/** A writer may not write what they could not read afterwards. */
export function checkSensitivity(actor: Actor, content: { sensitivity: TSensitivity }): void {
  if (!canSee(actor, content.sensitivity)) {
    throw AppError.invalid(
      'sensitivity',
      `is above your clearance (${actor.clearance}): you could not see this entry afterwards`,
    );
  }
}

/**
 * If-Match and supersession of the record a change names, as its writer sees it: 412
 * when If-Match names another state of it, 409 VERSION_SUPERSEDED when it was replaced.
 */
export function checkUnchanged(
  record: { id: string; supersededById: string | null },
  ifMatch: string | undefined,
): void {
  const etag = versionEtag(record);
  if (ifMatch !== undefined) {
    // strong comparison (RFC 9110, 13.1.1): a weak tag never matches
    const accepted = ifMatch.split(',').map((tag) => tag.trim());
    if (!accepted.includes('*') && !accepted.includes(etag)) {
      throw new AppError(
        'PRECONDITION_FAILED',
        record.supersededById
          ? 'This entry was changed meanwhile: review the newer version before changing it'
          : `If-Match names no state of this entry (its ETag is ${etag}): read it again and send the ETag it answers with`,
        { etag, supersededById: record.supersededById },
      );
    }
  }
  if (record.supersededById) {
    throw new AppError(
      'VERSION_SUPERSEDED',
      'This entry was changed meanwhile: change its latest version',
      { supersededById: record.supersededById },
    );
  }
}

/**
 * Whether a proposal can be decided on: not validated already (by a coordinator cleared
 * lower), not a draft, and only a submitted one returned (a returned proposal may still
 * be validated: the coordinator changed their mind).
 */
export function checkDecidable(
  proposal: { validated: boolean; reviewState: TReviewState },
  decision: ReviewDecision,
): void {
  if (proposal.validated) {
    throw new AppError(
      'CONFLICT',
      'This proposal was already validated by a coordinator cleared lower than you; its version is in your reconciliation queue',
      { reviewState: 'VALIDATED' },
    );
  }
  if (
    proposal.reviewState === 'DRAFT' ||
    (decision === 'RETURNED' && proposal.reviewState !== 'SUBMITTED')
  ) {
    throw new AppError(
      'CONFLICT',
      `This entry is ${proposal.reviewState === 'RETURNED' ? 'returned to its editor' : 'a draft'}, not waiting for review`,
      { reviewState: proposal.reviewState },
    );
  }
}

/**
 * Who corrects a proposal (a resubmission): its organisation's editors, or whoever wrote
 * a draft of their own. A coordinator validates or returns an editor's proposal instead
 * (409 PROPOSAL_UNDER_REVIEW), so nothing becomes validated unreviewed.
 */
export function checkResubmitter(
  actor: Actor,
  proposal: { id: string; reviewState: TReviewState; recordedById: string },
): void {
  if (
    actor.role !== 'EDITOR' &&
    !(proposal.reviewState === 'DRAFT' && proposal.recordedById === actor.userId)
  ) {
    throw new AppError(
      'PROPOSAL_UNDER_REVIEW',
      proposal.reviewState === 'RETURNED'
        ? "This is an editor's proposal, returned to them: they correct and resubmit it"
        : "This is an editor's proposal: validate it or return it with a note in the review queue instead of correcting it",
      { proposalId: proposal.id, reviewState: proposal.reviewState },
    );
  }
}

/** 409 TIMELINE_MOVED: what the proposal corrects is no longer current for the reviewer. */
export function timelineMoved(message: string, details: Record<string, unknown>): AppError {
  return new AppError('TIMELINE_MOVED', message, details);
}
