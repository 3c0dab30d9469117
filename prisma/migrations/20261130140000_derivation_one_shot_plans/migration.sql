-- The derivation's set-wise statements plan for their own arguments with EXECUTE (a plan
-- made for this call's values and dropped after it), instead of pinning a plan mode on
-- the function or the transaction. A plan mode set on a function (or by an import for its
-- whole transaction) also governs the foreign-key checks of the rows its statements
-- insert: forced to custom plans, PostgreSQL planned each check anew (37 us of planning
-- for 10 us of work). An import of 20,000 versions made 220,000 such checks: 8.1 s of
-- planning in an apply of 36 s (pg_stat_statements; BENCHMARKS.md, issue 13). The checks
-- now follow the caller's mode (auto: a generic plan after five calls; a single change:
-- generic from its pair's lock on), while each walk and rewrite is still planned for its
-- values, as 20261130130000 asked for the levels walk (its generic plan was measured 150
-- times slower) and an import asked for its batches.

-- as 20261129100000_timeline_neighbours, its one statement run by EXECUTE
CREATE OR REPLACE FUNCTION "add_access_status_version_levels"("p_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE $walk$
  WITH RECURSIVE walk("id", "level", "candidate") AS (
    SELECT n."id", lvl, n."supersedes_id"
    FROM "access_status_versions" n
    CROSS JOIN LATERAL unnest(enum_range(n."sensitivity", n."ceiling")) AS lvl
    WHERE n."id" = ANY($1) AND n."review_state" = 'VALIDATED'
    UNION ALL
    SELECT w."id", w."level", a."supersedes_id"
    FROM walk w JOIN "access_status_versions" a ON a."id" = w."candidate"
    WHERE NOT (a."review_state" = 'VALIDATED' AND a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
  )
  INSERT INTO "access_status_version_levels" ("level", "version_id", "organization_id", "area_id", "recorded_at", "visible_supersedes_id", "valid_from")
  SELECT w."level", n."id", n."organization_id", n."area_id", n."recorded_at", w."candidate", n."valid_from"
  FROM walk w JOIN "access_status_versions" n ON n."id" = w."id"
  WHERE w."candidate" IS NULL
     OR EXISTS (SELECT 1 FROM "access_status_versions" a
                WHERE a."id" = w."candidate" AND a."review_state" = 'VALIDATED'
                  AND a."sensitivity" <= w."level" AND w."level" <= a."ceiling")
  $walk$ USING p_ids;
END;
$$;
ALTER FUNCTION "add_access_status_version_levels"(uuid[]) RESET plan_cache_mode;

-- as 20261128120000_single_pair_refresh, the many-pairs branch run by EXECUTE
CREATE OR REPLACE FUNCTION "refresh_current_access_statuses"("p_organization_ids" uuid[], "p_area_ids" uuid[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  one_organization uuid;
  one_area uuid;
BEGIN
  IF cardinality(p_organization_ids) = 1 THEN
    one_organization := p_organization_ids[1];
    one_area := p_area_ids[1];
    DELETE FROM "current_access_statuses" c
    WHERE c."organization_id" = one_organization AND c."area_id" = one_area;
    INSERT INTO "current_access_statuses"
      ("level", "id", "organization_id", "area_id", "status", "previous_status", "valid_from", "valid_to",
       "sensitivity", "review_state", "constraint_categories", "severity", "recorded_at")
    SELECT lvl, t.*
    FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl
    CROSS JOIN LATERAL "access_pair_timelines"(lvl, 'infinity', ARRAY[one_organization], ARRAY[one_area]) t;
    RETURN;
  END IF;
  -- two statements: a row deleted and inserted again within one statement collides in the key
  EXECUTE $delete$
  DELETE FROM "current_access_statuses" c USING unnest($1::uuid[], $2::uuid[]) AS p(o, a)
  WHERE c."organization_id" = p.o AND c."area_id" = p.a
  $delete$ USING p_organization_ids, p_area_ids;
  EXECUTE $insert$
  INSERT INTO "current_access_statuses"
    ("level", "id", "organization_id", "area_id", "status", "previous_status", "valid_from", "valid_to",
     "sensitivity", "review_state", "constraint_categories", "severity", "recorded_at")
  SELECT lvl, t.*
  FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl
  CROSS JOIN LATERAL "access_pair_timelines"(lvl, 'infinity', $1::uuid[], $2::uuid[]) t
  $insert$ USING p_organization_ids, p_area_ids;
END;
$$;

-- The derived tables' rows are written only by the derivation above, from a join on
-- access_status_versions, whose rows are never deleted (append-only, migration
-- 20261126000000): a foreign key from them re-checked what their derivation guarantees,
-- eight checks for each version written (four levels in each table; 800,000 for an import of
-- 100,000 versions, 4.7 s of its apply; a single change's too).
ALTER TABLE "current_access_statuses" DROP CONSTRAINT "current_access_statuses_id_fkey";
ALTER TABLE "access_status_version_levels" DROP CONSTRAINT "access_status_version_levels_version_id_fkey";
