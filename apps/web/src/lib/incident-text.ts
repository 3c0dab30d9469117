import type { TIncidentImpact, TPerpetratorCategory, TSector } from '@access/contracts';

/**
 * An incident's words: the incident form's labels and sentences (catalogue namespace
 * `incidentForm`) and its codes' labels (namespace `codes`), in the reader's language.
 */

/** A translator of the catalogues' `incidentForm` namespace (`useTranslations('incidentForm')`). */
export type IncidentFormTranslator = (key: string) => string;

/** The fields the incident form labels (keys of `incidentForm.label`), for the error summary. */
const LABELLED_FIELDS = [
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
  'sensitivity',
  'reviewState',
];

/** The labels the incident form shows, by the API's field name (for the error summary). */
export const incidentFormLabels = (t: IncidentFormTranslator): Record<string, string> =>
  Object.fromEntries(LABELLED_FIELDS.map((field) => [field, t(`label.${field}`)]));

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
export function incidentFieldText(
  t: IncidentFormTranslator,
  field: string,
  value: unknown,
  fallback: string,
  /** the API's or the check's own message, which tells a day in the future from a malformed one */
  message = fallback,
): string {
  const empty = value === '' || value === null || value === undefined;
  if (field === 'occurredOn')
    return empty
      ? t('problem.occurredOnEmpty')
      : /after today/.test(message)
        ? t('problem.occurredOnFuture')
        : t('problem.occurredOnFormat');
  if (field === 'occurredTime') return t('problem.occurredTime');
  if (field === 'category') return t('problem.category');
  if (field === 'subType') return t('problem.subType');
  if (field === 'description' && empty) return t('problem.description');
  if (field === 'peopleAffected') return t('problem.peopleAffected');
  if (field === 'organizationId' && empty) return t('problem.organizationId');
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
