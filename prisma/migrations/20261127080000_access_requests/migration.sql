-- ─── Access requests and each party's consent (issue 16) ───
-- A request is an identity row (`access_requests`: its lead organisation) plus append-only
-- versions, like an incident. Each party's position on it is an identity row
-- (`consent_positions`: the request and the party) plus append-only versions (a stance
-- taken on a day: valid time; recorded_at: transaction time), with the conditions of a
-- consent as terms. Readers see versions by the incidents' level rule (sensitivity ≤ level
-- ≤ ceiling, the latest recorded existing one current: packages/domain/src/requests/
-- request-sql.ts). A request's state (pending, granted, refused) is derived there from its
-- parties' positions, never stored. Nothing here is updated or deleted (triggers below).

-- CreateEnum
CREATE TYPE "AccessRequestKind" AS ENUM ('PRESENCE', 'ASSESSMENT_MISSION', 'FACT_FINDING_MISSION', 'MOVEMENT', 'DELIVERY', 'PERSONNEL_VISAS', 'OTHER');

-- CreateEnum
CREATE TYPE "ConsentStance" AS ENUM ('REQUESTED', 'GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED', 'NO_RESPONSE', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "access_requests" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "access_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_request_versions" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "other_organization_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "kind" "AccessRequestKind" NOT NULL,
    "area_id" UUID NOT NULL,
    "requested_on" DATE NOT NULL,
    "period_from" DATE,
    "period_to" DATE,
    "purpose" TEXT NOT NULL,
    "needed_party_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "access_status_version_id" UUID,
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

    CONSTRAINT "access_request_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_request_sources" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "url" TEXT,
    "published_on" DATE,

    CONSTRAINT "access_request_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_positions" (
    "id" UUID NOT NULL,
    "request_id" UUID NOT NULL,
    "party_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "consent_positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_position_versions" (
    "id" UUID NOT NULL,
    "position_id" UUID NOT NULL,
    "stance" "ConsentStance" NOT NULL,
    "stated_on" DATE NOT NULL,
    "reason" TEXT,
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

    CONSTRAINT "consent_position_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_conditions" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "type" "TermType" NOT NULL,
    "granting_party_id" UUID,
    "legal_reference" TEXT,
    "note" TEXT,

    CONSTRAINT "consent_conditions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "consent_position_sources" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "url" TEXT,
    "published_on" DATE,

    CONSTRAINT "consent_position_sources_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "access_requests_organization_id_idx" ON "access_requests"("organization_id");

-- CreateIndex
CREATE INDEX "access_request_versions_request_id_recorded_at_idx" ON "access_request_versions"("request_id", "recorded_at");

-- CreateIndex
CREATE INDEX "access_request_versions_area_id_idx" ON "access_request_versions"("area_id");

-- CreateIndex
CREATE INDEX "access_request_versions_requested_on_idx" ON "access_request_versions"("requested_on");

-- CreateIndex
CREATE INDEX "access_request_versions_review_state_recorded_at_idx" ON "access_request_versions"("review_state", "recorded_at");

-- CreateIndex
CREATE INDEX "access_request_versions_supersedes_id_idx" ON "access_request_versions"("supersedes_id");

-- CreateIndex
CREATE INDEX "access_request_versions_target_id_idx" ON "access_request_versions"("target_id");

-- CreateIndex
CREATE INDEX "access_request_versions_proposal_id_idx" ON "access_request_versions"("proposal_id");

-- CreateIndex
CREATE INDEX "access_request_versions_needed_party_ids_idx" ON "access_request_versions" USING GIN ("needed_party_ids");

-- CreateIndex
CREATE UNIQUE INDEX "access_request_sources_version_id_position_key" ON "access_request_sources"("version_id", "position");

-- CreateIndex
CREATE INDEX "consent_positions_request_id_party_id_idx" ON "consent_positions"("request_id", "party_id");

-- CreateIndex
CREATE INDEX "consent_positions_party_id_idx" ON "consent_positions"("party_id");

-- CreateIndex
CREATE INDEX "consent_position_versions_position_id_recorded_at_idx" ON "consent_position_versions"("position_id", "recorded_at");

-- CreateIndex
CREATE INDEX "consent_position_versions_review_state_recorded_at_idx" ON "consent_position_versions"("review_state", "recorded_at");

-- CreateIndex
CREATE INDEX "consent_position_versions_supersedes_id_idx" ON "consent_position_versions"("supersedes_id");

-- CreateIndex
CREATE INDEX "consent_position_versions_target_id_idx" ON "consent_position_versions"("target_id");

-- CreateIndex
CREATE INDEX "consent_position_versions_proposal_id_idx" ON "consent_position_versions"("proposal_id");

-- CreateIndex
CREATE INDEX "consent_conditions_granting_party_id_idx" ON "consent_conditions"("granting_party_id");

-- CreateIndex
CREATE UNIQUE INDEX "consent_conditions_version_id_position_key" ON "consent_conditions"("version_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "consent_position_sources_version_id_position_key" ON "consent_position_sources"("version_id", "position");

-- AddForeignKey
ALTER TABLE "access_requests" ADD CONSTRAINT "access_requests_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_versions" ADD CONSTRAINT "access_request_versions_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_versions" ADD CONSTRAINT "access_request_versions_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "areas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_versions" ADD CONSTRAINT "access_request_versions_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_versions" ADD CONSTRAINT "access_request_versions_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "access_request_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_versions" ADD CONSTRAINT "access_request_versions_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "access_request_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_versions" ADD CONSTRAINT "access_request_versions_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "access_request_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_request_sources" ADD CONSTRAINT "access_request_sources_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "access_request_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_positions" ADD CONSTRAINT "consent_positions_request_id_fkey" FOREIGN KEY ("request_id") REFERENCES "access_requests"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_positions" ADD CONSTRAINT "consent_positions_party_id_fkey" FOREIGN KEY ("party_id") REFERENCES "parties"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_position_versions" ADD CONSTRAINT "consent_position_versions_position_id_fkey" FOREIGN KEY ("position_id") REFERENCES "consent_positions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_position_versions" ADD CONSTRAINT "consent_position_versions_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_position_versions" ADD CONSTRAINT "consent_position_versions_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "consent_position_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_position_versions" ADD CONSTRAINT "consent_position_versions_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "consent_position_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_position_versions" ADD CONSTRAINT "consent_position_versions_proposal_id_fkey" FOREIGN KEY ("proposal_id") REFERENCES "consent_position_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_conditions" ADD CONSTRAINT "consent_conditions_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "consent_position_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_conditions" ADD CONSTRAINT "consent_conditions_granting_party_id_fkey" FOREIGN KEY ("granting_party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "consent_position_sources" ADD CONSTRAINT "consent_position_sources_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "consent_position_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ─── Hand-written ─────────────────────────────────────────────────────────────
ALTER TABLE "access_request_versions"
  ADD CONSTRAINT "access_request_versions_lists_check" CHECK (
    "other_organization_ids" IS NOT NULL AND "needed_party_ids" IS NOT NULL
    AND cardinality("needed_party_ids") >= 1),
  ADD CONSTRAINT "access_request_versions_purpose_check" CHECK (length(btrim("purpose")) > 0),
  ADD CONSTRAINT "access_request_versions_period_check" CHECK (
    "period_from" IS NULL OR "period_to" IS NULL OR "period_to" >= "period_from"),
  ADD CONSTRAINT "access_request_versions_change_kind_check" CHECK ("change_kind" <> 'CLOSE'),
  ADD CONSTRAINT "access_request_versions_ceiling_check" CHECK ("sensitivity" <= "ceiling"),
  ADD CONSTRAINT "access_request_versions_proposal_links_check" CHECK (
    ("review_state" = 'VALIDATED' AND "target_id" IS NULL)
    OR ("review_state" <> 'VALIDATED' AND "proposal_id" IS NULL AND "ceiling" = 'SEVERE'));

ALTER TABLE "consent_position_versions"
  ADD CONSTRAINT "consent_position_versions_change_kind_check" CHECK ("change_kind" <> 'CLOSE'),
  ADD CONSTRAINT "consent_position_versions_ceiling_check" CHECK ("sensitivity" <= "ceiling"),
  ADD CONSTRAINT "consent_position_versions_proposal_links_check" CHECK (
    ("review_state" = 'VALIDATED' AND "target_id" IS NULL)
    OR ("review_state" <> 'VALIDATED' AND "proposal_id" IS NULL AND "ceiling" = 'SEVERE'));

-- A version supersedes, targets or is placed from versions of its own request or position only.
CREATE FUNCTION "check_access_request_version_links"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "access_request_versions" o
    WHERE o."id" IN (NEW."supersedes_id", NEW."target_id", NEW."proposal_id")
      AND o."request_id" <> NEW."request_id"
  ) THEN
    RAISE EXCEPTION 'access request version % links a version of another request', NEW."id"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "access_request_versions_same_request" BEFORE INSERT ON "access_request_versions"
  FOR EACH ROW EXECUTE FUNCTION "check_access_request_version_links"();

CREATE FUNCTION "check_consent_position_version_links"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (
    SELECT 1 FROM "consent_position_versions" o
    WHERE o."id" IN (NEW."supersedes_id", NEW."target_id", NEW."proposal_id")
      AND o."position_id" <> NEW."position_id"
  ) THEN
    RAISE EXCEPTION 'consent position version % links a version of another position', NEW."id"
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "consent_position_versions_same_position" BEFORE INSERT ON "consent_position_versions"
  FOR EACH ROW EXECUTE FUNCTION "check_consent_position_version_links"();

-- Append-only, like the status history (refuse_history_change is the init migration's).
CREATE TRIGGER "access_requests_append_only" BEFORE UPDATE OR DELETE ON "access_requests"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_requests_no_truncate" BEFORE TRUNCATE ON "access_requests"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_request_versions_append_only" BEFORE UPDATE OR DELETE ON "access_request_versions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_request_versions_no_truncate" BEFORE TRUNCATE ON "access_request_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_request_sources_append_only" BEFORE UPDATE OR DELETE ON "access_request_sources"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_request_sources_no_truncate" BEFORE TRUNCATE ON "access_request_sources"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_positions_append_only" BEFORE UPDATE OR DELETE ON "consent_positions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_positions_no_truncate" BEFORE TRUNCATE ON "consent_positions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_position_versions_append_only" BEFORE UPDATE OR DELETE ON "consent_position_versions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_position_versions_no_truncate" BEFORE TRUNCATE ON "consent_position_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_conditions_append_only" BEFORE UPDATE OR DELETE ON "consent_conditions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_conditions_no_truncate" BEFORE TRUNCATE ON "consent_conditions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_position_sources_append_only" BEFORE UPDATE OR DELETE ON "consent_position_sources"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "consent_position_sources_no_truncate" BEFORE TRUNCATE ON "consent_position_sources"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
