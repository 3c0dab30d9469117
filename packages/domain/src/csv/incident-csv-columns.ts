/**
 * The columns of the incident CSV (issue 17), with their HXL hashtags, in the order the
 * export writes them; the import finds them by hashtag or by header name. Organisation and
 * area columns carry the names of the status report's, so the same references resolve them
 * (imports/resolve-references.ts). Multi-valued cells join their values as the status
 * report's do (joinMulti).
 */
export const INCIDENT_CSV_COLUMNS = [
  { key: 'incident_id', hxl: '#event+id' },
  { key: 'version_id', hxl: '#meta+id' },
  { key: 'organization_id', hxl: '#org+id' },
  { key: 'organization_name', hxl: '#org+name' },
  { key: 'organization_acronym', hxl: '#org+acronym' },
  { key: 'organization_iati_id', hxl: '#org+code+v_iati' },
  { key: 'occurred_on', hxl: '#date+occurred' },
  { key: 'occurred_time', hxl: '#date+occurred+time' },
  { key: 'area_id', hxl: '#loc+id' },
  { key: 'area_name', hxl: '#loc+name' },
  { key: 'area_kind', hxl: '#loc+type' },
  { key: 'area_pcode', hxl: '#loc+code+v_pcode' },
  { key: 'country_iso3', hxl: '#country+code+v_iso3' },
  { key: 'admin1_name', hxl: '#adm1+name' },
  { key: 'admin1_pcode', hxl: '#adm1+code+v_pcode' },
  { key: 'admin2_name', hxl: '#adm2+name' },
  { key: 'admin2_pcode', hxl: '#adm2+code+v_pcode' },
  { key: 'category', hxl: '#access+category+code' },
  { key: 'category_label', hxl: '#access+category+name' },
  { key: 'sub_type', hxl: '#event+type+code' },
  { key: 'sub_type_label', hxl: '#event+type+name' },
  { key: 'impacts', hxl: '#impact+code' },
  { key: 'impact_labels', hxl: '#impact+name' },
  { key: 'sectors', hxl: '#sector+code' },
  { key: 'affected_organization_ids', hxl: '#org+affected+id' },
  { key: 'affected_organizations', hxl: '#org+affected+name' },
  { key: 'affected_organization_types', hxl: '#org+affected+type+code' },
  { key: 'people_affected', hxl: '#affected+num' },
  { key: 'perpetrator', hxl: '#group+perpetrator+code' },
  { key: 'description', hxl: '#description' },
  { key: 'correction_note', hxl: '#description+correction' },
  { key: 'source_titles', hxl: '#meta+source' },
  { key: 'source_publishers', hxl: '#meta+source+publisher' },
  { key: 'source_urls', hxl: '#meta+source+url' },
  { key: 'source_dates', hxl: '#meta+source+date' },
  { key: 'sensitivity', hxl: '#meta+sensitivity' },
  { key: 'recorded_at', hxl: '#date+reported' },
  { key: 'recorded_by', hxl: '#contact+name' },
  { key: 'change_kind', hxl: '#meta+change' },
  { key: 'review_state', hxl: '#meta+review' },
] as const;

export type IncidentCsvKey = (typeof INCIDENT_CSV_COLUMNS)[number]['key'];

/** Columns people type, or that join what people typed: the ones the formula guard looks at. */
export const INCIDENT_FREE_TEXT = new Set<IncidentCsvKey>([
  'organization_name',
  'organization_acronym',
  'organization_iati_id',
  'area_name',
  'area_pcode',
  'country_iso3',
  'admin1_name',
  'admin1_pcode',
  'admin2_name',
  'admin2_pcode',
  'affected_organizations',
  'description',
  'correction_note',
  'source_titles',
  'source_publishers',
  'source_urls',
  'source_dates',
  'recorded_by',
]);
