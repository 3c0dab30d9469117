import { Prisma } from '@access/db';
import type { TConsentBoard, TConsentBoardQuery } from '@access/contracts';
import { z } from 'zod';
import { requireActor, type Actor, type Db } from '../shared/context';
import { decodeCursor, pageForwards } from '../shared/cursor';
import { readerLevelSql } from '../access-statuses/access-sql';
import { storedStatesHold } from './load-request-states';
import {
  requestFilterSql,
  requestStatesWithSql,
  storedVersionSql,
  unansweredSql,
} from './request-sql';
import { today } from '../shared/format';

const ZKey = z.tuple([z.number().int(), z.uuid(), z.uuid()]);

type BoardRow = TConsentBoard['items'][number] & { rank: number };

/**
 * The consent board: one row per pending request and needed party that has not answered on
 * `asOf`, the longest wait first (parties never asked last). As known now, on a day no
 * position is stated after, it reads the kept states (current_request_consents: an index
 * scan in board order, days waited counted here); otherwise it derives every request's
 * state afresh (request-sql.ts). Both follow the one rule (access_request_consents()).
 * `stored: false` always derives (tests compare the two).
 */
export async function getConsentBoard(
  db: Db,
  ctx: { actor: Actor | null },
  query: TConsentBoardQuery,
  options: { stored?: boolean } = {},
): Promise<TConsentBoard> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const stored =
    options.stored !== false &&
    query.knownAt === undefined &&
    (await storedStatesHold(db, actor, asOf));
  const knownAt = query.knownAt ?? new Date().toISOString();
  const after = decodeCursor(query.cursor, ZKey);
  const rows = stored
    ? await storedBoard(db, actor, query, asOf, after)
    : await derivedBoard(db, actor, query, asOf, knownAt, after);
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [
    row.rank,
    row.requestId,
    row.party.id,
  ]);
  return { asOf, knownAt, items: page.map(({ rank: _rank, ...item }) => item), nextCursor };
}

// worst first: -days (never asked: +1, after every wait), then request and party
const RANK = Prisma.sql`-coalesce(c.days_waited, -1)`;

function columnsSql(days: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`v.request_id AS "requestId", v.id AS "versionId", v.kind, v.purpose,
           json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code) AS organization,
           json_build_object('id', a.id, 'name', a.name) AS area,
           to_char(v.requested_on, 'YYYY-MM-DD') AS "requestedOn",
           json_build_object('id', pa.id, 'name', pa.name, 'acronym', pa.acronym, 'kind', pa.kind) AS party,
           c.stance, to_char(c.waiting_since, 'YYYY-MM-DD') AS "waitingSince", ${days} AS "daysWaited"`;
}

function waitingOnSql(query: TConsentBoardQuery): Prisma.Sql {
  return query.waitingOn?.length
    ? Prisma.sql`c.party_id = ANY(${query.waitingOn}::uuid[])`
    : Prisma.sql`TRUE`;
}

/** Every request's state derived afresh, then the worst waits. */
function derivedBoard(
  db: Db,
  actor: Actor,
  query: TConsentBoardQuery,
  asOf: string,
  knownAt: string,
  after: [number, string, string] | undefined,
): Promise<BoardRow[]> {
  return db.$queryRaw<BoardRow[]>`
    WITH ${requestStatesWithSql(actor, { asOf, knownAt, where: requestFilterSql(query, asOf) })}
    SELECT ${RANK} AS rank, ${columnsSql(Prisma.sql`c.days_waited`)}
    FROM consents c
    JOIN states s ON s.request_id = c.request_id AND s.state = 'PENDING'
    JOIN req v ON v.request_id = c.request_id
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN parties pa ON pa.id = c.party_id
    WHERE ${unansweredSql(Prisma.sql`c.stance`)}
      AND ${waitingOnSql(query)}
      AND ${after ? Prisma.sql`(${RANK}, c.request_id, c.party_id) > (${after[0]}, ${after[1]}::uuid, ${after[2]}::uuid)` : Prisma.sql`TRUE`}
    ORDER BY 1, c.request_id, c.party_id
    LIMIT ${query.limit + 1}`;
}

/**
 * The kept rows of the reader's level that wait (pending request, party not answered), in
 * board order: wait_order (waiting_since, never asked last) is the rank's order on any day
 * no position is stated after, so the cursor's rank becomes a wait_order bound. The page is
 * taken first (an index scan, LIMIT), then named (organisation, area, party one row each):
 * few joins to plan, which under load costs more than running it.
 */
function storedBoard(
  db: Db,
  actor: Actor,
  query: TConsentBoardQuery,
  asOf: string,
  after: [number, string, string] | undefined,
): Promise<BoardRow[]> {
  const days = Prisma.sql`(${asOf}::date - c.waiting_since)`;
  const bound = after
    ? Prisma.sql`(c.wait_order, c.request_id, c.party_id) > (${
        after[0] > 0 ? Prisma.sql`'infinity'::date` : Prisma.sql`${asOf}::date + ${after[0]}::int`
      }, ${after[1]}::uuid, ${after[2]}::uuid)`
    : Prisma.sql`TRUE`;
  return db.$queryRaw<BoardRow[]>`
    WITH page AS MATERIALIZED (
      SELECT c.request_id, c.party_id, c.stance, c.waiting_since, c.wait_order,
             v.id, v.kind, v.purpose, v.organization_id, v.area_id, v.requested_on
      FROM current_request_consents c
      ${storedVersionSql(Prisma.sql`c.request_version_id`)}
      WHERE c.level = ${readerLevelSql(actor)} AND c.waiting
        AND ${requestFilterSql(query, asOf)} AND ${waitingOnSql(query)} AND ${bound}
      ORDER BY c.wait_order, c.request_id, c.party_id
      LIMIT ${query.limit + 1}
    )
    SELECT -coalesce(${days}, -1) AS rank, c.request_id AS "requestId", c.id AS "versionId", c.kind, c.purpose,
           (SELECT json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code)
              FROM organizations o WHERE o.id = c.organization_id) AS organization,
           (SELECT json_build_object('id', a.id, 'name', a.name) FROM areas a WHERE a.id = c.area_id) AS area,
           to_char(c.requested_on, 'YYYY-MM-DD') AS "requestedOn",
           (SELECT json_build_object('id', pa.id, 'name', pa.name, 'acronym', pa.acronym, 'kind', pa.kind)
              FROM parties pa WHERE pa.id = c.party_id) AS party,
           c.stance, to_char(c.waiting_since, 'YYYY-MM-DD') AS "waitingSince", ${days} AS "daysWaited"
    FROM page c
    ORDER BY c.wait_order, c.request_id, c.party_id`;
}
