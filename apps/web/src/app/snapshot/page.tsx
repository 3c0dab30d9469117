import type { Metadata } from 'next';
import { getTranslations } from 'next-intl/server';
import type { TextTranslator } from '@/components/map/map-text';
import type { TAccessStatusVersion, TChange } from '@access/contracts';
import { api, orNotFound, requireUser } from '@/lib/api';
import { apiQuery, changeWindow, parseFilters, viewQuery, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { seriesQuery } from '@/lib/overview';
import { AreaRanking } from '@/components/area-ranking';
import { ChangeFeed } from '@/components/change-feed';
import { AccessOverTimeLazy } from '@/components/charts/access-over-time-lazy';
import { FilterForm, filterSummary } from '@/components/filter-form';
import { loadMap } from '@/components/map/map-data';
import { MapPanel } from '@/components/map/map-panel';
import { PrintButton } from './print-button';
import { snapshotText } from './snapshot-text';
import './snapshot.css';

export async function generateMetadata(): Promise<Metadata> {
  return { title: snapshotText((await getTranslations('snapshot')) as TextTranslator).pageTitle };
}

const RANKED = 6;
const CHANGES = 6;
const SOURCES = 6;

/** Deteriorations, then improvements, then the rest: what a meeting asks about first. */
const TREND_ORDER: Record<TChange['trend'], number> = {
  DETERIORATED: 0,
  IMPROVED: 1,
  NEW: 2,
  UNCLEAR: 3,
  STABLE: 4,
};

/** The sources cited on the entries shown, once each. */
function citedSources(statuses: TAccessStatusVersion[]) {
  const seen = new Map<string, TAccessStatusVersion['sources'][number]>();
  for (const status of statuses)
    for (const source of status.sources)
      seen.set(`${source.title}\u0000${source.url ?? ''}`, source);
  return [...seen.values()];
}

/**
 * One page to circulate: for the chosen date and area (the overview's filters, in the URL),
 * the key figures, the map, the ranking, the chart, the main changes of the period and the
 * sources; its print stylesheet lays it out on one A4 page without navigation or controls.
 */
export default async function SnapshotPage({
  searchParams,
}: {
  searchParams: Promise<SearchParams>;
}) {
  const text = snapshotText((await getTranslations('snapshot')) as TextTranslator);
  await requireUser();
  const filters = parseFilters(await searchParams);
  const locale = await userLocale();
  const format = (iso: string) => formatDate(iso, locale);
  const changeView = changeWindow(filters);
  changeView.query.set('limit', '500');
  const matrixQuery = apiQuery(filters, { asOf: true });
  matrixQuery.set('maxOrganizations', '1');
  matrixQuery.set('maxAreas', '1');
  const statusQuery = apiQuery(filters, { asOf: true });
  statusQuery.set('limit', '200');
  const [map, matrix, series, changes, statuses, area, organization] = await Promise.all([
    loadMap(filters),
    api.matrix(matrixQuery),
    api.timeseries(seriesQuery(filters)),
    api.changes(changeView.query),
    api.statuses(statusQuery),
    filters.areaId ? orNotFound(api.area(filters.areaId)) : null,
    filters.organizationId ? orNotFound(api.organization(filters.organizationId)) : null,
  ]);
  const asOf = matrix.asOf;
  const improved = changes.items.filter((change) => change.trend === 'IMPROVED').length;
  const deteriorated = changes.items.filter((change) => change.trend === 'DETERIORATED').length;
  const main = [...changes.items]
    .sort(
      (a, b) =>
        TREND_ORDER[a.trend] - TREND_ORDER[b.trend] || b.validFrom.localeCompare(a.validFrom),
    )
    .slice(0, CHANGES);
  const sources = citedSources(statuses.items);
  const more = changes.nextCursor ? '+' : '';
  const windowText = filters.asOf
    ? text.windowAsOf(format(filters.asOf))
    : filters.knownOn
      ? text.windowKnownOn(format(filters.knownOn))
      : text.windowRecent;

  return (
    <article className="snapshot">
      <header className="snapshot-header">
        <h1>
          {text.heading(area?.name ?? text.allAreas, format(asOf))}
          {filters.knownOn && (
            <span className="muted"> {text.knownOn(format(filters.knownOn))}</span>
          )}
        </h1>
        <p className="muted small" data-testid="snapshot-filters">
          {filterSummary(
            filters,
            { area: area?.name, organization: organization?.name },
            locale,
            {},
            (await getTranslations()) as unknown as Parameters<typeof filterSummary>[4],
          )}
          {' · '}
          {text.generated(format(new Date().toISOString()))}
        </p>
      </header>
      <div className="snapshot-controls">
        <p className="muted small">{text.screenHint}</p>
        <PrintButton label={text.print} />
        <FilterForm
          action="/snapshot"
          filters={filters}
          selected={{ area, organization }}
          showOrganization
          locale={locale}
        />
      </div>
      <section className="figures snapshot-figures" aria-label={text.figuresLabel}>
        <p className="figure">
          <span className="value">{matrix.totals.blockedAreas}</span>
          <span className="label">{text.blocked(matrix.totals.blockedAreas)}</span>
        </p>
        <p className="figure">
          <span className="value">{matrix.totals.reachingOrganizations}</span>
          <span className="label">{text.reaching(matrix.totals.reachingOrganizations)}</span>
        </p>
        <p className="figure">
          <span className="value">
            {changes.items.length}
            {more}
          </span>
          <span className="label">{text.changes(changes.items.length, windowText)}</span>
        </p>
        <p className="figure">
          <span className="value">
            <span className="trend-IMPROVED">
              <span aria-hidden="true">▲</span> {improved}
            </span>{' '}
            <span className="trend-DETERIORATED">
              <span aria-hidden="true">▼</span> {deteriorated}
            </span>
          </span>
          <span className="label">{text.trends(improved, deteriorated)}</span>
        </p>
      </section>
      <div className="snapshot-grid">
        <section className="snapshot-map" aria-labelledby="snapshot-map-title">
          <h2 id="snapshot-map-title">{text.mapTitle}</h2>
          <MapPanel
            data={map}
            filters={filters}
            dateText={format(asOf)}
            idPrefix="snapshot-map"
            compact
            width={560}
            height={340}
          />
        </section>
        <section className="snapshot-ranking" aria-labelledby="snapshot-ranking-title">
          <h2 id="snapshot-ranking-title">{text.rankingTitle}</h2>
          <AreaRanking
            ranking={{ ...map.ranking, items: map.ranking.items.slice(0, RANKED) }}
            viewQuery={viewQuery(filters, { areaId: undefined, organizationId: undefined })}
          />
        </section>
        <section className="snapshot-chart">
          <AccessOverTimeLazy series={series} locale={locale} asOf={asOf} />
        </section>
        <section className="snapshot-changes" aria-labelledby="snapshot-changes-title">
          <h2 id="snapshot-changes-title">{text.changesTitle}</h2>
          <p className="muted small">{text.changesNote}</p>
          <ChangeFeed changes={main} locale={locale} knownOn={filters.knownOn} />
          {changes.items.length > main.length && (
            <p className="muted small">
              {text.more(changes.items.length - main.length)}
              {more}
            </p>
          )}
        </section>
      </div>
      <section className="snapshot-sources small" aria-labelledby="snapshot-sources-title">
        <h2 id="snapshot-sources-title">{text.sourcesTitle}</h2>
        {sources.length === 0 ? (
          <p className="muted">{text.noSources}</p>
        ) : (
          <ul>
            {sources.slice(0, SOURCES).map((source) => (
              <li key={`${source.title}${source.url ?? ''}`}>
                {source.url ? <a href={source.url}>{source.title}</a> : source.title}
                {source.publisher ? ` · ${source.publisher}` : ''}
                {source.publishedOn ? ` · ${format(source.publishedOn)}` : ''}
              </li>
            ))}
            {sources.length > SOURCES && (
              <li className="muted">{text.more(sources.length - SOURCES)}</li>
            )}
          </ul>
        )}
      </section>
    </article>
  );
}
