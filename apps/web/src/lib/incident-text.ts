import {
  CONSTRAINT_CATEGORIES,
  INCIDENT_IMPACT_LABELS,
  INCIDENT_SUB_TYPES,
  ORGANIZATION_TYPES,
  PERPETRATOR_LABELS,
  SECTOR_LABELS,
  type TIncidentImpact,
  type TPerpetratorCategory,
  type TSector,
} from '@access/contracts';

export { CATEGORY_SHORT } from './incident-categories';

/** An incident's codes in the words the contracts define for them (one vocabulary, one place). */
export const categoryLabel = (category: number) =>
  CONSTRAINT_CATEGORIES[category as keyof typeof CONSTRAINT_CATEGORIES] ?? `Category ${category}`;

export function subTypeLabel(category: number, subType: string): string {
  const subTypes = INCIDENT_SUB_TYPES[category as keyof typeof INCIDENT_SUB_TYPES] as
    | Record<string, string>
    | undefined;
  return subTypes?.[subType] ?? subType;
}

export const impactLabel = (impact: TIncidentImpact) => INCIDENT_IMPACT_LABELS[impact] ?? impact;
export const sectorLabel = (sector: TSector) => SECTOR_LABELS[sector] ?? sector;
export const perpetratorLabel = (perpetrator: TPerpetratorCategory) =>
  PERPETRATOR_LABELS[perpetrator] ?? perpetrator;
export const organizationTypeLabel = (code: number) =>
  ORGANIZATION_TYPES[code as keyof typeof ORGANIZATION_TYPES] ?? String(code);

/** The labels the incident form shows, by the API's field name (for the error summary). */
export const INCIDENT_LABELS: Record<string, string> = {
  organizationId: 'Recorded by',
  occurredOn: 'Date of the incident',
  occurredTime: 'Time (optional)',
  areaId: 'Area',
  category: 'Constraint category',
  subType: 'What happened',
  impacts: 'Impact on activities',
  sectors: 'Sectors affected',
  affectedOrganizationIds: 'Organisations affected',
  affectedOrganizationTypes: 'Types of organisation affected',
  peopleAffected: 'People affected',
  perpetrator: 'Perpetrator',
  description: 'Description',
  correctionNote: 'Correction note',
  sensitivity: 'Sensitivity',
  reviewState: 'Save as',
};

/** The form's fields in the order they appear, for the error summary. */
export const INCIDENT_FIELD_ORDER = [
  'organizationId',
  'occurredOn',
  'occurredTime',
  'areaId',
  'category',
  'subType',
  'impacts',
  'sectors',
  'affectedOrganizationIds',
  'affectedOrganizationTypes',
  'peopleAffected',
  'perpetrator',
  'description',
  'correctionNote',
  'sources',
  'sensitivity',
  'reviewState',
];

/** Sentences for the incident fields whose generic wording would not say what to do. */
export function incidentFieldText(field: string, value: unknown, fallback: string): string {
  const empty = value === '' || value === null || value === undefined;
  if (field === 'occurredOn')
    return empty
      ? 'Enter the day the incident happened, in “Date of the incident”.'
      : /after today/.test(fallback)
        ? 'The day in “Date of the incident” is after today: an incident is recorded once it has happened. Check the date.'
        : 'Enter “Date of the incident” as a full date: day, month and year.';
  if (field === 'occurredTime')
    return 'Enter the time as hours and minutes (HH:MM), or leave it empty.';
  if (field === 'category') return 'Choose the OCHA constraint category the incident falls under.';
  if (field === 'subType')
    return 'Choose what happened, under “What happened”, from the list of the chosen category.';
  if (field === 'description' && empty)
    return 'Say what happened, in “Description”: who, what, where, and what it stopped.';
  if (field === 'peopleAffected')
    return 'Enter the number of people affected as a whole number, or leave it empty if not known.';
  if (field === 'organizationId' && empty) return 'Choose the organisation recording the incident.';
  return fallback;
}

/** A translator of the catalogues' `codes` namespace (`useTranslations('codes')`, `getTranslations('codes')`). */
export interface CodesTranslator {
  (key: string): string;
  has(key: string): boolean;
}

/**
 * The incident vocabulary in the reader's language (catalogue namespace `codes`): the same
 * codes as above, their labels translated. A code the catalogue lacks shows as itself.
 */
export function incidentLabels(t: CodesTranslator) {
  const label = (key: string, fallback: string) => (t.has(key) ? t(key) : fallback);
  return {
    category: (category: number) => label(`category.${category}`, String(category)),
    categoryShort: (category: number) => label(`categoryShort.${category}`, String(category)),
    subType: (category: number, subType: string) =>
      label(`subType.${category}.${subType}`, subType),
    impact: (impact: TIncidentImpact) => label(`impact.${impact}`, impact),
    sector: (sector: TSector) => label(`sector.${sector}`, sector),
    perpetrator: (perpetrator: TPerpetratorCategory) =>
      label(`perpetrator.${perpetrator}`, perpetrator),
    organizationType: (code: number) => label(`organizationType.${code}`, String(code)),
  };
}
