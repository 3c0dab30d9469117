import type { Metadata } from 'next';
import { api, requireUser } from '@/lib/api';
import { apiQuery, parseFilters, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { AccessOverTime } from '@/components/charts/access-over-time';
import { StatusBadge } from '@/components/charts/status-patterns';
import { ChangeFeed } from '@/components/change-feed';
import { FilterForm } from '@/components/filter-form';
import { MatrixHeatmap, MAX_COLUMNS, MAX_ROWS } from '@/components/matrix-heatmap';
import { ExportLinks } from '@/components/export-link';
import { ACCESS_STATUSES } from '@access/contracts';

export const metadata: Metadata = { title: 'Overview' };

function withParams(params: URLSearchParams, extra: Record<string, string>): URLSearchParams {
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  return params;
}

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  await requireUser();
  const filters = parseFilters(await searchParams);
  const locale = await userLocale();
  const since = new Date(Date.now() - 30 * 86_400_000).toISOString();
  const changeQuery = apiQuery(filters);
  changeQuery.delete('knownAt');
  changeQuery.set('since', since);
  changeQuery.set('limit', '500');
  const [matrix, series, changes, areas, organizations] = await Promise.all([
    api.matrix(
      withParams(apiQuery(filters, { asOf: true }), {
        maxOrganizations: String(MAX_ROWS),
        maxAreas: String(MAX_COLUMNS),
      }),
    ),
    api.timeseries(apiQuery(filters, { period: true })),
    api.changes(changeQuery),
    api.areas(),
    api.organizations(),
  ]);

  const { blockedAreas, reachingOrganizations } = matrix.totals;
  const improvements = changes.items.filter((change) => change.trend === 'IMPROVED').length;
  const deteriorations = changes.items.filter((change) => change.trend === 'DETERIORATED').length;
  const more = changes.nextCursor ? '+' : '';
  const statusCounts = ACCESS_STATUSES.map(
    (status) => [status, matrix.totals.byStatus[status]] as const,
  ).filter(([, n]) => n > 0);

  return (
    <>
      <h1>
        Access on <time dateTime={matrix.asOf}>{formatDate(matrix.asOf, locale)}</time>
        {filters.knownOn && (
          <span className="muted">
            {' '}
            as known on{' '}
            <time dateTime={filters.knownOn}>{formatDate(filters.knownOn, locale)}</time>
          </span>
        )}
      </h1>
      <FilterForm
        action="/"
        filters={filters}
        areas={areas.items}
        organizations={organizations.items}
      />
      <ExportLinks filters={filters} />
      <section className="figures" aria-label="Headline figures">
        <div className="figure">
          <div className="value">{blockedAreas}</div>
          <div className="label">
            {blockedAreas === 1 ? 'area' : 'areas'} where an organisation is denied or suspended
          </div>
        </div>
        <div className="figure">
          <div className="value">{reachingOrganizations}</div>
          <div className="label">
            {reachingOrganizations === 1 ? 'organisation' : 'organisations'} with full or
            constrained access
          </div>
        </div>
        <div className="figure">
          <div className="value">
            {changes.items.length}
            {more}
          </div>
          <div className="label">
            {changes.items.length === 1 ? 'change' : 'changes'} recorded in the last 30 days
          </div>
        </div>
        <div className="figure">
          <div className="value">
            <span className="trend-IMPROVED">
              <span aria-hidden="true">▲</span> {improvements}
            </span>{' '}
            <span className="trend-DETERIORATED">
              <span aria-hidden="true">▼</span> {deteriorations}
            </span>
          </div>
          <div className="label">
            {improvements} improvements, {deteriorations} deteriorations (30 days)
          </div>
        </div>
      </section>
      <div className="grid two">
        <div>
          <section className="panel">
            <AccessOverTime series={series} locale={locale} />
          </section>
          <section className="panel" aria-labelledby="matrix-title">
            <h2 id="matrix-title">Who can reach which area</h2>
            {statusCounts.length > 0 && (
              // biome-ignore lint/a11y/useSemanticElements: a labelled group of legend entries, not a form
              <div className="legend" role="group" aria-label="Legend">
                {statusCounts.map(([status, n]) => (
                  <span key={status}>
                    <StatusBadge status={status} /> ({n})
                  </span>
                ))}
              </div>
            )}
            <MatrixHeatmap matrix={matrix} />
          </section>
        </div>
        <section className="panel" aria-labelledby="feed-title">
          <h2 id="feed-title">Recent changes</h2>
          <ChangeFeed changes={changes.items.slice(0, 25)} locale={locale} />
        </section>
      </div>
    </>
  );
}
