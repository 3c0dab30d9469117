import { versionEtag } from "@access/contracts";
import type { Db, RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { getAccessStatus } from "./get-access-status";

/**
 * HTTP conditional change: with `If-Match`, the change goes ahead only if the version is
 * still in the state the client read (412 otherwise). Without it, the use-cases' own
 * check still refuses a superseded version with 409: the header makes the expectation
 * explicit, it is not the only guard.
 */
export async function checkVersionPrecondition(db: Db, ctx: RequestContext, versionId: string, ifMatch: string | undefined): Promise<void> {
  if (ifMatch === undefined) return;
  const version = await getAccessStatus(db, ctx, versionId);
  const accepted = ifMatch.split(",").map((tag) => tag.trim().replace(/^W\//, ""));
  if (accepted.includes("*") || accepted.includes(versionEtag(version))) return;
  throw new AppError("PRECONDITION_FAILED", "This entry was changed meanwhile: review the newer version before changing it", {
    etag: versionEtag(version),
    supersededById: version.supersededById,
  });
}
