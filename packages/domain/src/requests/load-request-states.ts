import { Prisma } from '@access/db';
import type { TAccessRequest, TAccessRequestFilters, TPartyConsent } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import { readerLevelSql } from '../access-statuses/access-sql';
import { recordProposalSuccessorSql } from './request-store';
import {
  consentStatesSql,
  existingRequestProposalsSql,
  requestFilterSql,
  requestStatesWithSql,
  stateFilterSql,
  storedStateFilterSql,
  storedStatesHoldSql,
  storedVersionSql,
} from './request-sql';
import { loadRequestVersions } from './request-view';

export interface RequestStatesQuery {
  asOf: string;
  knownAt: string;
  filters: Omit<TAccessRequestFilters, 'asOf' | 'knownAt'>;
  /** only these requests */
  requestIds?: string[];
  /** keyset: requests requested before (requestedOn, requestId) */
  before?: [string, string];
  limit: number;
  /**
   * read as known now (the query named no knownAt): the kept states answer when they hold
   * on `asOf` (storedStatesHold); false always derives afresh
   */
  stored?: boolean;
}

interface Row {
  versionId: string;
  requestId: string;
  requestedOn: string;
  state: TAccessRequest['state'];
  daysWaited: number | null;
  consents: (Omit<TPartyConsent, 'party'> & { partyIndex: number })[];
}

/**
 * Whether the kept states as known now (current_request_states and current_request_consents,
 * per level) answer a read on `asOf` for the actor: no position they see is stated after
 * `asOf` (one index probe).
 */
export async function storedStatesHold(db: Db | Tx, actor: Actor, asOf: string): Promise<boolean> {
  const [row] = await db.$queryRaw<{ holds: boolean }[]>`${storedStatesHoldSql(actor, asOf)}`;
  return row?.holds ?? false;
}

/**
 * Each needed party's consent of request `req.request_id` (`by: 'version'`: of version
 * `req.id`), as JSON, from rows `c` of `from`.
 */
function consentsJsonSql(from: Prisma.Sql, by: 'request' | 'version' = 'request'): Prisma.Sql {
  return Prisma.sql`(SELECT json_agg(json_build_object(
              'partyIndex', c.ord, 'stance', c.stance, 'since', to_char(c.since, 'YYYY-MM-DD'),
              'positionVersionId', c.position_version_id,
              'conditions', coalesce((
                SELECT json_agg(json_build_object('type', t.type,
                  'grantingParty', CASE WHEN gp.id IS NULL THEN NULL ELSE json_build_object('id', gp.id, 'name', gp.name) END,
                  'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
                FROM consent_conditions t LEFT JOIN parties gp ON gp.id = t.granting_party_id
                WHERE t.version_id = c.position_version_id), '[]'::json),
              'waitingSince', to_char(c.waiting_since, 'YYYY-MM-DD'), 'daysWaited', c.days_waited) ORDER BY c.ord)
            FROM ${from} c WHERE ${by === 'request' ? Prisma.sql`c.request_id = req.request_id` : Prisma.sql`c.request_version_id = req.id`})`;
}

/**
 * Requests as they stood on `asOf`, as known at `knownAt`, with their derived state and
 * each needed party's consent (request-sql.ts), most recently requested first. Every read
 * of a request's state (the list, a request, the CSV) comes here. As known now (`stored`)
 * on a day the kept states hold, it pages over them; otherwise it derives afresh.
 */
export async function loadRequestStates(
  db: Db | Tx,
  actor: Actor,
  query: RequestStatesQuery,
): Promise<{ items: TAccessRequest[]; more: boolean; last: [string, string] | null }> {
  const where = Prisma.join(
    [
      // a list holds the requests made by asOf; one asked for by id is shown on any day
      requestFilterSql(query.filters, query.requestIds ? undefined : query.asOf),
      query.requestIds
        ? Prisma.sql`v.request_id = ANY(${query.requestIds}::uuid[])`
        : Prisma.sql`TRUE`,
    ],
    ' AND ',
  );
  const stored = query.stored === true && (await storedStatesHold(db, actor, query.asOf));
  const asOf = Prisma.sql`${query.asOf}::date`;
  const level = readerLevelSql(actor);
  const waitingOn = query.filters.waitingOn;
  // waiting on parties: from their kept rows that wait, newest request first (an index range
  // per party, read until the page is full), rather than probing every pending request
  const kept = waitingOn?.length
    ? Prisma.sql`(
        SELECT DISTINCT ON (w.requested_on, w.request_id) w.requested_on, w.request_id
        FROM current_request_consents w
        WHERE w.level = ${level} AND w.party_id = ANY(${waitingOn}::uuid[]) AND w.waiting
        ORDER BY w.requested_on DESC, w.request_id DESC
      ) k JOIN current_request_states s ON s.request_id = k.request_id AND s.level = ${level}`
    : Prisma.sql`current_request_states s`;
  const keptWhere = waitingOn?.length
    ? storedStateFilterSql({ state: query.filters.state })
    : Prisma.sql`s.level = ${level} AND ${storedStateFilterSql(query.filters)}`;
  // the order's columns: the driving rows' (so the plan reads them in order and stops)
  const key = waitingOn?.length ? Prisma.sql`k` : Prisma.sql`s`;
  const rows = stored
    ? await db.$queryRaw<Row[]>`
    WITH req AS (
      SELECT s.request_id, s.request_version_id AS id, s.requested_on, s.state, (${asOf} - s.waiting_since) AS days_waited
      FROM ${kept} ${storedVersionSql(Prisma.sql`s.request_version_id`)}
      WHERE ${keptWhere} AND ${where}
        AND ${query.before ? Prisma.sql`(${key}.requested_on, ${key}.request_id) < (${query.before[0]}::date, ${query.before[1]}::uuid)` : Prisma.sql`TRUE`}
      ORDER BY ${key}.requested_on DESC, ${key}.request_id DESC
      LIMIT ${query.limit + 1}
    )
    SELECT req.id::text AS "versionId", req.request_id::text AS "requestId",
           to_char(req.requested_on, 'YYYY-MM-DD') AS "requestedOn", req.state, req.days_waited AS "daysWaited",
           ${consentsJsonSql(Prisma.sql`(SELECT k.*, (${asOf} - k.waiting_since) AS days_waited FROM current_request_consents k WHERE k.level = ${level})`)} AS consents
    FROM req
    ORDER BY req.requested_on DESC, req.request_id DESC`
    : await db.$queryRaw<Row[]>`
    WITH ${requestStatesWithSql(actor, { asOf: query.asOf, knownAt: query.knownAt, where })}
    SELECT req.id::text AS "versionId", req.request_id::text AS "requestId",
           to_char(req.requested_on, 'YYYY-MM-DD') AS "requestedOn", s.state, s.days_waited AS "daysWaited",
           ${consentsJsonSql(Prisma.sql`consents`)} AS consents
    FROM req JOIN states s ON s.request_id = req.request_id
    WHERE ${stateFilterSql(query.filters)}
      AND ${query.before ? Prisma.sql`(req.requested_on, req.request_id) < (${query.before[0]}::date, ${query.before[1]}::uuid)` : Prisma.sql`TRUE`}
    ORDER BY req.requested_on DESC, req.request_id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    items: await toRequests(db, actor, page),
    more: rows.length > query.limit,
    last: last ? [last.requestedOn, last.requestId] : null,
  };
}

/**
 * The request proposals the actor may see that nothing has replaced yet (drafts, submitted,
 * returned: an editor's are their organisation's), as known now, newest requested first,
 * at most `limit`, under the list's filters, each with the state the validated positions
 * of its request give it on `asOf` by the one rule (access_request_version_consents(); a
 * new request has none yet: every party is still to answer).
 */
export async function loadRequestProposalStates(
  db: Db | Tx,
  actor: Actor,
  query: Omit<RequestStatesQuery, 'knownAt' | 'requestIds' | 'before' | 'stored'>,
): Promise<TAccessRequest[]> {
  const asOf = Prisma.sql`${query.asOf}::date`;
  const rows = await db.$queryRaw<Row[]>`
    WITH req AS MATERIALIZED (
      SELECT v.* FROM (
        SELECT p.*, r.organization_id FROM ${existingRequestProposalsSql(actor, 'request')}
        JOIN access_requests r ON r.id = p.request_id
        WHERE ${recordProposalSuccessorSql(actor, 'request', Prisma.sql`p`)} IS NULL
      ) v
      WHERE ${requestFilterSql(query.filters, query.asOf)}
    ),
    consents AS MATERIALIZED (
      SELECT c.*, (${asOf} - c.waiting_since) AS days_waited
      FROM access_request_version_consents(${readerLevelSql(actor)}, 'infinity'::timestamptz, ${asOf}, ARRAY(SELECT id FROM req)) c
    ),
    states AS (${consentStatesSql('version')})
    SELECT req.id::text AS "versionId", req.request_id::text AS "requestId",
           to_char(req.requested_on, 'YYYY-MM-DD') AS "requestedOn",
           s.state, s.days_waited AS "daysWaited",
           ${consentsJsonSql(Prisma.sql`consents`, 'version')} AS consents
    FROM req JOIN states s ON s.request_version_id = req.id
    WHERE ${stateFilterSql(query.filters)}
    ORDER BY req.requested_on DESC, req.recorded_at DESC, req.id DESC
    LIMIT ${query.limit}`;
  return toRequests(db, actor, rows);
}

/** The list's items for rows of versions the actor may see (validated or proposals). */
async function toRequests(db: Db | Tx, actor: Actor, page: Row[]): Promise<TAccessRequest[]> {
  const versions = await loadRequestVersions(
    db,
    actor,
    page.map((row) => row.versionId),
  );
  return page.map((row, index) => {
    const request = versions[index]!;
    return {
      request,
      state: row.state,
      consents: row.consents.map(({ partyIndex, ...consent }) => ({
        party: request.neededParties[partyIndex - 1]!,
        ...consent,
      })),
      daysWaited: row.state === 'PENDING' ? row.daysWaited : null,
    };
  });
}
