import { ORGANIZATION_TYPES, type TOrganization } from '@access/contracts';
import type { Organization } from '@access/db';

export function organizationView(organization: Organization): TOrganization {
  return {
    id: organization.id,
    name: organization.name,
    acronym: organization.acronym,
    aliases: organization.aliases,
    typeCode: organization.typeCode,
    typeLabel:
      ORGANIZATION_TYPES[organization.typeCode as keyof typeof ORGANIZATION_TYPES] ??
      String(organization.typeCode),
    iatiId: organization.iatiId,
    parentId: organization.parentId,
    createdAt: organization.createdAt.toISOString(),
    updatedAt: organization.updatedAt.toISOString(),
  };
}
