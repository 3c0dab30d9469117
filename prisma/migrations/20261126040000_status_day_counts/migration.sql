-- CreateTable
CREATE TABLE "access_status_day_counts" (
    "day" DATE NOT NULL,
    "status" "AccessStatusCode" NOT NULL,
    "sensitivity" "Sensitivity" NOT NULL,
    "validated" BOOLEAN NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "access_status_day_counts_pkey" PRIMARY KEY ("day","status","sensitivity","validated")
);

-- CreateTable
CREATE TABLE "access_status_day_count_changes" (
    "id" BIGSERIAL NOT NULL,
    "day" DATE NOT NULL,
    "status" "AccessStatusCode" NOT NULL,
    "sensitivity" "Sensitivity" NOT NULL,
    "validated" BOOLEAN NOT NULL,
    "delta" INTEGER NOT NULL,

    CONSTRAINT "access_status_day_count_changes_pkey" PRIMARY KEY ("id")
);


-- ─── Hand-written: day counts follow current_access_statuses ─────────────────
-- A current period adds +1 to its status on valid_from and -1 on valid_to. Writers only
-- append rows (no row another writer waits for); compaction folds them into the counts.
CREATE FUNCTION "track_access_status_day_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "access_status_day_count_changes" ("day", "status", "sensitivity", "validated", "delta")
    VALUES (NEW."valid_from", NEW."status", NEW."sensitivity", NEW."review_state" = 'VALIDATED', 1);
    IF NEW."valid_to" IS NOT NULL THEN
      INSERT INTO "access_status_day_count_changes" ("day", "status", "sensitivity", "validated", "delta")
      VALUES (NEW."valid_to", NEW."status", NEW."sensitivity", NEW."review_state" = 'VALIDATED', -1);
    END IF;
  ELSE
    INSERT INTO "access_status_day_count_changes" ("day", "status", "sensitivity", "validated", "delta")
    VALUES (OLD."valid_from", OLD."status", OLD."sensitivity", OLD."review_state" = 'VALIDATED', -1);
    IF OLD."valid_to" IS NOT NULL THEN
      INSERT INTO "access_status_day_count_changes" ("day", "status", "sensitivity", "validated", "delta")
      VALUES (OLD."valid_to", OLD."status", OLD."sensitivity", OLD."review_state" = 'VALIDATED', 1);
    END IF;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "current_access_statuses_track_day_counts" AFTER INSERT OR DELETE ON "current_access_statuses"
  FOR EACH ROW EXECUTE FUNCTION "track_access_status_day_counts"();

-- Folds the appended changes into the day counts, in one transaction; one compaction at
-- a time (others return at once). Readers see the counts plus what is not folded yet.
CREATE FUNCTION "compact_access_status_day_counts"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('access_status_day_counts', 0)) THEN
    RETURN 0;
  END IF;
  WITH taken AS (
    DELETE FROM "access_status_day_count_changes" RETURNING "day", "status", "sensitivity", "validated", "delta"
  ), summed AS (
    SELECT "day", "status", "sensitivity", "validated", sum("delta")::integer AS "delta" FROM taken GROUP BY 1, 2, 3, 4
  )
  INSERT INTO "access_status_day_counts" AS d ("day", "status", "sensitivity", "validated", "delta")
  SELECT * FROM summed
  ON CONFLICT ("day", "status", "sensitivity", "validated") DO UPDATE SET "delta" = d."delta" + EXCLUDED."delta";
  GET DIAGNOSTICS folded = ROW_COUNT;
  DELETE FROM "access_status_day_counts" WHERE "delta" = 0;
  RETURN folded;
END;
$$;

-- The counts for databases that already hold history.
INSERT INTO "access_status_day_counts" ("day", "status", "sensitivity", "validated", "delta")
SELECT "day", "status", "sensitivity", "validated", sum("delta")::integer
FROM (
  SELECT "valid_from" AS "day", "status", "sensitivity", "review_state" = 'VALIDATED' AS "validated", 1 AS "delta" FROM "current_access_statuses"
  UNION ALL
  SELECT "valid_to", "status", "sensitivity", "review_state" = 'VALIDATED', -1 FROM "current_access_statuses" WHERE "valid_to" IS NOT NULL
) edges
GROUP BY 1, 2, 3, 4
HAVING sum("delta") <> 0;
