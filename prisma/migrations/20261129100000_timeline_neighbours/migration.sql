-- Issue 19 (found by a hostile walk): one pair with a long history took reads down for
-- everyone. The feed of changes and every superseded version a reader sees took their
-- previous status and end from the pair's whole timeline as known at an instant
-- (access_pair_timelines per row): a 30,000-version pair made each of its rows cost a
-- 30,000-row window, and the feed, whose rows of one import share one recorded time, did
-- that for every row before sorting (quadratic: `GET /api/changes` and the overview ran
-- into the 15 s statement timeout for every reader, for good, since history only grows).
--
-- A version's neighbours in a level's timeline as known at an instant are found by index
-- instead: the visible version just before it and just after it in the timeline's order
-- (valid_from, recorded_at, id), skipping versions recorded later or superseded by then.
-- The level rows carry valid_from for that order (versions never change, so it is copied
-- once), and the pair's index extends to it. The rule is access_pair_timelines' (lag and
-- lead over the same window); tests/db/deferred-derivation.property.test.ts holds the two
-- forms equal over random histories.

ALTER TABLE "access_status_version_levels" ADD COLUMN "valid_from" DATE;

-- level rows are append-only; the copy is part of this migration's one transaction
ALTER TABLE "access_status_version_levels" DISABLE TRIGGER "access_status_version_levels_append_only";
UPDATE "access_status_version_levels" l SET "valid_from" = v."valid_from"
FROM "access_status_versions" v WHERE v."id" = l."version_id";
ALTER TABLE "access_status_version_levels" ENABLE TRIGGER "access_status_version_levels_append_only";

ALTER TABLE "access_status_version_levels" ALTER COLUMN "valid_from" SET NOT NULL;

-- the pair's rows in timeline order; serves the pair lookups the old index served
DROP INDEX "access_status_version_levels_level_organization_id_area_id_idx";
CREATE INDEX "access_status_version_levels_pair_order_idx" ON "access_status_version_levels"("level", "organization_id", "area_id", "valid_from", "recorded_at", "version_id");

-- the feed's order (newest first, then id): a page stops after its rows even when a whole
-- import shares one recorded time
DROP INDEX "access_status_versions_recorded_at_idx";
CREATE INDEX "access_status_versions_recorded_at_id_idx" ON "access_status_versions"("recorded_at", "id");

-- as 20261127040000_proposals, with valid_from
CREATE OR REPLACE FUNCTION "add_access_status_version_levels"("p_ids" uuid[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE walk("id", "level", "candidate") AS (
    SELECT n."id", lvl, n."supersedes_id"
    FROM "access_status_versions" n
    CROSS JOIN LATERAL unnest(enum_range(n."sensitivity", n."ceiling")) AS lvl
    WHERE n."id" = ANY(p_ids) AND n."review_state" = 'VALIDATED'
    UNION ALL
    SELECT w."id", w."level", a."supersedes_id"
    FROM walk w JOIN "access_status_versions" a ON a."id" = w."candidate"
    WHERE NOT (a."review_state" = 'VALIDATED' AND a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
  )
  INSERT INTO "access_status_version_levels" ("level", "version_id", "organization_id", "area_id", "recorded_at", "visible_supersedes_id", "valid_from")
  SELECT w."level", n."id", n."organization_id", n."area_id", n."recorded_at", w."candidate", n."valid_from"
  FROM walk w JOIN "access_status_versions" n ON n."id" = w."id"
  WHERE w."candidate" IS NULL
     OR EXISTS (SELECT 1 FROM "access_status_versions" a
                WHERE a."id" = w."candidate" AND a."review_state" = 'VALIDATED'
                  AND a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
$$;

-- One version's row of access_pair_timelines(p_level, p_known_at, its pair): its previous
-- status (lag) and its end (its stated end or the next start, whichever is first: lead);
-- no row when the version is not in that timeline. Index walks from the version's place:
-- a step per neighbour, plus one per row skipped on the way (recorded after p_known_at or
-- superseded by then: many only after a backfill before an old version, or a start
-- corrected many times), not the pair's whole length. "In the timeline as known at p_known_at" is access_pair_timelines' condition:
-- recorded by then, and not superseded at the level by then (written out three times
-- here: a function of its own is not inlined, and cost a call per row skipped). The
-- version's own row is found first (OFFSET 0 keeps it a step of its own), so nothing
-- is looked up for a version not in the timeline or for a NULL p_known_at.
CREATE FUNCTION "access_version_in_timeline"("p_level" "Sensitivity", "p_known_at" timestamptz, "p_version_id" uuid)
RETURNS TABLE ("previous_status" "AccessStatusCode", "valid_to" date) LANGUAGE sql STABLE AS $$
  SELECT
    (SELECT pv."status"
     FROM "access_status_version_levels" p JOIN "access_status_versions" pv ON pv."id" = p."version_id"
     WHERE p."level" = p_level AND p."organization_id" = l."organization_id" AND p."area_id" = l."area_id"
       AND (p."valid_from", p."recorded_at", p."version_id") < (l."valid_from", l."recorded_at", l."version_id")
       AND p."recorded_at" <= p_known_at
       AND NOT EXISTS (SELECT 1 FROM "access_status_version_levels" s
                       WHERE s."level" = p_level AND s."visible_supersedes_id" = p."version_id" AND s."recorded_at" <= p_known_at)
     ORDER BY p."valid_from" DESC, p."recorded_at" DESC, p."version_id" DESC LIMIT 1),
    least(l."stated_valid_to",
      (SELECT n."valid_from"
       FROM "access_status_version_levels" n
       WHERE n."level" = p_level AND n."organization_id" = l."organization_id" AND n."area_id" = l."area_id"
         AND (n."valid_from", n."recorded_at", n."version_id") > (l."valid_from", l."recorded_at", l."version_id")
         AND n."recorded_at" <= p_known_at
         AND NOT EXISTS (SELECT 1 FROM "access_status_version_levels" s
                         WHERE s."level" = p_level AND s."visible_supersedes_id" = n."version_id" AND s."recorded_at" <= p_known_at)
       ORDER BY n."valid_from", n."recorded_at", n."version_id" LIMIT 1))
  FROM (
    SELECT r."organization_id", r."area_id", r."valid_from", r."recorded_at", r."version_id", v."valid_to" AS "stated_valid_to"
    FROM "access_status_version_levels" r JOIN "access_status_versions" v ON v."id" = r."version_id"
    WHERE r."level" = p_level AND r."version_id" = p_version_id AND r."recorded_at" <= p_known_at
      AND NOT EXISTS (SELECT 1 FROM "access_status_version_levels" s
                      WHERE s."level" = p_level AND s."visible_supersedes_id" = r."version_id" AND s."recorded_at" <= p_known_at)
    OFFSET 0
  ) l
$$;

-- A change rebuilt its pair's current timelines whole at every level: for a pair with
-- 30,000 versions, one new status deleted and inserted 120,000 rows (17 s, past the
-- statement timeout: nobody could write to that pair any more). Now a small change
-- (single writes, reviews, small imports) rewrites only the rows it touches at each level:
-- the versions it wrote, those they superseded, and the visible version just before and
-- just after each of them (whose end or previous status may change), each rewritten from
-- access_version_in_timeline(level, 'infinity', …), which is that row of the rebuild.
-- Rows are deleted and inserted, not updated, so the day-count triggers see the change.
-- A large change (an import's pairs) still rebuilds its pairs, which is cheaper per row.
-- tests/db/deferred-derivation.property.test.ts holds both paths to access_timeline().
CREATE FUNCTION "refresh_current_access_statuses_near"("p_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  affected_levels "Sensitivity"[];
  affected_ids uuid[];
BEGIN
  WITH changed AS (
    SELECT l."level", l."organization_id", l."area_id", l."valid_from", l."recorded_at", l."version_id"
    FROM "access_status_version_levels" l WHERE l."version_id" = ANY(p_ids)
    UNION
    SELECT s."level", s."organization_id", s."area_id", s."valid_from", s."recorded_at", s."version_id"
    FROM "access_status_version_levels" l
    JOIN "access_status_version_levels" s ON s."level" = l."level" AND s."version_id" = l."visible_supersedes_id"
    WHERE l."version_id" = ANY(p_ids)
  ), affected AS (
    SELECT c."level", c."version_id" FROM changed c
    UNION
    SELECT c."level", b."version_id" FROM changed c CROSS JOIN LATERAL (
      SELECT p."version_id" FROM "access_status_version_levels" p
      WHERE p."level" = c."level" AND p."organization_id" = c."organization_id" AND p."area_id" = c."area_id"
        AND (p."valid_from", p."recorded_at", p."version_id") < (c."valid_from", c."recorded_at", c."version_id")
        AND NOT EXISTS (SELECT 1 FROM "access_status_version_levels" s
                        WHERE s."level" = c."level" AND s."visible_supersedes_id" = p."version_id")
      ORDER BY p."valid_from" DESC, p."recorded_at" DESC, p."version_id" DESC LIMIT 1) b
    UNION
    SELECT c."level", a."version_id" FROM changed c CROSS JOIN LATERAL (
      SELECT n."version_id" FROM "access_status_version_levels" n
      WHERE n."level" = c."level" AND n."organization_id" = c."organization_id" AND n."area_id" = c."area_id"
        AND (n."valid_from", n."recorded_at", n."version_id") > (c."valid_from", c."recorded_at", c."version_id")
        AND NOT EXISTS (SELECT 1 FROM "access_status_version_levels" s
                        WHERE s."level" = c."level" AND s."visible_supersedes_id" = n."version_id")
      ORDER BY n."valid_from", n."recorded_at", n."version_id" LIMIT 1) a
  )
  SELECT array_agg("level"), array_agg("version_id") INTO affected_levels, affected_ids FROM affected;
  IF affected_ids IS NULL THEN
    RETURN;
  END IF;
  -- two statements: a row deleted and inserted again within one statement collides in the key
  DELETE FROM "current_access_statuses" c USING unnest(affected_levels, affected_ids) AS a(lvl, id)
  WHERE c."level" = a.lvl AND c."id" = a.id;
  INSERT INTO "current_access_statuses"
    ("level", "id", "organization_id", "area_id", "status", "previous_status", "valid_from", "valid_to",
     "sensitivity", "review_state", "constraint_categories", "severity", "recorded_at")
  SELECT a.lvl, v."id", v."organization_id", v."area_id", v."status", t."previous_status", v."valid_from", t."valid_to",
         v."sensitivity", v."review_state", v."constraint_categories", v."severity", v."recorded_at"
  FROM unnest(affected_levels, affected_ids) AS a(lvl, id)
  JOIN "access_status_versions" v ON v."id" = a.id
  CROSS JOIN LATERAL "access_version_in_timeline"(a.lvl, 'infinity', a.id) t;
END;
$$;

-- The current timelines after versions `p_ids` (of pairs p_organization_ids[i], p_area_ids[i])
-- got their levels: near the change for up to 256 versions, else the pairs rebuilt.
CREATE FUNCTION "refresh_current_access_statuses_after"("p_ids" uuid[], "p_organization_ids" uuid[], "p_area_ids" uuid[])
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  IF cardinality(p_ids) <= 256 THEN
    PERFORM "refresh_current_access_statuses_near"(p_ids);
  ELSE
    PERFORM "refresh_current_access_statuses"(p_organization_ids, p_area_ids);
  END IF;
END;
$$;

-- As in 20261127050000_deferred_derivation, refreshing through refresh_current_access_statuses_after.
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
  PERFORM "refresh_current_access_statuses_after"(ids, organization_ids, area_ids);
  RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION "derive_deferred_access_statuses"() RETURNS integer LANGUAGE plpgsql AS $$
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
  PERFORM "refresh_current_access_statuses_after"(ids, organization_ids, area_ids);
  TRUNCATE pg_temp."access_status_versions_to_derive";
  RETURN cardinality(ids);
END;
$$;

-- A change reads only the part of its pair's current timelines it can touch (readPairStates
-- with a focus: the versions from the last start before its start to the first after it)
DROP INDEX "current_access_statuses_level_organization_id_area_id_idx";
CREATE INDEX "current_access_statuses_pair_order_idx" ON "current_access_statuses"("level", "organization_id", "area_id", "valid_from");
