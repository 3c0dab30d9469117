import { z } from 'zod';
import { ZAccessFilters, ZAccessStatusCode, ZTrend } from './access-statuses';
import { ZIsoDate, ZTimestamp, ZUuid } from './common';

export const ZTimeseriesQuery = ZAccessFilters.extend({
  from: z
    .union([ZIsoDate, z.literal('first')])
    .optional()
    .describe(
      'default one year before `to`; `first`: the first day with an entry for these filters (so the series holds all the data)',
    ),
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
  order: z
    .enum(['name', 'worst'])
    .default('name')
    .describe(
      '`worst`: organisations and areas with the most denied or suspended cells first (then by name); with maxOrganizations / maxAreas, the worst are the ones kept',
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

/** The ranking compares with 90 days before asOf, which must be a date too (1900 on). */
const RANKING_EARLIEST_AS_OF = '1900-04-01';

export const ZAreaRankingQuery = ZAccessFilters.extend({
  asOf: ZIsoDate.refine((day) => day >= RANKING_EARLIEST_AS_OF, {
    error: `must be ${RANKING_EARLIEST_AS_OF} or later: the ranking compares with 30 and 90 days earlier`,
  })
    .optional()
    .describe('what was true on that date; default today'),
  limit: z.coerce.number().int().min(1).max(500).default(20),
});
export type TAreaRankingQuery = z.infer<typeof ZAreaRankingQuery>;

/** How constrained access to an area is on one day. */
export const ZAreaScore = z.object({
  /** organisations denied or suspended there */
  blockedOrganizations: z.number().int(),
  deniedOrganizations: z.number().int(),
  suspendedOrganizations: z.number().int(),
  constrainedOrganizations: z.number().int(),
  organizations: z.number().int(),
  /** the highest severity (ACAPS 0-5) recorded for the area by any organisation */
  maxSeverity: z.number().int().nullable(),
  constraintCategories: z.array(z.number().int()),
});
export type TAreaScore = z.infer<typeof ZAreaScore>;

export const ZAreaRanking = z
  .object({
    asOf: ZIsoDate,
    knownAt: ZTimestamp,
    /** the days the trends compare with: 30 and 90 days before asOf */
    comparedWith: z.object({ days30: ZIsoDate, days90: ZIsoDate }),
    /** areas with an entry on asOf for these filters, ranked or not */
    totalAreas: z.number().int(),
    items: z.array(
      ZAreaScore.extend({
        rank: z.number().int(),
        area: z.object({ id: ZUuid, name: z.string(), pcode: z.string().nullable() }),
        /** against 30 and 90 days earlier: DETERIORATED when access is worse now, NEW without entries then */
        trend30: ZTrend,
        trend90: ZTrend,
        incidents30: z
          .number()
          .int()
          .optional()
          .describe(
            'validated incidents you may see that occurred in the area (sub-areas included) in the 30 days up to asOf, as known at knownAt (issue 17; always given by the API)',
          ),
        incidents90: z.number().int().optional().describe('the same over the 90 days up to asOf'),
      }),
    ),
  })
  .meta({
    id: 'AreaRanking',
    description:
      'Areas by how constrained access is, worst first: organisations denied or suspended, then severity, then constraint categories, then organisations constrained.',
  });
export type TAreaRanking = z.infer<typeof ZAreaRanking>;
