import { recordAuditEvent } from "../audit/record-audit-event";
import { canSee, requireRole, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { loadVersions } from "./version-view";
import { contentOf, insertVersion, lockPair } from "./write-version";

export type ReviewDecision = "VALIDATED" | "RETURNED";

/**
 * A coordinator validates a submitted entry or sends it back with a reason. The decision
 * is a new version (same content, new review state) so the history shows who validated what.
 */
export async function reviewAccessStatus(db: Db, ctx: RequestContext, versionId: string, decision: ReviewDecision, note: string | null) {
  const actor = requireRole(ctx, "COORDINATOR", "ADMIN");
  if (decision === "RETURNED" && !note?.trim()) throw AppError.invalid("note", "say why the entry is sent back");
  return db.$transaction(async (tx) => {
    const target = await tx.accessStatusVersion.findUnique({ where: { id: versionId }, include: { terms: true, sources: true, supersededBy: { select: { id: true } } } });
    if (!target || !canSee(actor, target.sensitivity)) throw AppError.notFound("The access status version");
    await lockPair(tx, target.organizationId, target.areaId);
    const successor = await tx.accessStatusVersion.findUnique({ where: { supersedesId: versionId }, select: { id: true } });
    if (successor) {
      throw new AppError("VERSION_SUPERSEDED", "This entry was changed meanwhile: review its latest version", { supersededById: successor.id });
    }
    if (target.reviewState === decision) {
      throw new AppError("CONFLICT", `This entry is already ${decision.toLowerCase()}`);
    }
    const id = await insertVersion(tx, {
      organizationId: target.organizationId,
      areaId: target.areaId,
      content: contentOf(target),
      previousStatus: target.previousStatus,
      recordedById: actor.userId,
      changeKind: "REVIEW",
      reviewState: decision,
      reviewNote: note?.trim() || null,
      supersedesId: versionId,
    });
    const [after] = await loadVersions(tx, [id]);
    await recordAuditEvent(tx, ctx, {
      action: decision === "VALIDATED" ? "access_status.validate" : "access_status.return",
      entityType: "access_status_version",
      entityId: id,
      before: { id: target.id, reviewState: target.reviewState },
      after: { id, reviewState: decision, reviewNote: after?.reviewNote ?? null },
      reason: note,
    });
    return after!;
  });
}
