import { Prisma } from '@access/db';
import type { TIncidentListQuery, TIncidentVersion } from '@access/contracts';
import { z } from 'zod';
import { requireActor, type Actor, type Db } from '../shared/context';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { AppError } from '../shared/errors';
import {
  existingIncidentProposalsSql,
  existingIncidentVersionsSql,
  incidentFilterSql,
  incidentProposalSuccessorSql,
  visibleIncidentVersionsSql,
} from './incident-sql';
import { loadIncidentVersions } from './incident-view';

const ZKey = z.tuple([z.iso.date(), z.uuid()]);

/**
 * The reader's own pending proposals (recorded by them or for one of their organisations,
 * not replaced since), aliased `v` with `organization_id`: what `includeProposals` adds.
 */
function ownPendingProposalsSql(actor: Actor, knownAt: string): Prisma.Sql {
  return Prisma.sql`(
    SELECT p.*, i.organization_id FROM ${existingIncidentProposalsSql(actor)} JOIN incidents i ON i.id = p.incident_id
    WHERE (p.recorded_by_id = ${actor.userId}::uuid OR i.organization_id = ANY(${actor.organizationIds}::uuid[]))
      AND p.recorded_at <= ${knownAt}::timestamptz AND ${incidentProposalSuccessorSql(actor, Prisma.sql`p`)} IS NULL
  )`;
}

/**
 * Incidents as the reader knows them at `knownAt` (default now), latest occurred first:
 * each incident's current version for the reader (incident-sql.ts), filtered, with the
 * reader's own pending proposals when asked.
 */
export async function listIncidents(
  db: Db,
  ctx: { actor: Actor | null },
  query: TIncidentListQuery,
) {
  const actor = requireActor(ctx);
  const knownAt = query.knownAt ?? new Date().toISOString();
  const after = decodeCursor(query.cursor, ZKey);
  const rows = Prisma.sql`
    SELECT v.id, v.occurred_on FROM ${visibleIncidentVersionsSql(actor, knownAt)} v WHERE ${incidentFilterSql(query)}
    ${query.includeProposals ? Prisma.sql`UNION ALL SELECT v.id, v.occurred_on FROM ${ownPendingProposalsSql(actor, knownAt)} v WHERE ${incidentFilterSql(query)}` : Prisma.empty}`;
  const found = await db.$queryRaw<{ id: string; occurredOn: string }[]>`
    SELECT r.id::text, to_char(r.occurred_on, 'YYYY-MM-DD') AS "occurredOn" FROM (${rows}) r
    WHERE ${after ? Prisma.sql`(r.occurred_on, r.id) < (${after[0]}::date, ${after[1]}::uuid)` : Prisma.sql`TRUE`}
    ORDER BY r.occurred_on DESC, r.id DESC LIMIT ${query.limit + 1}`;
  const page = found.slice(0, query.limit);
  const last = page.at(-1);
  return {
    knownAt,
    items: await loadIncidentVersions(
      db,
      actor,
      page.map((row) => row.id),
    ),
    nextCursor:
      found.length > query.limit && last ? encodeCursor([last.occurredOn, last.id]) : null,
  };
}

/**
 * An incident's current version for the reader, as known at `knownAt` (default now); 404
 * alike for an unknown id, one they may not see and one not yet recorded then.
 */
export async function getIncident(
  db: Db,
  ctx: { actor: Actor | null },
  incidentId: string,
  knownAt?: string,
): Promise<TIncidentVersion> {
  const actor = requireActor(ctx);
  const [row] = await db.$queryRaw<{ id: string }[]>`
    SELECT v.id::text FROM ${visibleIncidentVersionsSql(actor, knownAt)} v WHERE v.incident_id = ${incidentId}::uuid`;
  const [version] = row ? await loadIncidentVersions(db, actor, [row.id]) : [];
  if (!version) throw AppError.notFound('The incident');
  return version;
}

/**
 * Every version of an incident the reader may see, oldest first; with `includeProposals`,
 * also its proposal rows they may see. 404 when there is none.
 */
export async function getIncidentHistory(
  db: Db,
  ctx: { actor: Actor | null },
  incidentId: string,
  includeProposals = false,
) {
  const actor = requireActor(ctx);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT r.id::text FROM (
      SELECT v.id, v.recorded_at FROM ${existingIncidentVersionsSql(actor)} WHERE v.incident_id = ${incidentId}::uuid
      ${includeProposals ? Prisma.sql`UNION ALL SELECT p.id, p.recorded_at FROM ${existingIncidentProposalsSql(actor)} WHERE p.incident_id = ${incidentId}::uuid` : Prisma.empty}
    ) r ORDER BY r.recorded_at, r.id`;
  if (rows.length === 0) throw AppError.notFound('The incident');
  return {
    items: await loadIncidentVersions(
      db,
      actor,
      rows.map((row) => row.id),
    ),
  };
}
