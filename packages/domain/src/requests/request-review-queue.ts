import { Prisma } from '@access/db';
import type { TRequestReviewQueue } from '@access/contracts';
import { requireReviewer } from '../review/review-rules';
import type { Actor, Db } from '../shared/context';
import { existingRequestProposalsSql, visibleRequestVersionsSql } from './request-sql';
import { recordProposalSuccessorSql } from './request-store';
import { loadPositionVersions, loadRequestVersions } from './request-view';

const DAY = 86_400_000;

/** Submitted proposal rows of `kind` nothing has replaced yet for the actor, as (id, kind, recorded_at). */
function waitingSql(actor: Actor, kind: 'request' | 'position'): Prisma.Sql {
  return Prisma.sql`SELECT p.id, ${kind}::text AS kind, p.recorded_at
    FROM ${existingRequestProposalsSql(actor, kind)}
    WHERE p.review_state = 'SUBMITTED' AND ${recordProposalSuccessorSql(actor, kind, Prisma.sql`p`)} IS NULL`;
}

/**
 * Proposals of requests and of parties' positions waiting for a coordinator (submitted, not
 * resubmitted or decided since), oldest first, as the incident and status queues list
 * theirs: what exists for the reader is decided by the same proposal rule
 * (existingRequestProposalsSql). Each item carries the request it concerns (the proposal
 * itself, or for a position the request as the reader sees it now) and the validated
 * version a correction would replace.
 */
export async function listRequestReviewQueue(
  db: Db,
  ctx: { actor: Actor | null },
  limit: number,
): Promise<TRequestReviewQueue> {
  const actor = requireReviewer(ctx as Parameters<typeof requireReviewer>[0]);
  const rows = await db.$queryRaw<{ id: string; kind: 'request' | 'position' }[]>`
    SELECT q.id::text, q.kind FROM (${waitingSql(actor, 'request')} UNION ALL ${waitingSql(actor, 'position')}) q
    ORDER BY q.recorded_at, q.id LIMIT ${limit + 1}`;
  const shown = rows.slice(0, limit);
  const idsOf = (kind: 'request' | 'position') =>
    shown.filter((row) => row.kind === kind).map((row) => row.id);
  const [requestProposals, positionProposals] = await Promise.all([
    loadRequestVersions(db, actor, idsOf('request')),
    loadPositionVersions(db, actor, idsOf('position')),
  ]);
  const onRequests = [...new Set(positionProposals.map((position) => position.requestId))];
  const currentRequestIds = onRequests.length
    ? await db.$queryRaw<{ id: string }[]>`
        SELECT v.id::text FROM ${visibleRequestVersionsSql(actor, undefined, onRequests)} v`
    : [];
  const targets = (proposals: { targetId: string | null }[]) =>
    proposals.flatMap((proposal) => (proposal.targetId ? [proposal.targetId] : []));
  const [requests, requestTargets, positionTargets] = await Promise.all([
    loadRequestVersions(
      db,
      actor,
      currentRequestIds.map((row) => row.id),
    ),
    loadRequestVersions(db, actor, targets(requestProposals)),
    loadPositionVersions(db, actor, targets(positionProposals)),
  ]);
  const byId = <T extends { id: string }>(versions: T[]) =>
    new Map(versions.map((version) => [version.id, version]));
  const requestById = byId(requestProposals);
  const positionById = byId(positionProposals);
  const requestTargetById = byId(requestTargets);
  const positionTargetById = byId(positionTargets);
  const currentRequest = new Map(requests.map((request) => [request.requestId, request]));
  const now = Date.now();
  const waited = (recordedAt: string) => Math.floor((now - Date.parse(recordedAt)) / DAY);
  const items: TRequestReviewQueue['items'] = [];
  for (const row of shown) {
    if (row.kind === 'request') {
      const proposal = requestById.get(row.id);
      if (!proposal) continue;
      items.push({
        kind: 'request',
        request: proposal,
        position: null,
        current: proposal.targetId ? (requestTargetById.get(proposal.targetId) ?? null) : null,
        currentPosition: null,
        waitingDays: waited(proposal.recordedAt),
      });
    } else {
      const proposal = positionById.get(row.id);
      const request = proposal && currentRequest.get(proposal.requestId);
      if (!proposal || !request) continue;
      items.push({
        kind: 'position',
        request,
        position: proposal,
        current: null,
        currentPosition: proposal.targetId
          ? (positionTargetById.get(proposal.targetId) ?? null)
          : null,
        waitingDays: waited(proposal.recordedAt),
      });
    }
  }
  return { items, truncated: rows.length > limit };
}
