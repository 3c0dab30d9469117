-- ─── Clearance levels: one timeline per level, derived ends, no stored neighbour ───
-- What a reader sees is the timeline of their clearance level: the versions that exist at
-- that level (sensitivity <= level <= ceiling), superseded only by versions existing at
-- that level, each period ending at its stated end or at the next period's start. So a
-- version above a reader's clearance changes nothing that reader can see: no closure of
-- a visible period, no "previous status", no id (see README, "Roles and clearance").

DROP TRIGGER "access_status_versions_track_current" ON "access_status_versions";
DROP FUNCTION "track_current_access_statuses"();

-- Derived tables: emptied here and rebuilt below from the history.
TRUNCATE "current_access_statuses", "access_status_day_counts", "access_status_day_count_changes";

-- DropIndex
DROP INDEX "access_status_versions_supersedes_id_key";

-- DropIndex
DROP INDEX "current_access_statuses_area_id_valid_from_idx";

-- DropIndex
DROP INDEX "current_access_statuses_organization_id_area_id_idx";

-- AlterTable
ALTER TABLE "access_status_versions" DROP COLUMN "previous_status",
ADD COLUMN     "ceiling" "Sensitivity" NOT NULL DEFAULT 'SEVERE';

-- AlterTable
ALTER TABLE "current_access_statuses" DROP CONSTRAINT "current_access_statuses_pkey",
ADD COLUMN     "level" "Sensitivity" NOT NULL,
ADD COLUMN     "previous_status" "AccessStatusCode",
ADD COLUMN     "recorded_at" TIMESTAMPTZ(6) NOT NULL,
ADD CONSTRAINT "current_access_statuses_pkey" PRIMARY KEY ("level", "id");

-- AlterTable
ALTER TABLE "access_status_day_counts" DROP CONSTRAINT "access_status_day_counts_pkey",
DROP COLUMN "sensitivity",
ADD COLUMN     "level" "Sensitivity" NOT NULL,
ADD CONSTRAINT "access_status_day_counts_pkey" PRIMARY KEY ("day", "status", "level", "validated");

-- AlterTable
ALTER TABLE "access_status_day_count_changes" DROP COLUMN "sensitivity",
ADD COLUMN     "level" "Sensitivity" NOT NULL;

-- CreateTable
CREATE TABLE "access_status_version_levels" (
    "level" "Sensitivity" NOT NULL,
    "version_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "area_id" UUID NOT NULL,
    "recorded_at" TIMESTAMPTZ(6) NOT NULL,
    "visible_supersedes_id" UUID,

    CONSTRAINT "access_status_version_levels_pkey" PRIMARY KEY ("level","version_id")
);

-- CreateIndex
CREATE INDEX "access_status_version_levels_level_visible_supersedes_id_idx" ON "access_status_version_levels"("level", "visible_supersedes_id");

-- CreateIndex
CREATE INDEX "access_status_version_levels_level_organization_id_area_id_idx" ON "access_status_version_levels"("level", "organization_id", "area_id");

-- CreateIndex
CREATE INDEX "access_status_version_levels_version_id_idx" ON "access_status_version_levels"("version_id");

-- CreateIndex
CREATE INDEX "access_status_versions_supersedes_id_idx" ON "access_status_versions"("supersedes_id");

-- CreateIndex
CREATE INDEX "current_access_statuses_level_area_id_valid_from_idx" ON "current_access_statuses"("level", "area_id", "valid_from");

-- CreateIndex
CREATE INDEX "current_access_statuses_level_organization_id_area_id_idx" ON "current_access_statuses"("level", "organization_id", "area_id");

-- CreateIndex
CREATE INDEX "current_access_statuses_id_idx" ON "current_access_statuses"("id");

-- AddForeignKey
ALTER TABLE "access_status_version_levels" ADD CONSTRAINT "access_status_version_levels_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "access_status_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ─── Hand-written ─────────────────────────────────────────────────────────────
ALTER TABLE "access_status_versions"
  ADD CONSTRAINT "access_status_versions_ceiling_check" CHECK ("ceiling" >= "sensitivity");

CREATE TRIGGER "access_status_version_levels_append_only" BEFORE UPDATE OR DELETE ON "access_status_version_levels"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();

-- The one definition of a timeline: the versions existing at p_level that were recorded
-- by p_known_at and not superseded at that level by then, each ending at its stated end
-- or at the next period's start (whichever is first; the same start: the later recorded
-- wins and the earlier period is empty), with the status of the period before it.
-- Current reads use its materialisation (current_access_statuses); reads "as known on"
-- call it. Whole pairs only: the optional organisations and areas narrow it to the pairs
-- of those (the planner does not push a join's condition into a window's partition).
CREATE FUNCTION "access_timeline"("p_level" "Sensitivity", "p_known_at" timestamptz,
                                  "p_organization_ids" uuid[] DEFAULT NULL, "p_area_ids" uuid[] DEFAULT NULL)
RETURNS TABLE (
  "id" uuid, "organization_id" uuid, "area_id" uuid, "status" "AccessStatusCode", "previous_status" "AccessStatusCode",
  "valid_from" date, "valid_to" date, "sensitivity" "Sensitivity", "review_state" "ReviewState",
  "constraint_categories" smallint[], "severity" smallint, "recorded_at" timestamptz
) LANGUAGE sql STABLE AS $$
  SELECT v."id", l."organization_id", l."area_id", v."status",
         lag(v."status") OVER w,
         v."valid_from",
         -- least() ignores nulls: the stated end, the next start, or null (still true)
         least(v."valid_to", lead(v."valid_from") OVER w),
         v."sensitivity", v."review_state", v."constraint_categories", v."severity", v."recorded_at"
  FROM "access_status_version_levels" l
  JOIN "access_status_versions" v ON v."id" = l."version_id"
  WHERE l."level" = p_level AND l."recorded_at" <= p_known_at
    AND (p_organization_ids IS NULL OR l."organization_id" = ANY(p_organization_ids))
    AND (p_area_ids IS NULL OR l."area_id" = ANY(p_area_ids))
    AND NOT EXISTS (
      SELECT 1 FROM "access_status_version_levels" s
      WHERE s."level" = p_level AND s."visible_supersedes_id" = l."version_id" AND s."recorded_at" <= p_known_at
    )
  WINDOW w AS (PARTITION BY l."organization_id", l."area_id" ORDER BY v."valid_from", v."recorded_at", v."id")
$$;

-- Levels of the given versions: each level from its sensitivity to its ceiling, with the
-- nearest superseded version that exists at that level (walking up past versions that
-- do not).
CREATE FUNCTION "add_access_status_version_levels"("p_ids" uuid[]) RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE walk("id", "level", "candidate") AS (
    SELECT n."id", lvl, n."supersedes_id"
    FROM "access_status_versions" n
    CROSS JOIN LATERAL unnest(enum_range(n."sensitivity", n."ceiling")) AS lvl
    WHERE n."id" = ANY(p_ids)
    UNION ALL
    SELECT w."id", w."level", a."supersedes_id"
    FROM walk w JOIN "access_status_versions" a ON a."id" = w."candidate"
    WHERE NOT (a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
  )
  INSERT INTO "access_status_version_levels" ("level", "version_id", "organization_id", "area_id", "recorded_at", "visible_supersedes_id")
  SELECT w."level", n."id", n."organization_id", n."area_id", n."recorded_at", w."candidate"
  FROM walk w JOIN "access_status_versions" n ON n."id" = w."id"
  WHERE w."candidate" IS NULL
     OR EXISTS (SELECT 1 FROM "access_status_versions" a
                WHERE a."id" = w."candidate" AND a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
$$;

-- Rebuilds the current timelines of the given pairs at every level.
CREATE FUNCTION "refresh_current_access_statuses"("p_organization_ids" uuid[], "p_area_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  -- two statements: a row deleted and inserted again within one statement collides in the key
  DELETE FROM "current_access_statuses" c USING unnest(p_organization_ids, p_area_ids) AS p(o, a)
  WHERE c."organization_id" = p.o AND c."area_id" = p.a;
  INSERT INTO "current_access_statuses"
    ("level", "id", "organization_id", "area_id", "status", "previous_status", "valid_from", "valid_to",
     "sensitivity", "review_state", "constraint_categories", "severity", "recorded_at")
  SELECT lvl, t.*
  FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl
  CROSS JOIN LATERAL "access_timeline"(lvl, 'infinity', p_organization_ids, p_area_ids) t
  WHERE (t."organization_id", t."area_id") IN (SELECT o, a FROM unnest(p_organization_ids, p_area_ids) AS p(o, a));
END;
$$;

-- One statement-level trigger: the statement's new versions get their levels, then the
-- pairs they belong to get their timelines rebuilt.
CREATE FUNCTION "track_access_status_levels"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  organization_ids uuid[];
  area_ids uuid[];
BEGIN
  SELECT array_agg("id") INTO ids FROM "inserted";
  PERFORM "add_access_status_version_levels"(ids);
  SELECT array_agg("organization_id"), array_agg("area_id") INTO organization_ids, area_ids
  FROM (SELECT DISTINCT "organization_id", "area_id" FROM "inserted") p;
  PERFORM "refresh_current_access_statuses"(organization_ids, area_ids);
  RETURN NULL;
END;
$$;
CREATE TRIGGER "access_status_versions_track_levels" AFTER INSERT ON "access_status_versions"
  REFERENCING NEW TABLE AS "inserted"
  FOR EACH STATEMENT EXECUTE FUNCTION "track_access_status_levels"();

-- Day counts follow the current timelines, per level: +1 on valid_from, -1 on valid_to.
CREATE FUNCTION "track_access_status_day_counts"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "access_status_day_count_changes" ("day", "status", "level", "validated", "delta")
    SELECT "day", "status", "level", "validated", sum("delta")::integer FROM (
      SELECT "valid_from" AS "day", "status", "level", "review_state" = 'VALIDATED' AS "validated", 1 AS "delta" FROM "changed_rows"
      UNION ALL SELECT "valid_to", "status", "level", "review_state" = 'VALIDATED', -1 FROM "changed_rows" WHERE "valid_to" IS NOT NULL
    ) edges GROUP BY 1, 2, 3, 4 HAVING sum("delta") <> 0;
  ELSE
    INSERT INTO "access_status_day_count_changes" ("day", "status", "level", "validated", "delta")
    SELECT "day", "status", "level", "validated", sum("delta")::integer FROM (
      SELECT "valid_from" AS "day", "status", "level", "review_state" = 'VALIDATED' AS "validated", -1 AS "delta" FROM "changed_rows"
      UNION ALL SELECT "valid_to", "status", "level", "review_state" = 'VALIDATED', 1 FROM "changed_rows" WHERE "valid_to" IS NOT NULL
    ) edges GROUP BY 1, 2, 3, 4 HAVING sum("delta") <> 0;
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "current_access_statuses_count_added" AFTER INSERT ON "current_access_statuses"
  REFERENCING NEW TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "track_access_status_day_counts"();
CREATE TRIGGER "current_access_statuses_count_removed" AFTER DELETE ON "current_access_statuses"
  REFERENCING OLD TABLE AS "changed_rows"
  FOR EACH STATEMENT EXECUTE FUNCTION "track_access_status_day_counts"();

CREATE OR REPLACE FUNCTION "compact_access_status_day_counts"() RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  folded integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtextextended('access_status_day_counts', 0)) THEN
    RETURN 0;
  END IF;
  WITH taken AS (
    DELETE FROM "access_status_day_count_changes" RETURNING "day", "status", "level", "validated", "delta"
  ), summed AS (
    SELECT "day", "status", "level", "validated", sum("delta")::integer AS "delta" FROM taken GROUP BY 1, 2, 3, 4
  )
  INSERT INTO "access_status_day_counts" AS d ("day", "status", "level", "validated", "delta")
  SELECT * FROM summed
  ON CONFLICT ("day", "status", "level", "validated") DO UPDATE SET "delta" = d."delta" + EXCLUDED."delta";
  GET DIAGNOSTICS folded = ROW_COUNT;
  DELETE FROM "access_status_day_counts" WHERE "delta" = 0;
  RETURN folded;
END;
$$;

-- The levels and timelines of databases that already hold history (ancestors first, as
-- the walk reads the versions themselves, not their levels).
SELECT "add_access_status_version_levels"(coalesce(array_agg("id"), '{}')) FROM "access_status_versions";
SELECT "refresh_current_access_statuses"(coalesce(array_agg("organization_id"), '{}'), coalesce(array_agg("area_id"), '{}'))
FROM (SELECT DISTINCT "organization_id", "area_id" FROM "access_status_versions") p;
SELECT "compact_access_status_day_counts"();
