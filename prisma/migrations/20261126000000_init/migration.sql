-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "AccessStatusCode" AS ENUM ('FULL', 'CONSTRAINED', 'PENDING', 'DENIED', 'SUSPENDED', 'UNKNOWN');

-- CreateEnum
CREATE TYPE "Sensitivity" AS ENUM ('LOW', 'MODERATE', 'HIGH', 'SEVERE');

-- CreateEnum
CREATE TYPE "ReviewState" AS ENUM ('DRAFT', 'SUBMITTED', 'VALIDATED', 'RETURNED');

-- CreateEnum
CREATE TYPE "ChangeKind" AS ENUM ('RECORD', 'CLOSE', 'CORRECTION', 'REVIEW');

-- CreateEnum
CREATE TYPE "AreaKind" AS ENUM ('COUNTRY', 'ADM1', 'ADM2', 'ADM3', 'CORRIDOR', 'CROSSING', 'ENCLAVE', 'CUSTOM');

-- CreateEnum
CREATE TYPE "PartyKind" AS ENUM ('GOVERNMENT', 'DE_FACTO_AUTHORITY', 'NON_STATE_ARMED_GROUP', 'INTERGOVERNMENTAL_BODY', 'MILITARY', 'OTHER');

-- CreateEnum
CREATE TYPE "TermType" AS ENUM ('HOST_STATE_CONSENT', 'ALL_PARTIES_CONSENT', 'UNSC_MANDATE', 'AGREEMENT', 'NOTIFICATION', 'PERMIT', 'ESCORT', 'CONSIGNMENT_INSPECTION', 'ENTRY_EXIT_MODALITIES', 'REPORTING_OBLIGATION', 'AREA_CONTROL', 'OTHER');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('ADMIN', 'COORDINATOR', 'EDITOR', 'VIEWER');

-- CreateTable
CREATE TABLE "organizations" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "acronym" TEXT,
    "aliases" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "type_code" SMALLINT NOT NULL,
    "iati_id" TEXT,
    "parent_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organizations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "areas" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "AreaKind" NOT NULL,
    "iso3" VARCHAR(3),
    "pcode" TEXT,
    "disputed" BOOLEAN NOT NULL DEFAULT false,
    "parent_id" UUID,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "areas_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "area_names" (
    "id" UUID NOT NULL,
    "area_id" UUID NOT NULL,
    "lang" VARCHAR(35) NOT NULL,
    "name" TEXT NOT NULL,
    "used_by" TEXT,
    "is_default" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "area_names_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "parties" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "acronym" TEXT,
    "kind" "PartyKind" NOT NULL,
    "note" TEXT,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_status_versions" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "area_id" UUID NOT NULL,
    "status" "AccessStatusCode" NOT NULL,
    "previous_status" "AccessStatusCode",
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "recorded_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "recorded_by_id" UUID NOT NULL,
    "change_kind" "ChangeKind" NOT NULL,
    "reason" TEXT NOT NULL,
    "constraint_categories" SMALLINT[] DEFAULT ARRAY[]::SMALLINT[],
    "severity" SMALLINT,
    "sensitivity" "Sensitivity" NOT NULL,
    "review_state" "ReviewState" NOT NULL,
    "review_note" TEXT,
    "supersedes_id" UUID,

    CONSTRAINT "access_status_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_terms" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "type" "TermType" NOT NULL,
    "granting_party_id" UUID,
    "legal_reference" TEXT,
    "note" TEXT,

    CONSTRAINT "access_terms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "access_sources" (
    "id" UUID NOT NULL,
    "version_id" UUID NOT NULL,
    "position" SMALLINT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT,
    "url" TEXT,
    "published_on" DATE,

    CONSTRAINT "access_sources_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "clearance" "Sensitivity" NOT NULL,
    "disabled_at" TIMESTAMPTZ(6),
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "memberships" (
    "user_id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,

    CONSTRAINT "memberships_pkey" PRIMARY KEY ("user_id","organization_id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "id" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "csrf_token" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "last_seen_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(6) NOT NULL,
    "revoked_at" TIMESTAMPTZ(6),
    "last_used_at" TIMESTAMPTZ(6),

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "actor_email" TEXT,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT,
    "before" JSONB,
    "after" JSONB,
    "reason" TEXT,
    "request_id" TEXT,
    "client_address" TEXT,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organizations_name_key" ON "organizations"("name");

-- CreateIndex
CREATE UNIQUE INDEX "organizations_iati_id_key" ON "organizations"("iati_id");

-- CreateIndex
CREATE INDEX "organizations_type_code_idx" ON "organizations"("type_code");

-- CreateIndex
CREATE INDEX "organizations_parent_id_idx" ON "organizations"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "areas_pcode_key" ON "areas"("pcode");

-- CreateIndex
CREATE INDEX "areas_parent_id_idx" ON "areas"("parent_id");

-- CreateIndex
CREATE INDEX "areas_name_idx" ON "areas"("name");

-- CreateIndex
CREATE INDEX "area_names_name_idx" ON "area_names"("name");

-- CreateIndex
CREATE UNIQUE INDEX "area_names_area_id_lang_name_key" ON "area_names"("area_id", "lang", "name");

-- CreateIndex
CREATE UNIQUE INDEX "parties_name_key" ON "parties"("name");

-- CreateIndex
CREATE UNIQUE INDEX "access_status_versions_supersedes_id_key" ON "access_status_versions"("supersedes_id");

-- CreateIndex
CREATE INDEX "access_status_versions_organization_id_area_id_valid_from_idx" ON "access_status_versions"("organization_id", "area_id", "valid_from");

-- CreateIndex
CREATE INDEX "access_status_versions_area_id_valid_from_idx" ON "access_status_versions"("area_id", "valid_from");

-- CreateIndex
CREATE INDEX "access_status_versions_recorded_at_idx" ON "access_status_versions"("recorded_at");

-- CreateIndex
CREATE INDEX "access_status_versions_constraint_categories_idx" ON "access_status_versions" USING GIN ("constraint_categories");

-- CreateIndex
CREATE INDEX "access_terms_granting_party_id_idx" ON "access_terms"("granting_party_id");

-- CreateIndex
CREATE UNIQUE INDEX "access_terms_version_id_position_key" ON "access_terms"("version_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "access_sources_version_id_position_key" ON "access_sources"("version_id", "position");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "memberships_organization_id_idx" ON "memberships"("organization_id");

-- CreateIndex
CREATE INDEX "sessions_user_id_idx" ON "sessions"("user_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE INDEX "audit_events_occurred_at_idx" ON "audit_events"("occurred_at");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_idx" ON "audit_events"("entity_type", "entity_id");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_occurred_at_idx" ON "audit_events"("actor_id", "occurred_at");

-- AddForeignKey
ALTER TABLE "organizations" ADD CONSTRAINT "organizations_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "organizations"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "areas" ADD CONSTRAINT "areas_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "areas"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "area_names" ADD CONSTRAINT "area_names_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "areas"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "areas"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_recorded_by_id_fkey" FOREIGN KEY ("recorded_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_versions" ADD CONSTRAINT "access_status_versions_supersedes_id_fkey" FOREIGN KEY ("supersedes_id") REFERENCES "access_status_versions"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_terms" ADD CONSTRAINT "access_terms_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "access_status_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_terms" ADD CONSTRAINT "access_terms_granting_party_id_fkey" FOREIGN KEY ("granting_party_id") REFERENCES "parties"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_sources" ADD CONSTRAINT "access_sources_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "access_status_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "memberships" ADD CONSTRAINT "memberships_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- ─── Hand-written additions (schema.prisma cannot express these) ─────────────

-- History is append-only: a bug or a hostile query cannot rewrite or erase the past.
CREATE FUNCTION "refuse_history_change"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% on "%" is refused: this history is append-only', TG_OP, TG_TABLE_NAME
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "access_status_versions_append_only" BEFORE UPDATE OR DELETE ON "access_status_versions"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_status_versions_no_truncate" BEFORE TRUNCATE ON "access_status_versions"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_terms_append_only" BEFORE UPDATE OR DELETE ON "access_terms"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_terms_no_truncate" BEFORE TRUNCATE ON "access_terms"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_sources_append_only" BEFORE UPDATE OR DELETE ON "access_sources"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "access_sources_no_truncate" BEFORE TRUNCATE ON "access_sources"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "audit_events_append_only" BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
CREATE TRIGGER "audit_events_no_truncate" BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "refuse_history_change"();

-- A correction or closure stays within its organisation–area pair.
CREATE FUNCTION "check_supersession_pair"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."supersedes_id" IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM "access_status_versions" superseded
    WHERE superseded."id" = NEW."supersedes_id"
      AND superseded."organization_id" = NEW."organization_id"
      AND superseded."area_id" = NEW."area_id"
  ) THEN
    RAISE EXCEPTION 'a version can only supersede a version of the same organisation and area'
      USING ERRCODE = 'check_violation';
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER "access_status_versions_same_pair" BEFORE INSERT ON "access_status_versions"
  FOR EACH ROW EXECUTE FUNCTION "check_supersession_pair"();

ALTER TABLE "access_status_versions"
  ADD CONSTRAINT "access_status_versions_period_check" CHECK ("valid_to" IS NULL OR "valid_to" > "valid_from"),
  ADD CONSTRAINT "access_status_versions_severity_check" CHECK ("severity" BETWEEN 0 AND 5),
  ADD CONSTRAINT "access_status_versions_categories_check" CHECK ("constraint_categories" <@ ARRAY[1,2,3,4,5,6,7,8,9]::smallint[]),
  ADD CONSTRAINT "access_status_versions_reason_check" CHECK (length(btrim("reason")) > 0);

ALTER TABLE "organizations"
  ADD CONSTRAINT "organizations_type_code_check"
  CHECK ("type_code" IN (431, 433, 434, 435, 437, 438, 439, 440, 441, 443, 444, 445, 446, 447));

ALTER TABLE "areas"
  ADD CONSTRAINT "areas_iso3_check" CHECK ("iso3" ~ '^[A-Z]{3}$'),
  ADD CONSTRAINT "areas_not_own_parent_check" CHECK ("parent_id" IS DISTINCT FROM "id");
