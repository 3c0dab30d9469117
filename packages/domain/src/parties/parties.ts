import { likeLiteral } from '../shared/format';
import { z } from 'zod';
import type { Party, Prisma } from '@access/db';
import type { TParty, TPartyCreate, TPartyListQuery, TPartyUpdate } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  inTransaction,
  requireActor,
  requireRole,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { decodeCursor, pageForwards } from '../shared/cursor';
import { AppError } from '../shared/errors';

export function partyView(party: Party): TParty {
  return {
    id: party.id,
    name: party.name,
    acronym: party.acronym,
    kind: party.kind,
    note: party.note,
    createdAt: party.createdAt.toISOString(),
    updatedAt: party.updatedAt.toISOString(),
  };
}

export async function listParties(db: Db | Tx, ctx: RequestContext, query: TPartyListQuery) {
  requireActor(ctx);
  const after = decodeCursor(query.cursor, z.tuple([z.string(), z.string()]));
  const and: Prisma.PartyWhereInput[] = [];
  if (query.q) {
    and.push({
      OR: [
        { name: { contains: likeLiteral(query.q), mode: 'insensitive' } },
        { acronym: { equals: likeLiteral(query.q), mode: 'insensitive' } },
      ],
    });
  }
  if (query.kind) and.push({ kind: query.kind });
  if (after)
    and.push({ OR: [{ name: { gt: after[0] } }, { name: after[0], id: { gt: after[1] } }] });
  const rows = await db.party.findMany({
    where: { AND: and },
    orderBy: [{ name: 'asc' }, { id: 'asc' }],
    take: query.limit + 1,
  });
  const { page, nextCursor } = pageForwards(rows, query.limit, (row) => [row.name, row.id]);
  return { items: page.map(partyView), nextCursor };
}

export async function getParty(db: Db | Tx, ctx: RequestContext, id: string) {
  requireActor(ctx);
  const party = await db.party.findUnique({ where: { id } });
  if (!party) throw AppError.notFound('The party');
  return partyView(party);
}

async function checkName(tx: Tx, id: string | null, name: string | undefined) {
  if (!name) return;
  const clash = await tx.party.findFirst({
    where: {
      name: { equals: likeLiteral(name), mode: 'insensitive' },
      NOT: id ? { id } : undefined,
    },
  });
  if (clash)
    throw new AppError('CONFLICT', `A party named "${clash.name}" already exists`, {
      issues: [{ field: 'name', message: 'already used' }],
      existingId: clash.id,
    });
}

export async function createParty(db: Db | Tx, ctx: RequestContext, input: TPartyCreate) {
  requireRole(ctx, 'ADMIN');
  return inTransaction(db, async (tx) => {
    await checkName(tx, null, input.name);
    const created = await tx.party.create({
      data: {
        name: input.name,
        kind: input.kind,
        acronym: input.acronym ?? null,
        note: input.note ?? null,
      },
    });
    const view = partyView(created);
    await recordAuditEvent(tx, ctx, {
      action: 'party.create',
      entityType: 'party',
      entityId: created.id,
      after: view,
    });
    return view;
  });
}

export async function updateParty(
  db: Db | Tx,
  ctx: RequestContext,
  id: string,
  input: TPartyUpdate,
) {
  requireRole(ctx, 'ADMIN');
  return inTransaction(db, async (tx) => {
    const existing = await tx.party.findUnique({ where: { id } });
    if (!existing) throw AppError.notFound('The party');
    await checkName(tx, id, input.name);
    const updated = await tx.party.update({ where: { id }, data: input });
    const view = partyView(updated);
    await recordAuditEvent(tx, ctx, {
      action: 'party.update',
      entityType: 'party',
      entityId: id,
      before: partyView(existing),
      after: view,
    });
    return view;
  });
}
