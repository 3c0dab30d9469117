// The vocabulary of access incidents (OCHA's access monitoring and reporting framework;
// see DOMAIN.md, "Beyond the status"). Defined once: the API, the import, the CSV and the
// dashboard take their codes and English labels from here; the database stores the codes.

import type { CONSTRAINT_CATEGORIES } from './codes';

/**
 * Sub-types of each constraint category, by code within the category (the pair is the
 * key: every category has its own OTHER). Codes are stored as written here.
 */
export const INCIDENT_SUB_TYPES = {
  1: {
    NEEDS_DENIED: 'Existence of humanitarian needs denied',
    ENTITLEMENT_DENIED: 'Entitlement to assistance denied',
    OTHER: 'Other denial of needs or entitlements',
  },
  2: {
    PEOPLE_PREVENTED: 'Affected people prevented from reaching services or assistance',
    SERVICES_OBSTRUCTED: 'Services or assistance obstructed or withheld',
    OTHER: 'Other restriction of access to services',
  },
  3: {
    VISA_REFUSED_OR_DELAYED: 'Visas or work permits refused or delayed',
    REGISTRATION_REFUSED_OR_DELAYED: 'Registration of the organisation refused or delayed',
    IMPORT_RESTRICTED: 'Import of relief goods or equipment restricted',
    OTHER: 'Other impediment to enter the country',
  },
  4: {
    CHECKPOINT: 'Stopped or delayed at a checkpoint',
    ROAD_CLOSED: 'Road blocked or closed',
    MOVEMENT_PERMIT_REFUSED: 'Movement permit or notification refused or delayed',
    MOVEMENT_DENIED: 'Movement denied by authorities or armed actors',
    OTHER: 'Other restriction of movement',
  },
  5: {
    AID_DIVERTED: 'Aid diverted or confiscated',
    BENEFICIARY_SELECTION: 'Interference in the selection of beneficiaries',
    STAFF_RECRUITMENT: 'Interference in staff recruitment',
    ACTIVITIES_ORDERED_TO_STOP: 'Activities ordered to stop or change',
    OTHER: 'Other interference in implementation',
  },
  6: {
    STAFF_KILLED: 'Staff killed',
    STAFF_INJURED: 'Staff injured',
    STAFF_ABDUCTED: 'Staff abducted',
    STAFF_DETAINED: 'Staff arrested or detained',
    STAFF_THREATENED: 'Staff threatened or intimidated',
    ASSETS_LOOTED: 'Assets looted, stolen or seized',
    PREMISES_ATTACKED: 'Premises attacked, occupied or damaged',
    OTHER: 'Other violence against personnel, facilities or assets',
  },
  7: {
    ARMED_CLASHES: 'Armed clashes or fighting',
    AIR_STRIKES_OR_SHELLING: 'Air strikes or shelling',
    CIVIL_UNREST: 'Civil unrest or demonstrations',
    OTHER: 'Other insecurity or hostilities',
  },
  8: {
    MINES_OR_ERW: 'Mines or explosive remnants of war',
    IED: 'Improvised explosive devices',
    OTHER: 'Other explosive hazard',
  },
  9: {
    TERRAIN_OR_WEATHER: 'Terrain, weather or climate',
    INFRASTRUCTURE: 'Damaged or missing roads, bridges or infrastructure',
    LOGISTICS: 'Lack of fuel or means of transport',
    OTHER: 'Other physical constraint',
  },
} as const satisfies Record<keyof typeof CONSTRAINT_CATEGORIES, Record<string, string>>;

/** Whether `subType` is a sub-type of `category`. */
export function isIncidentSubType(category: number, subType: string): boolean {
  const subTypes = (INCIDENT_SUB_TYPES as Record<number, Record<string, string>>)[category];
  return subTypes !== undefined && Object.hasOwn(subTypes, subType);
}

export const INCIDENT_IMPACTS = [
  'DELAYED',
  'SUSPENDED',
  'CANCELLED',
  'STAFF_RELOCATED',
  'ASSETS_LOST',
  'OTHER',
] as const;
export type TIncidentImpact = (typeof INCIDENT_IMPACTS)[number];

export const INCIDENT_IMPACT_LABELS: Record<TIncidentImpact, string> = {
  DELAYED: 'Activities delayed',
  SUSPENDED: 'Activities suspended',
  CANCELLED: 'Activities cancelled',
  STAFF_RELOCATED: 'Staff relocated',
  ASSETS_LOST: 'Assets lost',
  OTHER: 'Other impact',
};

/** IASC global clusters (HXL #sector codes; the database writes `-` as `_`). */
export const SECTORS = [
  'CCCM',
  'CSS',
  'EDU',
  'ERY',
  'FSC',
  'HEA',
  'LOG',
  'NUT',
  'PRO',
  'PRO_CPN',
  'PRO_GBV',
  'PRO_HLP',
  'PRO_MIN',
  'SHL',
  'TEL',
  'WSH',
] as const;
export type TSector = (typeof SECTORS)[number];

export const SECTOR_LABELS: Record<TSector, string> = {
  CCCM: 'Camp coordination and camp management',
  CSS: 'Coordination and common services',
  EDU: 'Education',
  ERY: 'Early recovery',
  FSC: 'Food security',
  HEA: 'Health',
  LOG: 'Logistics',
  NUT: 'Nutrition',
  PRO: 'Protection',
  PRO_CPN: 'Child protection',
  PRO_GBV: 'Gender-based violence',
  PRO_HLP: 'Housing, land and property',
  PRO_MIN: 'Mine action',
  SHL: 'Shelter',
  TEL: 'Emergency telecommunications',
  WSH: 'Water, sanitation and hygiene',
};

export const PERPETRATOR_CATEGORIES = [
  'STATE_AUTHORITIES',
  'STATE_SECURITY_FORCES',
  'DE_FACTO_AUTHORITIES',
  'NON_STATE_ARMED_GROUP',
  'CRIMINALS',
  'COMMUNITY_MEMBERS',
  'OTHER',
  'UNKNOWN',
] as const;
export type TPerpetratorCategory = (typeof PERPETRATOR_CATEGORIES)[number];

export const PERPETRATOR_LABELS: Record<TPerpetratorCategory, string> = {
  STATE_AUTHORITIES: 'State civilian authorities',
  STATE_SECURITY_FORCES: 'State armed or security forces',
  DE_FACTO_AUTHORITIES: 'De facto authorities',
  NON_STATE_ARMED_GROUP: 'Non-state armed group',
  CRIMINALS: 'Criminals',
  COMMUNITY_MEMBERS: 'Community members or civilians',
  OTHER: 'Other',
  UNKNOWN: 'Unknown',
};
