import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  inTransaction,
  requireRole,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { readerLevelSql } from './access-sql';
import { loadVersions } from './version-view';

/**
 * Entries a writer cleared lower recorded where they would have changed a version above
 * their clearance: the engine kept them below that version's level (their ceiling). A
 * coordinator cleared above the ceiling sees them here, settles what their own timeline
 * should say (by recording or correcting as usual), and notes it. What this list holds
 * depends only on versions at or below the reader's level.
 */
export async function listReconciliationQueue(db: Db, ctx: RequestContext, limit = 200) {
  const actor = requireRole(ctx, 'COORDINATOR', 'ADMIN');
  const rows = await db.$queryRaw<{ id: string; ceiling: TSensitivity }[]>`
    SELECT v.id, v.ceiling FROM access_status_versions v
    JOIN current_access_statuses c ON c.id = v.id AND c.level = v.ceiling
    WHERE v.ceiling < ${readerLevelSql(actor)} AND v.sensitivity <= ${readerLevelSql(actor)}
      AND NOT EXISTS (SELECT 1 FROM access_status_reconciliations r WHERE r.version_id = v.id AND r.level <= ${readerLevelSql(actor)})
    ORDER BY v.recorded_at, v.id
    LIMIT ${limit}`;
  const items = [];
  // each entry as the readers who have it in their timeline see it (never more than this reader may)
  for (const level of SENSITIVITIES) {
    const ids = rows.filter((row) => row.ceiling === level).map((row) => row.id);
    for (const version of await loadVersions(db, { ...actor, clearance: level }, ids))
      items.push({ version, keptUpTo: level });
  }
  const order = new Map(rows.map((row, index) => [row.id, index]));
  return { items: items.sort((a, b) => order.get(a.version.id)! - order.get(b.version.id)!) };
}

export async function reconcileAccessStatus(
  db: Db | Tx,
  ctx: RequestContext,
  versionId: string,
  note: string,
) {
  const actor = requireRole(ctx, 'COORDINATOR', 'ADMIN');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.$queryRaw<{ reconciled: boolean }[]>`
      SELECT EXISTS (SELECT 1 FROM access_status_reconciliations r WHERE r.version_id = v.id AND r.level <= ${readerLevelSql(actor)}) AS reconciled
      FROM access_status_versions v
      WHERE v.id = ${versionId}::uuid AND v.ceiling < ${readerLevelSql(actor)} AND v.sensitivity <= ${readerLevelSql(actor)}
      FOR UPDATE`;
    if (!row) throw AppError.notFound('An entry to reconcile');
    if (row.reconciled) throw new AppError('CONFLICT', 'This entry was already reconciled');
    const [written] = await tx.$queryRaw<
      { versionId: string; level: TSensitivity; note: string; reconciledAt: Date }[]
    >`
      INSERT INTO access_status_reconciliations (version_id, level, reconciled_by_id, note)
      VALUES (${versionId}::uuid, ${readerLevelSql(actor)}, ${actor.userId}::uuid, ${note})
      RETURNING version_id::text AS "versionId", level, note, reconciled_at AS "reconciledAt"`;
    await recordAuditEvent(tx, ctx, {
      action: 'access_status.reconcile',
      entityType: 'access_status_version',
      entityId: versionId,
      after: written,
      reason: note,
      sensitivity: actor.clearance,
    });
    return { ...written!, reconciledAt: written!.reconciledAt.toISOString() };
  });
}
