import type { TMe, TPreferences } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  inTransaction,
  requireActor,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { getMe } from './get-me';

/**
 * A signed-in user sets their own preferences (the interface language), whatever their role:
 * it changes nothing anyone else sees. Audited as every change is.
 */
export async function setPreferences(
  db: Db | Tx,
  ctx: RequestContext,
  input: TPreferences,
  csrfToken: string | null,
): Promise<TMe> {
  const actor = requireActor(ctx);
  await inTransaction(db, async (tx) => {
    const before = await tx.user.findUniqueOrThrow({
      where: { id: actor.userId },
      select: { locale: true },
    });
    await tx.user.update({ where: { id: actor.userId }, data: { locale: input.locale } });
    await recordAuditEvent(tx, ctx, {
      action: 'user.preferences',
      entityType: 'user',
      entityId: actor.userId,
      before: { locale: before.locale },
      after: { locale: input.locale },
    });
  });
  return getMe(db, ctx, csrfToken);
}
