import { randomUUID } from 'node:crypto';
import type { TAccessRequestCreate, TAccessRequestVersion } from '@access/contracts';
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
import { checkRequestReferences } from './request-references';
import { loadRequestVersions } from './request-view';
import { writeRequestVersion } from './write-request-version';

/**
 * Records a new request of an organisation. An editor's entry (or a draft) is a proposal,
 * seen by nobody but its organisation and reviewers until a coordinator validates it; a
 * coordinator's is validated at once, by the incidents' level rule (incident-plan.ts).
 */
export async function createAccessRequest(
  db: Db | Tx,
  ctx: RequestContext,
  input: TAccessRequestCreate,
): Promise<TAccessRequestVersion> {
  const actor = requireEditorOf(ctx, input.organizationId);
  checkSensitivity(actor, input);
  const reviewState = reviewStateFor(actor, input.reviewState);
  const { organizationId, reviewState: _requested, ...content } = input;
  return inTransaction(db, async (tx) => {
    const [organization] = await tx.$queryRaw<{ id: string }[]>`
      SELECT id::text FROM organizations WHERE id = ${organizationId}::uuid`;
    if (!organization) throw AppError.invalid('organizationId', 'no organisation has this id');
    await checkRequestReferences(tx, actor, content, organizationId);
    // random, not time-ordered: the id outlives its first version (see recordIncident)
    const requestId = randomUUID();
    await tx.$executeRaw`INSERT INTO access_requests (id, organization_id) VALUES (${requestId}::uuid, ${organizationId}::uuid)`;
    const planned =
      reviewState === 'VALIDATED'
        ? planIncidentChange([], actor.clearance, { kind: 'RECORD' })
        : { supersedesId: null, ceiling: 'SEVERE' as const };
    const written = await writeRequestVersion(
      tx,
      ctx,
      actor,
      'access_request.create',
      {
        kind: 'request',
        recordId: requestId,
        content,
        meta: {
          changeKind: 'RECORD',
          reviewState,
          reviewNote: null,
          ...planned,
          targetId: null,
          proposalId: null,
        },
      },
      { reason: content.purpose },
    );
    return (await loadRequestVersions(tx, actor, [written.id]))[0]!;
  });
}
