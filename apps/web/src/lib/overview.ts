import { apiQuery, type DashboardFilters } from './filters';

const today = () => new Date().toISOString().slice(0, 10);

/**
 * The overview chart's query: from the first entry (unless a start is chosen) to today, or
 * to asOf when that is later, so the series holds the data and the day the page is about.
 */
export function seriesQuery(filters: DashboardFilters): URLSearchParams {
  const query = apiQuery(filters, { period: true });
  if (!filters.from) query.set('from', 'first');
  if (!filters.to) {
    const end = filters.asOf && filters.asOf > today() ? filters.asOf : today();
    query.set('to', end);
  }
  return query;
}
