-- ─── Access incidents (issue 17) ───
-- An incident is an identity row (`incidents`: the recording organisation) plus append-only
-- versions (`incident_versions`, `incident_sources`): a correction, a proposal, a review
-- decision is a new version; nothing is updated or deleted (triggers below). Which version
-- a reader sees is decided in packages/domain/src/incidents/incident-sql.ts: a validated
-- version exists for readers cleared from its sensitivity up to its ceiling, and the
-- latest recorded one that exists for a reader is their current version of the incident.
-- Proposals (DRAFT, SUBMITTED, RETURNED) are nobody's current version.

-- CreateEnum
CREATE TYPE "IncidentImpact" AS ENUM ('DELAYED', 'SUSPENDED', 'CANCELLED', 'STAFF_RELOCATED', 'ASSETS_LOST', 'OTHER');

-- CreateEnum
CREATE TYPE "Sector" AS ENUM ('CCCM', 'CSS', 'EDU', 'ERY', 'FSC', 'HEA', 'LOG', 'NUT', 'PRO', 'PRO_CPN', 'PRO_GBV', 'PRO_HLP', 'PRO_MIN', 'SHL', 'TEL', 'WSH');

-- CreateEnum
CREATE TYPE "PerpetratorCategory" AS ENUM ('STATE_AUTHORITIES', 'STATE_SECURITY_FORCES', 'DE_FACTO_AUTHORITIES', 'NON_STATE_ARMED_GROUP', 'CRIMINALS', 'COMMUNITY_MEMBERS', 'OTHER', 'UNKNOWN');

-- CreateTable
CREATE TABLE "incidents" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID NOT NULL,

    CONSTRAINT "incidents_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_versions" (
    "id" UUID NOT NULL,
    "incident_id" UUID NOT NULL,
    "occurred_on" DATE NOT NULL,
    "occurred_time" TIME(0),
    "area_id" UUID NOT NULL,
    "category" SMALLINT NOT NULL,
    "sub_type" VARCHAR(40) NOT NULL,
    "impacts" "IncidentImpact"[] DEFAULT ARRAY[]::"IncidentImpact"[],
    "sectors" "Sector"[] DEFAULT ARRAY[]::"Sector"[],
    "affected_organization_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "affected_organization_types" SMALLINT[] DEFAULT ARRAY[]::SMALLINT[],
    "people_affected" INTEGER,
    "perpetrator" "PerpetratorCategory",
    "description" TEXT NOT NULL,
    "sensitivity" "Sensitivity" NOT NULL,
    "ceiling" "Sensitivity" NOT NULL DEFAULT 'SEVERE',
    "review_state" "ReviewState" NOT NULL,
    "review_note" TEXT,
    "change_kind" "ChangeKind" NOT NULL,
    "correction_note" TEXT,
    "recorded_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by_id" UUID NOT NULL,
    "supersedes_id" UUID,
    "target_id" UUID,
    "proposal_id" UUID,

    CONSTRAINT "incident_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "incident_sources" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "url" TEXT,
    "published_on" DATE,

    CONSTRAINT "incident_sources_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "incidents_organization_id_idx" ON "incidents"("organization_id");

-- CreateIndex
CREATE INDEX "incident_versions_incident_id_recorded_at_idx" ON "incident_versions"("incident_id", "recorded_at");

-- CreateIndex
CREATE INDEX "incident_versions_occurred_on_idx" ON "incident_versions"("occurred_on");

-- CreateIndex
CREATE INDEX "incident_versions_area_id_occurred_on_idx" ON "incident_versions"("area_id", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_versions_category_occurred_on_idx" ON "incident_versions"("category", "occurred_on");

-- CreateIndex
CREATE INDEX "incident_versions_review_state_recorded_at_idx" ON "incident_versions"("review_state", "recorded_at");

-- CreateIndex
CREATE INDEX "incident_versions_supersedes_id_idx" ON "incident_versions"("supersedes_id");

-- CreateIndex
CREATE INDEX "incident_versions_target_id_idx" ON "incident_versions"("target_id");

-- CreateIndex
CREATE INDEX "incident_versions_proposal_id_idx" ON "incident_versions"("proposal_id");

-- CreateIndex
CREATE INDEX "incident_versions_affected_organization_ids_idx" ON "incident_versions" USING GIN ("affected_organization_ids");

-- CreateIndex
CREATE UNIQUE INDEX "incident_sources_version_id_position_key" ON "incident_sources"("version_id", "position");

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incidents" ADD CONSTRAINT "incidents_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_incident_id_fkey" FOREIGN KEY ("incident_id") REFERENCES "incidents"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "areas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "incident_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "incident_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_versions" ADD CONSTRAINT "incident_versions_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "incident_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "incident_sources" ADD CONSTRAINT "incident_sources_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "incident_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ─── Hand-written ─────────────────────────────────────────────────────────────
ALTER TABLE "incident_versions"
  ADD CONSTRAINT "incident_versions_category_check" CHECK ("category" BETWEEN 1 AND 9),
  ADD CONSTRAINT "incident_versions_sub_type_check" CHECK ("sub_type" ~ '^[A-Z][A-Z0-9_]*$'),
  ADD CONSTRAINT "incident_versions_people_affected_check" CHECK ("people_affected" IS NULL OR "people_affected" >= 0),
  -- Prisma declares list columns nullable; an absent list is an empty one
  ADD CONSTRAINT "incident_versions_lists_check" CHECK (
    "impacts" IS NOT NULL AND "sectors" IS NOT NULL
    AND "affected_organization_ids" IS NOT NULL AND "affected_organization_types" IS NOT NULL),
  ADD CONSTRAINT "incident_versions_description_check" CHECK (length(btrim("description")) > 0),
  ADD CONSTRAINT "incident_versions_change_kind_check" CHECK ("change_kind" <> 'CLOSE'),
  ADD CONSTRAINT "incident_versions_ceiling_check" CHECK ("sensitivity" <= "ceiling"),
  -- a validated version came from at most a proposal; only a proposal has a target
  ADD CONSTRAINT "incident_versions_proposal_links_check" CHECK (
    ("review_state" = 'VALIDATED' AND "target_id" IS NULL)
    OR ("review_state" <> 'VALIDATED' AND "proposal_id" IS NULL AND "ceiling" = 'SEVERE'));

-- A version supersedes, targets or is placed from versions of its own incident only.
CREATE FUNCTION "check_incident_version_links"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "incident_versions" o
    WHERE o."id" IN (NEW."supersedes_id", NEW."target_id", NEW."proposal_id")
      AND o."incident_id" <> NEW."incident_id"
  ) THEN
    RAISE EXCEPTION 'incident version % links a version of another incident', NEW."id"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "incident_versions_same_incident" BEFORE INSERT ON "incident_versions"
  FOR EACH ROW EXECUTE FUNCTION "check_incident_version_links"();

-- Append-only, like the status history (refuse_history_change is the init migration's).
CREATE TRIGGER "incidents_append_only" BEFORE UPDATE OR DELETE ON "incidents"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "incidents_no_truncate" BEFORE TRUNCATE ON "incidents"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "incident_versions_append_only" BEFORE UPDATE OR DELETE ON "incident_versions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "incident_versions_no_truncate" BEFORE TRUNCATE ON "incident_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "incident_sources_append_only" BEFORE UPDATE OR DELETE ON "incident_sources"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "incident_sources_no_truncate" BEFORE TRUNCATE ON "incident_sources"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
