-- ─── Notifications (issue 18): the outbox, follows, notifications, e-mail settings ───
-- outbox_events is written in the transaction of each change (recordAuditEvent), and
-- fanned out by pg-boss workers (apps/api/src/plugins/notification-queue.ts) into
-- notifications, one per event and reader (event_id, user_id: the idempotency key).
CREATE TYPE "FollowTargetType" AS ENUM ('AREA', 'ORGANIZATION', 'PARTY', 'REQUEST');

-- CreateEnum
CREATE TYPE "FollowKind" AS ENUM ('ANY_CHANGE', 'DETERIORATION', 'NEW_INCIDENT', 'CONSENT_ANSWERED');

-- CreateEnum
CREATE TYPE "EmailMode" AS ENUM ('OFF', 'IMMEDIATE', 'DAILY');

-- CreateEnum
CREATE TYPE "EmailState" AS ENUM ('PENDING', 'SENT');

-- CreateTable
CREATE TABLE "outbox_events" (
    "id" UUID NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "type" VARCHAR(60) NOT NULL,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" UUID,
    "organization_id" UUID,
    "area_id" UUID,
    "party_ids" UUID[] DEFAULT ARRAY[]::UUID[],
    "request_id" UUID,
    "access_status_version_id" UUID,
    "incident_id" UUID,
    "incident_version_id" UUID,
    "author_id" UUID,
    "sensitivity" "Sensitivity" NOT NULL,
    "deteriorated_levels" "Sensitivity"[] DEFAULT ARRAY[]::"Sensitivity"[],
    "fanned_out_at" TIMESTAMPTZ(6),

    CONSTRAINT "outbox_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follows" (
    "id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "target_type" "FollowTargetType" NOT NULL,
    "target_id" UUID NOT NULL,
    "kinds" "FollowKind"[],
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "follows_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "notification_settings" (
    "user_id" UUID NOT NULL,
    "email_mode" "EmailMode" NOT NULL DEFAULT 'OFF',
    "last_digest_at" TIMESTAMPTZ(6),
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "notification_settings_pkey" PRIMARY KEY ("user_id")
);

-- CreateTable
CREATE TABLE "notifications" (
    "id" UUID NOT NULL,
    "event_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "type" VARCHAR(60) NOT NULL,
    "reason" VARCHAR(20) NOT NULL,
    "deteriorated" BOOLEAN NOT NULL DEFAULT false,
    "occurred_at" TIMESTAMPTZ(6) NOT NULL,
    "read_at" TIMESTAMPTZ(6),
    "email_state" "EmailState",
    "emailed_at" TIMESTAMPTZ(6),

    CONSTRAINT "notifications_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "outbox_events_position_key" ON "outbox_events"("position");

-- CreateIndex
CREATE INDEX "outbox_events_fanned_out_at_position_idx" ON "outbox_events"("fanned_out_at", "position");

-- CreateIndex
CREATE INDEX "outbox_events_occurred_at_idx" ON "outbox_events"("occurred_at");

-- CreateIndex
CREATE INDEX "follows_target_type_target_id_idx" ON "follows"("target_type", "target_id");

-- CreateIndex
CREATE UNIQUE INDEX "follows_user_id_target_type_target_id_key" ON "follows"("user_id", "target_type", "target_id");

-- CreateIndex
CREATE INDEX "notifications_user_id_occurred_at_idx" ON "notifications"("user_id", "occurred_at");

-- CreateIndex
CREATE INDEX "notifications_email_state_user_id_idx" ON "notifications"("email_state", "user_id");

-- CreateIndex
CREATE UNIQUE INDEX "notifications_event_id_user_id_key" ON "notifications"("event_id", "user_id");


-- ─── Hand-written ─────────────────────────────────────────────────────────────

-- Wakes the fan-out workers when events commit (NOTIFY is delivered on commit only, and
-- once per transaction for the same payload): they also sweep on a timer, so a lost
-- notification only delays an event.
CREATE FUNCTION "outbox_events_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('outbox_events', '');
  RETURN NULL;
END $$;
CREATE TRIGGER "outbox_events_notify" AFTER INSERT ON "outbox_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "outbox_events_notify"();

