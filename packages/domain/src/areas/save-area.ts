import { likeLiteral } from '../shared/format';
import type { TAreaCreate, TAreaName, TAreaUpdate } from '@access/contracts';
import { recordAuditEvent } from '../audit/record-audit-event';
import {
  inTransaction,
  requireRole,
  type Db,
  type RequestContext,
  type Tx,
} from '../shared/context';
import { AppError } from '../shared/errors';
import { checkParent } from '../shared/tree';
import { areaView } from './area-view';

const checkParentOf = (tx: Tx, id: string | null, parentId: string | null | undefined) =>
  checkParent(
    id,
    parentId,
    (cursor) => tx.area.findUnique({ where: { id: cursor }, select: { parentId: true } }),
    {
      missing: 'no area has this id',
      cycle: 'an area cannot lie within itself',
    },
  );

async function checkPcode(tx: Tx, id: string | null, pcode: string | null | undefined) {
  if (!pcode) return;
  const clash = await tx.area.findFirst({
    where: {
      pcode: { equals: likeLiteral(pcode), mode: 'insensitive' },
      NOT: id ? { id } : undefined,
    },
  });
  if (clash)
    throw new AppError('CONFLICT', `The p-code ${pcode} already belongs to ${clash.name}`, {
      issues: [{ field: 'pcode', message: 'already used' }],
      existingId: clash.id,
    });
}

/** The default name is the one marked so, or else the first. */
function namesWithDefault(names: TAreaName[]) {
  const defaultIndex = Math.max(
    0,
    names.findIndex((name) => name.isDefault),
  );
  return names.map((name, index) => ({
    lang: name.lang,
    name: name.name,
    usedBy: name.usedBy ?? null,
    isDefault: index === defaultIndex,
  }));
}

function checkKind(kind: string | undefined, iso3: string | null | undefined) {
  if (kind === 'COUNTRY' && !iso3)
    throw AppError.invalid('iso3', 'a country needs its ISO 3166 alpha-3 code');
}

export async function createArea(db: Db | Tx, ctx: RequestContext, input: TAreaCreate) {
  requireRole(ctx, 'ADMIN');
  checkKind(input.kind, input.iso3);
  return inTransaction(db, async (tx) => {
    await checkParentOf(tx, null, input.parentId);
    await checkPcode(tx, null, input.pcode);
    const names = namesWithDefault(input.names);
    const created = await tx.area.create({
      data: {
        name: names.find((name) => name.isDefault)!.name,
        kind: input.kind,
        iso3: input.iso3 ?? null,
        pcode: input.pcode ?? null,
        disputed: input.disputed,
        parentId: input.parentId ?? null,
        names: { create: names },
      },
      include: { names: true },
    });
    const view = areaView(created);
    await recordAuditEvent(tx, ctx, {
      action: 'area.create',
      entityType: 'area',
      entityId: created.id,
      after: view,
    });
    return view;
  });
}

export async function updateArea(db: Db | Tx, ctx: RequestContext, id: string, input: TAreaUpdate) {
  requireRole(ctx, 'ADMIN');
  return inTransaction(db, async (tx) => {
    const existing = await tx.area.findUnique({ where: { id }, include: { names: true } });
    if (!existing) throw AppError.notFound('The area');
    checkKind(input.kind ?? existing.kind, input.iso3 === undefined ? existing.iso3 : input.iso3);
    await checkParentOf(tx, id, input.parentId);
    await checkPcode(tx, id, input.pcode);
    const names = input.names ? namesWithDefault(input.names) : undefined;
    if (names) await tx.areaName.deleteMany({ where: { areaId: id } });
    const updated = await tx.area.update({
      where: { id },
      data: {
        kind: input.kind,
        iso3: input.iso3,
        pcode: input.pcode,
        disputed: input.disputed,
        parentId: input.parentId,
        ...(names
          ? { name: names.find((name) => name.isDefault)!.name, names: { create: names } }
          : {}),
      },
      include: { names: true },
    });
    const view = areaView(updated);
    await recordAuditEvent(tx, ctx, {
      action: 'area.update',
      entityType: 'area',
      entityId: id,
      before: areaView(existing),
      after: view,
    });
    return view;
  });
}
