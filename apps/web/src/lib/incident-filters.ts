import { z } from 'zod';
import { ZCursor, ZIsoDate, ZUuid } from '@access/contracts';
import { knownAtOf, type DashboardFilters, type SearchParams } from './filters';

/** The incident list's filters, from its URL: a value the API would refuse is dropped. */
export interface IncidentListFilters {
  areaId?: string;
  /** constraint categories, "1"…"9" */
  category: string[];
  from?: string;
  to?: string;
  cursor?: string;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) || undefined;
const single = <T extends z.ZodType>(schema: T) =>
  z.preprocess(first, schema.optional()).catch(undefined);

const ZIncidentListFilters = z.object({
  areaId: single(ZUuid),
  category: z
    .preprocess(
      (value) =>
        (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).filter(
          (code) => /^[1-9]$/.test(String(code)),
        ),
      z.array(z.string()),
    )
    .transform((codes) => [...new Set(codes)].sort()),
  from: single(ZIsoDate),
  to: single(ZIsoDate),
  cursor: single(ZCursor),
});

export function parseIncidentFilters(params: SearchParams): IncidentListFilters {
  return ZIncidentListFilters.parse(params);
}

/** The API query (`GET /api/incidents`) for these filters. */
export function incidentQuery(filters: IncidentListFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.areaId) query.set('areaId', filters.areaId);
  if (filters.category.length) query.set('category', filters.category.join(','));
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.cursor) query.set('cursor', filters.cursor);
  return query;
}

/** The list's own URL for these filters (the next page: with its cursor). */
export function incidentListHref(filters: IncidentListFilters, cursor?: string): string {
  const query = incidentQuery({ ...filters, cursor });
  const text = query.toString();
  return text ? `/incidents?${text}` : '/incidents';
}

/**
 * The incident counts' query (`GET /api/stats/incidents`) for the dashboard's filters: the
 * constraint categories become incident categories; statuses and "validated only" do not
 * apply to incidents (they are counted only once validated).
 */
export function incidentCountsQuery(filters: DashboardFilters): string {
  const query = new URLSearchParams();
  if (filters.areaId) query.set('areaId', filters.areaId);
  if (filters.organizationId) query.set('organizationId', filters.organizationId);
  if (filters.organizationType) query.set('organizationType', filters.organizationType);
  if (filters.constraintCategory.length)
    query.set('category', filters.constraintCategory.join(','));
  if (filters.from) query.set('from', filters.from);
  if (filters.to) query.set('to', filters.to);
  if (filters.asOf) query.set('asOf', filters.asOf);
  const knownAt = knownAtOf(filters);
  if (knownAt) query.set('knownAt', knownAt);
  return query.toString();
}
