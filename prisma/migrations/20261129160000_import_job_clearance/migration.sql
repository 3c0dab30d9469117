-- An import's report and error are computed in its creator's timeline, at the clearance the
-- import ran at: they count and name entries as that clearance sees them (a correction of
-- a SEVERE entry, a conflict with one). GET /api/imports/{id} served them to any coordinator
-- or administrator holding the job's id, whatever their own clearance. The job now keeps the
-- clearance it was computed at, and is served only to readers cleared at least as high.
ALTER TABLE "import_jobs" ADD COLUMN "clearance" "Sensitivity";

-- jobs already kept: their creator's clearance now, the best this migration knows
UPDATE "import_jobs" AS j SET "clearance" = u."clearance" FROM "users" AS u WHERE u."id" = j."created_by_id";

ALTER TABLE "import_jobs" ALTER COLUMN "clearance" SET NOT NULL;
