import type { Metadata } from 'next';
import Link from 'next/link';
import { getTranslations } from 'next-intl/server';
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
import { AccessOverTimeFetched } from '@/components/charts/access-over-time-lazy';
import { IncidentChartLazy } from '@/components/charts/incident-chart-lazy';
import { StatusBadge } from '@/components/charts/status-patterns';
import { AreaRanking } from '@/components/area-ranking';
import { ChangeFeed } from '@/components/change-feed';
import { FilterForm } from '@/components/filter-form';
import { MatrixHeatmap, MAX_COLUMNS, MAX_ROWS } from '@/components/matrix-heatmap';
import { ExportLinks } from '@/components/export-link';
import { ACCESS_STATUSES } from '@access/contracts';
import { Suspense } from 'react';
import { OverviewMap } from '@/components/map/overview-map';
import { loadMap, rankingForMap } from '@/components/map/map-data';

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getTranslations('overview'))('title') };
}

/** Areas in the page's ranking (the map colours more of the same ranking). */
const RANKED = 10;

/** Changes listed on the page; the figures count up to the API's page of 500. */
const FEED_SHOWN = 15;

export default async function OverviewPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const filters = parseFilters(await searchParams);
  const changeView = changeWindow(filters);
  changeView.query.set('limit', '500');
  const matrixQuery = apiQuery(filters, { asOf: true });
  matrixQuery.set('maxOrganizations', String(MAX_ROWS));
  matrixQuery.set('maxAreas', String(MAX_COLUMNS));
  matrixQuery.set('order', 'worst');
  // one ranking for the page's ten worst areas and the map's colours (its worst 500)
  const rankingRead = api.areaRanking(rankingForMap(filters));
  // The page's reads and the map's start at once, without waiting for the session check:
  // they carry the same cookie and answer only what it may see; nobody signed in is sent to
  // sign-in (requireUser) before any answer is used, so theirs are dropped unread.
  const reads = Promise.all([
    api.matrix(matrixQuery),
    rankingRead.then((ranking) => ({ ...ranking, items: ranking.items.slice(0, RANKED) })),
    api.changes(changeView.query),
    filters.areaId ? orNotFound(api.area(filters.areaId)) : null,
    filters.organizationId ? orNotFound(api.organization(filters.organizationId)) : null,
  ]);
  const map = loadMap(filters, rankingRead);
  for (const pending of [reads, map]) pending.catch(() => undefined);
  await requireUser();
  const locale = await userLocale();
  const format = (iso: string) => formatDate(iso, locale);
  const t = await getTranslations('overview');
  const tm = await getTranslations('map');
  const [matrix, ranking, changes, area, organization] = await reads;

  const { blockedAreas, reachingOrganizations } = matrix.totals;
  const improvements = changes.items.filter((change) => change.trend === 'IMPROVED').length;
  const deteriorations = changes.items.filter((change) => change.trend === 'DETERIORATED').length;
  const more = changes.nextCursor ? '+' : '';
  const statusCounts = ACCESS_STATUSES.map(
    (status) => [status, matrix.totals.byStatus[status]] as const,
  ).filter(([, n]) => n > 0);
  const view = (overrides: Parameters<typeof viewQuery>[1]) => viewQuery(filters, overrides);
  const changesText = t(`period.${changeView.period.key}`, {
    date: changeView.period.date ? format(changeView.period.date) : '',
  });
  const download = viewQuery(filters);

  return (
    <>
      <h1>
        {t.rich('heading', {
          date: format(matrix.asOf),
          time: (chunks) => <time dateTime={matrix.asOf}>{chunks}</time>,
        })}
        {filters.knownOn && (
          <span className="muted">
            {' '}
            {t.rich('knownOn', {
              date: format(filters.knownOn),
              time: (chunks) => <time dateTime={filters.knownOn}>{chunks}</time>,
            })}
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
      <section className="figures" aria-label={t('figuresLabel')}>
        <Link className="figure" href={`/${view({ status: ['DENIED', 'SUSPENDED'] })}#ranking`}>
          <span className="value">{blockedAreas}</span>
          <span className="label">{t('blockedAreas', { count: blockedAreas })}</span>
        </Link>
        <Link className="figure" href={`/${view({ status: ['FULL', 'CONSTRAINED'] })}#matrix`}>
          <span className="value">{reachingOrganizations}</span>
          <span className="label">
            {t('reachingOrganizations', { count: reachingOrganizations })}
          </span>
        </Link>
        <a className="figure" href="#changes">
          <span className="value">
            {changes.items.length}
            {more}
          </span>
          <span className="label">
            {t('changesFigure', { count: changes.items.length, period: changesText })}
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
          <span className="label">{t('trendsFigure', { improvements, deteriorations })}</span>
        </a>
      </section>
      <div className="grid two overview">
        <section className="panel" id="ranking" aria-labelledby="ranking-title">
          <h2 id="ranking-title">{t('rankingTitle')}</h2>
          <p className="muted small">
            {t('rankingNote', {
              date: format(ranking.asOf),
              days30: format(ranking.comparedWith.days30),
              days90: format(ranking.comparedWith.days90),
            })}
          </p>
          <AreaRanking
            ranking={ranking}
            viewQuery={viewQuery(filters, { areaId: undefined, organizationId: undefined })}
          />
        </section>
        <section className="panel" id="changes" aria-labelledby="feed-title">
          <div className="panel-title">
            <h2 id="feed-title">{t('feedTitle')}</h2>
            <a className="button secondary" href={`/downloads/changes.csv${download}`} download>
              {t('downloadCsv')}
            </a>
          </div>
          <p className="muted small">
            {changes.items.length > FEED_SHOWN
              ? t('feedNoteLatest', {
                  period: changesText,
                  shown: FEED_SHOWN,
                  total: `${changes.items.length}${more}`,
                })
              : t('feedNote', { period: changesText })}
          </p>
          <ChangeFeed
            changes={changes.items.slice(0, FEED_SHOWN)}
            locale={locale}
            knownOn={filters.knownOn}
          />
        </section>
      </div>
      <section className="panel" id="map" aria-labelledby="overview-map-title">
        <Suspense
          fallback={
            // in words: the region is named by it, and "…" alone reads as nothing
            <p className="muted" id="overview-map-title">
              {tm('loading')}
            </p>
          }
        >
          <OverviewMap map={map} filters={filters} locale={locale} />
        </Suspense>
      </section>
      <section className="panel">
        <AccessOverTimeFetched
          query={seriesQuery(filters).toString()}
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
        <h2 id="matrix-title">{t('matrixTitle')}</h2>
        {statusCounts.length > 0 && (
          <ul className="legend" aria-label={t('legendLabel')}>
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
        <p className="muted small">{t('knownAtNote', { date: format(filters.knownOn!) })}</p>
      )}
    </>
  );
}
