import { randomUUID } from 'node:crypto';
import type { TIncidentRecord } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import { checkSensitivity, reviewStateFor } from '../review/review-rules';
import {
  inTransaction,
  requireEditorOf,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { planIncidentChange } from '../timeline/incident-plan';
import { checkIncidentReferences, insertIncidentVersion } from './incident-store';
import { loadIncidentVersions, loadStoredIncidentVersions } from './incident-view';

/**
 * Records a new incident for an organisation. An editor's entry (or a draft) is a
 * proposal, in nobody's counts until a coordinator validates it; a coordinator's is
 * validated at once.
 */
export async function recordIncident(db: Db | Tx, ctx: RequestContext, input: TIncidentRecord) {
  const actor = requireEditorOf(ctx, input.organizationId);
  checkSensitivity(actor, input);
  const reviewState = reviewStateFor(actor, input.reviewState);
  const { organizationId, reviewState: _requested, ...content } = input;
  return inTransaction(db, async (tx) => {
    const [organization] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM organizations WHERE id = ${organizationId}::uuid`;
    if (!organization) throw AppError.invalid('organizationId', 'no organisation has this id');
    const affectedOrganizationTypes = await checkIncidentReferences(tx, content);
    // A random id, not a time-ordered one: the incident's id outlives its first version,
    // and a reader who may see only a later (declassified) version must not learn from the
    // id when it was first recorded above their clearance.
    const incidentId = randomUUID();
    await tx.$executeRaw`INSERT INTO incidents (id, organization_id, created_by_id)
      VALUES (${incidentId}::uuid, ${organizationId}::uuid, ${actor.userId}::uuid)`;
    const planned =
      reviewState === 'VALIDATED'
        ? planIncidentChange([], actor.clearance, { kind: 'RECORD' })
        : { supersedesId: null, ceiling: 'SEVERE' as const };
    const id = await insertIncidentVersion(tx, actor.userId, {
      incidentId,
      content,
      affectedOrganizationTypes,
      changeKind: 'RECORD',
      reviewState,
      reviewNote: null,
      ...planned,
      targetId: null,
      proposalId: null,
    });
    const [after] = await loadStoredIncidentVersions(tx, [id]);
    await recordAuditEvent(tx, ctx, {
      action: 'incident.record',
      entityType: 'incident_version',
      entityId: id,
      after,
      reason: content.description,
    });
    return (await loadIncidentVersions(tx, actor, [id]))[0]!;
  });
}
