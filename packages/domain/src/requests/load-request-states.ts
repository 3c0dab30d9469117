import { Prisma } from '@access/db';
import type { TAccessRequest, TAccessRequestFilters, TPartyConsent } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import { requestFilterSql, requestStatesWithSql, stateFilterSql } from './request-sql';
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
 * Requests as they stood on `asOf`, as known at `knownAt`, with their derived state and
 * each needed party's consent (request-sql.ts), most recently requested first. Every read
 * of a request's state (the list, a request, the CSV) comes here.
 */
export async function loadRequestStates(
  db: Db | Tx,
  actor: Actor,
  query: RequestStatesQuery,
): Promise<{ items: TAccessRequest[]; more: boolean; last: [string, string] | null }> {
  const where = Prisma.join(
    [
      requestFilterSql(query.filters),
      query.requestIds
        ? Prisma.sql`v.request_id = ANY(${query.requestIds}::uuid[])`
        : Prisma.sql`TRUE`,
    ],
    ' AND ',
  );
  const rows = await db.$queryRaw<Row[]>`
    WITH ${requestStatesWithSql(actor, { asOf: query.asOf, knownAt: query.knownAt, where })}
    SELECT req.id::text AS "versionId", req.request_id::text AS "requestId",
           to_char(req.requested_on, 'YYYY-MM-DD') AS "requestedOn", s.state, s.days_waited AS "daysWaited",
           (SELECT json_agg(json_build_object(
              'partyIndex', c.ord, 'stance', c.stance, 'since', to_char(c.since, 'YYYY-MM-DD'),
              'positionVersionId', c.position_version_id,
              'conditions', coalesce((
                SELECT json_agg(json_build_object('type', t.type,
                  'grantingParty', CASE WHEN gp.id IS NULL THEN NULL ELSE json_build_object('id', gp.id, 'name', gp.name) END,
                  'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
                FROM consent_conditions t LEFT JOIN parties gp ON gp.id = t.granting_party_id
                WHERE t.version_id = c.position_version_id), '[]'::json),
              'waitingSince', to_char(c.waiting_since, 'YYYY-MM-DD'), 'daysWaited', c.days_waited) ORDER BY c.ord)
            FROM consents c WHERE c.request_id = req.request_id) AS consents
    FROM req JOIN states s ON s.request_id = req.request_id
    WHERE ${stateFilterSql(query.filters)}
      AND ${query.before ? Prisma.sql`(req.requested_on, req.request_id) < (${query.before[0]}::date, ${query.before[1]}::uuid)` : Prisma.sql`TRUE`}
    ORDER BY req.requested_on DESC, req.request_id DESC
    LIMIT ${query.limit + 1}`;
  const page = rows.slice(0, query.limit);
  const versions = await loadRequestVersions(
    db,
    actor,
    page.map((row) => row.versionId),
  );
  const items = page.map((row, index) => {
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
  const last = page.at(-1);
  return {
    items,
    more: rows.length > query.limit,
    last: last ? [last.requestedOn, last.requestId] : null,
  };
}
