-- ─── Incident counts (issue 17) ───
-- GET /api/stats/incidents counts each reader's current incident versions (the rule of
-- packages/domain/src/incidents/incident-sql.ts). Counting them afresh for a country over
-- five years reads every incident there; as known now, it reads this summary instead: per
-- clearance level, area, month occurred and category, how many incidents' current version
-- at that level says so. An incident counts in its area and in every area above it (so a
-- country's months are one index range), once in organization_type 0 and once under each
-- organisation type it affected. A statement trigger keeps it in step with every insert of
-- versions, and a change of the area tree rebuilds it; nothing else writes it.

-- CreateTable
CREATE TABLE "incident_monthly_counts" (
    "level" "Sensitivity" NOT NULL,
    "area_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "category" SMALLINT NOT NULL,
    "organization_type" SMALLINT NOT NULL,
    "count" INTEGER NOT NULL,

    CONSTRAINT "incident_monthly_counts_pkey" PRIMARY KEY ("level","area_id","month","category","organization_type")
);

-- ─── Hand-written ─────────────────────────────────────────────────────────────

-- Whether a version exists for readers of `level`: incident-sql.ts's incidentVersionExistsSql
-- (validated, sensitivity ≤ level ≤ ceiling), stated in SQL because a trigger cannot call
-- TypeScript. tests/api/incident-counts.property.test.ts holds the summary equal to
-- counting visibleIncidentVersionsSql's rows on random histories at every level.
CREATE FUNCTION "incident_version_exists"("review_state" "ReviewState", "sensitivity" "Sensitivity", "ceiling" "Sensitivity", "level" "Sensitivity")
RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT review_state = 'VALIDATED' AND sensitivity <= level AND level <= ceiling
$$;

-- Moves the counts of `touched` incidents from their current version at each level
-- without the versions `added` (what the summary holds) to their current version with them
-- (the latest recorded that exists at the level, by recorded_at then id, as the reads
-- order them). With every incident touched and every version added, it counts from nothing.
CREATE FUNCTION "incident_counts_apply"("touched" UUID[], "added" UUID[])
RETURNS void LANGUAGE sql AS $$
  WITH RECURSIVE candidates AS (
    SELECT l.level, x.incident_id, x.id, x.recorded_at, x.area_id, x.occurred_on, x.category,
           x.affected_organization_types, a.id IS NOT NULL AS added
    FROM (SELECT DISTINCT id FROM unnest(touched) AS t(id)) t
    JOIN incident_versions x ON x.incident_id = t.id
    CROSS JOIN unnest(enum_range(NULL::"Sensitivity")) AS l(level)
    LEFT JOIN unnest(added) AS a(id) ON a.id = x.id
    WHERE incident_version_exists(x.review_state, x.sensitivity, x.ceiling, l.level)
  ),
  before AS (
    SELECT DISTINCT ON (level, incident_id) * FROM candidates WHERE NOT added
    ORDER BY level, incident_id, recorded_at DESC, id DESC
  ),
  after AS (
    SELECT DISTINCT ON (level, incident_id) * FROM candidates
    ORDER BY level, incident_id, recorded_at DESC, id DESC
  ),
  changes AS (
    SELECT b.level, b.area_id, b.occurred_on, b.category, b.affected_organization_types, -1 AS delta
    FROM before b JOIN after a ON a.level = b.level AND a.incident_id = b.incident_id AND a.id <> b.id
    UNION ALL
    SELECT a.level, a.area_id, a.occurred_on, a.category, a.affected_organization_types, 1
    FROM after a LEFT JOIN before b ON b.level = a.level AND b.incident_id = a.incident_id
    WHERE b.id IS DISTINCT FROM a.id
  ),
  ancestors(area_id, id) AS (
    SELECT id, id FROM areas WHERE id IN (SELECT area_id FROM changes)
    UNION
    SELECT anc.area_id, parent.parent_id FROM ancestors anc JOIN areas parent ON parent.id = anc.id
    WHERE parent.parent_id IS NOT NULL
  ),
  deltas AS (
    SELECT c.level, anc.id AS area_id, date_trunc('month', c.occurred_on)::date AS month, c.category,
           types.organization_type, sum(c.delta)::int AS delta
    FROM changes c
    JOIN ancestors anc ON anc.area_id = c.area_id
    CROSS JOIN LATERAL (
      SELECT 0::smallint UNION SELECT unnest(c.affected_organization_types)
    ) AS types(organization_type)
    GROUP BY 1, 2, 3, 4, 5
    HAVING sum(c.delta) <> 0
  )
  -- in key order, so two writers adding to the same rows take their locks in one order
  INSERT INTO incident_monthly_counts AS m (level, area_id, month, category, organization_type, count)
  SELECT level, area_id, month, category, organization_type, delta FROM deltas
  ORDER BY level, area_id, month, category, organization_type
  ON CONFLICT (level, area_id, month, category, organization_type)
  DO UPDATE SET count = m.count + excluded.count
$$;

CREATE FUNCTION "incident_counts_after_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- only a validated version can become some level's current version
  PERFORM incident_counts_apply(
    ARRAY(SELECT DISTINCT incident_id FROM new_versions WHERE review_state = 'VALIDATED'),
    ARRAY(SELECT id FROM new_versions WHERE review_state = 'VALIDATED'));
  RETURN NULL;
END;
$$;
CREATE TRIGGER "incident_versions_counts" AFTER INSERT ON "incident_versions"
  REFERENCING NEW TABLE AS new_versions
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_counts_after_insert"();

-- Counts by area roll up the area tree: when an area moves, count everything again.
CREATE FUNCTION "incident_counts_rebuild"() RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM incident_monthly_counts;
  PERFORM incident_counts_apply(ARRAY(SELECT id FROM incidents), ARRAY(SELECT id FROM incident_versions));
END;
$$;
CREATE FUNCTION "incident_counts_after_area_move"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM old_areas o JOIN new_areas n ON n.id = o.id
             WHERE n.parent_id IS DISTINCT FROM o.parent_id) THEN
    -- one rebuild at a time; a concurrent move waits and then counts the tree it sees
    PERFORM pg_advisory_xact_lock(hashtextextended('incident_monthly_counts', 0));
    PERFORM incident_counts_rebuild();
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER "areas_incident_counts" AFTER UPDATE ON "areas"
  REFERENCING OLD TABLE AS old_areas NEW TABLE AS new_areas
  FOR EACH STATEMENT EXECUTE FUNCTION "incident_counts_after_area_move"();

SELECT incident_counts_rebuild();
