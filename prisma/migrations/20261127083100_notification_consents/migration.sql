-- ─── Notifications (issue 18): a party's answer on a request is an outbox event ───
-- request.consent_answered names the consent position version it was written as.

-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN "consent_position_version_id" UUID;
