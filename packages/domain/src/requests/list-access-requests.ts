import { Prisma } from '@access/db';
import type {
  TAccessRequestDetail,
  TAccessRequestGetQuery,
  TAccessRequestHistory,
  TAccessRequestListQuery,
} from '@access/contracts';
import { z } from 'zod';
import { requireActor, type Actor, type Db } from '../shared/context';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { AppError } from '../shared/errors';
import { today } from '../shared/format';
import { loadRequestProposalStates, loadRequestStates } from './load-request-states';
import {
  existingRequestProposalsSql,
  requestVersionExistsSql,
  visiblePositionVersionsSql,
} from './request-sql';
import { loadPositionVersions, loadRequestVersions } from './request-view';

const ZKey = z.tuple([z.iso.date(), z.uuid()]);

/** At most this many proposals head the first page with `includeProposals`. */
const PROPOSALS_SHOWN = 100;

/**
 * Requests as they stood on `asOf` (default today), as known at `knownAt` (default now),
 * most recently requested first, with their derived state and each party's consent. With
 * `includeProposals`, the first page (no cursor) of a read as known now is headed by the
 * reader's request proposals that wait for review (loadRequestProposalStates), outside the
 * limit and the paging. `stored: false` derives the states afresh even as known now (tests compare the two).
 */
export async function listAccessRequests(
  db: Db,
  ctx: { actor: Actor | null },
  query: TAccessRequestListQuery,
  options: { stored?: boolean } = {},
) {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  // the reader's proposals waiting for review head the first page of a read as known now;
  // the two reads do not depend on each other
  const [page, proposals] = await Promise.all([
    loadRequestStates(db, actor, {
      asOf,
      knownAt,
      filters: query,
      before: decodeCursor(query.cursor, ZKey),
      limit: query.limit,
      // as known now: the kept states, where they hold on asOf (`stored: false`: derive)
      stored: options.stored !== false && query.knownAt === undefined,
    }),
    query.includeProposals && !query.cursor && query.knownAt === undefined
      ? loadRequestProposalStates(db, actor, { asOf, filters: query, limit: PROPOSALS_SHOWN })
      : [],
  ]);
  return {
    asOf,
    knownAt,
    items: [...proposals, ...page.items],
    nextCursor: page.more && page.last ? encodeCursor(page.last) : null,
  };
}

/**
 * A request as it stood on `asOf`, as known at `knownAt`, with every party's positions as
 * known then (all days: its timeline). 404 alike for an unknown id, one the reader may not
 * see and one not yet recorded then.
 */
export async function getAccessRequest(
  db: Db,
  ctx: { actor: Actor | null },
  requestId: string,
  query: TAccessRequestGetQuery,
): Promise<TAccessRequestDetail> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const { items } = await loadRequestStates(db, actor, {
    asOf,
    knownAt,
    filters: {},
    requestIds: [requestId],
    limit: 1,
    stored: query.knownAt === undefined,
  });
  const [found] = items;
  if (!found) throw AppError.notFound('The access request');
  const positions = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id::text FROM ${visiblePositionVersionsSql(actor, knownAt, Prisma.sql`(SELECT ${requestId}::uuid)`)} p
    ORDER BY array_position(${found.request.neededParties.map((party) => party.id)}::uuid[], p.party_id) NULLS LAST,
             p.party_id, p.stated_on, p.position_created_at, p.position_id`;
  return {
    asOf,
    knownAt,
    ...found,
    positions: await loadPositionVersions(
      db,
      actor,
      positions.map((row) => row.id),
      knownAt,
    ),
  };
}

/**
 * Every version of a request and of its parties' positions that the reader may see, oldest
 * recorded first; with `includeProposals`, also the proposal rows they may see. 404 when
 * the request has none.
 */
export async function getAccessRequestHistory(
  db: Db,
  ctx: { actor: Actor | null },
  requestId: string,
  includeProposals = false,
): Promise<TAccessRequestHistory> {
  const actor = requireActor(ctx);
  const versions = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id::text FROM (
      SELECT v.id, v.recorded_at FROM access_request_versions v
      WHERE v.request_id = ${requestId}::uuid AND ${requestVersionExistsSql(actor, Prisma.sql`v`)}
      ${includeProposals ? Prisma.sql`UNION ALL SELECT p.id, p.recorded_at FROM ${existingRequestProposalsSql(actor, 'request')} WHERE p.request_id = ${requestId}::uuid` : Prisma.empty}
    ) r ORDER BY r.recorded_at, r.id`;
  const validated = versions.length > 0;
  if (!validated) throw AppError.notFound('The access request');
  const positions = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id::text FROM (
      SELECT v.id, v.recorded_at FROM consent_position_versions v JOIN consent_positions cp ON cp.id = v.position_id
      WHERE cp.request_id = ${requestId}::uuid AND ${requestVersionExistsSql(actor, Prisma.sql`v`)}
      ${includeProposals ? Prisma.sql`UNION ALL SELECT p.id, p.recorded_at FROM ${existingRequestProposalsSql(actor, 'position')} JOIN consent_positions cp ON cp.id = p.position_id WHERE cp.request_id = ${requestId}::uuid` : Prisma.empty}
    ) r ORDER BY r.recorded_at, r.id`;
  return {
    versions: await loadRequestVersions(
      db,
      actor,
      versions.map((row) => row.id),
    ),
    positions: await loadPositionVersions(
      db,
      actor,
      positions.map((row) => row.id),
    ),
  };
}
