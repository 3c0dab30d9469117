import { z } from 'zod';
import {
  ZAccessStatusCode,
  ZConstraintCategory,
  ZIsoDate,
  ZOrganizationTypeFilter,
  ZQueryBoolean,
  ZTimeseriesQuery,
  ZUuid,
  type TAccessStatusCode,
} from '@access/contracts';

/** Dashboard URL parameters (every filter lives in the URL, so a link reproduces the view). */
export type SearchParams = Record<string, string | string[] | undefined>;

export interface DashboardFilters {
  areaId?: string;
  organizationId?: string;
  organizationType?: string;
  status: TAccessStatusCode[];
  /** OCHA constraint category codes, "1"…"9" */
  constraintCategory: string[];
  validatedOnly: boolean;
  asOf?: string;
  /** the view as the product knew it at the end of this day (UTC) */
  knownOn?: string;
  from?: string;
  to?: string;
  interval: 'day' | 'week' | 'month';
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) || undefined;
const list = (value: unknown) =>
  (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).filter(
    Boolean,
  );

/** One URL value read with the contracts' schema for it; a value the API would refuse is dropped. */
const single = <T extends z.ZodType>(schema: T) =>
  z.preprocess(first, schema.optional()).catch(undefined);

/** Every value of a list parameter the schema accepts; the others are dropped. */
const many = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess(list, z.array(z.unknown()))
    .transform((values) => [
      ...new Set(values.filter((value) => schema.safeParse(value).success).map(String)),
    ]);

/**
 * The dashboard's filters, each checked by the schema the API checks it with. The dashboard
 * picks one organisation type, and any statuses and constraint categories; the URL keeps
 * their codes as text.
 */
const ZDashboardFilters = z.object({
  areaId: single(ZUuid),
  organizationId: single(ZUuid),
  organizationType: single(ZOrganizationTypeFilter.transform(String)),
  status: many(ZAccessStatusCode).transform((values) => values as TAccessStatusCode[]),
  constraintCategory: many(z.coerce.number().pipe(ZConstraintCategory)),
  validatedOnly: single(ZQueryBoolean).transform(Boolean),
  asOf: single(ZIsoDate),
  knownOn: single(ZIsoDate),
  from: single(ZIsoDate),
  to: single(ZIsoDate),
  interval: z.preprocess(first, ZTimeseriesQuery.shape.interval).catch('month'),
});

/** Reads the filters, dropping any value the API would refuse, so a bad link shows the unfiltered view. */
export function parseFilters(params: SearchParams): DashboardFilters {
  return ZDashboardFilters.parse(params);
}

/** The API query for these filters; `include` picks the parameters an endpoint takes. */
export function apiQuery(
  filters: DashboardFilters,
  include: { asOf?: boolean; period?: boolean } = {},
): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.areaId) query.set('areaId', filters.areaId);
  if (filters.organizationId) query.set('organizationId', filters.organizationId);
  if (filters.organizationType) query.set('organizationType', filters.organizationType);
  if (filters.status.length) query.set('status', filters.status.join(','));
  if (filters.constraintCategory.length)
    query.set('constraintCategory', filters.constraintCategory.join(','));
  if (filters.validatedOnly) query.set('validatedOnly', 'true');
  if (filters.knownOn) query.set('knownAt', `${filters.knownOn}T23:59:59.999Z`);
  if (include.asOf && filters.asOf) query.set('asOf', filters.asOf);
  if (include.period) {
    if (filters.from) query.set('from', filters.from);
    if (filters.to) query.set('to', filters.to);
    query.set('interval', filters.interval);
  }
  return query;
}

/** The dashboard URL for these filters, e.g. to keep them when following a link. */
export function viewQuery(
  filters: DashboardFilters,
  overrides: Partial<DashboardFilters> = {},
): string {
  const merged = { ...filters, ...overrides };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (Array.isArray(value)) {
      if (value.length) query.set(key, value.join(','));
    } else if (typeof value === 'boolean') {
      if (value) query.set(key, 'true');
    } else if (value && !(key === 'interval' && value === 'month')) {
      query.set(key, value);
    }
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The end of the "as known on" day, as the API's knownAt. */
export function knownAtOf(filters: DashboardFilters): string | undefined {
  return filters.knownOn ? `${filters.knownOn}T23:59:59.999Z` : undefined;
}

/** YYYY-MM-DD `days` before (negative: after) `date`. */
export function daysBefore(date: string, days: number): string {
  const value = new Date(`${date}T00:00:00Z`);
  value.setUTCDate(value.getUTCDate() - days);
  return value.toISOString().slice(0, 10);
}

/** The filters of the overview's feed: changes in the 30 days up to asOf (or up to now / knownOn). */
export function changeWindow(filters: DashboardFilters): {
  query: URLSearchParams;
  /** how the window reads in a sentence, after "changes": its catalogue key (overview.period.*) and date */
  period: { key: 'effectiveUpTo' | 'recordedUpTo' | 'recordedLast30'; date: string };
} {
  const query = apiQuery(filters);
  if (filters.asOf) {
    query.set('effectiveFrom', daysBefore(filters.asOf, 29));
    query.set('effectiveTo', filters.asOf);
    return { query, period: { key: 'effectiveUpTo', date: filters.asOf } };
  }
  return {
    query,
    period: filters.knownOn
      ? { key: 'recordedUpTo', date: filters.knownOn }
      : { key: 'recordedLast30', date: '' },
  };
}

/** A request's query string as page search params (a repeated name keeps every value). */
export function searchParamsOf(query: URLSearchParams): SearchParams {
  const params: SearchParams = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name);
    params[name] = values.length > 1 ? values : values[0];
  }
  return params;
}
