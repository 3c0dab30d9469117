import type { Metadata } from 'next';
import Link from 'next/link';
import { api, orNotFound, requireUser } from '@/lib/api';
import { parseFilters, viewQuery, type SearchParams } from '@/lib/filters';
import { formatDate, userLocale } from '@/lib/format';
import { AreaRanking } from '@/components/area-ranking';
import { FilterForm } from '@/components/filter-form';
import { loadMap } from '@/components/map/map-data';
import { MapPanel } from '@/components/map/map-panel';
import { getTranslations } from 'next-intl/server';
import { mapText, type TextTranslator } from '@/components/map/map-text';
import { ShapeImportForm } from '@/components/map/shape-import-form';

export async function generateMetadata(): Promise<Metadata> {
  return { title: mapText((await getTranslations('map')) as TextTranslator).pageTitle };
}

/**
 * Where access is worst, on a map: the countries (or, drilled into an area, the areas
 * beneath it) coloured by the worst status within them, with the overview's filters; the
 * ranking below is the same answer as a table, for a keyboard or a screen reader.
 */
export default async function MapPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const text = mapText((await getTranslations('map')) as TextTranslator);
  const user = await requireUser();
  const filters = parseFilters(await searchParams);
  const locale = await userLocale();
  const format = (iso: string) => formatDate(iso, locale);
  const [data, organization] = await Promise.all([
    loadMap(filters),
    filters.organizationId ? orNotFound(api.organization(filters.organizationId)) : null,
  ]);
  const parent = data.shapes.parent;
  const asOf = data.ranking.asOf;
  const up = parent?.parentId
    ? `/map${viewQuery(filters, { areaId: parent.parentId })}`
    : `/map${viewQuery(filters, { areaId: undefined })}`;

  return (
    <div className="map-page">
      <h1>
        {text.mapHeading(format(asOf))}
        {parent ? `: ${parent.name}` : ''}
        {filters.knownOn && <span className="muted"> {text.knownOn(format(filters.knownOn))}</span>}
      </h1>
      {parent && (
        <p>
          <Link href={up}>↑ {parent.parentId ? text.up : text.world}</Link>
        </p>
      )}
      <FilterForm
        action="/map"
        filters={filters}
        selected={{ area: parent, organization }}
        showOrganization
        locale={locale}
      />
      <section className="panel" aria-labelledby="map-areas-title">
        <h2 id="map-areas-title" className="visually-hidden">
          {text.tableTitle}
        </h2>
        <MapPanel data={data} filters={filters} dateText={format(asOf)} idPrefix="map" />
      </section>
      <section className="panel" id="ranking" aria-labelledby="map-ranking-title">
        <h2 id="map-ranking-title">{text.rankingTitle}</h2>
        <AreaRanking
          ranking={{ ...data.ranking, items: data.ranking.items.slice(0, 50) }}
          viewQuery={viewQuery(filters, { areaId: undefined, organizationId: undefined })}
        />
      </section>
      {user.role === 'ADMIN' && (
        <section className="panel" aria-labelledby="shape-import-title">
          <h2 id="shape-import-title">{text.importTitle}</h2>
          <ShapeImportForm csrfToken={user.csrfToken ?? ''} />
        </section>
      )}
    </div>
  );
}
