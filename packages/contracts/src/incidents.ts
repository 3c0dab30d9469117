import { z } from 'zod';
import {
  ZAccessSource,
  ZAccessSourceInput,
  ZChangeKind,
  ZReviewState,
  ZSensitivity,
  ZWriteWarning,
} from './access-statuses';
import {
  DESCRIPTION_MAX_LENGTH,
  NOTE_MAX_LENGTH,
  ZCursor,
  ZIsoDate,
  ZLimit,
  ZQueryBoolean,
  ZText,
  ZTimestamp,
  ZUuid,
  queryList,
  ZTrimmed,
} from './common';
import {
  INCIDENT_IMPACTS,
  PERPETRATOR_CATEGORIES,
  SECTORS,
  isIncidentSubType,
} from './incident-codes';
import { ZOrganizationTypeCode, ZOrganizationTypeFilter } from './organizations';

export const ZIncidentImpact = z.enum(INCIDENT_IMPACTS);
export const ZSector = z.enum(SECTORS);
export const ZPerpetratorCategory = z.enum(PERPETRATOR_CATEGORIES);

/**
 * The last day an incident can have occurred on: today where the day starts first
 * (UTC+14), so no reporter's today is refused, and nothing that has not begun anywhere is
 * accepted.
 */
export function latestOccurredOn(now = new Date()): string {
  return new Date(now.getTime() + 14 * 3600_000).toISOString().slice(0, 10);
}

/**
 * A day something is recorded once it has happened (an incident, a request, a party's
 * answer): a date no later than latestOccurredOn(), else `must not be after today: ${why}`.
 */
export const ZDayHappened = (why: string) =>
  ZIsoDate.refine((date) => date <= latestOccurredOn(), {
    error: `must not be after today: ${why}`,
  });

const incidentFields = {
  occurredOn: ZDayHappened('an incident is recorded once it has happened'),
  occurredTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day written HH:MM' })
    .nullish()
    .describe('local time of day, when known'),
  areaId: ZUuid,
  category: z
    .number()
    .int()
    .min(1, { error: 'must be an OCHA constraint category from 1 to 9' })
    .max(9, { error: 'must be an OCHA constraint category from 1 to 9' }),
  subType: z
    .string()
    .max(40)
    .describe("a sub-type code of the category (INCIDENT_SUB_TYPES: e.g. 6 → 'STAFF_ABDUCTED')"),
  impacts: z.array(ZIncidentImpact).max(INCIDENT_IMPACTS.length).default([]),
  sectors: z.array(ZSector).max(SECTORS.length).default([]),
  affectedOrganizationIds: z.array(ZUuid).max(200).default([]),
  affectedOrganizationTypes: z
    .array(ZOrganizationTypeCode)
    .max(20)
    .default([])
    .describe(
      "OCHA organisation-type codes affected; the affected organisations' own types are added to them",
    ),
  peopleAffected: z.number().int().min(0).max(1_000_000_000).nullish(),
  perpetrator: ZPerpetratorCategory.nullish().describe(
    'who caused it, where known (UNKNOWN: stated as not known; empty: not applicable)',
  ),
  description: ZText(DESCRIPTION_MAX_LENGTH).min(1, { error: 'say what happened' }),
  sources: z.array(ZAccessSourceInput).max(50).default([]),
  sensitivity: ZSensitivity,
  reviewState: z
    .enum(['DRAFT', 'SUBMITTED', 'VALIDATED'])
    .optional()
    .describe('editors may only choose DRAFT or SUBMITTED'),
};

const subTypeRule = {
  check: (value: { category: number; subType: string }) =>
    isIncidentSubType(value.category, value.subType),
  message: { error: 'is not a sub-type of this category', path: ['subType'] },
};

export const ZIncidentRecord = z
  .object({
    organizationId: ZUuid.describe('the recording organisation'),
    ...incidentFields,
  })
  .strict()
  .refine(subTypeRule.check, subTypeRule.message)
  .meta({ id: 'IncidentRecord' });
export type TIncidentRecord = z.infer<typeof ZIncidentRecord>;

export const ZIncidentCorrection = z
  .object({
    ...incidentFields,
    correctionNote: ZText(NOTE_MAX_LENGTH).nullish().describe('what this correction fixes and why'),
  })
  .strict()
  .refine(subTypeRule.check, subTypeRule.message)
  .meta({ id: 'IncidentCorrection' });
export type TIncidentCorrection = z.infer<typeof ZIncidentCorrection>;

const ZOrganizationRef = z.object({
  id: ZUuid,
  name: z.string(),
  acronym: z.string().nullable(),
  typeCode: z.number().int(),
});

export const ZIncidentVersion = z
  .object({
    id: ZUuid.describe('this version'),
    incidentId: ZUuid,
    organization: ZOrganizationRef.describe('the recording organisation'),
    occurredOn: ZIsoDate,
    occurredTime: z.string().nullable(),
    area: z.object({ id: ZUuid, name: z.string(), kind: z.string(), pcode: z.string().nullable() }),
    category: z.number().int(),
    subType: z.string(),
    impacts: z.array(ZIncidentImpact),
    sectors: z.array(ZSector),
    affectedOrganizations: z.array(ZOrganizationRef),
    affectedOrganizationTypes: z.array(z.number().int()),
    peopleAffected: z.number().int().nullable(),
    perpetrator: ZPerpetratorCategory.nullable(),
    description: z.string(),
    sources: z.array(ZAccessSource),
    sensitivity: ZSensitivity,
    reviewState: ZReviewState,
    reviewNote: z.string().nullable(),
    changeKind: ZChangeKind,
    correctionNote: z.string().nullable(),
    recordedAt: ZTimestamp,
    recordedBy: z.object({ id: ZUuid, displayName: z.string() }),
    supersedesId: ZUuid.nullable().describe('the version it replaced, as you see it'),
    supersededById: ZUuid.nullable().describe('the version that replaced it, as you see it'),
    proposal: z
      .boolean()
      .describe("true for an editor's proposal (draft, submitted or returned): not counted"),
    targetId: ZUuid.nullable().describe("a proposed correction's validated version"),
    warnings: z.array(ZWriteWarning).optional(),
  })
  .meta({ id: 'IncidentVersion' });
export type TIncidentVersion = z.infer<typeof ZIncidentVersion>;

/** Filters of incident lists and (issue 17's counts) of their aggregates. */
export const ZIncidentFilters = z.object({
  areaId: ZUuid.optional().describe('an area and everything beneath it'),
  organizationId: queryList(ZUuid).describe('recorded by or affecting these organisations'),
  organizationType: queryList(ZOrganizationTypeFilter).describe(
    'affecting organisations of these types',
  ),
  category: queryList(z.coerce.number().int().min(1).max(9)),
  from: ZIsoDate.optional().describe('occurred on or after this day'),
  to: ZIsoDate.optional().describe('occurred on or before this day'),
  asOf: ZIsoDate.optional().describe('occurred on or before this day (with `to`, the earlier)'),
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});
export type TIncidentFilters = z.infer<typeof ZIncidentFilters>;

export const ZIncidentListQuery = ZIncidentFilters.extend({
  includeProposals: ZQueryBoolean.optional().describe(
    'also pending (submitted) proposals you may see, marked `proposal: true`; never counted',
  ),
  limit: ZLimit,
  cursor: ZCursor,
});
export type TIncidentListQuery = z.infer<typeof ZIncidentListQuery>;

export const ZIncidentPage = z.object({
  knownAt: ZTimestamp,
  items: z.array(ZIncidentVersion),
  nextCursor: z.string().nullable(),
});

export const ZIncidentGetQuery = z.object({
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});

export const ZIncidentHistoryQuery = z.object({
  includeProposals: ZQueryBoolean.optional().describe(
    'also the proposals of this incident you may see (drafts, submitted, returned)',
  ),
});
export const ZIncidentHistory = z.object({ items: z.array(ZIncidentVersion) });

export const ZIncidentReview = z
  .object({ note: ZTrimmed().max(NOTE_MAX_LENGTH).nullish() })
  .strict()
  .describe('required (non-empty) to return a proposal');

const incidentProposalFields = {
  kind: z.enum(['NEW', 'CORRECTION']).describe('a new incident, or a correction of `targetId`'),
  state: z.enum(['DRAFT', 'SUBMITTED', 'RETURNED', 'VALIDATED']),
  returnNote: z.string().nullable().describe("the coordinator's note when returned"),
  validatedVersionId: ZUuid.nullable().describe('the validated version it became'),
};

export const ZIncidentProposal = ZIncidentVersion.extend(incidentProposalFields);
export type TIncidentProposal = z.infer<typeof ZIncidentProposal>;

export const ZIncidentReviewQueueItem = ZIncidentVersion.extend({
  ...incidentProposalFields,
  current: ZIncidentVersion.nullable().describe(
    'the validated version a correction would replace (null for a new incident)',
  ),
  waitingDays: z.number().int(),
});

export const ZIncidentReviewQueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const ZIncidentReviewQueue = z.object({
  items: z.array(ZIncidentReviewQueueItem),
  truncated: z.boolean(),
});

/** The signed-in editor's organisations' incident proposals: returned first. */
export const ZIncidentMyEntries = z.object({
  items: z.array(ZIncidentProposal),
  truncated: z.boolean(),
});
