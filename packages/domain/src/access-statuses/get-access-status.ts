import { canSee, requireActor, type Db, type RequestContext } from "../shared/context";
import { AppError } from "../shared/errors";
import { loadVersions } from "./version-view";

/** One version; one above the reader's clearance does not exist for them. */
export async function getAccessStatus(db: Db, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const [version] = await loadVersions(db, [id]);
  if (!version || !canSee(actor, version.sensitivity)) throw AppError.notFound("The access status version");
  return version;
}
