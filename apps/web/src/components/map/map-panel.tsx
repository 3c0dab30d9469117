import 'server-only';
import type { DashboardFilters } from '@/lib/filters';
import { viewQuery } from '@/lib/filters';
import { AccessMap, drawnAreaIds } from './access-map';
import type { MapData } from './map-data';
import { BoundaryNote, MapAreaTable, MapLegend } from './map-parts';
import { MAP_RANKED_AREAS } from './map-data';
import { useTranslations } from 'next-intl';
import { mapText } from './map-text';
import './map.css';

/** The map with its legend, the boundaries' note and (unless compact) the table of its areas. */
export function MapPanel({
  data,
  filters,
  dateText,
  idPrefix,
  compact = false,
  width,
  height,
}: {
  data: MapData;
  filters: DashboardFilters;
  dateText: string;
  idPrefix: string;
  compact?: boolean;
  width?: number;
  height?: number;
}) {
  const text = mapText(useTranslations('map'));
  const hrefOf = (areaId: string) => `/map${viewQuery(filters, { areaId })}`;
  const drawnIds = drawnAreaIds(data);
  return (
    <div className={`map-panel${compact ? ' compact' : ''}`}>
      <AccessMap
        data={data}
        hrefOf={hrefOf}
        dateText={dateText}
        idPrefix={idPrefix}
        width={width}
        height={height}
      />
      <MapLegend compact={compact} />
      {data.ranking.totalAreas > MAP_RANKED_AREAS && (
        <p className="muted small">
          {text.truncated(data.ranking.items.length, data.ranking.totalAreas)}
        </p>
      )}
      {!compact && <MapAreaTable data={data} drawnIds={drawnIds} hrefOf={hrefOf} />}
      <BoundaryNote data={data} drawnIds={drawnIds} />
    </div>
  );
}
