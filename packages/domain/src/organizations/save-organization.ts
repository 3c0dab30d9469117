import { likeLiteral } from '../shared/format';
import type { TOrganizationCreate, TOrganizationUpdate } from '@access/contracts';
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
import { organizationView } from './organization-view';

const checkParentOf = (tx: Tx, id: string | null, parentId: string | null | undefined) =>
  checkParent(
    id,
    parentId,
    (cursor) => tx.organization.findUnique({ where: { id: cursor }, select: { parentId: true } }),
    {
      missing: 'no organisation has this id',
      cycle: 'an organisation cannot be its own ancestor',
    },
  );

async function checkUnique(
  tx: Tx,
  id: string | null,
  input: { name?: string; iatiId?: string | null },
) {
  if (input.name) {
    const clash = await tx.organization.findFirst({
      where: {
        name: { equals: likeLiteral(input.name), mode: 'insensitive' },
        NOT: id ? { id } : undefined,
      },
    });
    if (clash)
      throw new AppError('CONFLICT', `An organisation named "${clash.name}" already exists`, {
        issues: [{ field: 'name', message: 'already used' }],
        existingId: clash.id,
      });
  }
  if (input.iatiId) {
    const clash = await tx.organization.findFirst({
      where: {
        iatiId: { equals: likeLiteral(input.iatiId), mode: 'insensitive' },
        NOT: id ? { id } : undefined,
      },
    });
    if (clash)
      throw new AppError(
        'CONFLICT',
        `${clash.name} already has the IATI identifier ${input.iatiId}`,
        { issues: [{ field: 'iatiId', message: 'already used' }], existingId: clash.id },
      );
  }
}

export async function createOrganization(
  db: Db | Tx,
  ctx: RequestContext,
  input: TOrganizationCreate,
) {
  requireRole(ctx, 'ADMIN');
  return inTransaction(db, async (tx) => {
    await checkParentOf(tx, null, input.parentId);
    await checkUnique(tx, null, input);
    const created = await tx.organization.create({
      data: {
        ...input,
        acronym: input.acronym ?? null,
        iatiId: input.iatiId ?? null,
        parentId: input.parentId ?? null,
      },
    });
    const view = organizationView(created);
    await recordAuditEvent(tx, ctx, {
      action: 'organization.create',
      entityType: 'organization',
      entityId: created.id,
      after: view,
    });
    return view;
  });
}

export async function updateOrganization(
  db: Db | Tx,
  ctx: RequestContext,
  id: string,
  input: TOrganizationUpdate,
) {
  requireRole(ctx, 'ADMIN');
  return inTransaction(db, async (tx) => {
    const existing = await tx.organization.findUnique({ where: { id } });
    if (!existing) throw AppError.notFound('The organisation');
    await checkParentOf(tx, id, input.parentId);
    await checkUnique(tx, id, input);
    const updated = await tx.organization.update({ where: { id }, data: input });
    const view = organizationView(updated);
    await recordAuditEvent(tx, ctx, {
      action: 'organization.update',
      entityType: 'organization',
      entityId: id,
      before: organizationView(existing),
      after: view,
    });
    return view;
  });
}
