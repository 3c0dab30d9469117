import type { TAccessStatusCode, TMatrix, TMatrixQuery } from "@access/contracts";
import { filterSql, knownVersionsSql, validOnSql } from "../access-statuses/access-sql";
import { requireActor, type Db, type RequestContext } from "../shared/context";
import { today } from "../shared/format";

interface CellRow {
  version_id: string;
  status: TAccessStatusCode;
  severity: number | null;
  organization_id: string;
  organization_name: string;
  organization_acronym: string | null;
  type_code: number;
  area_id: string;
  area_name: string;
  pcode: string | null;
}

const byName = new Intl.Collator("en");

/** Organisations × areas → status on `asOf`, for the heatmap. */
export async function getMatrix(db: Db, ctx: RequestContext, query: TMatrixQuery): Promise<TMatrix> {
  const actor = requireActor(ctx);
  const asOf = query.asOf ?? today();
  const knownAt = query.knownAt ?? new Date().toISOString();
  const source = knownVersionsSql(query.knownAt);
  const rows = await db.$queryRaw<CellRow[]>`
    SELECT v.id AS version_id, v.status, v.severity,
           o.id AS organization_id, o.name AS organization_name, o.acronym AS organization_acronym, o.type_code,
           a.id AS area_id, a.name AS area_name, a.pcode
    FROM ${source.from}
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    WHERE ${source.where} AND ${validOnSql(asOf)} AND ${filterSql(actor, query)}`;
  const organizations = new Map<string, TMatrix["organizations"][number]>();
  const areas = new Map<string, TMatrix["areas"][number]>();
  for (const row of rows) {
    organizations.set(row.organization_id, { id: row.organization_id, name: row.organization_name, acronym: row.organization_acronym, typeCode: row.type_code });
    areas.set(row.area_id, { id: row.area_id, name: row.area_name, pcode: row.pcode });
  }
  return {
    asOf,
    knownAt,
    // sorted here, a few thousand names, rather than every cell in SQL
    organizations: [...organizations.values()].sort((a, b) => byName.compare(a.name, b.name)),
    areas: [...areas.values()].sort((a, b) => byName.compare(a.name, b.name)),
    cells: rows.map((row) => ({
      organizationId: row.organization_id,
      areaId: row.area_id,
      status: row.status,
      severity: row.severity,
      versionId: row.version_id,
    })),
  };
}
