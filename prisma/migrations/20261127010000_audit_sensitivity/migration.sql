-- ─── Audit events carry the sensitivity of what they reveal ───────────────────
-- A reader cleared below an event's sensitivity never sees it (GET /api/audit-events), as
-- with the records themselves. New events state it (recordAuditEvent); an insert that does
-- not is SEVERE, so a forgotten writer fails closed.

-- AlterTable
ALTER TABLE "audit_events" ADD COLUMN     "sensitivity" "Sensitivity" NOT NULL DEFAULT 'SEVERE';


-- ─── Hand-written ─────────────────────────────────────────────────────────────
-- Existing events: the highest sensitivity named anywhere in before/after (any
-- "sensitivity" field at any depth; a value that is not a level counts as SEVERE). One
-- that names none is LOW when it is about no access record (users, organisations, areas,
-- parties, tokens, refused routes), else stays SEVERE: an import's event lists version ids
-- without their sensitivity, so in doubt only readers cleared for everything see it.
-- The same rule as recordAuditEvent's, applied once here.
--
-- The trail is append-only; this is the one write to past events, classifying them and
-- changing nothing they say, so the row trigger is off for this statement only (inside
-- the migration's transaction: nothing else can write meanwhile unseen).
ALTER TABLE "audit_events" DISABLE TRIGGER "audit_events_append_only";
UPDATE "audit_events" e SET "sensitivity" = coalesce(
  (SELECT max(CASE WHEN s #>> '{}' IN ('LOW', 'MODERATE', 'HIGH', 'SEVERE') THEN (s #>> '{}')::"Sensitivity" ELSE 'SEVERE' END)
   FROM (SELECT jsonb_path_query(coalesce(e."before", 'null'), 'lax $.**.sensitivity') AS s
         UNION ALL SELECT jsonb_path_query(coalesce(e."after", 'null'), 'lax $.**.sensitivity')) named
   WHERE jsonb_typeof(s) <> 'null'),
  CASE WHEN e."entity_type" IN ('user', 'organization', 'area', 'party', 'api_token', 'route') THEN 'LOW'::"Sensitivity" ELSE 'SEVERE' END
);
ALTER TABLE "audit_events" ENABLE TRIGGER "audit_events_append_only";
