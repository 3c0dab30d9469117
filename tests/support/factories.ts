import { randomUUID } from 'node:crypto';
import type { Database } from '@access/db';
import { hashPassword } from '@access/domain';
import type { TRole, TSensitivity } from '@access/contracts';

let counter = 0;
const unique = (prefix: string) => `${prefix} ${++counter}-${randomUUID().slice(0, 8)}`;

export async function makeOrganization(
  db: Database,
  overrides: { name?: string; typeCode?: number; acronym?: string } = {},
) {
  return db.organization.create({
    data: {
      name: overrides.name ?? unique('Organisation'),
      typeCode: overrides.typeCode ?? 437,
      acronym: overrides.acronym ?? null,
    },
  });
}

export async function makeArea(
  db: Database,
  overrides: {
    name?: string;
    parentId?: string | null;
    kind?: 'COUNTRY' | 'ADM1' | 'ADM2' | 'CORRIDOR' | 'CUSTOM';
    pcode?: string;
  } = {},
) {
  const name = overrides.name ?? unique('Area');
  const kind = overrides.kind ?? 'ADM1';
  return db.area.create({
    data: {
      name,
      kind,
      iso3: kind === 'COUNTRY' ? 'XYZ' : null,
      pcode: overrides.pcode ?? null,
      parentId: overrides.parentId ?? null,
      names: { create: [{ lang: 'en', name, isDefault: true }] },
    },
  });
}

export async function makeParty(db: Database, name = unique('Party')) {
  return db.party.create({ data: { name, kind: 'GOVERNMENT' } });
}

export const TEST_PASSWORD = 'test-password-123';
let passwordHash: Promise<string> | undefined;

export async function makeUser(
  db: Database,
  role: TRole,
  clearance: TSensitivity,
  organizationIds: string[] = [],
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  return db.user.create({
    data: {
      email: `${role.toLowerCase()}-${randomUUID().slice(0, 8)}@test.local`,
      displayName: unique(role),
      passwordHash: await passwordHash,
      role,
      clearance,
      memberships: { create: organizationIds.map((organizationId) => ({ organizationId })) },
    },
  });
}

/** A minimal valid body for POST /api/access-statuses. */
export function statusBody(
  organizationId: string,
  areaId: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    organizationId,
    areaId,
    status: 'CONSTRAINED',
    validFrom: '2024-01-01',
    reason: 'Field report',
    sensitivity: 'LOW',
    ...overrides,
  };
}

/** A minimal valid body for POST /api/incidents. */
export function incidentBody(
  organizationId: string,
  areaId: string,
  overrides: Record<string, unknown> = {},
) {
  return {
    organizationId,
    areaId,
    occurredOn: '2024-01-01',
    category: 4,
    subType: 'CHECKPOINT',
    description: 'Convoy held at a checkpoint',
    sensitivity: 'LOW',
    ...overrides,
  };
}
