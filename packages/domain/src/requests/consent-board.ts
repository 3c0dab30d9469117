import { Prisma } from '@access/db';
import type { TConsentBoard, TConsentBoardQuery } from '@access/contracts';
import { z } from 'zod';
import { requireActor, type Actor, type Db } from '../shared/context';
import { decodeCursor, encodeCursor } from '../shared/cursor';
import { requestFilterSql, requestStatesWithSql, unansweredSql } from './request-sql';
import { today } from '../shared/format';

const ZKey = z.tuple([z.number().int(), z.uuid(), z.uuid()]);

/**
 * The consent board: one row per pending request and needed party that has not answered on
 * `asOf`, the longest wait first (parties never asked last), from the one derivation of
 * request states (request-sql.ts).
 */
export async function getConsentBoard(
  db: Db,
  ctx: { actor: Actor | null },
  query: TConsentBoardQuery,
): Promise<TConsentBoard> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const after = decodeCursor(query.cursor, ZKey);
  // worst first: -days (never asked: +1, after every wait), then request and party
  const rank = Prisma.sql`-coalesce(c.days_waited, -1)`;
  const rows = await db.$queryRaw<(TConsentBoard['items'][number] & { rank: number })[]>`
    WITH ${requestStatesWithSql(actor, { asOf, knownAt, where: requestFilterSql(query) })}
    SELECT ${rank} AS rank, req.request_id AS "requestId", req.id AS "versionId", req.kind, req.purpose,
           json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code) AS organization,
           json_build_object('id', a.id, 'name', a.name) AS area,
           to_char(req.requested_on, 'YYYY-MM-DD') AS "requestedOn",
           json_build_object('id', pa.id, 'name', pa.name, 'acronym', pa.acronym, 'kind', pa.kind) AS party,
           c.stance, to_char(c.waiting_since, 'YYYY-MM-DD') AS "waitingSince", c.days_waited AS "daysWaited"
    FROM consents c
    JOIN states s ON s.request_id = c.request_id AND s.state = 'PENDING'
    JOIN req ON req.request_id = c.request_id
    JOIN organizations o ON o.id = req.organization_id
    JOIN areas a ON a.id = req.area_id
    JOIN parties pa ON pa.id = c.party_id
    WHERE ${unansweredSql(Prisma.sql`c.stance`)}
      AND ${query.waitingOn?.length ? Prisma.sql`c.party_id = ANY(${query.waitingOn}::uuid[])` : Prisma.sql`TRUE`}
      AND ${after ? Prisma.sql`(${rank}, c.request_id, c.party_id) > (${after[0]}, ${after[1]}::uuid, ${after[2]}::uuid)` : Prisma.sql`TRUE`}
    ORDER BY 1, c.request_id, c.party_id
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    asOf,
    knownAt,
    items: page.map(({ rank: _rank, ...item }) => item),
    nextCursor:
      rows.length > query.limit && last
        ? encodeCursor([last.rank, last.requestId, last.party.id])
        : null,
  };
}
