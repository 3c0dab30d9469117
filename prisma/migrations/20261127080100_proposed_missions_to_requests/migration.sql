-- ─── The proposed missions stop being organisations (issue 16) ───
-- The demo data set used to record two proposed UN missions as organisations with PENDING
-- statuses whose terms named the parties whose consent (or mandate) they need. They are
-- requests: for every validated status version of those organisations, this writes a
-- request of the UN (an organisation created here if missing: the report names no
-- proposer) with the status's area, day, sensitivity, reviewer, recorded time and sources,
-- needing the parties its terms name, and a REQUESTED position of each party on that day
-- (the term's note as its note), linked to the status version it came from. Nothing is
-- deleted or updated: the status history is append-only and stays as it was recorded
-- (the organisations stay, with their history). Recorded times are the statuses' own, so
-- `knownAt` answers as before. A database without those organisations is left unchanged.

INSERT INTO "organizations" ("id", "name", "acronym", "aliases", "type_code", "updated_at")
SELECT gen_random_uuid(), 'United Nations', 'UN', ARRAY['Organisation des Nations Unies', 'Организация Объединённых Наций'], 447, now()
WHERE EXISTS (
    SELECT 1 FROM "organizations" o JOIN "access_status_versions" v ON v."organization_id" = o."id"
    WHERE o."name" IN ('Proposed UN fact-finding mission to the Lachin corridor',
                       'Proposed multinational UN peacekeeping mission for Nagorno-Karabakh'))
  AND NOT EXISTS (SELECT 1 FROM "organizations" WHERE "name" = 'United Nations');

CREATE TEMPORARY TABLE "proposed_mission_statuses" ON COMMIT DROP AS
SELECT v."id" AS "status_version_id", gen_random_uuid() AS "request_id",
       (md5(v."id"::text || ':request')::uuid) AS "request_version_id",
       CASE WHEN o."name" ILIKE '%fact-finding%' THEN 'FACT_FINDING_MISSION' ELSE 'PRESENCE' END::"AccessRequestKind" AS "kind",
       v."area_id", v."valid_from", o."name" || ': ' || v."reason" AS "purpose", v."sensitivity", v."ceiling", v."recorded_at", v."recorded_by_id",
       coalesce((SELECT array_agg(DISTINCT t."granting_party_id") FROM "access_terms" t
                 WHERE t."version_id" = v."id" AND t."granting_party_id" IS NOT NULL), '{}') AS "party_ids"
FROM "access_status_versions" v JOIN "organizations" o ON o."id" = v."organization_id"
WHERE o."name" IN ('Proposed UN fact-finding mission to the Lachin corridor',
                   'Proposed multinational UN peacekeeping mission for Nagorno-Karabakh')
  AND v."review_state" = 'VALIDATED' AND v."status" = 'PENDING'
  -- the latest version of the pair as recorded (its corrections are its history)
  AND NOT EXISTS (SELECT 1 FROM "access_status_versions" n WHERE n."supersedes_id" = v."id");

DELETE FROM "proposed_mission_statuses" WHERE cardinality("party_ids") = 0;

INSERT INTO "access_requests" ("id", "organization_id", "created_at")
SELECT s."request_id", (SELECT "id" FROM "organizations" WHERE "name" = 'United Nations'), s."recorded_at"
FROM "proposed_mission_statuses" s;

INSERT INTO "access_request_versions" ("id", "request_id", "other_organization_ids", "kind", "area_id", "requested_on",
  "purpose", "needed_party_ids", "access_status_version_id", "sensitivity", "ceiling", "review_state", "change_kind",
  "recorded_at", "recorded_by_id")
SELECT s."request_version_id", s."request_id", '{}', s."kind", s."area_id", s."valid_from", s."purpose", s."party_ids",
       s."status_version_id", s."sensitivity", s."ceiling", 'VALIDATED', 'RECORD', s."recorded_at", s."recorded_by_id"
FROM "proposed_mission_statuses" s;

INSERT INTO "access_request_sources" ("id", "version_id", "position", "title", "publisher", "url", "published_on")
SELECT gen_random_uuid(), s."request_version_id", a."position", a."title", a."publisher", a."url", a."published_on"
FROM "proposed_mission_statuses" s JOIN "access_sources" a ON a."version_id" = s."status_version_id";

CREATE TEMPORARY TABLE "proposed_mission_positions" ON COMMIT DROP AS
SELECT s."request_id", p."party_id", gen_random_uuid() AS "position_id", gen_random_uuid() AS "position_version_id",
       s."valid_from", s."sensitivity", s."ceiling", s."recorded_at", s."recorded_by_id", s."status_version_id",
       (SELECT string_agg(t."note", ' ' ORDER BY t."position") FROM "access_terms" t
        WHERE t."version_id" = s."status_version_id" AND t."granting_party_id" = p."party_id") AS "note"
FROM "proposed_mission_statuses" s CROSS JOIN LATERAL unnest(s."party_ids") AS p("party_id")
-- the mandate of a body nobody is reported to have asked is not a request to it
WHERE NOT EXISTS (SELECT 1 FROM "access_terms" t WHERE t."version_id" = s."status_version_id"
                  AND t."granting_party_id" = p."party_id" AND t."type" = 'UNSC_MANDATE');

INSERT INTO "consent_positions" ("id", "request_id", "party_id", "created_at")
SELECT "position_id", "request_id", "party_id", "recorded_at" FROM "proposed_mission_positions";

INSERT INTO "consent_position_versions" ("id", "position_id", "stance", "stated_on", "reason", "sensitivity", "ceiling",
  "review_state", "change_kind", "recorded_at", "recorded_by_id")
SELECT "position_version_id", "position_id", 'REQUESTED', "valid_from", "note", "sensitivity", "ceiling", 'VALIDATED',
       'RECORD', "recorded_at", "recorded_by_id"
FROM "proposed_mission_positions";

INSERT INTO "consent_position_sources" ("id", "version_id", "position", "title", "publisher", "url", "published_on")
SELECT gen_random_uuid(), p."position_version_id", a."position", a."title", a."publisher", a."url", a."published_on"
FROM "proposed_mission_positions" p JOIN "access_sources" a ON a."version_id" = p."status_version_id";
