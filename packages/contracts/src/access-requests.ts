import { z } from 'zod';
import {
  ZAccessSource,
  ZAccessSourceInput,
  ZAccessTerm,
  ZAccessTermInput,
  ZChangeKind,
  ZReviewState,
  ZSensitivity,
  ZWriteWarning,
} from './access-statuses';
import { ZDayHappened } from './incidents';
import { ZPartyKind } from './parties';
import {
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

/**
 * Requests for access and each party's consent (issue 16). A request is an identity (its
 * lead organisation) with append-only versions, like an incident; each party's position
 * on it is a step over valid time (from `statedOn` until that party's next position as the
 * reader sees it), bitemporal and reviewed like a status. The request's state is derived
 * from the positions of the parties whose consent it needs, never stored.
 */

export const ACCESS_REQUEST_KINDS = [
  'PRESENCE',
  'ASSESSMENT_MISSION',
  'FACT_FINDING_MISSION',
  'MOVEMENT',
  'DELIVERY',
  'PERSONNEL_VISAS',
  'OTHER',
] as const;
export type TAccessRequestKind = (typeof ACCESS_REQUEST_KINDS)[number];
export const ACCESS_REQUEST_KIND_LABELS: Record<TAccessRequestKind, string> = {
  PRESENCE: 'Presence',
  ASSESSMENT_MISSION: 'Assessment mission',
  FACT_FINDING_MISSION: 'Fact-finding mission',
  MOVEMENT: 'Movement',
  DELIVERY: 'Delivery',
  PERSONNEL_VISAS: 'Personnel visas or permits',
  OTHER: 'Other',
};

/**
 * A party's position on a request. WITHDRAWN: the party withdrew a consent it had given
 * (it counts as a refusal from that day). NO_RESPONSE: a reminder or a deadline passed
 * with no answer (the wait goes on).
 */
export const CONSENT_STANCES = [
  'REQUESTED',
  'GRANTED',
  'GRANTED_WITH_CONDITIONS',
  'REFUSED',
  'NO_RESPONSE',
  'WITHDRAWN',
] as const;
export type TConsentStance = (typeof CONSENT_STANCES)[number];
export const CONSENT_STANCE_LABELS: Record<TConsentStance, string> = {
  REQUESTED: 'Requested',
  GRANTED: 'Granted',
  GRANTED_WITH_CONDITIONS: 'Granted with conditions',
  REFUSED: 'Refused',
  NO_RESPONSE: 'No response',
  WITHDRAWN: 'Consent withdrawn',
};

/** The derived state of a request: all needed consents granted, any refused, or else pending. */
export const ACCESS_REQUEST_STATES = ['PENDING', 'GRANTED', 'REFUSED'] as const;
export type TAccessRequestState = (typeof ACCESS_REQUEST_STATES)[number];

export const ZAccessRequestKind = z.enum(ACCESS_REQUEST_KINDS);
export const ZConsentStance = z.enum(CONSENT_STANCES);
export const ZAccessRequestState = z.enum(ACCESS_REQUEST_STATES);

const ZReviewStateInput = z
  .enum(['DRAFT', 'SUBMITTED', 'VALIDATED'])
  .optional()
  .describe('editors may only choose DRAFT or SUBMITTED');

const periodRule = {
  check: (value: { periodFrom?: string | null; periodTo?: string | null }) =>
    !value.periodFrom || !value.periodTo || value.periodTo >= value.periodFrom,
  message: { error: 'must not be before periodFrom', path: ['periodTo'] },
};
const distinctPartiesRule = {
  check: (value: { neededPartyIds: string[] }) =>
    new Set(value.neededPartyIds).size === value.neededPartyIds.length,
  message: { error: 'names a party twice', path: ['neededPartyIds'] },
};

const requestFields = {
  otherOrganizationIds: z
    .array(ZUuid)
    .max(50)
    .default([])
    .describe('organisations requesting jointly with the lead organisation'),
  kind: ZAccessRequestKind,
  areaId: ZUuid,
  requestedOn: ZDayHappened('a request is recorded once it has been made').describe(
    'the day the request was first made',
  ),
  periodFrom: ZIsoDate.nullish().describe('first day of the access asked for, when stated'),
  periodTo: ZIsoDate.nullish().describe('last day of the access asked for, when stated'),
  purpose: ZText(NOTE_MAX_LENGTH).min(1, { error: 'say what the access is for' }),
  neededPartyIds: z
    .array(ZUuid)
    .min(1, { error: 'name at least one party whose consent (or mandate) is needed' })
    .max(20)
    .describe('the parties whose consent (or mandate) the request needs'),
  accessStatusVersionId: ZUuid.nullish().describe(
    'the access status version the request led to, when it did',
  ),
  sources: z.array(ZAccessSourceInput).max(50).default([]),
  sensitivity: ZSensitivity,
  reviewState: ZReviewStateInput,
};

export const ZAccessRequestCreate = z
  .object({
    organizationId: ZUuid.describe(
      'the lead requesting organisation (its editors keep the request)',
    ),
    ...requestFields,
  })
  .strict()
  .refine(periodRule.check, periodRule.message)
  .refine(distinctPartiesRule.check, distinctPartiesRule.message)
  .meta({ id: 'AccessRequestCreate' });
export type TAccessRequestCreate = z.infer<typeof ZAccessRequestCreate>;

export const ZAccessRequestCorrection = z
  .object({
    ...requestFields,
    correctionNote: ZText(NOTE_MAX_LENGTH).nullish().describe('what this correction fixes and why'),
  })
  .strict()
  .refine(periodRule.check, periodRule.message)
  .refine(distinctPartiesRule.check, distinctPartiesRule.message)
  .meta({ id: 'AccessRequestCorrection' });
export type TAccessRequestCorrection = z.infer<typeof ZAccessRequestCorrection>;

const conditionsRule = {
  check: (value: { stance: TConsentStance; conditions: unknown[] }) =>
    value.stance === 'GRANTED_WITH_CONDITIONS'
      ? value.conditions.length > 0
      : value.conditions.length === 0,
  message: {
    error: 'conditions go with GRANTED_WITH_CONDITIONS, which needs at least one',
    path: ['conditions'],
  },
};

const positionFields = {
  stance: ZConsentStance,
  statedOn: ZDayHappened('an answer is recorded once it has been given').describe(
    'the day the position was taken (asked, answered, withdrawn); it holds until the party’s next position',
  ),
  reason: ZText(NOTE_MAX_LENGTH)
    .nullish()
    .describe("the party's stated reason (a refusal, a withdrawal), or a note"),
  conditions: z
    .array(ZAccessTermInput)
    .max(50)
    .default([])
    .describe('the terms of a consent granted with conditions'),
  sources: z.array(ZAccessSourceInput).max(50).default([]),
  sensitivity: ZSensitivity,
  reviewState: ZReviewStateInput,
};

/** POST /api/access-requests/{id}/positions */
export const ZConsentPositionRecord = z
  .object({ partyId: ZUuid.describe('one of the parties the request needs'), ...positionFields })
  .strict()
  .refine(conditionsRule.check, conditionsRule.message)
  .meta({ id: 'ConsentPositionRecord' });
export type TConsentPositionRecord = z.infer<typeof ZConsentPositionRecord>;

export const ZConsentPositionCorrection = z
  .object({
    ...positionFields,
    correctionNote: ZText(NOTE_MAX_LENGTH).nullish().describe('what this correction fixes and why'),
  })
  .strict()
  .refine(conditionsRule.check, conditionsRule.message)
  .meta({ id: 'ConsentPositionCorrection' });
export type TConsentPositionCorrection = z.infer<typeof ZConsentPositionCorrection>;

const ZOrganizationRef = z.object({
  id: ZUuid,
  name: z.string(),
  acronym: z.string().nullable(),
  typeCode: z.number().int(),
});
export const ZPartyRef = z.object({
  id: ZUuid,
  name: z.string(),
  acronym: z.string().nullable(),
  kind: ZPartyKind,
});
const ZUserRef = z.object({ id: ZUuid, displayName: z.string() });

const versionFields = {
  sensitivity: ZSensitivity,
  reviewState: ZReviewState,
  reviewNote: z.string().nullable(),
  changeKind: ZChangeKind,
  correctionNote: z.string().nullable(),
  recordedAt: ZTimestamp,
  recordedBy: ZUserRef,
  supersedesId: ZUuid.nullable().describe('the version it replaced, as you see it'),
  supersededById: ZUuid.nullable().describe('the version that replaced it, as you see it'),
  proposal: z
    .boolean()
    .describe("true for an editor's proposal (draft, submitted or returned): not counted"),
  targetId: ZUuid.nullable().describe("a proposed correction's validated version"),
  warnings: z.array(ZWriteWarning).optional(),
};

/** One version of what was believed about a request (not its state: see ZAccessRequest). */
export const ZAccessRequestVersion = z
  .object({
    id: ZUuid.describe('this version'),
    requestId: ZUuid,
    organization: ZOrganizationRef.describe('the lead requesting organisation'),
    otherOrganizations: z.array(ZOrganizationRef),
    kind: ZAccessRequestKind,
    area: z.object({ id: ZUuid, name: z.string(), kind: z.string(), pcode: z.string().nullable() }),
    requestedOn: ZIsoDate,
    periodFrom: ZIsoDate.nullable(),
    periodTo: ZIsoDate.nullable(),
    purpose: z.string(),
    neededParties: z.array(ZPartyRef),
    accessStatusVersionId: ZUuid.nullable().describe(
      'the access status version it led to (null also when you may not see that version)',
    ),
    sources: z.array(ZAccessSource),
    ...versionFields,
  })
  .meta({ id: 'AccessRequestVersion' });
export type TAccessRequestVersion = z.infer<typeof ZAccessRequestVersion>;

/** One version of a party's position on a request. */
export const ZConsentPositionVersion = z
  .object({
    id: ZUuid.describe('this version'),
    positionId: ZUuid.describe('the position (a party, a day) that its versions correct'),
    requestId: ZUuid,
    party: ZPartyRef,
    stance: ZConsentStance,
    statedOn: ZIsoDate,
    until: ZIsoDate.nullable().describe(
      "the day the party's next position you may see took over (null: it still holds)",
    ),
    reason: z.string().nullable(),
    conditions: z.array(ZAccessTerm),
    sources: z.array(ZAccessSource),
    ...versionFields,
  })
  .meta({ id: 'ConsentPositionVersion' });
export type TConsentPositionVersion = z.infer<typeof ZConsentPositionVersion>;

/** Where one needed party stands on `asOf`, derived from its positions as you see them. */
export const ZPartyConsent = z.object({
  party: ZPartyRef,
  stance: ZConsentStance.nullable().describe('its position on asOf (null: none recorded yet)'),
  since: ZIsoDate.nullable().describe('the day that position was taken'),
  positionVersionId: ZUuid.nullable(),
  conditions: z.array(ZAccessTerm),
  waitingSince: ZIsoDate.nullable().describe(
    'while it has not answered: the day it was first asked since its last answer (null when answered or never asked)',
  ),
  daysWaited: z
    .number()
    .int()
    .nullable()
    .describe('whole days from waitingSince to asOf (null when not waiting)'),
});
export type TPartyConsent = z.infer<typeof ZPartyConsent>;

/** A request as it stood on `asOf`, as known at `knownAt`: its current version, its derived state and each party's consent. */
export const ZAccessRequest = z
  .object({
    request: ZAccessRequestVersion,
    state: ZAccessRequestState,
    consents: z.array(ZPartyConsent).describe('one per needed party, in the order named'),
    daysWaited: z
      .number()
      .int()
      .nullable()
      .describe('while pending: the longest wait among the parties not yet answered'),
  })
  .meta({ id: 'AccessRequest' });
export type TAccessRequest = z.infer<typeof ZAccessRequest>;

/** Filters shared by the list, the consent board and the CSV export. */
export const ZAccessRequestFilters = z.object({
  organizationId: queryList(ZUuid).describe('requested by (lead or joint) these organisations'),
  areaId: ZUuid.optional().describe('an area and everything beneath it'),
  kind: queryList(ZAccessRequestKind),
  state: queryList(ZAccessRequestState).describe('derived state on asOf'),
  partyId: queryList(ZUuid).describe('needing the consent of these parties'),
  waitingOn: queryList(ZUuid).describe(
    'pending requests still waiting for an answer from these parties on asOf',
  ),
  asOf: ZIsoDate.optional().describe('positions as they stood on that day; default today'),
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});
export type TAccessRequestFilters = z.infer<typeof ZAccessRequestFilters>;

export const ZAccessRequestListQuery = ZAccessRequestFilters.extend({
  includeProposals: ZQueryBoolean.optional().describe(
    "also the request proposals you may see that wait for review (an editor: their organisation's), marked `proposal: true`, each with the state its request's validated positions give it: they head the first page (no cursor) of a read as known now (no knownAt), at most 100, outside `limit`",
  ),
  limit: ZLimit,
  cursor: ZCursor,
});
export type TAccessRequestListQuery = z.infer<typeof ZAccessRequestListQuery>;

export const ZAccessRequestPage = z.object({
  asOf: ZIsoDate,
  knownAt: ZTimestamp,
  items: z.array(ZAccessRequest).describe('most recently requested first'),
  nextCursor: z.string().nullable(),
});

export const ZAccessRequestGetQuery = z.object({
  asOf: ZIsoDate.optional().describe('positions as they stood on that day; default today'),
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});
export type TAccessRequestGetQuery = z.infer<typeof ZAccessRequestGetQuery>;

/** GET /api/access-requests/{id}: the request, and every party's positions as known (its timeline). */
export const ZAccessRequestDetail = ZAccessRequest.extend({
  asOf: ZIsoDate,
  knownAt: ZTimestamp,
  positions: z
    .array(ZConsentPositionVersion)
    .describe("each party's positions as known at knownAt (all days), by party then statedOn"),
});
export type TAccessRequestDetail = z.infer<typeof ZAccessRequestDetail>;

export const ZAccessRequestHistoryQuery = z.object({
  includeProposals: ZQueryBoolean.optional().describe(
    'also the proposals of this request and its positions you may see',
  ),
});
export const ZAccessRequestHistory = z.object({
  versions: z.array(ZAccessRequestVersion).describe("the request's versions, oldest first"),
  positions: z
    .array(ZConsentPositionVersion)
    .describe('every version of every position, oldest recorded first'),
});
export type TAccessRequestHistory = z.infer<typeof ZAccessRequestHistory>;

export const ZAccessRequestReview = z
  .object({ note: ZTrimmed().max(NOTE_MAX_LENGTH).nullish() })
  .strict()
  .describe('required (non-empty) to return a proposal');

/** GET /api/access-requests/consent-board: who waits on whom, since when, worst waits first. */
export const ZConsentBoardQuery = ZAccessRequestFilters.omit({ state: true }).extend({
  limit: ZLimit,
  cursor: ZCursor,
});
export type TConsentBoardQuery = z.infer<typeof ZConsentBoardQuery>;

export const ZConsentBoardItem = z.object({
  requestId: ZUuid,
  versionId: ZUuid.describe("the request's current version"),
  kind: ZAccessRequestKind,
  purpose: z.string(),
  organization: ZOrganizationRef,
  area: z.object({ id: ZUuid, name: z.string() }),
  requestedOn: ZIsoDate,
  party: ZPartyRef,
  stance: ZConsentStance.nullable().describe('REQUESTED or NO_RESPONSE; null: never asked'),
  waitingSince: ZIsoDate.nullable(),
  daysWaited: z.number().int().nullable(),
});
export type TConsentBoardItem = z.infer<typeof ZConsentBoardItem>;

export const ZConsentBoard = z.object({
  asOf: ZIsoDate,
  knownAt: ZTimestamp,
  items: z
    .array(ZConsentBoardItem)
    .describe(
      'one per pending request and party not yet answered; longest wait first (never asked last)',
    ),
  nextCursor: z.string().nullable(),
});
export type TConsentBoard = z.infer<typeof ZConsentBoard>;

/** GET /api/access-requests/party-figures */
export const ZPartyFiguresQuery = z.object({
  from: ZIsoDate.optional().describe(
    'answers stated on or after this day; default a year before `to`',
  ),
  to: ZIsoDate.optional().describe('answers stated on or before this day; default today'),
  partyId: queryList(ZUuid),
  knownAt: ZTimestamp.optional().describe('as the product knew it at that instant; default now'),
});
export type TPartyFiguresQuery = z.infer<typeof ZPartyFiguresQuery>;

export const ZPartyFigures = z.object({
  party: ZPartyRef,
  requests: z
    .number()
    .int()
    .describe(
      'requests (you may see) needing its consent on which it took a position in the period, or still waiting on it on `to`',
    ),
  answered: z
    .number()
    .int()
    .describe('answers it gave in the period (granted, with conditions, refused, withdrawn)'),
  granted: z.number().int(),
  refused: z.number().int().describe('refusals and withdrawals'),
  refusalRate: z.number().nullable().describe('refused / answered (null: no answer)'),
  medianDaysToAnswer: z
    .number()
    .nullable()
    .describe('median days from being asked to answering, over the answers in the period'),
  waitingNow: z.number().int().describe('requests still waiting on it on `to`'),
});
export type TPartyFigures = z.infer<typeof ZPartyFigures>;

export const ZPartyFiguresAnswer = z.object({
  from: ZIsoDate,
  to: ZIsoDate,
  knownAt: ZTimestamp,
  items: z
    .array(ZPartyFigures)
    .describe('parties with a request in the period, most waiting first'),
});
export type TPartyFiguresAnswer = z.infer<typeof ZPartyFiguresAnswer>;

/** GET /api/exports/access-requests.csv */
export const ZAccessRequestExportQuery = ZAccessRequestFilters.extend({
  hxl: ZQueryBoolean.default(true).describe(
    'add the HXL hashtag row under the header (default true)',
  ),
  bom: ZQueryBoolean.default(false).describe('start with a UTF-8 byte-order mark, for Excel'),
});
export type TAccessRequestExportQuery = z.infer<typeof ZAccessRequestExportQuery>;

export const ZAccessRequestImportQuery = z.object({
  dryRun: ZQueryBoolean.default(true).describe(
    'check every row and report what would change, writing nothing (default); false applies all rows or none',
  ),
});

const ZRowAction = z.enum(['NEW', 'CORRECTION', 'UNCHANGED']);

export const ZAccessRequestImportReport = z
  .object({
    filename: z.string(),
    dryRun: z.boolean(),
    applied: z.boolean(),
    rows: z.number().int(),
    hxlRow: z.number().int().nullable(),
    summary: z.object({
      newRequests: z.number().int(),
      newPositions: z.number().int(),
      corrections: z
        .number()
        .int()
        .describe('new versions of requests and positions the file changes (never new requests)'),
      unchanged: z.number().int().describe('rows that change nothing'),
      errors: z.number().int(),
    }),
    errors: z.array(z.object({ row: z.number().int(), field: z.string(), message: z.string() })),
    changes: z
      .array(
        z.object({
          row: z.number().int(),
          request: ZRowAction.describe(
            "NEW: a new request (rows of the same organisation, kind, area, day and purpose make one); CORRECTION: a new version of the row's request (its first row that changes it); UNCHANGED",
          ),
          position: ZRowAction.nullable().describe(
            "what the row does to its party's position (null: the row states none)",
          ),
          requestId: ZUuid.nullable().describe('the request the row matched (null: a new one)'),
        }),
      )
      .describe(
        'per valid row, what applying the file does (the same in a dry run); a request is matched by request_id, else by its organisation, kind, area, day requested and purpose',
      ),
  })
  .meta({ id: 'AccessRequestImportReport' });
export type TAccessRequestImportReport = z.infer<typeof ZAccessRequestImportReport>;

/** GET /api/access-requests/review-queue */
export const ZRequestReviewQueueQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const ZRequestReviewQueueItem = z
  .object({
    kind: z
      .enum(['request', 'position'])
      .describe("what the proposal is: a request (`request`) or a party's position (`position`)"),
    request: ZAccessRequestVersion.describe(
      'for `request`, the proposal itself; for `position`, the request as you see it now',
    ),
    position: ZConsentPositionVersion.nullable().describe('for `position`, the proposal'),
    current: ZAccessRequestVersion.nullable().describe(
      'the validated request version a request correction would replace',
    ),
    currentPosition: ZConsentPositionVersion.nullable().describe(
      'the validated position version a position correction would replace',
    ),
    waitingDays: z.number().int(),
  })
  .meta({ id: 'RequestReviewQueueItem' });
export const ZRequestReviewQueue = z.object({
  items: z.array(ZRequestReviewQueueItem),
  truncated: z.boolean(),
});
export type TRequestReviewQueue = z.infer<typeof ZRequestReviewQueue>;
