import type { TAccessStatusRecord } from "@access/contracts";
import { recordAuditEvent } from "../audit/record-audit-event";
import { requireEditorOf, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { isoDate } from "../shared/format";
import { loadVersions } from "./version-view";
import { checkSensitivity, contentOf, currentVersionsOfPair, insertVersion, lockPairChecked, reviewStateFor } from "./write-version";

/**
 * Records a change of status for an organisation in an area from `validFrom` on.
 * The pair's latest period, if still open (or running past the new start), is closed
 * at the new start by a superseding copy: nothing is updated in place.
 */
export async function recordAccessStatus(db: Db, ctx: RequestContext, input: TAccessStatusRecord) {
  const actor = requireEditorOf(ctx, input.organizationId);
  checkSensitivity(actor, input.sensitivity);
  const reviewState = reviewStateFor(actor, input.reviewState);
  const { organizationId, areaId, reviewState: _requested, ...content } = input;
  return db.$transaction(async (tx) => {
    // Few round trips: lock and checks together, the pair's versions in one query, each version in one statement.
    await lockPairChecked(tx, organizationId, areaId, content.terms);

    const latest = (await currentVersionsOfPair(tx, organizationId, areaId)).at(-1);
    if (latest && isoDate(latest.validFrom) >= content.validFrom) {
      throw new AppError(
        "PERIOD_CONFLICT",
        `This organisation already has a status in this area from ${isoDate(latest.validFrom)}: record a change after that date, or correct that entry`,
        { issues: [{ field: "validFrom", message: `must be after ${isoDate(latest.validFrom)}` }], conflictingVersionId: latest.id },
      );
    }
    if (latest && (!latest.validTo || isoDate(latest.validTo) > content.validFrom)) {
      await insertVersion(tx, {
        organizationId,
        areaId,
        content: { ...contentOf(latest), validTo: content.validFrom },
        previousStatus: latest.previousStatus,
        recordedById: actor.userId,
        changeKind: "CLOSE",
        reviewState: latest.reviewState,
        reviewNote: latest.reviewNote,
        supersedesId: latest.id,
      });
    }
    const id = await insertVersion(tx, {
      organizationId,
      areaId,
      content,
      previousStatus: latest?.status ?? null,
      recordedById: actor.userId,
      changeKind: "RECORD",
      reviewState,
      supersedesId: null,
    });
    const [written] = await loadVersions(tx, [id]);
    await recordAuditEvent(tx, ctx, {
      action: "access_status.record",
      entityType: "access_status_version",
      entityId: id,
      before: latest ? { id: latest.id, status: latest.status, validFrom: isoDate(latest.validFrom), validTo: latest.validTo && isoDate(latest.validTo) } : null,
      after: written,
      reason: content.reason,
    });
    return written!;
  });
}
