import { requireActor, sensitivityRank, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { loadVersions } from "./version-view";
import { SENSITIVITIES } from "@access/contracts";

/** Every version for an organisation–area pair that the reader may see, oldest recorded first. */
export async function getAccessHistory(db: Db, ctx: RequestContext, organizationId: string, areaId: string) {
  const actor = requireActor(ctx);
  const [organization, area] = await Promise.all([
    db.organization.findUnique({ where: { id: organizationId }, select: { id: true } }),
    db.area.findUnique({ where: { id: areaId }, select: { id: true } }),
  ]);
  if (!organization) throw AppError.notFound("The organisation");
  if (!area) throw AppError.notFound("The area");
  const visible = SENSITIVITIES.filter((level) => sensitivityRank(level) <= sensitivityRank(actor.clearance));
  const rows = await db.accessStatusVersion.findMany({
    where: { organizationId, areaId, sensitivity: { in: [...visible] } },
    select: { id: true },
    orderBy: [{ recordedAt: "asc" }, { validFrom: "asc" }, { changeKind: "asc" }],
  });
  return { items: await loadVersions(db, rows.map((row) => row.id)) };
}
