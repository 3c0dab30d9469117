-- ─── Hand-written ─────────────────────────────────────────────────────────────
-- A webhook endpoint's pause was one for every reader: its paused_at (and the updated_at it
-- moved) was shown to every administrator, so one cleared LOW learnt that a delivery of a
-- SEVERE record kept failing, and when. The pause is now per sensitivity: it keeps the
-- lowest sensitivity of the failing deliveries that caused it, holds the deliveries at or
-- above it, and exists only for readers cleared for it (webhook-pause.ts); deliveries below
-- it are sent as if the endpoint were active. updated_at is no longer moved by a pause or a
-- resume (the application sets it when the settings change).
ALTER TABLE "webhook_endpoints" ADD COLUMN "paused_sensitivity" "Sensitivity";

-- Pauses already kept: one a person set holds everything (LOW, as a person's pause now
-- does); one the failures set is as sensitive as its webhook.pause event (the most
-- sensitive delivery it told of), SEVERE when the trail has none: the best this migration
-- knows, and never lower than what the pause told of.
UPDATE "webhook_endpoints" AS w
SET "paused_sensitivity" = CASE
  WHEN w."pause_reason" LIKE 'paused by %' THEN 'LOW'::"Sensitivity"
  ELSE coalesce(
    (SELECT e."sensitivity" FROM "audit_events" AS e
     WHERE e."action" = 'webhook.pause' AND e."entity_type" = 'webhook' AND e."entity_id" = w."id"::text
     ORDER BY e."id" DESC LIMIT 1),
    'SEVERE'::"Sensitivity")
  END
WHERE w."paused_at" IS NOT NULL;

ALTER TABLE "webhook_endpoints"
  ADD CONSTRAINT "webhook_endpoints_pause_check" CHECK (("paused_at" IS NULL) = ("paused_sensitivity" IS NULL));

-- A delivery below its endpoint's pause is no longer held by it: back to the dispatcher, as
-- a resume does (sent under its own idempotency key; if the endpoint is still down, its
-- failures pause it at their own level).
UPDATE "webhook_deliveries" AS d SET "state" = 'PENDING', "enqueued_at" = NULL
FROM "webhook_endpoints" AS w
WHERE w."id" = d."endpoint_id" AND d."state" = 'HELD'
  AND (w."paused_sensitivity" IS NULL OR d."sensitivity" < w."paused_sensitivity");
