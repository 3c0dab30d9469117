import type { TAccessStatusCorrection, TReviewState } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import { loadStoredVersions } from '../access-statuses/version-view';
import type { Actor, RequestContext, Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { planChange, type TimelineChange } from '../timeline/timeline-engine';
import {
  changeFocus,
  lockPairs,
  pairKey,
  readPairStates,
  writeVersions,
  type Pair,
} from '../timeline/version-store';
import { loadProposals } from './proposal-view';

export interface ProposedChange {
  content: TAccessStatusCorrection;
  reviewState: Exclude<TReviewState, 'VALIDATED'>;
  /** the validated version the proposal would replace; null for a new status */
  targetId: string | null;
  /** the proposal row this one replaces (a resubmission), if any */
  replacesId: string | null;
}

/**
 * Writes a proposal: a row in no timeline, which closes, supersedes and changes no
 * validated version. The engine checks it as it would check the same change made directly
 * (PERIOD_CONFLICT...), so an editor hears of a conflict when proposing, not only at
 * validation. It records the validated version its start falls in, so that a validation
 * after the timeline moved is refused.
 */
export async function proposeChange(
  tx: Tx,
  ctx: RequestContext,
  actor: Actor,
  pair: Pair,
  change: ProposedChange,
  options: { action: string; reason: string | null },
) {
  await lockPairs(tx, [pair]);
  const { content } = change;
  // checked as the same change made directly would be
  const direct: TimelineChange = change.targetId
    ? { kind: 'CORRECTION', targetId: change.targetId, content, reviewState: 'VALIDATED' }
    : { kind: 'RECORD', content, reviewState: 'VALIDATED' };
  const state = (await readPairStates(tx, [{ ...pair, focus: changeFocus(direct) }])).get(
    pairKey(pair),
  )!;
  let planned: ReturnType<typeof planChange>['version'];
  try {
    planned = planChange(state, actor.clearance, direct).version;
  } catch (error) {
    if (error instanceof AppError && error.code === 'VERSION_SUPERSEDED') {
      throw new AppError(
        'TIMELINE_MOVED',
        'The status this proposal corrects was changed meanwhile: correct its latest version instead',
        { targetId: change.targetId },
      );
    }
    throw error;
  }
  const timeline = state.levels[actor.clearance];
  const basedOn =
    change.targetId ??
    timeline.filter((version) => version.validFrom <= content.validFrom).at(-1)?.id ??
    null;
  const supersedesId = change.replacesId ?? change.targetId;
  await writeVersions(tx, actor.userId, [
    {
      ...planned,
      changeKind: supersedesId ? 'CORRECTION' : 'RECORD',
      reviewState: change.reviewState,
      reviewNote: null,
      supersedesId,
      ceiling: 'SEVERE',
      basedOnId: basedOn,
      targetId: change.targetId,
      proposalId: null,
    },
  ]);
  const [proposal] = await loadProposals(tx, actor, [planned.id]);
  const [after, before] = await loadStoredVersions(tx, [
    planned.id,
    ...(supersedesId ? [supersedesId] : []),
  ]);
  await recordAuditEvent(tx, ctx, {
    action: options.action,
    entityType: 'access_status_version',
    entityId: planned.id,
    before: before ?? null,
    after,
    reason: options.reason,
  });
  return proposal!;
}
