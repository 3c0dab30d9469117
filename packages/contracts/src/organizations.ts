import { z } from 'zod';
import { ORGANIZATION_TYPE_CODES } from './codes';
import {
  ACRONYM_MAX_LENGTH,
  NAME_MAX_LENGTH,
  ZListQuery,
  ZTimestamp,
  ZUuid,
  paginated,
  ZTrimmed,
} from './common';

/** The longest IATI organisation identifier taken, in characters. */
export const IATI_ID_MAX_LENGTH = 100;
/** How many other names (aliases) an organisation may have. */
export const ORGANIZATION_ALIASES_MAX = 50;

const isOrganizationTypeCode = (code: number) => ORGANIZATION_TYPE_CODES.includes(code);
const ORGANIZATION_TYPE_ERROR = { error: 'must be an OCHA organisation-type code (431–447)' };

export const ZOrganizationTypeCode = z
  .number()
  .int()
  .refine(isOrganizationTypeCode, ORGANIZATION_TYPE_ERROR);

/** An organisation type in a query string (a filter): the same codes, from text. */
export const ZOrganizationTypeFilter = z.coerce
  .number()
  .int()
  .refine(isOrganizationTypeCode, ORGANIZATION_TYPE_ERROR);

/** IATI organisation identifiers: registration agency prefix, a hyphen, then the number (e.g. XM-DAC-41127). */
export const ZIatiId = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9]{2,}-[A-Za-z0-9._:/-]+$/, {
    error: 'must be an IATI organisation identifier such as XM-DAC-41127',
  })
  .max(IATI_ID_MAX_LENGTH);

const ZName = ZTrimmed().min(1, { error: 'must not be empty' }).max(NAME_MAX_LENGTH);

export const ZOrganization = z
  .object({
    id: ZUuid,
    name: z.string(),
    acronym: z.string().nullable(),
    aliases: z.array(z.string()),
    typeCode: z.number().int(),
    typeLabel: z.string(),
    iatiId: z.string().nullable(),
    parentId: ZUuid.nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Organization' });
export type TOrganization = z.infer<typeof ZOrganization>;

export const ZOrganizationCreate = z
  .object({
    name: ZName,
    acronym: ZTrimmed().min(1).max(ACRONYM_MAX_LENGTH).nullish(),
    aliases: z.array(ZName).max(ORGANIZATION_ALIASES_MAX).default([]),
    typeCode: ZOrganizationTypeCode,
    iatiId: ZIatiId.nullish(),
    parentId: ZUuid.nullish(),
  })
  .strict()
  .meta({ id: 'OrganizationCreate' });
export type TOrganizationCreate = z.infer<typeof ZOrganizationCreate>;

export const ZOrganizationUpdate = z
  .object({
    name: ZName.optional(),
    acronym: ZTrimmed().min(1).max(ACRONYM_MAX_LENGTH).nullish(),
    aliases: z.array(ZName).max(ORGANIZATION_ALIASES_MAX).optional(),
    typeCode: ZOrganizationTypeCode.optional(),
    iatiId: ZIatiId.nullish(),
    parentId: ZUuid.nullish(),
  })
  .strict()
  .meta({ id: 'OrganizationUpdate' });
export type TOrganizationUpdate = z.infer<typeof ZOrganizationUpdate>;

export const ZOrganizationListQuery = ZListQuery.extend({
  typeCode: ZOrganizationTypeFilter.optional(),
});
export type TOrganizationListQuery = z.infer<typeof ZOrganizationListQuery>;

export const ZOrganizationPage = paginated(ZOrganization);
