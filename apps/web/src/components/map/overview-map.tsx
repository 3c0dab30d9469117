import 'server-only';
import Link from 'next/link';
import { viewQuery, type DashboardFilters } from '@/lib/filters';
import { formatDate } from '@/lib/format';
import type { MapData } from './map-data';
import { MapPanel } from './map-panel';
import { getTranslations } from 'next-intl/server';
import { mapText, type TextTranslator } from './map-text';

/**
 * The overview's small map: its own requests (started by the page with its other reads,
 * loadMap), so the page streams it after the figures (the overview waits for none of
 * them); server-drawn, no script.
 */
export async function OverviewMap({
  map,
  filters,
  locale,
}: {
  map: Promise<MapData>;
  filters: DashboardFilters;
  locale: string;
}) {
  const text = mapText((await getTranslations('map')) as TextTranslator);
  const data = await map;
  return (
    <>
      <div className="panel-title">
        <h2 id="overview-map-title">{text.mapHeading(formatDate(data.ranking.asOf, locale))}</h2>
        <Link className="button secondary" href={`/map${viewQuery(filters)}`}>
          {text.openMap}
        </Link>
      </div>
      <MapPanel
        data={data}
        filters={filters}
        dateText={formatDate(data.ranking.asOf, locale)}
        idPrefix="overview-map"
        compact
        width={720}
        height={300}
      />
    </>
  );
}
