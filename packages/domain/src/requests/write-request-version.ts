import { recordAuditEvent } from '../audit/record-audit-event';
import type { Actor, RequestContext, Tx } from '../shared/context';
import {
  copyVersion,
  insertPositionVersion,
  insertRequestVersion,
  type PositionContent,
  type RequestContent,
  type RequestRecordKind,
  type VersionMeta,
} from './request-store';
import { loadPositionVersions, loadRequestVersions, loadStoredVersions } from './request-view';

/** What a write appends: new content, or a copy of a proposal row (a review decision). */
export type VersionToWrite =
  | { kind: 'request'; recordId: string; content: RequestContent; meta: VersionMeta }
  | { kind: 'position'; recordId: string; content: PositionContent; meta: VersionMeta }
  | { kind: RequestRecordKind; recordId: string; copyOf: string; meta: VersionMeta };

const ENTITY = { request: 'access_request_version', position: 'consent_position_version' };

/**
 * Appends the version, records its audit event (with what it replaced, as stored) and
 * answers it as the writer sees it: the one write path of requests and positions.
 */
export async function writeRequestVersion(
  tx: Tx,
  ctx: RequestContext,
  actor: Actor,
  action: string,
  version: VersionToWrite,
  options: { recordedById?: string; before?: string | null; reason?: string | null } = {},
) {
  const recordedById = options.recordedById ?? actor.userId;
  const id =
    'copyOf' in version
      ? await copyVersion(tx, version.kind, version.copyOf, recordedById, version.meta)
      : version.kind === 'request'
        ? await insertRequestVersion(
            tx,
            recordedById,
            version.recordId,
            version.content as RequestContent,
            version.meta,
          )
        : await insertPositionVersion(
            tx,
            recordedById,
            version.recordId,
            version.content as PositionContent,
            version.meta,
          );
  const beforeId = options.before !== undefined ? options.before : version.meta.supersedesId;
  const [after, before] = await loadStoredVersions(tx, version.kind, [
    id,
    ...(beforeId ? [beforeId] : []),
  ]);
  const stated =
    'content' in version ? (version.content as { correctionNote?: string | null }) : null;
  await recordAuditEvent(tx, ctx, {
    action,
    entityType: ENTITY[version.kind],
    entityId: id,
    before: before ?? null,
    after,
    reason: options.reason !== undefined ? options.reason : (stated?.correctionNote ?? null),
  });
  return { kind: version.kind, id };
}

/** The version just written, as its writer sees it. */
export async function loadWritten(
  tx: Tx,
  actor: Actor,
  written: { kind: RequestRecordKind; id: string },
) {
  return written.kind === 'request'
    ? (await loadRequestVersions(tx, actor, [written.id]))[0]!
    : (await loadPositionVersions(tx, actor, [written.id]))[0]!;
}
