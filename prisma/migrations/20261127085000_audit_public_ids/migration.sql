-- Readers saw audit events by their sequence number, so the gaps between the numbers they
-- could see counted the events above their clearance. They now see a random id, and page by
-- it; the sequence stays the trail's internal order.
-- AddColumn (a table rewrite: the append-only trigger, a row trigger, is not involved)
ALTER TABLE "audit_events" ADD COLUMN     "public_id" UUID NOT NULL DEFAULT gen_random_uuid();

-- CreateIndex
CREATE UNIQUE INDEX "audit_events_public_id_key" ON "audit_events"("public_id");
