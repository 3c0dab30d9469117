-- Issue 19: the history export gathered each row's terms and sources (two lateral
-- aggregates, 15 of its 40 s on 423,396 versions) and trimmed and guarded them as cells. They
-- are now kept as the report writes them, one row per version that has terms or sources,
-- by statement triggers: on access_terms and access_sources when a version is written (by
-- any writer: the version store, COPY, the demo data), and on parties when one is renamed
-- (its name is a cell). The expressions are those of the export's builders in
-- packages/domain/src/csv/access-csv-columns.ts (joinMultiSql, trimSqlText,
-- formulaGuardSql) as they were written here; tests/db/report-cells.test.ts holds the kept
-- cells equal to the builders' answer for the same rows.

CREATE TABLE "access_version_cells" (
  "version_id" uuid NOT NULL,
  "term_types" text,
  "granting_parties" text,
  "legal_references" text,
  "term_notes" text,
  "source_titles" text,
  "source_publishers" text,
  "source_urls" text,
  "source_dates" text,
  CONSTRAINT "access_version_cells_pkey" PRIMARY KEY ("version_id")
);

-- Two statements, each with its own snapshot (a volatile function's): the kept rows are
-- locked first, in one order, then computed. Computed in the first statement's snapshot, a
-- rename committed while this one waited for its lock would be overwritten with the name it
-- replaced (two parties of one version renamed at once).
CREATE OR REPLACE FUNCTION "refresh_access_version_cells"("p_ids" uuid[]) RETURNS void LANGUAGE sql AS $cells$
  SELECT FROM "access_version_cells" WHERE "version_id" = ANY(p_ids) ORDER BY "version_id" FOR UPDATE;
  INSERT INTO "access_version_cells" AS kept ("version_id", "term_types", "granting_parties", "legal_references", "term_notes", "source_titles", "source_publishers", "source_urls", "source_dates")
  SELECT ids.id,
    CASE WHEN left(btrim(t.term_types, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(t.term_types, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(t.term_types, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(t.granting_parties, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(t.granting_parties, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(t.granting_parties, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(t.legal_references, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(t.legal_references, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(t.legal_references, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(t.term_notes, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(t.term_notes, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(t.term_notes, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(s.source_titles, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(s.source_titles, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(s.source_titles, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(s.source_publishers, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(s.source_publishers, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(s.source_publishers, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(s.source_urls, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(s.source_urls, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(s.source_urls, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END,
    CASE WHEN left(btrim(s.source_dates, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN chr(39) || btrim(s.source_dates, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff') ELSE NULLIF(btrim(s.source_dates, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), '') END
  FROM (SELECT DISTINCT unnest(p_ids) AS id) ids
  LEFT JOIN LATERAL (
    SELECT NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(term.type::text, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY term.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS term_types,
           NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(party.name, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY term.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS granting_parties,
           NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(term.legal_reference, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY term.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS legal_references,
           NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(term.note, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY term.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS term_notes
    FROM access_terms term LEFT JOIN parties party ON party.id = term.granting_party_id
    WHERE term.version_id = ids.id
  ) t ON true
  LEFT JOIN LATERAL (
    SELECT NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(source.title, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY source.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS source_titles,
           NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(source.publisher, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY source.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS source_publishers,
           NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(source.url, E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY source.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS source_urls,
           NULLIF(regexp_replace(regexp_replace(regexp_replace(
      string_agg(coalesce(btrim(to_char(source.published_on, 'YYYY-MM-DD'), E'\u0009\u000a\u000b\u000c\u000d\u0020\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff'), ''), '|' ORDER BY source.position),
      '\|+$', ''), '([^|])\|', '\1 |', 'g'), '\|([^|])', '| \1', 'g'), '') AS source_dates
    FROM access_sources source WHERE source.version_id = ids.id
  ) s ON true
  ON CONFLICT ("version_id") DO UPDATE SET
    "term_types" = EXCLUDED."term_types",
    "granting_parties" = EXCLUDED."granting_parties",
    "legal_references" = EXCLUDED."legal_references",
    "term_notes" = EXCLUDED."term_notes",
    "source_titles" = EXCLUDED."source_titles",
    "source_publishers" = EXCLUDED."source_publishers",
    "source_urls" = EXCLUDED."source_urls",
    "source_dates" = EXCLUDED."source_dates"
$cells$;

-- a statement trigger fires for an INSERT of no rows too (a change without terms or sources)
CREATE OR REPLACE FUNCTION "access_version_cells_of_written"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF EXISTS (SELECT FROM written) THEN
    PERFORM "refresh_access_version_cells"(ARRAY(SELECT DISTINCT "version_id" FROM written));
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER "access_terms_report_cells" AFTER INSERT ON "access_terms"
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "access_version_cells_of_written"();
CREATE TRIGGER "access_sources_report_cells" AFTER INSERT ON "access_sources"
  REFERENCING NEW TABLE AS written FOR EACH STATEMENT EXECUTE FUNCTION "access_version_cells_of_written"();

-- a party renamed: the cells that name it (a trigger with a column list cannot see its rows)
CREATE OR REPLACE FUNCTION "access_version_cells_of_renamed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM "refresh_access_version_cells"(ARRAY(
    SELECT DISTINCT term."version_id"
    FROM renamed JOIN previous ON previous."id" = renamed."id" AND previous."name" IS DISTINCT FROM renamed."name"
    JOIN "access_terms" term ON term."granting_party_id" = renamed."id"));
  RETURN NULL;
END $$;

CREATE TRIGGER "parties_report_cells" AFTER UPDATE ON "parties"
  REFERENCING OLD TABLE AS previous NEW TABLE AS renamed FOR EACH STATEMENT EXECUTE FUNCTION "access_version_cells_of_renamed"();

-- what is already there
SELECT "refresh_access_version_cells"(ARRAY(
  SELECT "version_id" FROM "access_terms" UNION SELECT "version_id" FROM "access_sources"));
