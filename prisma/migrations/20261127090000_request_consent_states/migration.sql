-- ─── Request states as known now (issue 16) ───
-- A request's state is derived, never typed: from the current version of each needed
-- party's position on a day (packages/domain/src/requests/request-sql.ts). Deriving it for
-- every request on every read of the consent board costs seconds at 200,000 requests
-- (BENCHMARKS.md, "Requests and consent"). The rule now lives here, once, in two SQL
-- functions (access_request_positions, access_request_consents) that every read calls:
-- the past-knownAt and past-asOf reads with the reader's level, knownAt and asOf; and the
-- statement triggers below with every level, as known now and for every day, to keep
-- current_request_consents / current_request_states, which the board and the list read
-- as known now (days waited are counted at read time from waiting_since).
-- tests/db/request-consent-states.property.test.ts holds the tables equal to the full
-- derivation after random histories at every level.

-- CreateTable
CREATE TABLE "current_request_states" (
    "request_id" UUID NOT NULL,
    "level" "Sensitivity" NOT NULL,
    "request_version_id" UUID NOT NULL,
    "requested_on" DATE NOT NULL,
    "state" TEXT NOT NULL,
    "waiting_since" DATE,

    CONSTRAINT "current_request_states_pkey" PRIMARY KEY ("request_id","level")
);

-- CreateTable
CREATE TABLE "current_request_consents" (
    "request_id" UUID NOT NULL,
    "level" "Sensitivity" NOT NULL,
    "ord" INTEGER NOT NULL,
    "party_id" UUID NOT NULL,
    "request_version_id" UUID NOT NULL,
    "requested_on" DATE NOT NULL,
    "stance" "ConsentStance",
    "since" DATE,
    "position_version_id" UUID,
    "waiting_since" DATE,
    "waiting" BOOLEAN NOT NULL,
    "wait_order" DATE NOT NULL,

    CONSTRAINT "current_request_consents_pkey" PRIMARY KEY ("request_id","level","ord")
);

-- CreateIndex
CREATE INDEX "current_request_states_list_idx" ON "current_request_states"("level", "requested_on", "request_id");

-- CreateIndex
CREATE INDEX "current_request_states_state_idx" ON "current_request_states"("level", "state", "requested_on", "request_id");

-- CreateIndex
CREATE INDEX "current_request_consents_board_idx" ON "current_request_consents"("level", "waiting", "wait_order", "request_id", "party_id");

-- CreateIndex
CREATE INDEX "current_request_consents_party_idx" ON "current_request_consents"("level", "party_id", "waiting", "wait_order", "request_id");

-- CreateIndex
CREATE INDEX "current_request_consents_party_list_idx" ON "current_request_consents"("level", "party_id", "waiting", "requested_on", "request_id");

-- CreateIndex
CREATE INDEX "current_request_consents_since_idx" ON "current_request_consents"("level", "since");

-- ─── Hand-written ─────────────────────────────────────────────────────────────

-- The positions a reader cleared to `p_level` sees on the requests `p_request_ids`, as
-- known at `p_known_at`, taken on or before `p_as_of`: the current version of each position
-- (the latest recorded that exists at the level: incident_version_exists, the levels rule
-- of incident-sql.ts), on a request that exists for them then. Per party, in valid-time
-- order (stated_on, then the position taken first, then its id):
--   answer_run    how many answers (granted, with conditions, refused, withdrawn) so far,
--                 this one included;
--   recency       1 for the party's latest position;
--   waiting_since for a position that has not answered, the first day of its run of
--                 unanswered positions (those after the same number of answers); for an
--                 answer, the first day of the run it answers (null if it was never asked).
CREATE FUNCTION "access_request_positions"("p_level" "Sensitivity", "p_known_at" timestamptz,
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
      SELECT DISTINCT ON (x.position_id) x.position_id, x.id, cp.request_id, cp.party_id, x.stance,
             x.stated_on, cp.created_at AS position_created_at,
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

-- The rule of a request's state, stated once: for each request of `p_request_ids` that
-- exists for a reader cleared to `p_level` as known at `p_known_at` (its current version,
-- as above), one row per needed party (ord: its place in needed_party_ids) with its latest
-- position on or before `p_as_of` (stance null: none yet), the first day of its wait when
-- that position has not answered, and the request's state: any refusal or withdrawal →
-- REFUSED; every party consented (granted, with conditions) → GRANTED; else PENDING.
CREATE FUNCTION "access_request_consents"("p_level" "Sensitivity", "p_known_at" timestamptz,
  "p_as_of" date, "p_request_ids" uuid[])
RETURNS TABLE ("request_id" uuid, "request_version_id" uuid, "requested_on" date, "ord" integer,
  "party_id" uuid, "stance" "ConsentStance", "since" date, "position_version_id" uuid,
  "waiting_since" date, "state" text)
LANGUAGE sql STABLE AS $$
  WITH req AS (
    SELECT DISTINCT ON (x.request_id) x.request_id, x.id, x.requested_on, x.needed_party_ids
    FROM access_request_versions x
    WHERE x.request_id IN (SELECT unnest(p_request_ids))
      AND incident_version_exists(x.review_state, x.sensitivity, x.ceiling, p_level)
      AND x.recorded_at <= p_known_at
    ORDER BY x.request_id, x.recorded_at DESC, x.id DESC
  ),
  latest AS (
    SELECT l.* FROM access_request_positions(p_level, p_known_at, p_as_of, p_request_ids) l
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
  WINDOW w AS (PARTITION BY c.request_id)
$$;

-- Derives the rows of `p_request_ids` again, at every level, as known now and for every day
-- (what the board and the list read as known now), from the rule above. The caller holds
-- the requests (the triggers lock them; a rebuild starts from empty tables).
CREATE FUNCTION "request_states_derive"("p_request_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM current_request_consents WHERE request_id = ANY(p_request_ids);
  DELETE FROM current_request_states WHERE request_id = ANY(p_request_ids);
  WITH derived AS (
    SELECT l.level, c.*
    FROM unnest(enum_range(NULL::"Sensitivity")) AS l(level)
    CROSS JOIN LATERAL access_request_consents(l.level, 'infinity'::timestamptz, 'infinity'::date, p_request_ids) c
  ),
  consents AS (
    INSERT INTO current_request_consents (request_id, level, ord, party_id, request_version_id, requested_on,
      stance, since, position_version_id, waiting_since, waiting, wait_order)
    SELECT d.request_id, d.level, d.ord, d.party_id, d.request_version_id, d.requested_on, d.stance, d.since,
           d.position_version_id, d.waiting_since,
           d.state = 'PENDING'
             AND coalesce(d.stance NOT IN ('GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'WITHDRAWN'), true),
           coalesce(d.waiting_since, 'infinity'::date)
    FROM derived d
  )
  INSERT INTO current_request_states (request_id, level, request_version_id, requested_on, state, waiting_since)
  SELECT d.request_id, d.level, d.request_version_id, d.requested_on, min(d.state), min(d.waiting_since)
  FROM derived d
  GROUP BY d.request_id, d.level, d.request_version_id, d.requested_on;
END;
$$;

-- After an insert of versions: the requests of its validated ones (only a validated version
-- can be current at a level), locked in id order so two writers of one request derive it
-- one after the other (each statement of this function sees what the other committed).
CREATE FUNCTION "request_states_apply"("p_request_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(p_request_ids) = 0 THEN
    RETURN;
  END IF;
  PERFORM 1 FROM access_requests WHERE id = ANY(p_request_ids) ORDER BY id FOR NO KEY UPDATE;
  PERFORM request_states_derive(p_request_ids);
END;
$$;

CREATE FUNCTION "request_states_after_request_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM request_states_apply(
    ARRAY(SELECT DISTINCT n.request_id FROM new_versions n WHERE n.review_state = 'VALIDATED'));
  RETURN NULL;
END;
$$;
CREATE TRIGGER "access_request_versions_states" AFTER INSERT ON "access_request_versions"
  REFERENCING NEW TABLE AS new_versions
  FOR EACH STATEMENT EXECUTE FUNCTION "request_states_after_request_versions"();

CREATE FUNCTION "request_states_after_position_versions"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM request_states_apply(
    ARRAY(SELECT DISTINCT cp.request_id FROM new_versions n JOIN consent_positions cp ON cp.id = n.position_id
          WHERE n.review_state = 'VALIDATED'));
  RETURN NULL;
END;
$$;
CREATE TRIGGER "consent_position_versions_states" AFTER INSERT ON "consent_position_versions"
  REFERENCING NEW TABLE AS new_versions
  FOR EACH STATEMENT EXECUTE FUNCTION "request_states_after_position_versions"();

-- Everything again: after a load with triggers off (the synthetic loader), or to check.
CREATE FUNCTION "request_states_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  LOCK TABLE current_request_consents, current_request_states IN EXCLUSIVE MODE;
  TRUNCATE current_request_consents, current_request_states;
  PERFORM request_states_derive(ARRAY(SELECT id FROM access_requests));
END;
$$;

SELECT request_states_rebuild();
