import { randomUUID } from 'node:crypto';
import { Prisma } from '@access/db';
import type { TConsentPositionRecord, TConsentPositionVersion } from '@access/contracts';
import { checkSensitivity, reviewStateFor } from '../review/review-rules';
import {
  inTransaction,
  requireActor,
  requireEditorOf,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { planIncidentChange } from '../timeline/incident-plan';
import { checkPositionDate } from './position-dates';
import { checkPositionReferences } from './request-references';
import { visibleRequestVersionsSql } from './request-sql';
import { lockRecord } from './request-store';
import { loadPositionVersions } from './request-view';
import { writeRequestVersion } from './write-request-version';

/**
 * Records a party's position on a request, taken on `statedOn`: a new step of that party's
 * positions, holding until its next one. The party must be one the request needs, as the
 * writer sees the request. Editors of the request's lead organisation propose; a
 * coordinator's position is validated at once.
 */
export async function recordConsentPosition(
  db: Db | Tx,
  ctx: RequestContext,
  requestId: string,
  input: TConsentPositionRecord,
): Promise<TConsentPositionVersion> {
  const viewer = requireActor(ctx);
  const { partyId, reviewState: requested, ...content } = input;
  return inTransaction(db, async (tx) => {
    const [request] = await tx.$queryRaw<
      { organizationId: string; neededPartyIds: string[]; requestedOn: string }[]
    >`
      SELECT v.organization_id::text AS "organizationId", v.needed_party_ids::text[] AS "neededPartyIds",
             to_char(v.requested_on, 'YYYY-MM-DD') AS "requestedOn"
      FROM ${visibleRequestVersionsSql(viewer, undefined, [requestId])} v`;
    if (!request) throw AppError.notFound('The access request');
    const actor = requireEditorOf(ctx, request.organizationId);
    checkSensitivity(actor, input);
    const reviewState = reviewStateFor(actor, requested);
    if (!request.neededPartyIds.includes(partyId))
      throw AppError.invalid('partyId', 'is not one of the parties this request needs');
    checkPositionDate(content.statedOn, request.requestedOn);
    await checkPositionReferences(tx, content);
    await lockRecord(tx, 'request', requestId);
    const positionId = randomUUID();
    await tx.$executeRaw(Prisma.sql`INSERT INTO consent_positions (id, request_id, party_id, created_at)
      VALUES (${positionId}::uuid, ${requestId}::uuid, ${partyId}::uuid, clock_timestamp())`);
    const planned =
      reviewState === 'VALIDATED'
        ? planIncidentChange([], actor.clearance, { kind: 'RECORD' })
        : { supersedesId: null, ceiling: 'SEVERE' as const };
    const written = await writeRequestVersion(
      tx,
      ctx,
      actor,
      'consent_position.record',
      {
        kind: 'position',
        recordId: positionId,
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
      { reason: content.reason ?? null },
    );
    return (await loadPositionVersions(tx, actor, [written.id]))[0]!;
  });
}
