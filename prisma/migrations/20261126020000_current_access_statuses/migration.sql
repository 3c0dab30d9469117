-- CreateTable
CREATE TABLE "current_access_statuses" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "area_id" UUID NOT NULL,
    "status" "AccessStatusCode" NOT NULL,
    "valid_from" DATE NOT NULL,
    "valid_to" DATE,
    "sensitivity" "Sensitivity" NOT NULL,
    "review_state" "ReviewState" NOT NULL,
    "constraint_categories" SMALLINT[],
    "severity" SMALLINT,

    CONSTRAINT "current_access_statuses_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "current_access_statuses_area_id_valid_from_idx" ON "current_access_statuses"("area_id", "valid_from");

-- CreateIndex
CREATE INDEX "current_access_statuses_organization_id_area_id_idx" ON "current_access_statuses"("organization_id", "area_id");

-- CreateIndex
CREATE INDEX "current_access_statuses_constraint_categories_idx" ON "current_access_statuses" USING GIN ("constraint_categories");

-- AddForeignKey
ALTER TABLE "current_access_statuses" ADD CONSTRAINT "current_access_statuses_id_fkey" FOREIGN KEY ("id") REFERENCES "access_status_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- ─── Hand-written: keep current_access_statuses in step with every insert ────
CREATE FUNCTION "track_current_access_status"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."supersedes_id" IS NOT NULL THEN
    DELETE FROM "current_access_statuses" WHERE "id" = NEW."supersedes_id";
  END IF;
  INSERT INTO "current_access_statuses"
    ("id", "organization_id", "area_id", "status", "valid_from", "valid_to", "sensitivity", "review_state", "constraint_categories", "severity")
  VALUES
    (NEW."id", NEW."organization_id", NEW."area_id", NEW."status", NEW."valid_from", NEW."valid_to", NEW."sensitivity", NEW."review_state", NEW."constraint_categories", NEW."severity");
  RETURN NULL;
END;
$$;
CREATE TRIGGER "access_status_versions_track_current" AFTER INSERT ON "access_status_versions"
  FOR EACH ROW EXECUTE FUNCTION "track_current_access_status"();

-- What is current today, for databases that already hold history.
INSERT INTO "current_access_statuses"
  ("id", "organization_id", "area_id", "status", "valid_from", "valid_to", "sensitivity", "review_state", "constraint_categories", "severity")
SELECT v."id", v."organization_id", v."area_id", v."status", v."valid_from", v."valid_to", v."sensitivity", v."review_state", v."constraint_categories", v."severity"
FROM "access_status_versions" v
WHERE NOT EXISTS (SELECT 1 FROM "access_status_versions" s WHERE s."supersedes_id" = v."id");
