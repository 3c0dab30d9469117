import Link from 'next/link';
import type { TAreaShape } from '@access/contracts';
import { StatusBadge } from '@/components/charts/status-patterns';
import type { MapData } from './map-data';
import { WORST_FIRST } from './map-logic';
import { useTranslations } from 'next-intl';
import { mapText } from './map-text';

/** The statuses in the map's patterns (the chart's), worst first, and "no entry". */
export function MapLegend({ compact = false }: { compact?: boolean }) {
  const text = mapText(useTranslations('map'));
  return (
    <div className="map-legend">
      <ul className="legend" aria-label={text.legendTitle}>
        {WORST_FIRST.map((status) => (
          <li key={status}>
            <StatusBadge status={status} />
          </li>
        ))}
        <li>
          <span className="status-badge" data-status="NONE">
            <span className="swatch map-no-entry" aria-hidden="true" />
            <span>{text.noEntry}</span>
          </span>
        </li>
      </ul>
      {!compact && <p className="muted small">{text.legendNote}</p>}
    </div>
  );
}

/** Why a shown area has no outline on the map. */
function notDrawnReason(item: TAreaShape, text: ReturnType<typeof mapText>): string {
  if (item.area.kind === 'COUNTRY' && item.area.iso3) return text.notDrawnCountry;
  return item.area.disputed ? text.notDrawnDisputed : text.notDrawnNoShape;
}

/** The boundaries' sources, the statement that they take no position, and what is not drawn. */
export function BoundaryNote({
  data,
  drawnIds,
}: {
  data: MapData;
  /** shown areas that have an outline */
  drawnIds: Set<string>;
}) {
  const text = mapText(useTranslations('map'));
  const sources = [
    ...new Set(
      [data.shapes.parent?.source, ...data.shapes.items.map((item) => item.source)].filter(
        (source): source is string => Boolean(source),
      ),
    ),
  ];
  const missing = data.shapes.items.filter((item) => !drawnIds.has(item.area.id));
  return (
    <div className="boundary-note small">
      {missing.length > 0 && (
        <p>
          <strong>{text.notDrawnTitle}:</strong>{' '}
          {missing.map((item, index) => (
            <span key={item.area.id}>
              {index > 0 && '; '}
              {item.area.name} ({notDrawnReason(item, text)})
            </span>
          ))}
          .
        </p>
      )}
      <p className="muted">
        <strong>{text.boundariesTitle}:</strong> {text.naturalEarth}
        {sources.length > 0 && ` ${text.imported(sources.join('; '))}`}
      </p>
      <p className="muted">{text.disclaimer}</p>
    </div>
  );
}

/** The shown areas as a table: the map's words for a screen reader or a keyboard. */
export function MapAreaTable({
  data,
  drawnIds,
  hrefOf,
}: {
  data: MapData;
  drawnIds: Set<string>;
  hrefOf: (areaId: string) => string;
}) {
  const text = mapText(useTranslations('map'));
  return (
    <div className="table-scroll">
      <table className="map-table">
        <caption className="visually-hidden">{text.tableCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{text.areaColumn}</th>
            <th scope="col">{text.statusColumn}</th>
            <th scope="col">{text.boundaryColumn}</th>
          </tr>
        </thead>
        <tbody>
          {data.shapes.items.map((item) => {
            const status = data.worst.get(item.area.id);
            return (
              <tr key={item.area.id} data-area-id={item.area.id} data-status={status ?? 'NONE'}>
                <th scope="row">
                  <Link href={hrefOf(item.area.id)}>{item.area.name}</Link>
                  {item.area.children > 0 && (
                    <span className="muted small"> · {text.subAreas(item.area.children)}</span>
                  )}
                </th>
                <td>{status ? <StatusBadge status={status} /> : text.noEntry}</td>
                <td className="small">
                  {item.source ??
                    (drawnIds.has(item.area.id) ? text.boundaryNaturalEarth : text.boundaryMissing)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
