import type { TFollow, TFollowCreate, TFollowListQuery } from '@access/contracts';
import { Prisma } from '@access/db';
import { recordAuditEvent } from '../audit/record-audit-event';
import { inTransaction, requireActor, type Db, type RequestContext } from '../shared/context';
import { AppError } from '../shared/errors';

interface FollowRow {
  id: string;
  targetType: TFollow['targetType'];
  targetId: string;
  targetName: string | null;
  kinds: TFollow['kinds'];
  createdAt: Date;
}

/** Names of followed areas, organisations and parties (reference data every reader sees). */
const TARGET_NAME = Prisma.sql`CASE f.target_type
  WHEN 'AREA' THEN (SELECT a.name FROM areas a WHERE a.id = f.target_id)
  WHEN 'ORGANIZATION' THEN (SELECT o.name FROM organizations o WHERE o.id = f.target_id)
  WHEN 'PARTY' THEN (SELECT p.name FROM parties p WHERE p.id = f.target_id) END`;

const view = (row: FollowRow): TFollow => ({ ...row, createdAt: row.createdAt.toISOString() });

async function readFollows(db: Db, userId: string, where: Prisma.Sql): Promise<TFollow[]> {
  const rows = await db.$queryRaw<FollowRow[]>`
    SELECT f.id::text, f.target_type::text AS "targetType", f.target_id::text AS "targetId",
           ${TARGET_NAME} AS "targetName", f.kinds::text[] AS kinds, f.created_at AS "createdAt"
    FROM follows f WHERE f.user_id = ${userId}::uuid AND ${where}
    ORDER BY f.created_at, f.id`;
  return rows.map(view);
}

/** GET /api/follows: the reader's own follows (filtered by target when asked). */
export async function listFollows(db: Db, ctx: RequestContext, query: TFollowListQuery) {
  const actor = requireActor(ctx);
  const conditions = [Prisma.sql`TRUE`];
  if (query.targetType)
    conditions.push(Prisma.sql`f.target_type = ${query.targetType}::"FollowTargetType"`);
  if (query.targetId) conditions.push(Prisma.sql`f.target_id = ${query.targetId}::uuid`);
  return { items: await readFollows(db, actor.userId, Prisma.join(conditions, ' AND ')) };
}

/**
 * The most follows one person may have: every follow is a row each change's fan-out joins,
 * and a request's id is not checked (it may be above the follower's clearance), so without
 * a bound one account could make the fan-out of every change arbitrarily slow.
 */
export const MAX_FOLLOWS = 500;

/**
 * POST /api/follows: follows an area (and its sub-areas), an organisation, a party or a
 * request, or changes what an existing follow of it asks for. Areas, organisations and
 * parties must exist (reference data: their existence is no secret). A request's is not
 * checked: a request may be above the reader's clearance, and a follow of one they cannot
 * see simply tells them nothing.
 */
export async function followTarget(db: Db, ctx: RequestContext, input: TFollowCreate) {
  const actor = requireActor(ctx);
  return inTransaction(db, async (tx) => {
    if (input.targetType !== 'REQUEST') {
      const table = { AREA: 'areas', ORGANIZATION: 'organizations', PARTY: 'parties' }[
        input.targetType
      ];
      const [row] = await tx.$queryRaw<{ found: boolean }[]>`
        SELECT EXISTS (SELECT 1 FROM ${Prisma.raw(table)} WHERE id = ${input.targetId}::uuid) AS found`;
      if (!row?.found)
        throw AppError.invalid('targetId', `no ${input.targetType.toLowerCase()} has this id`);
    }
    // one follow change of a user at a time, so two at once cannot both pass the bound
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('follows'), hashtext(${actor.userId}))`;
    const [before] = await tx.$queryRaw<{ kinds: string[] }[]>`
      SELECT kinds::text[] FROM follows WHERE user_id = ${actor.userId}::uuid
        AND target_type = ${input.targetType}::"FollowTargetType" AND target_id = ${input.targetId}::uuid`;
    if (!before) {
      const [row] = await tx.$queryRaw<{ count: number }[]>`
        SELECT count(*)::int AS count FROM follows WHERE user_id = ${actor.userId}::uuid`;
      if ((row?.count ?? 0) >= MAX_FOLLOWS) {
        const message = `You follow ${MAX_FOLLOWS} things, the most one person may: stop following one first`;
        throw new AppError('CONFLICT', message, {
          limit: MAX_FOLLOWS,
          issues: [{ field: 'targetId', message }],
        });
      }
    }
    const [saved] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO follows (id, user_id, target_type, target_id, kinds)
      VALUES (gen_random_uuid(), ${actor.userId}::uuid, ${input.targetType}::"FollowTargetType", ${input.targetId}::uuid,
              ${input.kinds}::"FollowKind"[])
      ON CONFLICT (user_id, target_type, target_id) DO UPDATE SET kinds = EXCLUDED.kinds
      RETURNING id::text`;
    await recordAuditEvent(tx, ctx, {
      action: before ? 'follow.update' : 'follow.create',
      entityType: 'follow',
      entityId: saved!.id,
      before: before ? { kinds: before.kinds } : null,
      after: { targetType: input.targetType, targetId: input.targetId, kinds: input.kinds },
      // areas, organisations and parties are reference data; a request id stays SEVERE
      sensitivity: input.targetType === 'REQUEST' ? 'SEVERE' : 'LOW',
    });
    const [follow] = await readFollows(
      tx as Db,
      actor.userId,
      Prisma.sql`f.id = ${saved!.id}::uuid`,
    );
    return follow!;
  });
}

/** DELETE /api/follows/{id}: stops one of the reader's own follows (404 for another's). */
export async function unfollow(db: Db, ctx: RequestContext, id: string): Promise<void> {
  const actor = requireActor(ctx);
  await inTransaction(db, async (tx) => {
    const [removed] = await tx.$queryRaw<
      { targetType: string; targetId: string; kinds: string[] }[]
    >`
      DELETE FROM follows WHERE id = ${id}::uuid AND user_id = ${actor.userId}::uuid
      RETURNING target_type::text AS "targetType", target_id::text AS "targetId", kinds::text[]`;
    if (!removed) throw AppError.notFound('The follow');
    await recordAuditEvent(tx, ctx, {
      action: 'follow.delete',
      entityType: 'follow',
      entityId: id,
      before: removed,
      sensitivity: removed.targetType === 'REQUEST' ? 'SEVERE' : 'LOW',
    });
  });
}
