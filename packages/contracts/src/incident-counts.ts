import { z } from 'zod';
import { ZIsoDate, ZTimestamp, ZUuid } from './common';
import { ZIncidentFilters } from './incidents';

/** Issue 17's counts take the filters of the incident list. */
export const ZIncidentCountsQuery = ZIncidentFilters;
export type TIncidentCountsQuery = z.infer<typeof ZIncidentCountsQuery>;

/** Incidents per constraint category: every key "1" to "9", zeros included. */
export const ZCategoryCounts = z
  .record(z.enum(['1', '2', '3', '4', '5', '6', '7', '8', '9']), z.number().int())
  .describe('incidents per constraint category, "1" to "9", zeros included');
export type TCategoryCounts = z.infer<typeof ZCategoryCounts>;

const ZCountedArea = z.object({
  id: ZUuid,
  name: z.string(),
  kind: z.string(),
  pcode: z.string().nullable(),
});

export const ZIncidentCounts = z
  .object({
    knownAt: ZTimestamp.describe('the instant counted as known (now, unless `knownAt` was given)'),
    area: ZCountedArea.nullable().describe('the area counted (with its sub-areas); null: all'),
    total: z.number().int(),
    byCategory: ZCategoryCounts,
    months: z
      .array(
        z.object({
          month: ZIsoDate.describe('the first day of the month'),
          total: z.number().int(),
          byCategory: ZCategoryCounts,
        }),
      )
      .describe(
        'every month from `from` (else the first month with an incident) to `to`/`asOf` (else the later of this month and the last with an incident), months without incidents included',
      ),
    areas: z
      .array(z.object({ area: ZCountedArea, total: z.number().int(), byCategory: ZCategoryCounts }))
      .describe(
        "the area's sub-areas (without `areaId`: the countries), each counting its own sub-areas too, most incidents first",
      ),
    onAreaItself: z
      .number()
      .int()
      .describe('incidents recorded on the area itself rather than on one of its sub-areas'),
    organizationTypes: z
      .array(z.object({ typeCode: z.number().int(), total: z.number().int() }))
      .describe(
        'incidents affecting organisations of each OCHA type (one incident counts under each type it affected), by code',
      ),
  })
  .meta({
    id: 'IncidentCounts',
    description:
      'Validated incidents as you see them (each incident once, in its current version), counted by month and category, by sub-area and by organisation type affected.',
  });
export type TIncidentCounts = z.infer<typeof ZIncidentCounts>;
