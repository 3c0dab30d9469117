import type { TIncidentCorrection } from '@access/contracts';
import { Prisma } from '@access/db';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  checkResubmitter,
  checkSensitivity,
  checkUnchanged,
  reviewStateFor,
} from '../review/review-rules';
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
import {
  currentIncidentVersionAt,
  incidentSuccessorAt,
  planIncidentChange,
} from '../timeline/incident-plan';
import { incidentVersionExistsSql } from './incident-sql';
import {
  checkIncidentReferences,
  findIncidentProposal,
  insertIncidentVersion,
  lockIncident,
  readIncidentLevels,
  type IncidentProposalRow,
  type IncidentVersionToWrite,
} from './incident-store';
import { loadIncidentVersions, loadStoredIncidentVersions } from './incident-view';

/**
 * Corrects an incident: a new version supersedes the one named, which must be current in
 * the writer's view (409 VERSION_SUPERSEDED, 412 when If-Match names an older state); both
 * remain, so "what did we believe on K" still answers with the old one. An editor's
 * correction is a proposal; correcting a proposal resubmits it (its organisation's
 * editors), as for statuses (review/review-rules.ts).
 */
export async function correctIncident(
  db: Db | Tx,
  ctx: RequestContext,
  versionId: string,
  input: TIncidentCorrection,
  ifMatch?: string,
) {
  const viewer = requireActor(ctx);
  const { reviewState: requested, ...content } = input;
  return inTransaction(db, async (tx) => {
    const proposal = await findIncidentProposal(tx, viewer, versionId);
    if (proposal) return resubmit(tx, ctx, proposal, input, ifMatch);
    const [target] = await tx.$queryRaw<{ incidentId: string; organizationId: string }[]>`
      SELECT v.incident_id::text AS "incidentId", i.organization_id::text AS "organizationId"
      FROM incident_versions v JOIN incidents i ON i.id = v.incident_id
      WHERE v.id = ${versionId}::uuid AND ${incidentVersionExistsSql(viewer, Prisma.sql`v`)}`;
    if (!target) throw AppError.notFound('The incident version');
    const actor = requireEditorOf(ctx, target.organizationId);
    checkSensitivity(actor, input);
    const reviewState = reviewStateFor(actor, requested);
    const affectedOrganizationTypes = await checkIncidentReferences(tx, content);
    await lockIncident(tx, target.incidentId);
    const levels = await readIncidentLevels(tx, target.incidentId);
    checkUnchanged(
      { id: versionId, supersededById: incidentSuccessorAt(levels, versionId, actor.clearance) },
      ifMatch,
    );
    const planned =
      reviewState === 'VALIDATED'
        ? planIncidentChange(levels, actor.clearance, { kind: 'CORRECTION', targetId: versionId })
        : { supersedesId: versionId, ceiling: 'SEVERE' as const };
    return writeIncidentVersion(tx, ctx, actor, 'incident.correct', {
      incidentId: target.incidentId,
      content,
      affectedOrganizationTypes,
      changeKind: 'CORRECTION',
      reviewState,
      reviewNote: null,
      ...planned,
      targetId: reviewState === 'VALIDATED' ? null : versionId,
      proposalId: null,
    });
  });
}

/** A new row of the proposal, by its editors (or by whoever drafted it, for a draft of their own). */
async function resubmit(
  tx: Tx,
  ctx: RequestContext,
  found: IncidentProposalRow,
  input: TIncidentCorrection,
  ifMatch: string | undefined,
) {
  const actor = requireEditorOf(ctx, found.organizationId);
  checkResubmitter(actor, found);
  checkSensitivity(actor, input);
  const { reviewState: requested, ...content } = input;
  const reviewState = reviewStateFor(actor, requested);
  if (reviewState === 'VALIDATED')
    throw AppError.invalid('reviewState', 'a proposal is validated from the review queue');
  const affectedOrganizationTypes = await checkIncidentReferences(tx, content);
  await lockIncident(tx, found.incidentId);
  const locked = (await findIncidentProposal(tx, actor, found.id))!;
  checkUnchanged(locked, ifMatch);
  // a correction whose target was corrected since (why a validation answered
  // TIMELINE_MOVED) now corrects the version current in the editor's view
  const levels = await readIncidentLevels(tx, found.incidentId);
  const targetId = locked.targetId ? currentIncidentVersionAt(levels, actor.clearance) : null;
  return writeIncidentVersion(tx, ctx, actor, 'incident.correct', {
    incidentId: found.incidentId,
    content,
    affectedOrganizationTypes,
    changeKind: 'CORRECTION',
    reviewState,
    reviewNote: null,
    supersedesId: locked.id,
    ceiling: 'SEVERE',
    targetId,
    proposalId: null,
  });
}

/** Appends the version, records its audit event (with what it replaced, as stored) and answers it as the writer sees it. */
export async function writeIncidentVersion(
  tx: Tx,
  ctx: RequestContext,
  actor: Actor,
  action: string,
  version: IncidentVersionToWrite,
  options: { recordedById?: string; before?: string | null; reason?: string | null } = {},
) {
  const id = await insertIncidentVersion(tx, options.recordedById ?? actor.userId, version);
  const beforeId = options.before !== undefined ? options.before : version.supersedesId;
  const [after, before] = await loadStoredIncidentVersions(tx, [
    id,
    ...(beforeId ? [beforeId] : []),
  ]);
  await recordAuditEvent(tx, ctx, {
    action,
    entityType: 'incident_version',
    entityId: id,
    before: before ?? null,
    after,
    reason:
      options.reason !== undefined ? options.reason : (version.content.correctionNote ?? null),
  });
  return (await loadIncidentVersions(tx, actor, [id]))[0]!;
}
