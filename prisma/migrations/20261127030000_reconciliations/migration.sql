-- CreateTable
CREATE TABLE "access_status_reconciliations" (
    "version_id" UUID NOT NULL,
    "level" "Sensitivity" NOT NULL,
    "reconciled_by_id" UUID NOT NULL,
    "reconciled_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "note" TEXT NOT NULL,

    CONSTRAINT "access_status_reconciliations_pkey" PRIMARY KEY ("version_id","level")
);

-- AddForeignKey
ALTER TABLE "access_status_reconciliations" ADD CONSTRAINT "access_status_reconciliations_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "access_status_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "access_status_reconciliations" ADD CONSTRAINT "access_status_reconciliations_reconciled_by_id_fkey" FOREIGN KEY ("reconciled_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- ─── Hand-written ─────────────────────────────────────────────────────────────
ALTER TABLE "access_status_reconciliations"
  ADD CONSTRAINT "access_status_reconciliations_note_check" CHECK (length(btrim("note")) > 0);
CREATE TRIGGER "access_status_reconciliations_append_only" BEFORE UPDATE OR DELETE ON "access_status_reconciliations"
  FOR EACH ROW EXECUTE FUNCTION "refuse_history_change"();
