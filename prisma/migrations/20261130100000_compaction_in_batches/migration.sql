-- The compactions fold at most `batch` changes a call, oldest first, and return how many
-- they took (the caller calls again while a call takes a whole batch). Folding everything
-- in one statement grew with the backlog: after a 100,000-row import (about 860,000 day
-- count changes) one compaction ran for 15 s, the API's statement timeout, so on a slower
-- machine it could only roll back and start again every 10 s, for good, holding a core
-- while the backlog grew and every time-series read summed it (BENCHMARKS.md, issue 19).
-- Counts left at zero are dropped for the keys a call touched only, instead of a scan of
-- every count each call.
DROP FUNCTION "compact_access_status_day_counts"();
CREATE FUNCTION "compact_access_status_day_counts"("batch" integer DEFAULT 20000) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  taken_count integer;
  emptied_days date[];
  emptied_statuses "AccessStatusCode"[];
  emptied_levels "Sensitivity"[];
  emptied_validated boolean[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('access_status_day_counts', 0)) THEN
    RETURN 0;
  END IF;
  WITH taken AS (
    DELETE FROM "access_status_day_count_changes"
    WHERE "id" IN (SELECT "id" FROM "access_status_day_count_changes" ORDER BY "id" LIMIT "batch")
    RETURNING "day", "status", "level", "validated", "delta"
  ), summed AS (
    SELECT "day", "status", "level", "validated", sum("delta")::integer AS "delta", count(*)::integer AS "rows"
    FROM taken GROUP BY 1, 2, 3, 4
  ), folded AS (
    INSERT INTO "access_status_day_counts" AS d ("day", "status", "level", "validated", "delta")
    SELECT "day", "status", "level", "validated", "delta" FROM summed
    ON CONFLICT ("day", "status", "level", "validated") DO UPDATE SET "delta" = d."delta" + EXCLUDED."delta"
    RETURNING d."day", d."status", d."level", d."validated", d."delta"
  )
  SELECT (SELECT coalesce(sum("rows"), 0)::integer FROM summed),
         array_agg("day"), array_agg("status"), array_agg("level"), array_agg("validated")
  INTO taken_count, emptied_days, emptied_statuses, emptied_levels, emptied_validated
  FROM folded WHERE "delta" = 0;
  IF emptied_days IS NOT NULL THEN
    DELETE FROM "access_status_day_counts" d
    USING unnest(emptied_days, emptied_statuses, emptied_levels, emptied_validated) AS z("day", "status", "level", "validated")
    WHERE d."day" = z."day" AND d."status" = z."status" AND d."level" = z."level"
      AND d."validated" = z."validated" AND d."delta" = 0;
  END IF;
  RETURN taken_count;
END;
$$;

DROP FUNCTION "compact_access_open_period_counts"();
CREATE FUNCTION "compact_access_open_period_counts"("batch" integer DEFAULT 20000) RETURNS integer
LANGUAGE plpgsql AS $$
DECLARE
  taken_count integer;
  emptied_levels "Sensitivity"[];
  emptied_scopes "OpenCountScope"[];
  emptied_subjects uuid[];
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('access_open_period_counts', 0)) THEN
    RETURN 0;
  END IF;
  WITH taken AS (
    DELETE FROM "access_open_period_count_changes"
    WHERE "id" IN (SELECT "id" FROM "access_open_period_count_changes" ORDER BY "id" LIMIT "batch")
    RETURNING *
  ), summed AS (
    SELECT "level", "scope", "subject_id",
           sum("status_full")::int AS "status_full", sum("status_constrained")::int AS "status_constrained",
           sum("status_pending")::int AS "status_pending", sum("status_denied")::int AS "status_denied",
           sum("status_suspended")::int AS "status_suspended", sum("status_unknown")::int AS "status_unknown",
           sum("severity_0")::int AS "severity_0", sum("severity_1")::int AS "severity_1", sum("severity_2")::int AS "severity_2",
           sum("severity_3")::int AS "severity_3", sum("severity_4")::int AS "severity_4", sum("severity_5")::int AS "severity_5",
           sum("category_1")::int AS "category_1", sum("category_2")::int AS "category_2", sum("category_3")::int AS "category_3",
           sum("category_4")::int AS "category_4", sum("category_5")::int AS "category_5", sum("category_6")::int AS "category_6",
           sum("category_7")::int AS "category_7", sum("category_8")::int AS "category_8", sum("category_9")::int AS "category_9",
           count(*)::integer AS "rows"
    FROM taken GROUP BY 1, 2, 3
  ), folded AS (
    INSERT INTO "access_open_period_counts" AS t
      ("level", "scope", "subject_id", "status_full", "status_constrained", "status_pending", "status_denied",
       "status_suspended", "status_unknown", "severity_0", "severity_1", "severity_2", "severity_3", "severity_4",
       "severity_5", "category_1", "category_2", "category_3", "category_4", "category_5", "category_6",
       "category_7", "category_8", "category_9")
    SELECT "level", "scope", "subject_id", "status_full", "status_constrained", "status_pending", "status_denied",
       "status_suspended", "status_unknown", "severity_0", "severity_1", "severity_2", "severity_3", "severity_4",
       "severity_5", "category_1", "category_2", "category_3", "category_4", "category_5", "category_6",
       "category_7", "category_8", "category_9"
    FROM summed
    ON CONFLICT ("level", "scope", "subject_id") DO UPDATE SET
      "status_full" = t."status_full" + EXCLUDED."status_full",
      "status_constrained" = t."status_constrained" + EXCLUDED."status_constrained",
      "status_pending" = t."status_pending" + EXCLUDED."status_pending",
      "status_denied" = t."status_denied" + EXCLUDED."status_denied",
      "status_suspended" = t."status_suspended" + EXCLUDED."status_suspended",
      "status_unknown" = t."status_unknown" + EXCLUDED."status_unknown",
      "severity_0" = t."severity_0" + EXCLUDED."severity_0", "severity_1" = t."severity_1" + EXCLUDED."severity_1",
      "severity_2" = t."severity_2" + EXCLUDED."severity_2", "severity_3" = t."severity_3" + EXCLUDED."severity_3",
      "severity_4" = t."severity_4" + EXCLUDED."severity_4", "severity_5" = t."severity_5" + EXCLUDED."severity_5",
      "category_1" = t."category_1" + EXCLUDED."category_1", "category_2" = t."category_2" + EXCLUDED."category_2",
      "category_3" = t."category_3" + EXCLUDED."category_3", "category_4" = t."category_4" + EXCLUDED."category_4",
      "category_5" = t."category_5" + EXCLUDED."category_5", "category_6" = t."category_6" + EXCLUDED."category_6",
      "category_7" = t."category_7" + EXCLUDED."category_7", "category_8" = t."category_8" + EXCLUDED."category_8",
      "category_9" = t."category_9" + EXCLUDED."category_9"
    RETURNING t."level", t."scope", t."subject_id",
      t."status_full" + t."status_constrained" + t."status_pending" + t."status_denied" + t."status_suspended" + t."status_unknown" AS "open"
  )
  SELECT (SELECT coalesce(sum("rows"), 0)::integer FROM summed),
         array_agg("level"), array_agg("scope"), array_agg("subject_id")
  INTO taken_count, emptied_levels, emptied_scopes, emptied_subjects
  FROM folded WHERE "open" = 0;
  IF emptied_levels IS NOT NULL THEN
    DELETE FROM "access_open_period_counts" t
    USING unnest(emptied_levels, emptied_scopes, emptied_subjects) AS z("level", "scope", "subject_id")
    WHERE t."level" = z."level" AND t."scope" = z."scope" AND t."subject_id" = z."subject_id"
      AND t."status_full" + t."status_constrained" + t."status_pending" + t."status_denied" + t."status_suspended" + t."status_unknown" = 0;
  END IF;
  RETURN taken_count;
END;
$$;
