import { Prisma } from '@access/db';
import type { Actor, Tx } from '../shared/context';
import { AppError } from '../shared/errors';
import { visiblePositionVersionsSql, visibleRequestVersionsSql } from './request-sql';

/**
 * A party's position is taken on or after the day its request was made: one dated before
 * it would answer a request not yet made (and make the days a party took to answer
 * negative). Stated once for every path: a position recorded or corrected, a request whose
 * day is corrected, and the import's dry run, which says it of the row (its columns).
 * Checked against the request and positions as the writer sees them, never hidden ones.
 */
export function positionBeforeRequest(statedOn: string, requestedOn: string): string | null {
  return statedOn < requestedOn
    ? `is before the day the request was made (${requestedOn}): a position answers a request already made`
    : null;
}

/** Why a request's day cannot be after a position on it (`statedOn`, the earliest). */
export const requestAfterPosition = (statedOn: string) =>
  `is after a party's position on it (${statedOn}): a request is made before it is answered`;

/** The request's day as the writer sees it; null when it does not exist for them. */
export async function requestedOnOf(tx: Tx, actor: Actor, requestId: string) {
  const [request] = await tx.$queryRaw<{ requestedOn: string }[]>`
    SELECT to_char(v.requested_on, 'YYYY-MM-DD') AS "requestedOn"
    FROM ${visibleRequestVersionsSql(actor, undefined, [requestId])} v`;
  return request?.requestedOn ?? null;
}

/** A position's day, checked against its request's (400 naming statedOn). */
export function checkPositionDate(statedOn: string, requestedOn: string | null): void {
  const problem = requestedOn && positionBeforeRequest(statedOn, requestedOn);
  if (problem) throw AppError.invalid('statedOn', problem);
}

/** A request's corrected day, checked against the earliest position the writer sees on it. */
export async function checkRequestedOn(
  tx: Tx,
  actor: Actor,
  requestId: string,
  requestedOn: string,
): Promise<void> {
  const [earliest] = await tx.$queryRaw<{ statedOn: string | null }[]>`
    SELECT to_char(min(p.stated_on), 'YYYY-MM-DD') AS "statedOn"
    FROM ${visiblePositionVersionsSql(actor, undefined, Prisma.sql`(SELECT ${requestId}::uuid)`)} p`;
  if (earliest?.statedOn && positionBeforeRequest(earliest.statedOn, requestedOn))
    throw AppError.invalid('requestedOn', requestAfterPosition(earliest.statedOn));
}

/**
 * A proposal about to be validated, checked by the same rule against the request and
 * positions as the reviewer sees them now (the day may have moved since it was proposed):
 * 409, to return it or correct it.
 */
export async function checkProposalDates(
  tx: Tx,
  actor: Actor,
  kind: 'request' | 'position',
  proposalId: string,
  requestId: string,
): Promise<void> {
  try {
    if (kind === 'request') {
      const [proposal] = await tx.$queryRaw<{ day: string }[]>`
        SELECT to_char(requested_on, 'YYYY-MM-DD') AS day FROM access_request_versions
        WHERE id = ${proposalId}::uuid`;
      if (proposal) await checkRequestedOn(tx, actor, requestId, proposal.day);
    } else {
      const [proposal] = await tx.$queryRaw<{ day: string }[]>`
        SELECT to_char(stated_on, 'YYYY-MM-DD') AS day FROM consent_position_versions
        WHERE id = ${proposalId}::uuid`;
      if (proposal) checkPositionDate(proposal.day, await requestedOnOf(tx, actor, requestId));
    }
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'VALIDATION_FAILED') throw error;
    const issue = (error.details as { issues?: { field: string; message: string }[] })?.issues?.[0];
    throw new AppError(
      'CONFLICT',
      `This proposal's ${issue?.field ?? 'day'} ${issue?.message ?? error.message}: return it to its author, or correct it`,
      error.details,
    );
  }
}
