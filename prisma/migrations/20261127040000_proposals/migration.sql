-- ─── Proposals: editors' entries stay out of the validated timeline ───
-- An entry whose review state is DRAFT, SUBMITTED or RETURNED is a proposal: it gets no
-- rows in access_status_version_levels, so it is in no level's timeline (access_timeline,
-- current_access_statuses, day counts, every read of access-sql.ts). It never closes,
-- supersedes or shortens a validated version. A coordinator's validation writes a new
-- VALIDATED version through the timeline engine (proposal_id names the proposal row).
--
-- This migration REDEFINES add_access_status_version_levels (only VALIDATED versions get
-- levels; the walk up supersedes_id skips proposals) and track_access_status_levels (only
-- the pairs of inserted VALIDATED versions are refreshed). refresh_current_access_statuses
-- is unchanged. Whoever redefines them later keeps the rule: only validated versions get
-- levels.
-- AlterTable
ALTER TABLE "access_status_versions" ADD COLUMN     "based_on_id" UUID,
ADD COLUMN     "correction_note" TEXT,
ADD COLUMN     "proposal_id" UUID,
ADD COLUMN     "target_id" UUID;

-- CreateIndex
CREATE INDEX "access_status_versions_target_id_idx" ON "access_status_versions"("target_id");

-- CreateIndex
CREATE INDEX "access_status_versions_proposal_id_idx" ON "access_status_versions"("proposal_id");

-- CreateIndex
CREATE INDEX "access_status_versions_review_state_recorded_at_idx" ON "access_status_versions"("review_state", "recorded_at");

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "access_status_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_based_on_id_fkey" FOREIGN KEY ("based_on_id") REFERENCES "access_status_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "access_status_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- ─── Hand-written ─────────────────────────────────────────────────────────────
-- A proposal's content is checked like a version's; a validated version came from at most
-- a proposal, a proposal has a target and a base only as a proposal.
ALTER TABLE "access_status_versions"
  ADD CONSTRAINT "access_status_versions_proposal_links_check" CHECK (
    ("review_state" = 'VALIDATED' AND "target_id" IS NULL AND "based_on_id" IS NULL)
    OR ("review_state" <> 'VALIDATED' AND "proposal_id" IS NULL));

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
  INSERT INTO "access_status_version_levels" ("level", "version_id", "organization_id", "area_id", "recorded_at", "visible_supersedes_id")
  SELECT w."level", n."id", n."organization_id", n."area_id", n."recorded_at", w."candidate"
  FROM walk w JOIN "access_status_versions" n ON n."id" = w."id"
  WHERE w."candidate" IS NULL
     OR EXISTS (SELECT 1 FROM "access_status_versions" a
                WHERE a."id" = w."candidate" AND a."review_state" = 'VALIDATED'
                  AND a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
$$;

CREATE OR REPLACE FUNCTION "track_access_status_levels"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  ids uuid[];
  organization_ids uuid[];
  area_ids uuid[];
BEGIN
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

-- Existing entries: today's DRAFT, SUBMITTED and RETURNED versions become proposals (they
-- stay where they are; only their links are filled in), then the derived tables are
-- rebuilt for the validated-only timeline. The append-only triggers are off for this
-- migration only.
ALTER TABLE "access_status_versions" DISABLE TRIGGER "access_status_versions_append_only";

-- A proposal's target: the nearest validated version up its supersedes_id chain.
WITH RECURSIVE up("id", "candidate", "depth") AS (
  SELECT p."id", p."supersedes_id", 1 FROM "access_status_versions" p WHERE p."review_state" <> 'VALIDATED'
  UNION ALL
  SELECT up."id", a."supersedes_id", up."depth" + 1
  FROM up JOIN "access_status_versions" a ON a."id" = up."candidate"
  WHERE a."review_state" <> 'VALIDATED'
), targets AS (
  SELECT DISTINCT ON (up."id") up."id", up."candidate" AS "target_id"
  FROM up JOIN "access_status_versions" a ON a."id" = up."candidate" AND a."review_state" = 'VALIDATED'
  ORDER BY up."id", up."depth"
)
UPDATE "access_status_versions" v SET "target_id" = t."target_id", "based_on_id" = t."target_id"
FROM targets t WHERE v."id" = t."id";

-- A validated version that superseded a proposal (a validation, or a coordinator's
-- correction of a submitted entry) settled that proposal.
UPDATE "access_status_versions" v SET "proposal_id" = v."supersedes_id"
FROM "access_status_versions" p
WHERE v."review_state" = 'VALIDATED' AND p."id" = v."supersedes_id" AND p."review_state" <> 'VALIDATED';

ALTER TABLE "access_status_versions" ENABLE TRIGGER "access_status_versions_append_only";

ALTER TABLE "access_status_version_levels" DISABLE TRIGGER "access_status_version_levels_append_only";
DELETE FROM "access_status_version_levels";
ALTER TABLE "access_status_version_levels" ENABLE TRIGGER "access_status_version_levels_append_only";
TRUNCATE "current_access_statuses", "access_status_day_counts", "access_status_day_count_changes";

SELECT "add_access_status_version_levels"(coalesce(array_agg("id"), '{}')) FROM "access_status_versions";
SELECT "refresh_current_access_statuses"(coalesce(array_agg("organization_id"), '{}'), coalesce(array_agg("area_id"), '{}'))
FROM (SELECT DISTINCT "organization_id", "area_id" FROM "access_status_versions" WHERE "review_state" = 'VALIDATED') p;
SELECT "compact_access_status_day_counts"();
