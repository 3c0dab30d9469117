import { z } from 'zod';
import { AREA_KINDS } from './codes';
import { NAME_MAX_LENGTH, ZListQuery, ZTimestamp, ZUuid, paginated, ZTrimmed } from './common';

/** An ISO 3166 alpha-3 code's length. */
export const ISO3_LENGTH = 3;
/** The longest OCHA p-code taken, in characters. */
export const PCODE_MAX_LENGTH = 50;

export const ZAreaKind = z.enum(AREA_KINDS);

export const ZAreaName = z
  .object({
    lang: z
      .string()
      .trim()
      .regex(/^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$/, {
        error: 'must be a language tag such as en, hy, az or ru',
      }),
    name: ZTrimmed().min(1, { error: 'must not be empty' }).max(NAME_MAX_LENGTH),
    usedBy: ZTrimmed().max(NAME_MAX_LENGTH).nullish(),
    isDefault: z.boolean().default(false),
  })
  .strict();
export type TAreaName = z.infer<typeof ZAreaName>;

export const ZArea = z
  .object({
    id: ZUuid,
    name: z.string(),
    kind: ZAreaKind,
    iso3: z.string().nullable(),
    pcode: z.string().nullable(),
    disputed: z.boolean(),
    parentId: ZUuid.nullable(),
    names: z.array(ZAreaName.extend({ usedBy: z.string().nullable(), isDefault: z.boolean() })),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'Area' });
export type TArea = z.infer<typeof ZArea>;

const ZIso3 = z
  .string()
  .trim()
  .regex(new RegExp(`^[A-Z]{${ISO3_LENGTH}}$`), {
    error: 'must be an ISO 3166 alpha-3 code in capitals, e.g. AZE',
  });
const ZPcode = z
  .string()
  .trim()
  .regex(new RegExp(`^[A-Za-z0-9_-]{2,${PCODE_MAX_LENGTH}}$`), {
    error: 'must be an OCHA p-code: letters, digits, - or _',
  });

const namesRule = (names: TAreaName[]) => names.filter((name) => name.isDefault).length <= 1;

export const ZAreaCreate = z
  .object({
    kind: ZAreaKind,
    iso3: ZIso3.nullish(),
    pcode: ZPcode.nullish(),
    disputed: z.boolean().default(false),
    parentId: ZUuid.nullish(),
    names: z
      .array(ZAreaName)
      .min(1, { error: 'an area needs at least one name' })
      .max(50)
      .refine(namesRule, { error: 'only one name can be the default' }),
  })
  .strict()
  .meta({ id: 'AreaCreate' });
export type TAreaCreate = z.infer<typeof ZAreaCreate>;

export const ZAreaUpdate = z
  .object({
    kind: ZAreaKind.optional(),
    iso3: ZIso3.nullish(),
    pcode: ZPcode.nullish(),
    disputed: z.boolean().optional(),
    parentId: ZUuid.nullish(),
    names: z
      .array(ZAreaName)
      .min(1, { error: 'an area needs at least one name' })
      .max(50)
      .refine(namesRule, { error: 'only one name can be the default' })
      .optional(),
  })
  .strict()
  .meta({ id: 'AreaUpdate' });
export type TAreaUpdate = z.infer<typeof ZAreaUpdate>;

export const ZAreaListQuery = ZListQuery.extend({
  kind: ZAreaKind.optional(),
  parentId: ZUuid.optional(),
});
export type TAreaListQuery = z.infer<typeof ZAreaListQuery>;

export const ZAreaPage = paginated(ZArea);

export const ZAreaSubtree = z.object({
  items: z.array(ZArea.extend({ depth: z.number().int() })),
});
