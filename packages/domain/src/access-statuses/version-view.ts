import type { TAccessStatusVersion } from "@access/contracts";
import type { Prisma } from "@access/db";
import type { Db, Tx } from "../shared/context";
import { isoDate, isoDateOrNull } from "../shared/format";

const versionInclude = {
  organization: { select: { id: true, name: true, acronym: true, typeCode: true } },
  area: { select: { id: true, name: true, kind: true, pcode: true } },
  recordedBy: { select: { id: true, displayName: true } },
  terms: { include: { grantingParty: { select: { id: true, name: true } } }, orderBy: { position: "asc" } },
  sources: { orderBy: { position: "asc" } },
  supersededBy: { select: { id: true } },
} satisfies Prisma.AccessStatusVersionInclude;

type VersionRow = Prisma.AccessStatusVersionGetPayload<{ include: typeof versionInclude }>;

export function versionView(row: VersionRow): TAccessStatusVersion {
  return {
    id: row.id,
    organization: row.organization,
    area: row.area,
    status: row.status,
    previousStatus: row.previousStatus,
    validFrom: isoDate(row.validFrom),
    validTo: isoDateOrNull(row.validTo),
    recordedAt: row.recordedAt.toISOString(),
    recordedBy: row.recordedBy,
    changeKind: row.changeKind,
    reason: row.reason,
    constraintCategories: row.constraintCategories,
    severity: row.severity,
    sensitivity: row.sensitivity,
    reviewState: row.reviewState,
    reviewNote: row.reviewNote,
    supersedesId: row.supersedesId,
    supersededById: row.supersededBy?.id ?? null,
    terms: row.terms.map((term) => ({
      type: term.type,
      grantingParty: term.grantingParty,
      legalReference: term.legalReference,
      note: term.note,
    })),
    sources: row.sources.map((source) => ({
      title: source.title,
      publisher: source.publisher,
      url: source.url,
      publishedOn: isoDateOrNull(source.publishedOn),
    })),
  };
}

/** Full versions for the given ids, in the order of the ids. */
export async function loadVersions(db: Db | Tx, ids: string[]): Promise<TAccessStatusVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.accessStatusVersion.findMany({ where: { id: { in: ids } }, include: versionInclude });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [versionView(row)] : [];
  });
}
