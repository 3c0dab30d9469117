import type { TAccessRequestCorrection, TConsentPositionCorrection } from '@access/contracts';
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
  type Db,
  type RequestContext,
} from '../shared/context';
import { AppError } from '../shared/errors';
import {
  currentIncidentVersionAt,
  incidentSuccessorAt,
  planIncidentChange,
} from '../timeline/incident-plan';
import { checkPositionDate, checkRequestedOn, requestedOnOf } from './position-dates';
import { checkPositionReferences, checkRequestReferences } from './request-references';
import {
  findRecordProposal,
  findValidatedVersion,
  lockRecord,
  readRecordLevels,
  type PositionContent,
  type RequestContent,
  type RequestRecordKind,
  type VersionMeta,
} from './request-store';
import { loadWritten, writeRequestVersion } from './write-request-version';

type Correction<K extends RequestRecordKind> = K extends 'request'
  ? TAccessRequestCorrection
  : TConsentPositionCorrection;

const NAMES = {
  request: { what: 'The access request version', action: 'access_request.correct' },
  position: { what: 'The consent position version', action: 'consent_position.correct' },
};

/**
 * Corrects a request or a party's position: a new version supersedes the one named, which
 * must be current in the writer's view (409 VERSION_SUPERSEDED, 412 for an older If-Match);
 * both remain, so "what did we know at K" still answers with the old one. An editor's
 * correction is a proposal; correcting a proposal resubmits it (its organisation's
 * editors), as for statuses and incidents (review/review-rules.ts).
 */
export async function correctRequestRecord<K extends RequestRecordKind>(
  db: Db,
  ctx: RequestContext,
  kind: K,
  versionId: string,
  input: Correction<K>,
  ifMatch?: string,
) {
  const viewer = requireActor(ctx);
  const { reviewState: requested, ...content } = input;
  return inTransaction(db, async (tx) => {
    const proposal = await findRecordProposal(tx, viewer, kind, versionId);
    const target = proposal ? null : await findValidatedVersion(tx, viewer, kind, versionId);
    if (!proposal && !target) throw AppError.notFound(NAMES[kind].what);
    const actor = requireEditorOf(ctx, (proposal ?? target)!.organizationId);
    if (proposal) checkResubmitter(actor, proposal);
    checkSensitivity(actor, input);
    const reviewState = reviewStateFor(actor, requested);
    if (proposal && reviewState === 'VALIDATED')
      throw AppError.invalid('reviewState', 'a proposal is validated from the review queue');
    if (kind === 'request')
      await checkRequestReferences(
        tx,
        actor,
        content as unknown as RequestContent,
        (proposal ?? target)!.organizationId,
      );
    else await checkPositionReferences(tx, content as unknown as PositionContent);
    const recordId = (proposal ?? target)!.recordId;
    const requestId = (proposal ?? target)!.requestId;
    await lockRecord(tx, 'request', requestId);
    // a position answers its request: not dated before it, as the writer sees both
    if (kind === 'request')
      await checkRequestedOn(
        tx,
        actor,
        requestId,
        (content as unknown as RequestContent).requestedOn,
      );
    else
      checkPositionDate(
        (content as unknown as PositionContent).statedOn,
        await requestedOnOf(tx, actor, requestId),
      );
    const levels = await readRecordLevels(tx, kind, recordId);
    let meta: Pick<VersionMeta, 'supersedesId' | 'ceiling' | 'targetId'>;
    if (proposal) {
      const locked = (await findRecordProposal(tx, actor, kind, proposal.id))!;
      checkUnchanged(locked, ifMatch);
      meta = {
        supersedesId: locked.id,
        ceiling: 'SEVERE' as const,
        targetId: locked.targetId ? currentIncidentVersionAt(levels, actor.clearance) : null,
      };
    } else {
      checkUnchanged(
        { id: versionId, supersededById: incidentSuccessorAt(levels, versionId, actor.clearance) },
        ifMatch,
      );
      meta =
        reviewState === 'VALIDATED'
          ? {
              ...planIncidentChange(levels, actor.clearance, {
                kind: 'CORRECTION',
                targetId: versionId,
              }),
              targetId: null,
            }
          : { supersedesId: versionId, ceiling: 'SEVERE' as const, targetId: versionId };
    }
    const written = await writeRequestVersion(tx, ctx, actor, NAMES[kind].action, {
      kind,
      recordId,
      content,
      meta: { changeKind: 'CORRECTION', reviewState, reviewNote: null, proposalId: null, ...meta },
    } as unknown as Parameters<typeof writeRequestVersion>[4]);
    return loadWritten(tx, actor, written);
  });
}
