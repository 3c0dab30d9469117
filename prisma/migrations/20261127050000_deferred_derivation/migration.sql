-- ─── Deferred derivation: an import derives its pairs once, set-wise, at its end ───
-- Every statement that inserts versions derives what they change (their levels, then their
-- pairs' timelines at every level and the day counts). An import writes thousands of
-- versions in many statements; deriving per statement cost ~0.3 ms a version. Now a
-- transaction may defer the derivation: defer_access_status_derivation() makes the
-- statement trigger only collect the new validated versions (in a temporary table of the
-- transaction), and derive_deferred_access_statuses() then runs the very same functions
-- once over everything collected (add_access_status_version_levels reads the versions
-- themselves, not their levels, so the order of the statements does not matter; a pair's
-- timelines are a function of its level rows). Nothing else reads the import's pairs'
-- derived rows before its end (an import plans each pair once, from what was there before).
--
-- refresh_current_access_statuses is redefined to rebuild exactly the given pairs: it
-- filtered the timelines by "organisation in the list and area in the list", which for
-- thousands of pairs covers nearly every pair of the database. access_pair_timelines is
-- access_timeline over pairs (the organisations and areas zipped), tested equal to it
-- (tests/db/deferred-derivation.property.test.ts).
--
-- Keeps the rule of 20261127040000_proposals: only VALIDATED versions get levels.

-- access_timeline, restricted to the given pairs (p_organization_ids[i], p_area_ids[i]).
CREATE FUNCTION "access_pair_timelines"("p_level" "Sensitivity", "p_known_at" timestamptz,
                                        "p_organization_ids" uuid[], "p_area_ids" uuid[])
RETURNS TABLE (
  "id" uuid, "organization_id" uuid, "area_id" uuid, "status" "AccessStatusCode", "previous_status" "AccessStatusCode",
  "valid_from" date, "valid_to" date, "sensitivity" "Sensitivity", "review_state" "ReviewState",
  "constraint_categories" smallint[], "severity" smallint, "recorded_at" timestamptz
) LANGUAGE sql STABLE AS $$
  SELECT v."id", l."organization_id", l."area_id", v."status",
         lag(v."status") OVER w,
         v."valid_from",
         least(v."valid_to", lead(v."valid_from") OVER w),
         v."sensitivity", v."review_state", v."constraint_categories", v."severity", v."recorded_at"
  FROM (SELECT DISTINCT p.o, p.a FROM unnest(p_organization_ids, p_area_ids) AS p(o, a)) p
  JOIN "access_status_version_levels" l
    ON l."level" = p_level AND l."organization_id" = p.o AND l."area_id" = p.a
  JOIN "access_status_versions" v ON v."id" = l."version_id"
  WHERE l."recorded_at" <= p_known_at
    AND NOT EXISTS (
      SELECT 1 FROM "access_status_version_levels" s
      WHERE s."level" = p_level AND s."visible_supersedes_id" = l."version_id" AND s."recorded_at" <= p_known_at
    )
  WINDOW w AS (PARTITION BY l."organization_id", l."area_id" ORDER BY v."valid_from", v."recorded_at", v."id")
$$;

-- Rebuilds the current timelines of the given pairs at every level (as before; the pairs
-- exactly, whatever their number).
CREATE OR REPLACE FUNCTION "refresh_current_access_statuses"("p_organization_ids" uuid[], "p_area_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- two statements: a row deleted and inserted again within one statement collides in the key
  DELETE FROM "current_access_statuses" c USING unnest(p_organization_ids, p_area_ids) AS p(o, a)
  WHERE c."organization_id" = p.o AND c."area_id" = p.a;
  INSERT INTO "current_access_statuses"
    ("level", "id", "organization_id", "area_id", "status", "previous_status", "valid_from", "valid_to",
     "sensitivity", "review_state", "constraint_categories", "severity", "recorded_at")
  SELECT lvl, t.*
  FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl
  CROSS JOIN LATERAL "access_pair_timelines"(lvl, 'infinity', p_organization_ids, p_area_ids) t;
END;
$$;

-- The statement trigger: as in 20261127040000_proposals, unless the transaction deferred
-- the derivation; then it only collects the new validated versions.
CREATE OR REPLACE FUNCTION "track_access_status_levels"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  organization_ids uuid[];
  area_ids uuid[];
BEGIN
  IF current_setting('access.defer_derivation', true) = 'on' THEN
    INSERT INTO pg_temp."access_status_versions_to_derive" ("id", "organization_id", "area_id")
    SELECT "id", "organization_id", "area_id" FROM "inserted" WHERE "review_state" = 'VALIDATED';
    RETURN NULL;
  END IF;
  SELECT array_agg("id") INTO ids FROM "inserted" WHERE "review_state" = 'VALIDATED';
  IF ids IS NULL THEN
    RETURN NULL; -- proposals only: no timeline changes
  END IF;
  PERFORM "add_access_status_version_levels"(ids);
  SELECT array_agg("organization_id"), array_agg("area_id") INTO organization_ids, area_ids
  FROM (SELECT DISTINCT "organization_id", "area_id" FROM "inserted" WHERE "review_state" = 'VALIDATED') p;
  PERFORM "refresh_current_access_statuses"(organization_ids, area_ids);
  RETURN NULL;
END;
$$;

-- From here to derive_deferred_access_statuses() (or the end of the transaction), the
-- statement trigger only collects. Whoever calls it must call that before committing.
CREATE FUNCTION "defer_access_status_derivation"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  CREATE TEMPORARY TABLE IF NOT EXISTS "access_status_versions_to_derive" (
    "id" uuid NOT NULL, "organization_id" uuid NOT NULL, "area_id" uuid NOT NULL
  ) ON COMMIT DROP;
  PERFORM set_config('access.defer_derivation', 'on', true);
END;
$$;

-- Derives what was collected since defer_access_status_derivation(), as the statement
-- trigger would have (the same two functions, once), and ends the deferral. Returns the
-- number of versions derived.
CREATE FUNCTION "derive_deferred_access_statuses"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  organization_ids uuid[];
  area_ids uuid[];
BEGIN
  PERFORM set_config('access.defer_derivation', 'off', true);
  SELECT array_agg("id") INTO ids FROM pg_temp."access_status_versions_to_derive";
  IF ids IS NULL THEN
    RETURN 0;
  END IF;
  PERFORM "add_access_status_version_levels"(ids);
  SELECT array_agg("organization_id"), array_agg("area_id") INTO organization_ids, area_ids
  FROM (SELECT DISTINCT "organization_id", "area_id" FROM pg_temp."access_status_versions_to_derive") p;
  PERFORM "refresh_current_access_statuses"(organization_ids, area_ids);
  TRUNCATE pg_temp."access_status_versions_to_derive";
  RETURN cardinality(ids);
END;
$$;
