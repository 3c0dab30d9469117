import type { Metadata } from 'next';
import Link from 'next/link';
import { api, orNotFound, requireUser } from '@/lib/api';
import {
  apiQuery,
  changeWindow,
  knownAtOf,
  parseFilters,
  viewQuery,
  type SearchParams,
} from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { seriesQuery } from '@/lib/overview';
import { incidentCountsQuery } from '@/lib/incident-filters';
import { AccessOverTimeLazy } from '@/components/charts/access-over-time-lazy';
import { IncidentChartLazy } from '@/components/charts/incident-chart-lazy';
import { StatusBadge } from '@/components/charts/status-patterns';
import { AreaRanking } from '@/components/area-ranking';
import { ChangeFeed } from '@/components/change-feed';
import { FilterForm } from '@/components/filter-form';
import { MatrixHeatmap, MAX_COLUMNS, MAX_ROWS } from '@/components/matrix-heatmap';
import { ExportLinks } from '@/components/export-link';
import { ACCESS_STATUSES } from '@access/contracts';

export const metadata: Metadata = { title: 'Overview: where access is worst, and what changed' };

/** Changes listed on the page; the figures count up to the API's page of 500. */
const FEED_SHOWN = 15;

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  await requireUser();
  const filters = parseFilters(await searchParams);
  const locale = await userLocale();
  const format = (iso: string) => formatDate(iso, locale);
  const changeView = changeWindow(filters);
  changeView.query.set('limit', '500');
  const matrixQuery = apiQuery(filters, { asOf: true });
  matrixQuery.set('maxOrganizations', String(MAX_ROWS));
  matrixQuery.set('maxAreas', String(MAX_COLUMNS));
  matrixQuery.set('order', 'worst');
  const rankingQuery = apiQuery(filters, { asOf: true });
  rankingQuery.set('limit', '10');
  const [matrix, ranking, series, changes, area, organization] = await Promise.all([
    api.matrix(matrixQuery),
    api.areaRanking(rankingQuery),
    api.timeseries(seriesQuery(filters)),
    api.changes(changeView.query),
    filters.areaId ? orNotFound(api.area(filters.areaId)) : null,
    filters.organizationId ? orNotFound(api.organization(filters.organizationId)) : null,
  ]);

  const { blockedAreas, reachingOrganizations } = matrix.totals;
  const improvements = changes.items.filter((change) => change.trend === 'IMPROVED').length;
  const deteriorations = changes.items.filter((change) => change.trend === 'DETERIORATED').length;
  const more = changes.nextCursor ? '+' : '';
  const statusCounts = ACCESS_STATUSES.map(
    (status) => [status, matrix.totals.byStatus[status]] as const,
  ).filter(([, n]) => n > 0);
  const view = (overrides: Parameters<typeof viewQuery>[1]) => viewQuery(filters, overrides);
  const changesText = changeView.describe(format);
  const download = viewQuery(filters);

  return (
    <>
      <h1>
        Access on <time dateTime={matrix.asOf}>{format(matrix.asOf)}</time>
        {filters.knownOn && (
          <span className="muted">
            {' '}
            as known on <time dateTime={filters.knownOn}>{format(filters.knownOn)}</time>
          </span>
        )}
      </h1>
      <FilterForm
        action="/"
        filters={filters}
        selected={{ area, organization }}
        showOrganization
        locale={locale}
      />
      <section className="figures" aria-label="Headline figures">
        <Link className="figure" href={`/${view({ status: ['DENIED', 'SUSPENDED'] })}#ranking`}>
          <span className="value">{blockedAreas}</span>
          <span className="label">
            {blockedAreas === 1 ? 'area' : 'areas'} where an organisation is denied or suspended
          </span>
        </Link>
        <Link className="figure" href={`/${view({ status: ['FULL', 'CONSTRAINED'] })}#matrix`}>
          <span className="value">{reachingOrganizations}</span>
          <span className="label">
            {reachingOrganizations === 1 ? 'organisation' : 'organisations'} with full or
            constrained access
          </span>
        </Link>
        <a className="figure" href="#changes">
          <span className="value">
            {changes.items.length}
            {more}
          </span>
          <span className="label">
            {changes.items.length === 1 ? 'change' : 'changes'} {changesText}
          </span>
        </a>
        <a className="figure" href="#changes">
          <span className="value">
            <span className="trend-IMPROVED">
              <span aria-hidden="true">▲</span> {improvements}
            </span>{' '}
            <span className="trend-DETERIORATED">
              <span aria-hidden="true">▼</span> {deteriorations}
            </span>
          </span>
          <span className="label">
            {improvements} {improvements === 1 ? 'improvement' : 'improvements'}, {deteriorations}{' '}
            {deteriorations === 1 ? 'deterioration' : 'deteriorations'} among them
          </span>
        </a>
      </section>
      <div className="grid two overview">
        <section className="panel" id="ranking" aria-labelledby="ranking-title">
          <h2 id="ranking-title">Where access is worst</h2>
          <p className="muted small">
            On {format(ranking.asOf)}: organisations denied or suspended, then severity, then
            constraint categories; trends against {format(ranking.comparedWith.days30)} and{' '}
            {format(ranking.comparedWith.days90)}.
          </p>
          <AreaRanking
            ranking={ranking}
            viewQuery={viewQuery(filters, { areaId: undefined, organizationId: undefined })}
          />
        </section>
        <section className="panel" id="changes" aria-labelledby="feed-title">
          <div className="panel-title">
            <h2 id="feed-title">What changed</h2>
            <a className="button secondary" href={`/downloads/changes.csv${download}`} download>
              Download CSV
            </a>
          </div>
          <p className="muted small">
            Changes {changesText}
            {changes.items.length > FEED_SHOWN
              ? `, the latest ${FEED_SHOWN} of ${changes.items.length}${more}`
              : ''}
            .
          </p>
          <ChangeFeed
            changes={changes.items.slice(0, FEED_SHOWN)}
            locale={locale}
            knownOn={filters.knownOn}
          />
        </section>
      </div>
      <section className="panel">
        <AccessOverTimeLazy
          series={series}
          locale={locale}
          asOf={matrix.asOf}
          csvHref={`/downloads/access-over-time.csv${download}`}
        />
      </section>
      <section className="panel" id="incidents">
        <IncidentChartLazy
          query={incidentCountsQuery(filters)}
          locale={locale}
          asOf={filters.asOf}
          bounded={Boolean(filters.from || filters.to)}
        />
      </section>
      <section className="panel" id="matrix" aria-labelledby="matrix-title">
        <h2 id="matrix-title">Who can reach which area</h2>
        {statusCounts.length > 0 && (
          <ul className="legend" aria-label="Legend, with the number of cells">
            {statusCounts.map(([status, n]) => (
              <li key={status}>
                <StatusBadge status={status} /> ({n})
              </li>
            ))}
          </ul>
        )}
        <MatrixHeatmap matrix={matrix} knownOn={filters.knownOn} />
      </section>
      <ExportLinks filters={filters} />
      {knownAtOf(filters) && (
        <p className="muted small">
          Everything on this page is as the product knew it at the end of {format(filters.knownOn!)}{' '}
          (UTC).
        </p>
      )}
    </>
  );
}
