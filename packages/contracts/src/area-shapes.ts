import { z } from 'zod';
import { ZAreaKind } from './areas';
import { NAME_MAX_LENGTH, ZTimestamp, ZUuid } from './common';

/** The longest name of a feature property (the one holding the p-code) taken. */
export const PCODE_PROPERTY_MAX_LENGTH = 64;

/** A position: longitude, latitude (WGS 84), as GeoJSON writes it. */
const ZPosition = z.tuple([z.number(), z.number()]);
const ZRing = z.array(ZPosition);

/** A boundary as the API serves it: GeoJSON Polygon or MultiPolygon, simplified on import. */
export const ZAreaGeometry = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('Polygon'), coordinates: z.array(ZRing) }),
    z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ZRing)) }),
  ])
  .meta({ id: 'AreaGeometry' });
export type TAreaGeometry = z.infer<typeof ZAreaGeometry>;

export const ZAreaShapesQuery = z.object({
  parentId: ZUuid.optional().describe(
    'the areas shown are the children of this area; without it, the areas at the top of the tree (countries)',
  ),
});
export type TAreaShapesQuery = z.infer<typeof ZAreaShapesQuery>;

export const ZAreaShape = z.object({
  area: z.object({
    id: ZUuid,
    name: z.string(),
    kind: ZAreaKind,
    iso3: z.string().nullable(),
    pcode: z.string().nullable(),
    disputed: z.boolean(),
    /** how many areas lie directly beneath it (the map drills down when there are some) */
    children: z.number().int(),
  }),
  /** the imported boundary; null when none was imported (a country is drawn from Natural Earth by its ISO code) */
  geometry: ZAreaGeometry.nullable(),
  /** where the imported boundary comes from, as the administrator named it */
  source: z.string().nullable(),
  importedAt: ZTimestamp.nullable(),
});
export type TAreaShape = z.infer<typeof ZAreaShape>;

export const ZAreaShapes = z
  .object({
    /** the area drilled into, with its own imported boundary if any */
    parent: z
      .object({
        id: ZUuid,
        name: z.string(),
        iso3: z.string().nullable(),
        parentId: ZUuid.nullable(),
        geometry: ZAreaGeometry.nullable(),
        source: z.string().nullable(),
      })
      .nullable(),
    items: z.array(ZAreaShape),
    /**
     * Every area within a shown area (its own id included) → the shown area's id, so a
     * status recorded for a sub-area colours the shape that contains it.
     */
    containedIn: z.record(z.string(), ZUuid),
  })
  .meta({
    id: 'AreaShapes',
    description:
      'The areas one level beneath a parent (or the top of the tree), each with its imported boundary if any',
  });
export type TAreaShapes = z.infer<typeof ZAreaShapes>;

const ZPcodeProperty = z
  .string()
  .trim()
  .regex(new RegExp(`^[A-Za-z0-9_.:-]{1,${PCODE_PROPERTY_MAX_LENGTH}}$`), {
    error: 'must be the name of a feature property, e.g. ADM1_PCODE',
  });

export const ZAreaShapeImportQuery = z.object({
  source: z
    .string()
    .trim()
    .min(1, { error: 'say where the boundaries come from, e.g. "OCHA COD-AB, 2023"' })
    .max(NAME_MAX_LENGTH),
  pcodeProperty: ZPcodeProperty.optional().describe(
    'the feature property holding the p-code; default: the deepest ADMn_PCODE present (COD-AB), else pcode',
  ),
});
export type TAreaShapeImportQuery = z.infer<typeof ZAreaShapeImportQuery>;

/**
 * The GeoJSON FeatureCollection as sent; its features are checked one by one by the import
 * (which names the feature and the fault), so only the envelope is declared here.
 */
export const ZAreaShapeImportBody = z.looseObject({
  type: z.literal('FeatureCollection', { error: 'must be a GeoJSON FeatureCollection' }),
  features: z
    .array(z.unknown())
    .min(1, { error: 'the collection has no feature' })
    .max(20_000, { error: 'at most 20,000 features per import' }),
});

export const ZAreaShapeImportResult = z
  .object({
    pcodeProperty: z.string(),
    /** areas whose boundary was imported (replacing any earlier one) */
    imported: z.array(
      z.object({ id: ZUuid, name: z.string(), pcode: z.string(), replaced: z.boolean() }),
    ),
    /** p-codes of features that match no area (skipped); the first 100 */
    unmatched: z.array(z.string()),
    unmatchedCount: z.number().int(),
    /** the stored boundaries' size in bytes of GeoJSON, after simplification */
    storedBytes: z.number().int(),
  })
  .meta({ id: 'AreaShapeImportResult' });
export type TAreaShapeImportResult = z.infer<typeof ZAreaShapeImportResult>;
