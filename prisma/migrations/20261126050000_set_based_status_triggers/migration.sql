-- ─── Hand-written: the current-status table and the day counts, kept per statement ───
-- The row triggers ran three trigger calls and three extra statements for every version;
-- an import inserts thousands of versions per statement. One statement-level trigger now
-- reads all the statement's new versions at once (a transition table) and updates the
-- current-status table and the day-count changes set-wise. Same results, row for row.
DROP TRIGGER "current_access_statuses_track_day_counts" ON "current_access_statuses";
DROP FUNCTION "track_access_status_day_counts"();
DROP TRIGGER "access_status_versions_track_current" ON "access_status_versions";
DROP FUNCTION "track_current_access_status"();

CREATE FUNCTION "track_current_access_statuses"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  WITH removed AS (
    -- what the new versions supersede stops being current
    DELETE FROM "current_access_statuses" c USING "inserted" n
    WHERE c."id" = n."supersedes_id"
    RETURNING c."valid_from", c."valid_to", c."status", c."sensitivity", c."review_state"
  ), added AS (
    -- a new version is current unless another version of the same statement supersedes it
    INSERT INTO "current_access_statuses"
      ("id", "organization_id", "area_id", "status", "valid_from", "valid_to", "sensitivity", "review_state", "constraint_categories", "severity")
    SELECT n."id", n."organization_id", n."area_id", n."status", n."valid_from", n."valid_to", n."sensitivity", n."review_state", n."constraint_categories", n."severity"
    FROM "inserted" n
    -- NOT IN over a subquery is hashed once; a correlated NOT EXISTS on a transition table
    -- (no statistics, no index) was planned as a nested loop, quadratic in the batch size
    WHERE n."id" NOT IN (SELECT x."supersedes_id" FROM "inserted" x WHERE x."supersedes_id" IS NOT NULL)
    RETURNING "valid_from", "valid_to", "status", "sensitivity", "review_state"
  ), edges AS (
    SELECT "valid_from" AS "day", "status", "sensitivity", "review_state", 1 AS "delta" FROM added
    UNION ALL SELECT "valid_to", "status", "sensitivity", "review_state", -1 FROM added WHERE "valid_to" IS NOT NULL
    UNION ALL SELECT "valid_from", "status", "sensitivity", "review_state", -1 FROM removed
    UNION ALL SELECT "valid_to", "status", "sensitivity", "review_state", 1 FROM removed WHERE "valid_to" IS NOT NULL
  )
  INSERT INTO "access_status_day_count_changes" ("day", "status", "sensitivity", "validated", "delta")
  SELECT "day", "status", "sensitivity", "review_state" = 'VALIDATED', sum("delta")::integer
  FROM edges
  GROUP BY 1, 2, 3, 4
  HAVING sum("delta") <> 0;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "access_status_versions_track_current" AFTER INSERT ON "access_status_versions"
  REFERENCING NEW TABLE AS "inserted"
  FOR EACH STATEMENT EXECUTE FUNCTION "track_current_access_statuses"();
