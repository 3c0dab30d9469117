import 'server-only';
import Link from 'next/link';
import { viewQuery, type DashboardFilters } from '@/lib/filters';
import { formatDate } from '@/lib/format';
import { loadMap } from './map-data';
import { MapPanel } from './map-panel';
import { getTranslations } from 'next-intl/server';
import { mapText, type TextTranslator } from './map-text';

/**
 * The overview's small map: its own requests, so the page streams it after the figures
 * (the overview waits for none of them); server-drawn, no script.
 */
export async function OverviewMap({
  filters,
  locale,
}: {
  filters: DashboardFilters;
  locale: string;
}) {
  const text = mapText((await getTranslations('map')) as TextTranslator);
  const data = await loadMap(filters);
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
