import { requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { loadVersions } from './version-view';

/** One version; one that does not exist at the reader's level does not exist for them. */
export async function getAccessStatus(db: Db, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const [version] = await loadVersions(db, actor, [id]);
  if (!version) throw AppError.notFound('The access status version');
  return version;
}
