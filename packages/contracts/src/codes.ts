// The vocabulary of the field (see DOMAIN.md): codes stay as the field writes them.

export const ACCESS_STATUSES = [
  'FULL',
  'CONSTRAINED',
  'PENDING',
  'DENIED',
  'SUSPENDED',
  'UNKNOWN',
] as const;
export type TAccessStatusCode = (typeof ACCESS_STATUSES)[number];

export const ACCESS_STATUS_LABELS: Record<TAccessStatusCode, string> = {
  FULL: 'Full access',
  CONSTRAINED: 'Constrained',
  PENDING: 'Pending',
  DENIED: 'Denied',
  SUSPENDED: 'Suspended',
  UNKNOWN: 'Unknown',
};

/** Higher is better access; UNKNOWN is an information gap and has no rank. */
export const ACCESS_STATUS_RANK: Record<TAccessStatusCode, number | null> = {
  FULL: 4,
  CONSTRAINED: 3,
  PENDING: 2,
  SUSPENDED: 1,
  DENIED: 0,
  UNKNOWN: null,
};

export const SENSITIVITIES = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const;
export type TSensitivity = (typeof SENSITIVITIES)[number];

export const REVIEW_STATES = ['DRAFT', 'SUBMITTED', 'VALIDATED', 'RETURNED'] as const;
export type TReviewState = (typeof REVIEW_STATES)[number];

export const CHANGE_KINDS = ['RECORD', 'CLOSE', 'CORRECTION', 'REVIEW'] as const;
export type TChangeKind = (typeof CHANGE_KINDS)[number];

export const AREA_KINDS = [
  'COUNTRY',
  'ADM1',
  'ADM2',
  'ADM3',
  'CORRIDOR',
  'CROSSING',
  'ENCLAVE',
  'CUSTOM',
] as const;

export const PARTY_KINDS = [
  'GOVERNMENT',
  'DE_FACTO_AUTHORITY',
  'NON_STATE_ARMED_GROUP',
  'INTERGOVERNMENTAL_BODY',
  'MILITARY',
  'OTHER',
] as const;

export const TERM_TYPES = [
  'HOST_STATE_CONSENT',
  'ALL_PARTIES_CONSENT',
  'UNSC_MANDATE',
  'AGREEMENT',
  'NOTIFICATION',
  'PERMIT',
  'ESCORT',
  'CONSIGNMENT_INSPECTION',
  'ENTRY_EXIT_MODALITIES',
  'REPORTING_OBLIGATION',
  'AREA_CONTROL',
  'OTHER',
] as const;
export type TTermType = (typeof TERM_TYPES)[number];

export const TERM_TYPE_LABELS: Record<TTermType, string> = {
  HOST_STATE_CONSENT: 'Consent of the host state',
  ALL_PARTIES_CONSENT: 'Consent of all parties',
  UNSC_MANDATE: 'UN Security Council mandate',
  AGREEMENT: 'Agreement or statement',
  NOTIFICATION: 'Notification',
  PERMIT: 'Permit',
  ESCORT: 'Escort',
  CONSIGNMENT_INSPECTION: 'Inspection of consignments',
  ENTRY_EXIT_MODALITIES: 'Entry/exit modalities',
  REPORTING_OBLIGATION: 'Reporting obligation',
  AREA_CONTROL: 'Area control',
  OTHER: 'Other',
};

/** OCHA access monitoring framework, as used by ACAPS. */
export const CONSTRAINT_CATEGORIES = {
  1: 'Denial of existence of humanitarian needs or entitlements to assistance',
  2: 'Restriction and obstruction of access to services and assistance',
  3: 'Impediments to enter the country (bureaucratic and administrative)',
  4: 'Restriction of movement within the country',
  5: 'Interference into implementation of humanitarian activities',
  6: 'Violence against humanitarian personnel, facilities and assets',
  7: 'Ongoing insecurity or hostilities affecting humanitarian assistance',
  8: 'Presence of mines and explosive hazards',
  9: 'Physical constraints in the environment',
} as const satisfies Record<number, string>;

/** ACAPS humanitarian access scale. */
export const SEVERITY_LABELS = {
  0: 'No constraints',
  1: 'Low',
  2: 'Moderate',
  3: 'High',
  4: 'Very high',
  5: 'Extreme constraints',
} as const satisfies Record<number, string>;

/** OCHA organisation-type codes. */
export const ORGANIZATION_TYPES = {
  431: 'Academic / Research',
  433: 'Donor',
  434: 'Embassy',
  435: 'Government',
  437: 'International NGO',
  438: 'International Organization',
  439: 'Media',
  440: 'Military',
  441: 'National NGO',
  443: 'Other',
  444: 'Private sector',
  445: 'Red Cross / Red Crescent Movement',
  446: 'Religious',
  447: 'United Nations',
} as const satisfies Record<number, string>;
export const ORGANIZATION_TYPE_CODES = Object.keys(ORGANIZATION_TYPES).map(Number);

export const ROLES = ['ADMIN', 'COORDINATOR', 'EDITOR', 'VIEWER'] as const;
export type TRole = (typeof ROLES)[number];

export const TRENDS = ['IMPROVED', 'DETERIORATED', 'STABLE', 'NEW', 'UNCLEAR'] as const;
export type TTrend = (typeof TRENDS)[number];

/** How a change moved access: the ACAPS "improved / stable / deteriorated", plus a first entry and changes to or from an information gap. */
export function trendOf(previous: TAccessStatusCode | null, current: TAccessStatusCode): TTrend {
  if (previous === null) return 'NEW';
  const before = ACCESS_STATUS_RANK[previous];
  const after = ACCESS_STATUS_RANK[current];
  if (previous === current) return 'STABLE';
  if (before === null || after === null) return 'UNCLEAR';
  return after > before ? 'IMPROVED' : after < before ? 'DETERIORATED' : 'STABLE';
}
