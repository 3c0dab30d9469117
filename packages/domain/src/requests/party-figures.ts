import { Prisma } from '@access/db';
import { FIRST_DATE, type TPartyFiguresAnswer, type TPartyFiguresQuery } from '@access/contracts';
import { requireActor, type Actor, type Db } from '../shared/context';
import { AppError } from '../shared/errors';
import { answeredSql, requestFilterSql, requestStatesWithSql, unansweredSql } from './request-sql';
import { today } from '../shared/format';

/** A year before `date`, but not before the first day the product keeps (FIRST_DATE). */
function yearBefore(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCFullYear(day.getUTCFullYear() - 1);
  const before = day.toISOString().slice(0, 10);
  return before < FIRST_DATE ? FIRST_DATE : before;
}

/**
 * Per party, over [from, to] as known at `knownAt`: the answers it gave (granted, refused
 * or withdrawn), its refusal rate, the median days from being asked to answering (from
 * the first ask after its previous answer, else from the day of the request), and the
 * requests waiting on it on `to`; from the one derivation of request states (request-sql.ts).
 */
export async function getPartyFigures(
  db: Db,
  ctx: { actor: Actor | null },
  query: TPartyFiguresQuery,
): Promise<TPartyFiguresAnswer> {
  const actor = requireActor(ctx);
  const to = query.to ?? today();
  const from = query.from ?? yearBefore(to);
  if (from > to) throw AppError.invalid('from', 'must not be after `to`');
  const knownAt = query.knownAt ?? new Date().toISOString();
  const parties = query.partyId?.length
    ? Prisma.sql`c.party_id = ANY(${query.partyId}::uuid[])`
    : Prisma.sql`TRUE`;
  const items = await db.$queryRaw<TPartyFiguresAnswer['items']>`
    WITH ${requestStatesWithSql(actor, { asOf: to, knownAt, where: requestFilterSql({}, to) })},
    answers AS (
      -- an answer's waiting_since: the first ask of the run of unanswered positions it answers
      SELECT a.request_id, a.party_id, a.stance, a.stated_on - coalesce(a.waiting_since, req.requested_on) AS days
      FROM pos a JOIN req ON req.request_id = a.request_id
      WHERE ${answeredSql(Prisma.sql`a.stance`)} AND a.stated_on >= ${from}::date AND a.party_id = ANY(req.needed_party_ids)
    ),
    involved AS (
      SELECT c.request_id, c.party_id,
             (s.state = 'PENDING' AND ${unansweredSql(Prisma.sql`c.stance`)}) AS waiting
      FROM consents c JOIN states s ON s.request_id = c.request_id
      WHERE ${parties} AND (EXISTS (SELECT 1 FROM pos p WHERE p.request_id = c.request_id AND p.party_id = c.party_id AND p.stated_on >= ${from}::date)
         OR (s.state = 'PENDING' AND ${unansweredSql(Prisma.sql`c.stance`)}))
    )
    SELECT json_build_object('id', pa.id, 'name', pa.name, 'acronym', pa.acronym, 'kind', pa.kind) AS party,
           (SELECT count(*) FROM involved i WHERE i.party_id = pa.id)::int AS requests,
           count(an.*)::int AS answered,
           (count(*) FILTER (WHERE an.stance IN ('GRANTED', 'GRANTED_WITH_CONDITIONS')))::int AS granted,
           (count(*) FILTER (WHERE an.stance IN ('REFUSED', 'WITHDRAWN')))::int AS refused,
           CASE WHEN count(an.*) = 0 THEN NULL
                ELSE round((count(*) FILTER (WHERE an.stance IN ('REFUSED', 'WITHDRAWN')))::numeric / count(an.*), 4)::float8 END AS "refusalRate",
           (percentile_cont(0.5) WITHIN GROUP (ORDER BY an.days))::float8 AS "medianDaysToAnswer",
           (SELECT count(*) FROM involved i WHERE i.party_id = pa.id AND i.waiting)::int AS "waitingNow"
    FROM parties pa
    LEFT JOIN answers an ON an.party_id = pa.id
    WHERE pa.id IN (SELECT party_id FROM involved)
    GROUP BY pa.id
    ORDER BY "waitingNow" DESC, answered DESC, pa.name, pa.id`;
  return { from, to, knownAt, items };
}
