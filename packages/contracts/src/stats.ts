import { z } from 'zod';
import { ZAccessFilters, ZAccessStatusCode } from './access-statuses';
import { ZIsoDate, ZTimestamp, ZUuid } from './common';

export const ZTimeseriesQuery = ZAccessFilters.extend({
  from: ZIsoDate.optional().describe('default one year before `to`'),
  to: ZIsoDate.optional().describe('default today'),
  interval: z.enum(['day', 'week', 'month']).default('month'),
});
export type TTimeseriesQuery = z.infer<typeof ZTimeseriesQuery>;

export const ZStatusCounts = z.object(
  Object.fromEntries(
    ZAccessStatusCode.options.map((status) => [status, z.number().int()]),
  ) as Record<(typeof ZAccessStatusCode.options)[number], z.ZodNumber>,
);

export const ZTimeseries = z
  .object({
    interval: z.enum(['day', 'week', 'month']),
    from: ZIsoDate,
    to: ZIsoDate,
    knownAt: ZTimestamp,
    buckets: z.array(z.object({ date: ZIsoDate, counts: ZStatusCounts, total: z.number().int() })),
  })
  .meta({
    id: 'Timeseries',
    description:
      'For each bucket (its first day), how many organisation–area pairs were in each status.',
  });
export type TTimeseries = z.infer<typeof ZTimeseries>;

export const ZMatrixQuery = ZAccessFilters.extend({
  asOf: ZIsoDate.optional(),
  maxOrganizations: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe(
      'return cells for at most this many organisations (the first by name); the totals still count all',
    ),
  maxAreas: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .optional()
    .describe(
      'return cells for at most this many areas (the first by name); the totals still count all',
    ),
});
export type TMatrixQuery = z.infer<typeof ZMatrixQuery>;

export const ZMatrix = z
  .object({
    asOf: ZIsoDate,
    knownAt: ZTimestamp,
    organizations: z.array(
      z.object({
        id: ZUuid,
        name: z.string(),
        acronym: z.string().nullable(),
        typeCode: z.number().int(),
      }),
    ),
    areas: z.array(z.object({ id: ZUuid, name: z.string(), pcode: z.string().nullable() })),
    cells: z.array(
      z.object({
        organizationId: ZUuid,
        areaId: ZUuid,
        status: ZAccessStatusCode,
        severity: z.number().int().nullable(),
        versionId: ZUuid,
      }),
    ),
    /** over every matching cell, including those left out by maxOrganizations / maxAreas */
    totals: z.object({
      cells: z.number().int(),
      organizations: z.number().int(),
      areas: z.number().int(),
      byStatus: ZStatusCounts,
      /** areas where at least one organisation is denied or suspended */
      blockedAreas: z.number().int(),
      /** organisations with full or constrained access somewhere */
      reachingOrganizations: z.number().int(),
    }),
  })
  .meta({ id: 'Matrix' });
export type TMatrix = z.infer<typeof ZMatrix>;
