-- ─── Open-period counts: the overview's ranking and worst-first matrix without a full scan ───
-- The overview (issue 14) scores every area and organisation on asOf, 30 and 90 days
-- earlier. Read from current_access_statuses, that is every period holding on those days
-- at the reader's level (263,000 at 1M versions): 0.7 s for the matrix, 6 s for the
-- ranking. This summary counts, per level and per area (and per organisation), the
-- *open* periods of current_access_statuses (valid_to IS NULL) by status, severity and
-- constraint category. A period holds on day d when it is open, minus open periods that
-- start after d, plus closed periods that hold on d: the two corrections are read from
-- current_access_statuses through the (level, valid_to, valid_from) index below, and are few for recent days.
--
-- Kept like the day counts: the statement triggers on current_access_statuses append the
-- counted rows of each insert (+1) and delete (-1) to access_open_period_count_changes
-- (no row another writer waits for), and compact_access_open_period_counts() folds them in.
-- Every derivation path (the per-statement trigger and derive_deferred_access_statuses)
-- writes current_access_statuses only through refresh_current_access_statuses, so both
-- keep this in step. What a period counts is access_period_measures(), the one mapping,
-- read by the triggers and by the corrections (packages/domain/src/stats/open-counts.ts).

-- CreateEnum
CREATE TYPE "OpenCountScope" AS ENUM ('AREA', 'ORGANIZATION');

-- CreateTable
CREATE TABLE "access_open_period_counts" (
    "level" "Sensitivity" NOT NULL,
    "scope" "OpenCountScope" NOT NULL,
    "subject_id" UUID NOT NULL,
    "status_full" INTEGER NOT NULL,
    "status_constrained" INTEGER NOT NULL,
    "status_pending" INTEGER NOT NULL,
    "status_denied" INTEGER NOT NULL,
    "status_suspended" INTEGER NOT NULL,
    "status_unknown" INTEGER NOT NULL,
    "severity_0" INTEGER NOT NULL,
    "severity_1" INTEGER NOT NULL,
    "severity_2" INTEGER NOT NULL,
    "severity_3" INTEGER NOT NULL,
    "severity_4" INTEGER NOT NULL,
    "severity_5" INTEGER NOT NULL,
    "category_1" INTEGER NOT NULL,
    "category_2" INTEGER NOT NULL,
    "category_3" INTEGER NOT NULL,
    "category_4" INTEGER NOT NULL,
    "category_5" INTEGER NOT NULL,
    "category_6" INTEGER NOT NULL,
    "category_7" INTEGER NOT NULL,
    "category_8" INTEGER NOT NULL,
    "category_9" INTEGER NOT NULL,

    CONSTRAINT "access_open_period_counts_pkey" PRIMARY KEY ("level","scope","subject_id")
);

-- CreateTable
CREATE TABLE "access_open_period_count_changes" (
    "id" BIGSERIAL NOT NULL,
    "level" "Sensitivity" NOT NULL,
    "scope" "OpenCountScope" NOT NULL,
    "subject_id" UUID NOT NULL,
    "status_full" INTEGER NOT NULL,
    "status_constrained" INTEGER NOT NULL,
    "status_pending" INTEGER NOT NULL,
    "status_denied" INTEGER NOT NULL,
    "status_suspended" INTEGER NOT NULL,
    "status_unknown" INTEGER NOT NULL,
    "severity_0" INTEGER NOT NULL,
    "severity_1" INTEGER NOT NULL,
    "severity_2" INTEGER NOT NULL,
    "severity_3" INTEGER NOT NULL,
    "severity_4" INTEGER NOT NULL,
    "severity_5" INTEGER NOT NULL,
    "category_1" INTEGER NOT NULL,
    "category_2" INTEGER NOT NULL,
    "category_3" INTEGER NOT NULL,
    "category_4" INTEGER NOT NULL,
    "category_5" INTEGER NOT NULL,
    "category_6" INTEGER NOT NULL,
    "category_7" INTEGER NOT NULL,
    "category_8" INTEGER NOT NULL,
    "category_9" INTEGER NOT NULL,

    CONSTRAINT "access_open_period_count_changes_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_open_period_count_changes_level_scope_idx" ON "access_open_period_count_changes"("level", "scope");

-- CreateIndex
CREATE INDEX "current_access_statuses_level_valid_to_valid_from_idx" ON "current_access_statuses"("level", "valid_to", "valid_from");


-- ─── Hand-written ─────────────────────────────────────────────────────────────

-- What one period counts: 1 in its status's column, in its severity's (if any) and in
-- each of its constraint categories' (the CHECKs of access_status_versions bound both).
CREATE FUNCTION "access_period_measures"("p_status" "AccessStatusCode", "p_severity" smallint, "p_categories" smallint[], "p_sign" integer)
RETURNS TABLE (
  "status_full" integer, "status_constrained" integer, "status_pending" integer, "status_denied" integer,
  "status_suspended" integer, "status_unknown" integer,
  "severity_0" integer, "severity_1" integer, "severity_2" integer, "severity_3" integer, "severity_4" integer, "severity_5" integer,
  "category_1" integer, "category_2" integer, "category_3" integer, "category_4" integer, "category_5" integer,
  "category_6" integer, "category_7" integer, "category_8" integer, "category_9" integer
) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT p_sign * (p_status = 'FULL')::int, p_sign * (p_status = 'CONSTRAINED')::int, p_sign * (p_status = 'PENDING')::int,
         p_sign * (p_status = 'DENIED')::int, p_sign * (p_status = 'SUSPENDED')::int, p_sign * (p_status = 'UNKNOWN')::int,
         p_sign * coalesce(p_severity = 0, false)::int, p_sign * coalesce(p_severity = 1, false)::int,
         p_sign * coalesce(p_severity = 2, false)::int, p_sign * coalesce(p_severity = 3, false)::int,
         p_sign * coalesce(p_severity = 4, false)::int, p_sign * coalesce(p_severity = 5, false)::int,
         p_sign * (1 = ANY(p_categories))::int, p_sign * (2 = ANY(p_categories))::int, p_sign * (3 = ANY(p_categories))::int,
         p_sign * (4 = ANY(p_categories))::int, p_sign * (5 = ANY(p_categories))::int, p_sign * (6 = ANY(p_categories))::int,
         p_sign * (7 = ANY(p_categories))::int, p_sign * (8 = ANY(p_categories))::int, p_sign * (9 = ANY(p_categories))::int
$$;

-- The open periods of an insert (+1) or delete (-1) on current_access_statuses, counted
-- per level, scope and subject, appended to the changes.
CREATE FUNCTION "track_access_open_period_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  sign integer := CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  INSERT INTO "access_open_period_count_changes"
    ("level", "scope", "subject_id", "status_full", "status_constrained", "status_pending", "status_denied",
     "status_suspended", "status_unknown", "severity_0", "severity_1", "severity_2", "severity_3", "severity_4",
     "severity_5", "category_1", "category_2", "category_3", "category_4", "category_5", "category_6",
     "category_7", "category_8", "category_9")
  SELECT c."level", s."scope", s."subject_id",
         sum(m."status_full"), sum(m."status_constrained"), sum(m."status_pending"), sum(m."status_denied"),
         sum(m."status_suspended"), sum(m."status_unknown"), sum(m."severity_0"), sum(m."severity_1"),
         sum(m."severity_2"), sum(m."severity_3"), sum(m."severity_4"), sum(m."severity_5"),
         sum(m."category_1"), sum(m."category_2"), sum(m."category_3"), sum(m."category_4"), sum(m."category_5"),
         sum(m."category_6"), sum(m."category_7"), sum(m."category_8"), sum(m."category_9")
  FROM "changed_rows" c
  CROSS JOIN LATERAL (VALUES ('AREA'::"OpenCountScope", c."area_id"), ('ORGANIZATION'::"OpenCountScope", c."organization_id")) AS s("scope", "subject_id")
  CROSS JOIN LATERAL "access_period_measures"(c."status", c."severity", c."constraint_categories", sign) m
  WHERE c."valid_to" IS NULL
  GROUP BY 1, 2, 3;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "current_access_statuses_open_counts_added" AFTER INSERT ON "current_access_statuses"
  REFERENCING NEW TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "track_access_open_period_counts"();
CREATE TRIGGER "current_access_statuses_open_counts_removed" AFTER DELETE ON "current_access_statuses"
  REFERENCING OLD TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "track_access_open_period_counts"();

-- Folds the changes into the counts (as compact_access_status_day_counts does for the day
-- counts; one compaction at a time), dropping subjects left with no open period.
CREATE FUNCTION "compact_access_open_period_counts"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('access_open_period_counts', 0)) THEN
    RETURN 0;
  END IF;
  WITH taken AS (
    DELETE FROM "access_open_period_count_changes" RETURNING *
  ), summed AS (
    SELECT "level", "scope", "subject_id",
           sum("status_full")::int AS "status_full", sum("status_constrained")::int AS "status_constrained",
           sum("status_pending")::int AS "status_pending", sum("status_denied")::int AS "status_denied",
           sum("status_suspended")::int AS "status_suspended", sum("status_unknown")::int AS "status_unknown",
           sum("severity_0")::int AS "severity_0", sum("severity_1")::int AS "severity_1", sum("severity_2")::int AS "severity_2",
           sum("severity_3")::int AS "severity_3", sum("severity_4")::int AS "severity_4", sum("severity_5")::int AS "severity_5",
           sum("category_1")::int AS "category_1", sum("category_2")::int AS "category_2", sum("category_3")::int AS "category_3",
           sum("category_4")::int AS "category_4", sum("category_5")::int AS "category_5", sum("category_6")::int AS "category_6",
           sum("category_7")::int AS "category_7", sum("category_8")::int AS "category_8", sum("category_9")::int AS "category_9"
    FROM taken GROUP BY 1, 2, 3
  )
  INSERT INTO "access_open_period_counts" AS t
  SELECT * FROM summed
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
    "category_9" = t."category_9" + EXCLUDED."category_9";
  GET DIAGNOSTICS folded = ROW_COUNT;
  DELETE FROM "access_open_period_counts"
  WHERE "status_full" + "status_constrained" + "status_pending" + "status_denied" + "status_suspended" + "status_unknown" = 0;
  RETURN folded;
END;
$$;

-- Databases that already hold timelines: count their open periods (through the trigger's
-- own path: the changes, then one compaction).
INSERT INTO "access_open_period_count_changes"
  ("level", "scope", "subject_id", "status_full", "status_constrained", "status_pending", "status_denied",
   "status_suspended", "status_unknown", "severity_0", "severity_1", "severity_2", "severity_3", "severity_4",
   "severity_5", "category_1", "category_2", "category_3", "category_4", "category_5", "category_6",
   "category_7", "category_8", "category_9")
SELECT c."level", s."scope", s."subject_id",
       sum(m."status_full"), sum(m."status_constrained"), sum(m."status_pending"), sum(m."status_denied"),
       sum(m."status_suspended"), sum(m."status_unknown"), sum(m."severity_0"), sum(m."severity_1"),
       sum(m."severity_2"), sum(m."severity_3"), sum(m."severity_4"), sum(m."severity_5"),
       sum(m."category_1"), sum(m."category_2"), sum(m."category_3"), sum(m."category_4"), sum(m."category_5"),
       sum(m."category_6"), sum(m."category_7"), sum(m."category_8"), sum(m."category_9")
FROM "current_access_statuses" c
CROSS JOIN LATERAL (VALUES ('AREA'::"OpenCountScope", c."area_id"), ('ORGANIZATION'::"OpenCountScope", c."organization_id")) AS s("scope", "subject_id")
CROSS JOIN LATERAL "access_period_measures"(c."status", c."severity", c."constraint_categories", 1) m
WHERE c."valid_to" IS NULL
GROUP BY 1, 2, 3;
SELECT "compact_access_open_period_counts"();
