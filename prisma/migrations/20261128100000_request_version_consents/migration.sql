-- ─── Hand-written ─────────────────────────────────────────────────────────────
-- The rule of a request's state (migration 20261127090000_request_consent_states) for given
-- request versions, validated or proposals: an editor's list shows their pending request
-- proposals with the state the validated positions give them (`includeProposals`), by the
-- same rule. access_request_consents() now finds each request's current version at the
-- level and asks this function, so the rule is still stated once.

-- For each version of `p_version_ids`, one row per needed party (ord: its place in that
-- version's needed_party_ids) with the party's latest validated position on the version's
-- request that a reader cleared to `p_level` sees as known at `p_known_at`, on or before
-- `p_as_of` (stance null: none yet), the first day of its wait when it has not answered,
-- and the state: any refusal or withdrawal → REFUSED; every party consented (granted, with
-- conditions) → GRANTED; else PENDING. The caller decides which versions exist for the
-- reader; a request with no validated version has no positions (access_request_positions).
CREATE FUNCTION "access_request_version_consents"("p_level" "Sensitivity", "p_known_at" timestamptz,
  "p_as_of" date, "p_version_ids" uuid[])
RETURNS TABLE ("request_id" uuid, "request_version_id" uuid, "requested_on" date, "ord" integer,
  "party_id" uuid, "stance" "ConsentStance", "since" date, "position_version_id" uuid,
  "waiting_since" date, "state" text)
LANGUAGE sql STABLE AS $$
  WITH req AS (
    SELECT x.request_id, x.id, x.requested_on, x.needed_party_ids
    FROM access_request_versions x
    WHERE x.id IN (SELECT unnest(p_version_ids))
  ),
  latest AS (
    SELECT l.* FROM access_request_positions(p_level, p_known_at, p_as_of,
      ARRAY(SELECT DISTINCT req.request_id FROM req)) l
    WHERE l.recency = 1
  ),
  consents AS (
    SELECT req.request_id, req.id AS request_version_id, req.requested_on, needed.ord::int AS ord,
           needed.party_id, l.stance, l.stated_on AS since, l.id AS position_version_id,
           CASE WHEN l.stance IN ('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN') THEN NULL
                ELSE l.waiting_since END AS waiting_since
    FROM req CROSS JOIN LATERAL unnest(req.needed_party_ids) WITH ORDINALITY AS needed(party_id, ord)
    LEFT JOIN latest l ON l.request_id = req.request_id AND l.party_id = needed.party_id
  )
  SELECT c.request_id, c.request_version_id, c.requested_on, c.ord, c.party_id, c.stance, c.since,
         c.position_version_id, c.waiting_since,
         CASE WHEN bool_or(coalesce(c.stance IN ('REFUSED', 'WITHDRAWN'), false)) OVER w THEN 'REFUSED'
              WHEN bool_and(coalesce(c.stance IN ('GRANTED', 'GRANTED_WITH_CONDITIONS'), false)) OVER w THEN 'GRANTED'
              ELSE 'PENDING' END AS state
  FROM consents c
  WINDOW w AS (PARTITION BY c.request_version_id)
$$;

-- As before: for each request of `p_request_ids` that exists for the reader as known at
-- `p_known_at`, its current version (the latest recorded that exists at the level), and
-- that version's consents and state by the rule above.
CREATE OR REPLACE FUNCTION "access_request_consents"("p_level" "Sensitivity", "p_known_at" timestamptz,
  "p_as_of" date, "p_request_ids" uuid[])
RETURNS TABLE ("request_id" uuid, "request_version_id" uuid, "requested_on" date, "ord" integer,
  "party_id" uuid, "stance" "ConsentStance", "since" date, "position_version_id" uuid,
  "waiting_since" date, "state" text)
LANGUAGE sql STABLE AS $$
  SELECT c.* FROM access_request_version_consents(p_level, p_known_at, p_as_of, ARRAY(
    SELECT DISTINCT ON (x.request_id) x.id
    FROM access_request_versions x
    WHERE x.request_id IN (SELECT unnest(p_request_ids))
      AND incident_version_exists(x.review_state, x.sensitivity, x.ceiling, p_level)
      AND x.recorded_at <= p_known_at
    ORDER BY x.request_id, x.recorded_at DESC, x.id DESC
  )) c
$$;
