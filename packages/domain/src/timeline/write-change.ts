import { recordAuditEvent } from '../audit/record-audit-event';
import { loadStoredVersions, loadVersions } from '../access-statuses/version-view';
import { requireEditorOf, type Actor, type RequestContext, type Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { checkUnchanged } from '../review/review-rules';
import { planChange, type TimelineChange } from './timeline-engine';
import {
  changeFocus,
  checkReferences,
  lockPairs,
  pairKey,
  readPairStates,
  versionAtLevel,
  writeVersions,
  type Pair,
} from './version-store';

export { checkSensitivity } from '../review/review-rules';

/**
 * The version a correction or review names, as the writer sees it: 404 when it does not
 * exist at their level, 412 when If-Match names another state of it, 409 when it was
 * superseded there (naming only what replaced it at their level). Checked after the
 * pair's lock, in the change's transaction, so nothing moves between check and write.
 */
export async function targetOf(
  tx: Tx,
  actor: Actor,
  versionId: string,
  ifMatch: string | undefined,
): Promise<Pair> {
  const target = await versionAtLevel(tx, versionId, actor.clearance);
  if (!target) throw AppError.notFound('The access status version');
  await lockPairs(tx, [target]);
  const locked = (await versionAtLevel(tx, versionId, actor.clearance))!;
  checkUnchanged({ id: versionId, supersededById: locked.supersededById }, ifMatch);
  return { organizationId: locked.organizationId, areaId: locked.areaId };
}

export interface WriteChangeOptions {
  action: string;
  reason: string | null;
  /** a validation: the proposal row the new version is placed from (the event's `before`) */
  proposalId?: string;
}

/**
 * One change through the engine: the pair's lock, its timelines, the plan at the writer's
 * level, one write, the answer as the writer sees it, and the audit event.
 */
export async function writeChange(
  tx: Tx,
  ctx: RequestContext,
  actor: Actor,
  pair: Pair,
  change: TimelineChange,
  options: WriteChangeOptions,
) {
  await lockPairs(tx, [pair]);
  const state = (await readPairStates(tx, [{ ...pair, focus: changeFocus(change) }])).get(
    pairKey(pair),
  )!;
  const { version } = planChange(state, actor.clearance, change);
  if (options.proposalId) version.proposalId = options.proposalId;
  await writeVersions(tx, actor.userId, [version]);
  // What follows reads one version by id and appends the audit event: generic plans serve
  // them, and planning the answer's statement anew cost ten times running it (BENCHMARKS.md,
  // issue 19). Set after the write, since the version's statement trigger must plan for its
  // values (its levels walk has a generic plan 150 times slower), and put back at the end,
  // so a caller's transaction that goes on writing plans as before.
  const [plans] = await tx.$queryRaw<{ previous: string }[]>`
    /* prepared */ SELECT current_setting('plan_cache_mode') AS previous, set_config('plan_cache_mode', 'force_generic_plan', true) AS now`;
  const [written] = await loadVersions(tx, actor, [version.id], { prepared: true });
  // the versions as stored: the event must not carry what the writer's level derives
  const beforeId = options.proposalId ?? version.supersedesId;
  const [after, before] = await loadStoredVersions(tx, [
    version.id,
    ...(beforeId ? [beforeId] : []),
  ]);
  await recordAuditEvent(tx, ctx, {
    action: options.action,
    entityType: 'access_status_version',
    entityId: version.id,
    before: before ?? null,
    after,
    reason: options.reason,
  });
  await tx.$queryRaw`/* prepared */ SELECT set_config('plan_cache_mode', ${plans!.previous}, true)`;
  return written!;
}

/** Editors change their own organisations' entries only; checked before anything is read. */
export function requireWriterOf(ctx: RequestContext, pair: Pair): Actor {
  return requireEditorOf(ctx, pair.organizationId);
}

export { checkReferences };
