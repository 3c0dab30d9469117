import type { TAccessStatusCorrection } from '@access/contracts';
import type { RawQueries } from '@access/db';
import { recordAuditEvent } from '../audit/record-audit-event';
import { loadWrittenVersion } from '../access-statuses/version-view';
import { requireEditorOf, type Actor, type RequestContext, type Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { restorePlans } from '../shared/plans';
import { checkUnchanged } from '../review/review-rules';
import { planChange, type TimelineChange } from './timeline-engine';
import {
  changeFocus,
  checkReferences,
  lockPairForChange,
  lockPairs,
  pairKey,
  readPairStates,
  versionAtLevel,
  writeVersions,
  type Pair,
} from './version-store';

export { checkSensitivity } from '../review/review-rules';

/**
 * The version a correction names, and who writes it, as the reader sees it: 404 when it
 * does not exist at their level, 403 when they may not edit its organisation (before
 * anything else is told), 412 when If-Match names another state of it, 409 when it was
 * superseded there (naming only what replaced it at their level). Checked after the
 * pair's lock, in the change's transaction, so nothing moves between check and write.
 */
export async function targetOf(
  tx: Tx,
  ctx: RequestContext,
  viewer: Actor,
  versionId: string,
  ifMatch: string | undefined,
): Promise<{ pair: Pair; actor: Actor }> {
  const target = await versionAtLevel(tx, versionId, viewer.clearance);
  if (!target) throw AppError.notFound('The access status version');
  const actor = requireEditorOf(ctx, target.organizationId);
  await lockPairs(tx, [target]);
  const locked = (await versionAtLevel(tx, versionId, viewer.clearance))!;
  checkUnchanged({ id: versionId, supersededById: locked.supersededById }, ifMatch);
  return { pair: { organizationId: locked.organizationId, areaId: locked.areaId }, actor };
}

export interface WriteChangeOptions {
  action: string;
  reason: string | null;
  /** a validation: the proposal row the new version is placed from (the event's `before`) */
  proposalId?: string;
  /** the terms whose references to check with the pair's lock (checkReferences' rule) */
  references?: TAccessStatusCorrection['terms'];
  /** the change is the last statement of a transaction the caller began for it: nothing to put back */
  endsTransaction?: boolean;
}

/**
 * One change through the engine: the pair's lock, its timelines, the plan at the writer's
 * level, one write, the answer as the writer sees it, and the audit event.
 */
export async function writeChange(
  tx: RawQueries,
  ctx: RequestContext,
  actor: Actor,
  pair: Pair,
  change: TimelineChange,
  options: WriteChangeOptions,
) {
  // the change's statements on generic plans (see lockPairForChange), put back at the end
  // so a caller's transaction that goes on writing plans as before
  const plans = await lockPairForChange(tx, pair, options.references ?? []);
  const state = (await readPairStates(tx, [{ ...pair, focus: changeFocus(change) }])).get(
    pairKey(pair),
  )!;
  const { version } = planChange(state, actor.clearance, change);
  if (options.proposalId) version.proposalId = options.proposalId;
  await writeVersions(tx, actor.userId, [version]);
  // the versions as stored: the event must not carry what the writer's level derives
  const beforeId = options.proposalId ?? version.supersedesId;
  const { written, stored } = await loadWrittenVersion(tx, actor, version.id, [
    version.id,
    ...(beforeId ? [beforeId] : []),
  ]);
  const [after, before] = stored;
  await recordAuditEvent(tx, ctx, {
    action: options.action,
    entityType: 'access_status_version',
    entityId: version.id,
    before: before ?? null,
    after,
    reason: options.reason,
  });
  if (!options.endsTransaction) await restorePlans(tx, plans);
  return written!;
}

/** Editors change their own organisations' entries only; checked before anything is read. */
export function requireWriterOf(ctx: RequestContext, pair: Pair): Actor {
  return requireEditorOf(ctx, pair.organizationId);
}

export { checkReferences };
