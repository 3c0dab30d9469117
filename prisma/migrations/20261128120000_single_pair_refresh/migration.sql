-- Issue 19: a single change rebuilds one pair's current timelines. With the pairs as arrays,
-- PostgreSQL planned the rebuild's INSERT anew on every call (its generic plan, estimated for
-- arrays of unknown length, looked dearer): 1.2 ms of planning for a one-version pair, as much
-- as the rest of the rebuild (BENCHMARKS.md). For one pair the same two statements take the
-- pair as two values, whose generic plan PL/pgSQL keeps. The rule is access_pair_timelines'
-- either way (tests/db/deferred-derivation.property.test.ts holds both paths to it).

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
  DELETE FROM "current_access_statuses" c USING unnest(p_organization_ids, p_area_ids) AS p(o, a)
  WHERE c."organization_id" = p.o AND c."area_id" = p.a;
  INSERT INTO "current_access_statuses"
    ("level", "id", "organization_id", "area_id", "status", "previous_status", "valid_from", "valid_to",
     "sensitivity", "review_state", "constraint_categories", "severity", "recorded_at")
  SELECT lvl, t.*
  FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl
  CROSS JOIN LATERAL "access_pair_timelines"(lvl, 'infinity', p_organization_ids, p_area_ids) t;
END;
$$;
