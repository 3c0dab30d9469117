import { z } from 'zod';
import {
  ACCESS_STATUSES,
  CHANGE_KINDS,
  CONSTRAINT_CATEGORIES,
  REVIEW_STATES,
  SENSITIVITIES,
  TERM_TYPES,
  TRENDS,
} from './codes';
import {
  NOTE_MAX_LENGTH,
  NAME_MAX_LENGTH,
  TITLE_MAX_LENGTH,
  URL_MAX_LENGTH,
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
import { ZOrganizationTypeFilter } from './organizations';

export const ZAccessStatusCode = z.enum(ACCESS_STATUSES);
export const ZSensitivity = z.enum(SENSITIVITIES);
export const ZReviewState = z.enum(REVIEW_STATES);
export const ZChangeKind = z.enum(CHANGE_KINDS);
export const ZTermType = z.enum(TERM_TYPES);
export const ZTrend = z.enum(TRENDS);

const CATEGORY_CODES = Object.keys(CONSTRAINT_CATEGORIES).map(Number);
export const ZConstraintCategory = z
  .number()
  .int()
  .refine((code) => CATEGORY_CODES.includes(code), {
    error: 'must be an OCHA constraint category from 1 to 9',
  });

export const ZSeverity = z.number().int().min(0).max(5);

export const ZAccessTermInput = z
  .object({
    type: ZTermType,
    grantingPartyId: ZUuid.nullish(),
    legalReference: ZText(TITLE_MAX_LENGTH).nullish(),
    note: ZText(NOTE_MAX_LENGTH).nullish(),
  })
  .strict();

export const ZAccessSourceInput = z
  .object({
    title: ZText(TITLE_MAX_LENGTH).min(1, { error: 'a source needs a title' }),
    publisher: ZText(NAME_MAX_LENGTH).nullish(),
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) address' })
      .max(URL_MAX_LENGTH)
      .nullish(),
    publishedOn: ZIsoDate.nullish(),
  })
  .strict();

const periodRule = {
  check: (value: { validFrom: string; validTo?: string | null }) =>
    !value.validTo || value.validTo > value.validFrom,
  message: {
    error: 'must be after validFrom (the period ends the day before validTo)',
    path: ['validTo'],
  },
};

const statusFields = {
  status: ZAccessStatusCode,
  validFrom: ZIsoDate,
  validTo: ZIsoDate.nullish().describe(
    'first day the status no longer holds; empty while it still does',
  ),
  reason: ZText(NOTE_MAX_LENGTH).min(1, { error: 'say why this changed' }),
  constraintCategories: z.array(ZConstraintCategory).max(9).default([]),
  terms: z.array(ZAccessTermInput).max(50).default([]),
  sources: z.array(ZAccessSourceInput).max(50).default([]),
  severity: ZSeverity.nullish(),
  sensitivity: ZSensitivity,
  reviewState: z
    .enum(['DRAFT', 'SUBMITTED', 'VALIDATED'])
    .optional()
    .describe('editors may only choose DRAFT or SUBMITTED'),
};

export const ZAccessStatusRecord = z
  .object({ organizationId: ZUuid, areaId: ZUuid, ...statusFields })
  .strict()
  .refine(periodRule.check, periodRule.message)
  .meta({ id: 'AccessStatusRecord' });
export type TAccessStatusRecord = z.infer<typeof ZAccessStatusRecord>;

export const ZAccessStatusCorrection = z
  .object({
    ...statusFields,
    correctionNote: ZText(NOTE_MAX_LENGTH)
      .nullish()
      .describe(
        "what this correction fixes and why; kept beside the status's own `reason`, which it does not replace",
      ),
  })
  .strict()
  .refine(periodRule.check, periodRule.message)
  .meta({ id: 'AccessStatusCorrection' });
export type TAccessStatusCorrection = z.infer<typeof ZAccessStatusCorrection>;

export const ZAccessTerm = z.object({
  type: ZTermType,
  grantingParty: z.object({ id: ZUuid, name: z.string() }).nullable(),
  legalReference: z.string().nullable(),
  note: z.string().nullable(),
});

export const ZAccessSource = z.object({
  title: z.string(),
  publisher: z.string().nullable(),
  url: z.string().nullable(),
  publishedOn: ZIsoDate.nullable(),
});

/** Accepted, but worth a second look (e.g. START_IN_FUTURE: a start date after today). */
export const ZWriteWarning = z.object({
  code: z.enum(['START_IN_FUTURE']),
  field: z.string(),
  message: z.string(),
});
export type TWriteWarning = z.infer<typeof ZWriteWarning>;

export const ZAccessStatusVersion = z
  .object({
    id: ZUuid,
    organization: z.object({
      id: ZUuid,
      name: z.string(),
      acronym: z.string().nullable(),
      typeCode: z.number().int(),
    }),
    area: z.object({ id: ZUuid, name: z.string(), kind: z.string(), pcode: z.string().nullable() }),
    status: ZAccessStatusCode,
    previousStatus: ZAccessStatusCode.nullable(),
    validFrom: ZIsoDate,
    validTo: ZIsoDate.nullable(),
    recordedAt: ZTimestamp,
    recordedBy: z.object({ id: ZUuid, displayName: z.string() }),
    changeKind: ZChangeKind,
    reason: z.string(),
    constraintCategories: z.array(z.number().int()),
    severity: z.number().int().nullable(),
    sensitivity: ZSensitivity,
    reviewState: ZReviewState,
    reviewNote: z.string().nullable(),
    supersedesId: ZUuid.nullable(),
    supersededById: ZUuid.nullable(),
    terms: z.array(ZAccessTerm),
    sources: z.array(ZAccessSource),
    correctionNote: z
      .string()
      .nullable()
      .describe("a correction's own note (what it fixed); `reason` stays the status's reason"),
    proposal: z
      .boolean()
      .describe(
        "true for an editor's proposal (draft, submitted or returned): not part of the validated timeline",
      ),
    warnings: z
      .array(ZWriteWarning)
      .optional()
      .describe('on a change: what was accepted but deserves a second look'),
  })
  .meta({ id: 'AccessStatusVersion' });
export type TAccessStatusVersion = z.infer<typeof ZAccessStatusVersion>;

/** Filters shared by the list, the statistics and (later) the exports. */
export const ZAccessFilters = z.object({
  organizationId: queryList(ZUuid),
  organizationType: queryList(ZOrganizationTypeFilter),
  areaId: ZUuid.optional().describe('an area and everything beneath it'),
  status: queryList(ZAccessStatusCode),
  constraintCategory: queryList(z.coerce.number().int().min(1).max(9)),
  validatedOnly: ZQueryBoolean.optional().describe('only entries a coordinator has validated'),
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});
export type TAccessFilters = z.infer<typeof ZAccessFilters>;

/** The most versions of one pair a page of its history or timeline holds. */
export const PAIR_PAGE_MAX = 500;

const includeProposals = {
  includeProposals: ZQueryBoolean.optional().describe(
    "also editors' pending (submitted) proposals, marked `proposal: true`; they are never counted in figures",
  ),
};

export const ZAccessStatusListQuery = ZAccessFilters.extend({
  asOf: ZIsoDate.optional().describe('what was true on that date; default today'),
  ...includeProposals,
  limit: ZLimit,
  cursor: ZCursor,
});
export type TAccessStatusListQuery = z.infer<typeof ZAccessStatusListQuery>;

export const ZAccessStatusPage = z.object({
  asOf: ZIsoDate,
  knownAt: ZTimestamp,
  items: z.array(ZAccessStatusVersion),
  nextCursor: z.string().nullable(),
});

/**
 * A pair's versions come a page at a time, the latest first, each page oldest first: a pair
 * with a long history (tens of thousands of versions) answered megabytes in seconds.
 */
const pairPage = {
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(PAIR_PAGE_MAX)
    .default(PAIR_PAGE_MAX)
    .describe('how many versions a page holds: the latest ones, the rest on earlier pages'),
  cursor: ZCursor.describe('the `nextCursor` of the page after it: its earlier versions'),
};

const ZPairPageQuery = z.object({
  organizationId: ZUuid,
  areaId: ZUuid,
  ...includeProposals,
  ...pairPage,
});
export const ZAccessHistoryQuery = ZPairPageQuery.extend({
  version: ZUuid.optional().describe(
    'without `cursor`: the page that holds this version of the pair, as `limit` cuts the history from its latest versions; the latest page when it is not one you may see',
  ),
});
export type TAccessHistoryQuery = z.infer<typeof ZAccessHistoryQuery>;
export const ZAccessHistory = z.object({
  items: z.array(ZAccessStatusVersion),
  nextCursor: z
    .string()
    .nullable()
    .describe(
      'the earlier versions, if there are more than `limit`; null when this page is the first',
    ),
  latestPage: z.boolean().describe('this page holds the latest versions'),
});
export const ZPairTimelineQuery = ZPairPageQuery.extend({
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});
export type TPairTimelineQuery = z.infer<typeof ZPairTimelineQuery>;

export const ZChangeListQuery = ZAccessFilters.extend({
  since: ZTimestamp.optional().describe(
    'recorded at or after; default 30 days before `knownAt` (or now), unless effectiveFrom is given',
  ),
  effectiveFrom: ZIsoDate.optional().describe(
    'only changes that take effect (validFrom) on or after this day',
  ),
  effectiveTo: ZIsoDate.optional().describe(
    'only changes that take effect (validFrom) on or before this day',
  ),
  limit: ZLimit,
  cursor: ZCursor,
});
export type TChangeListQuery = z.infer<typeof ZChangeListQuery>;

export const ZChange = z
  .object({
    versionId: ZUuid,
    organization: z.object({ id: ZUuid, name: z.string(), acronym: z.string().nullable() }),
    area: z.object({ id: ZUuid, name: z.string() }),
    changeKind: ZChangeKind,
    status: ZAccessStatusCode,
    previousStatus: ZAccessStatusCode.nullable(),
    trend: ZTrend,
    validFrom: ZIsoDate,
    recordedAt: ZTimestamp,
    recordedBy: z.object({ id: ZUuid, displayName: z.string() }),
    reason: z.string(),
  })
  .meta({ id: 'Change' });
export type TChange = z.infer<typeof ZChange>;
export const ZChangePage = z.object({ items: z.array(ZChange), nextCursor: z.string().nullable() });

/** One step of a proposal's own history. */
export const ZProposalEvent = z.object({
  event: z.enum(['DRAFTED', 'SUBMITTED', 'RESUBMITTED', 'RETURNED', 'VALIDATED']),
  at: ZTimestamp,
  by: z.object({ id: ZUuid, displayName: z.string() }),
  note: z.string().nullable().describe("a coordinator's note when returned"),
  versionId: ZUuid.nullable().describe(
    'the proposal row of this step; for VALIDATED, the validated version it became',
  ),
});

const proposalFields = {
  kind: z
    .enum(['NEW', 'CORRECTION'])
    .describe('a new status, or a correction of a validated one (`targetId`)'),
  targetId: ZUuid.nullable().describe('the validated version a correction would replace'),
  state: z
    .enum(['DRAFT', 'SUBMITTED', 'RETURNED', 'VALIDATED'])
    .describe('where the proposal stands'),
  submittedAt: ZTimestamp.nullable().describe('when it was last submitted for review'),
  returnNote: z
    .string()
    .nullable()
    .describe("the coordinator's note when it was last returned (RETURNED)"),
  validatedVersionId: ZUuid.nullable().describe('the validated version it became (VALIDATED)'),
  history: z.array(ZProposalEvent).describe('oldest first'),
};

/**
 * An editor's entry: a proposal, not part of the validated timeline until a coordinator
 * validates it. Its fields are those of a version (`proposal: true`, `validTo` as stated).
 */
export const ZProposal = ZAccessStatusVersion.extend(proposalFields);
export type TProposal = z.infer<typeof ZProposal>;

export const ZReviewQueueItem = ZAccessStatusVersion.extend({
  ...proposalFields,
  current: ZAccessStatusVersion.nullable().describe(
    "the validated status it would replace: a correction's target, or for a new status the validated period its start falls in (null if none)",
  ),
  waitingDays: z.number().int().describe('whole days since it was submitted'),
});
export type TReviewQueueItem = z.infer<typeof ZReviewQueueItem>;

/** GET /api/review-queue: how many waiting proposals to answer with (oldest first). */
export const ZReviewQueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

/** Submitted proposals, oldest first; each item is the proposed status with its decision context. */
export const ZReviewQueue = z.object({
  items: z.array(ZReviewQueueItem),
  nextCursor: z.string().nullable(),
  truncated: z.boolean(),
});

/** The signed-in user's organisations' proposals: returned first, then drafts, submitted, validated. */
export const ZMyEntries = z.object({
  items: z.array(ZProposal),
  truncated: z.boolean(),
});
export type TMyEntries = z.infer<typeof ZMyEntries>;

const ZExportFormat = {
  hxl: ZQueryBoolean.default(true).describe(
    'add the HXL hashtag row under the header (default true)',
  ),
  bom: ZQueryBoolean.default(false).describe('start with a UTF-8 byte-order mark, for Excel'),
};

export const ZStatusExportQuery = ZAccessFilters.extend({
  asOf: ZIsoDate.optional(),
  includeProposals: ZQueryBoolean.default(false).describe(
    "also editors' pending proposals, in rows marked in the column `proposal` (#meta+proposal); detail only",
  ),
  summary: ZQueryBoolean.default(false).describe(
    'counts by area × organisation type × status instead of detail, for audiences with lower clearance',
  ),
  allPeriods: ZQueryBoolean.default(false).describe(
    'every period of the timeline as now known, not only the statuses true on asOf',
  ),
  ...ZExportFormat,
});

export const ZHistoryExportQuery = ZAccessFilters.omit({ knownAt: true }).extend({
  from: ZIsoDate.optional().describe('versions recorded on or after this day'),
  to: ZIsoDate.optional().describe('versions recorded on or before this day'),
  ...ZExportFormat,
});

export const ZImportQuery = z.object({
  dryRun: ZQueryBoolean.default(true).describe(
    'check every row and report what would change, writing nothing (default); false applies all rows or none',
  ),
  async: ZQueryBoolean.default(false).describe(
    'answer 202 at once with an import job whose progress GET /api/imports/{id} reports',
  ),
});

export const ZImportReport = z
  .object({
    filename: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    rows: z.number().int(),
    hxlRow: z
      .number()
      .int()
      .nullable()
      .describe('the line of the HXL hashtag row, if one was found'),
    separator: z
      .enum([',', ';', '\t'])
      .describe('the separator the file was read with (detected: comma, semicolon or tab)'),
    compared: z
      .array(z.string())
      .describe(
        "what a row is compared on with the entry of the same organisation, area and start at the importer's clearance: equal on all of these is UNCHANGED, else a CORRECTION",
      ),
    columns: z.object({ mapped: z.record(z.string(), z.string()), ignored: z.array(z.string()) }),
    summary: z.object({
      new: z.number().int(),
      corrections: z.number().int(),
      unchanged: z.number().int(),
      errors: z.number().int(),
    }),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
    changes: z.array(
      z.object({
        row: z.number().int(),
        action: z.enum(['NEW', 'CORRECTION', 'UNCHANGED']),
        organization: z.string(),
        area: z.string(),
        status: z.string(),
        validFrom: z.string(),
        versionId: z
          .string()
          .nullable()
          .describe('the entry the row restates or corrects; null for a new status'),
        replacesStatus: z
          .string()
          .nullable()
          // reports of imports checked before it was given have none
          .optional()
          .describe('for a correction: the status of the entry it corrects, as you see it'),
      }),
    ),
    truncated: z
      .object({ errors: z.boolean(), changes: z.boolean() })
      .describe(
        'whether errors or changes were cut to their first rows (see summary for the counts)',
      ),
  })
  .meta({ id: 'ImportReport' });
export type TImportReport = z.infer<typeof ZImportReport>;

export const ZImportJob = z
  .object({
    id: ZUuid,
    filename: z.string(),
    dryRun: z.boolean(),
    status: z.enum(['CHECKING', 'APPLYING', 'DONE', 'FAILED']),
    rowsTotal: z
      .number()
      .int()
      .describe(
        "the file's data rows; 0 while they are not known (the file not read yet, or an import refused before its rows were counted)",
      ),
    rowsDone: z
      .number()
      .int()
      .describe(
        'rows through the current phase, never going back within it: CHECKING counts a row half once read and whole once checked against the timeline; APPLYING counts the rows planned and written',
      ),
    report: ZImportReport.nullable(),
    error: z
      .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
      .nullable(),
    createdAt: ZTimestamp,
    updatedAt: ZTimestamp,
  })
  .meta({ id: 'ImportJob' });
export type TImportJob = z.infer<typeof ZImportJob>;

/**
 * The ETag of a version: it changes when the version is superseded (by a correction or a
 * review), so `If-Match` with the ETag a client read fails once someone changed the entry.
 */
export function versionEtag(version: { id: string; supersededById: string | null }): string {
  return version.supersededById ? `"${version.id}>${version.supersededById}"` : `"${version.id}"`;
}

/** Entries kept below a coordinator's level (a writer cleared lower would have changed a version above their clearance). */
export const ZReconciliationQueue = z
  .object({
    items: z.array(
      z.object({
        version: ZAccessStatusVersion,
        keptUpTo: ZSensitivity.describe(
          'the highest clearance level whose readers see this entry in their timeline',
        ),
      }),
    ),
  })
  .meta({ id: 'ReconciliationQueue' });
export const ZReconciliationInput = z
  .object({
    note: ZTrimmed().min(1, { error: 'say what you settled' }).max(NOTE_MAX_LENGTH),
  })
  .strict();
export const ZReconciliation = z
  .object({ versionId: ZUuid, level: ZSensitivity, note: z.string(), reconciledAt: ZTimestamp })
  .meta({ id: 'Reconciliation' });
