-- ─── Hand-written ─────────────────────────────────────────────────────────────
-- A party's positions taken on the same day were ordered by consent_positions.created_at:
-- when the position's first version was written, which may be a version the reader cannot
-- see (a SEVERE refusal corrected into LOW later). Which position holds, the request's
-- state, waits and figures then depended, for a reader below it, on the hidden version's
-- time. The order is now when the position came into the reader's sight: the earliest
-- recorded time among its versions that exist at their level as known at p_known_at. The
-- rest of the rule is as before (migration 20261127090000_request_consent_states);
-- visiblePositionVersionsSql (request-sql.ts) orders the same way.
CREATE OR REPLACE FUNCTION "access_request_positions"("p_level" "Sensitivity", "p_known_at" timestamptz,
  "p_as_of" date, "p_request_ids" uuid[])
RETURNS TABLE ("position_id" uuid, "id" uuid, "request_id" uuid, "party_id" uuid,
  "stance" "ConsentStance", "stated_on" date, "position_created_at" timestamptz,
  "answer_run" bigint, "recency" bigint, "waiting_since" date)
LANGUAGE sql STABLE AS $$
  SELECT r.position_id, r.id, r.request_id, r.party_id, r.stance, r.stated_on, r.position_created_at,
         r.answer_run, r.recency,
         min(r.stated_on) FILTER (WHERE NOT r.answer)
           OVER (PARTITION BY r.request_id, r.party_id, r.answer_run - r.answer::int) AS waiting_since
  FROM (
    SELECT p.*,
           sum(p.answer::int) OVER (PARTITION BY p.request_id, p.party_id
             ORDER BY p.stated_on, p.position_created_at, p.position_id) AS answer_run,
           row_number() OVER (PARTITION BY p.request_id, p.party_id
             ORDER BY p.stated_on DESC, p.position_created_at DESC, p.position_id DESC) AS recency
    FROM (
      -- the window runs over the versions that exist for the reader (after WHERE), before
      -- DISTINCT ON keeps the current one
      SELECT DISTINCT ON (x.position_id) x.position_id, x.id, cp.request_id, cp.party_id, x.stance,
             x.stated_on, min(x.recorded_at) OVER (PARTITION BY x.position_id) AS position_created_at,
             x.stance IN ('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN') AS answer
      FROM consent_positions cp JOIN consent_position_versions x ON x.position_id = cp.id
      WHERE cp.request_id IN (SELECT unnest(p_request_ids))
        AND incident_version_exists(x.review_state, x.sensitivity, x.ceiling, p_level)
        AND x.recorded_at <= p_known_at
        AND EXISTS (
          SELECT 1 FROM access_request_versions rv
          WHERE rv.request_id = cp.request_id AND rv.recorded_at <= p_known_at
            AND incident_version_exists(rv.review_state, rv.sensitivity, rv.ceiling, p_level))
      ORDER BY x.position_id, x.recorded_at DESC, x.id DESC
    ) p
    WHERE p.stated_on <= p_as_of
  ) r
$$;

-- the states as known now, derived again by the rule as it now stands
SELECT request_states_rebuild();
