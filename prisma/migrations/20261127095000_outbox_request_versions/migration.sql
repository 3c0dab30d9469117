-- ─── Notifications and webhooks (issue 18): a request's own versions are outbox events ───
-- request.recorded, request.corrected, request.validated and request.returned name the
-- access request version they were written as (request_id names the request, as for
-- request.consent_answered).

-- AlterTable
ALTER TABLE "outbox_events" ADD COLUMN "access_request_version_id" UUID;

-- A webhook endpoint may select records by party too (a status's granting parties, a
-- request's needed parties, the party of an answer).
-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN "party_ids" UUID[] DEFAULT ARRAY[]::UUID[];
