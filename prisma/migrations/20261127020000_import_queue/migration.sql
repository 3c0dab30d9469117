-- ─── Background imports on a job queue ─────────────────────────────────────────
-- pg-boss (its own schema, "pgboss", installed by the API at start) queues imports, hands
-- each to one API instance, and retries or fails one whose instance died. import_jobs keeps
-- what people follow: the file (a large object any instance can read, removed once the
-- import is over), the request that started it (for the audit trail), progress, outcome.

-- AlterTable
ALTER TABLE "import_jobs" ADD COLUMN     "client_address" TEXT,
ADD COLUMN     "file_oid" BIGINT,
ADD COLUMN     "request_id" TEXT;
