-- ─── Area shapes (issue 15) ───
-- Subnational boundaries an administrator imports from GeoJSON keyed by p-code (OCHA COD-AB),
-- one per area, simplified and rounded on import (packages/domain/src/areas/import-area-shapes.ts).
-- Countries need none: the dashboard draws them from Natural Earth (world-atlas).

-- CreateTable
CREATE TABLE "area_shapes" (
    "area_id" UUID NOT NULL,
    "geometry" JSONB NOT NULL,
    "source" TEXT NOT NULL,
    "pcode_property" TEXT NOT NULL,
    "imported_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "area_shapes_pkey" PRIMARY KEY ("area_id")
);

-- AddForeignKey
ALTER TABLE "area_shapes" ADD CONSTRAINT "area_shapes_area_id_fkey" FOREIGN KEY ("area_id") REFERENCES "areas"("id") ON DELETE CASCADE ON UPDATE CASCADE;
