import { requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';
import { loadProposals } from '../proposals/proposal-view';
import { loadVersions } from './version-view';

/**
 * One version, or one proposal (marked `proposal: true`); one that does not exist for the
 * reader (at their level, or as a proposal they may see) does not exist for them.
 */
export async function getAccessStatus(db: Db, ctx: RequestContext, id: string) {
  const actor = requireActor(ctx);
  const [version] = await loadVersions(db, actor, [id]);
  if (version) return version;
  const [proposal] = await loadProposals(db, actor, [id]);
  if (!proposal) throw AppError.notFound('The access status version');
  return proposal;
}
