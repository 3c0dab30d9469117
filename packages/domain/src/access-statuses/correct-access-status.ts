import type { TAccessStatusCorrection } from "@access/contracts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { canSee, requireActor, requireEditorOf, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { isoDate } from "../shared/format";
import { loadVersions } from "./version-view";
import { checkSensitivity, currentVersionsOfPair, insertVersion, lockPairChecked, reviewStateFor } from "./write-version";

/**
 * Corrects a version that was wrong: a new version supersedes it and both remain, so
 * "what did we believe on K" still answers with the wrong one for K before the fix.
 * Only the current version can be corrected: correcting one that someone else changed
 * meanwhile answers VERSION_SUPERSEDED, so nothing is silently overwritten.
 */
export async function correctAccessStatus(db: Db, ctx: RequestContext, versionId: string, input: TAccessStatusCorrection) {
  const viewer = requireActor(ctx);
  return db.$transaction(async (tx) => {
    const target = await tx.accessStatusVersion.findUnique({ where: { id: versionId }, select: { organizationId: true, areaId: true, sensitivity: true } });
    if (!target || !canSee(viewer, target.sensitivity)) throw AppError.notFound("The access status version");
    const actor = requireEditorOf(ctx, target.organizationId);
    checkSensitivity(actor, input.sensitivity);
    const reviewState = reviewStateFor(actor, input.reviewState);
    await lockPairChecked(tx, target.organizationId, target.areaId, input.terms);

    const current = await currentVersionsOfPair(tx, target.organizationId, target.areaId);
    const corrected = current.find((version) => version.id === versionId);
    if (!corrected) {
      const successor = await tx.accessStatusVersion.findUnique({ where: { supersedesId: versionId }, select: { id: true } });
      throw new AppError("VERSION_SUPERSEDED", "This entry was changed meanwhile: correct its latest version", {
        supersededById: successor?.id ?? null,
      });
    }
    const others = current.filter((version) => version.id !== versionId);
    const overlapping = others.find(
      (version) =>
        (!version.validTo || isoDate(version.validTo) > input.validFrom) && (!input.validTo || isoDate(version.validFrom) < input.validTo),
    );
    if (overlapping) {
      throw new AppError(
        "PERIOD_CONFLICT",
        `The corrected period overlaps the entry from ${isoDate(overlapping.validFrom)}: correct that entry too, or shorten this period`,
        { issues: [{ field: "validFrom", message: "overlaps another period" }], conflictingVersionId: overlapping.id },
      );
    }
    const predecessor = others.filter((version) => isoDate(version.validFrom) < input.validFrom).at(-1);
    const { reviewState: _requested, ...content } = input;
    const id = await insertVersion(tx, {
      organizationId: target.organizationId,
      areaId: target.areaId,
      content,
      previousStatus: predecessor?.status ?? null,
      recordedById: actor.userId,
      changeKind: "CORRECTION",
      reviewState,
      supersedesId: versionId,
    });
    const [after] = await loadVersions(tx, [id]);
    await recordAuditEvent(tx, ctx, {
      action: "access_status.correct",
      entityType: "access_status_version",
      entityId: id,
      before: (await loadVersions(tx, [versionId]))[0],
      after,
      reason: input.reason,
    });
    return after!;
  });
}
