import 'server-only';
import { geoBounds, geoMercator, geoPath, type GeoPermissibleObjects } from 'd3-geo';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import type { TAreaShape } from '@access/contracts';
import type { TAccessStatusCode } from '@access/contracts/codes';
import { StatusPatternDefs } from '@/components/charts/status-patterns';
import type { MapData } from './map-data';
import { windForD3 } from './map-logic';
import { useTranslations } from 'next-intl';
import { mapText } from './map-text';
import { countryOutline, worldCountries } from './world-countries';

interface Props {
  data: MapData;
  /** the link of a shown area (its drill-down) */
  hrefOf: (areaId: string) => string;
  /** the date written in the map's title */
  dateText: string;
  width?: number;
  height?: number;
  /** distinct per map on a page: the patterns are found by id */
  idPrefix: string;
  className?: string;
}

/** A shown area's outline: its imported boundary, else (a country) Natural Earth's by ISO code. */
export function outlineOf(item: TAreaShape): Feature | null {
  if (item.geometry) return { type: 'Feature', properties: {}, geometry: windForD3(item.geometry) };
  return countryOutline(item.area.iso3);
}

type Box = [[number, number], [number, number]];
const overlaps = (a: Box, b: Box) =>
  a[0][0] <= b[1][0] && b[0][0] <= a[1][0] && a[0][1] <= b[1][1] && b[0][1] <= a[1][1];

/** Each Natural Earth country's bounds, once per process (the context drawn is what overlaps the view). */
let countryBoxes: { id: string; box: Box; feature: Feature }[] | undefined;
function contextCountries() {
  countryBoxes ??= worldCountries().map((country) => ({
    id: String(country.id),
    box: geoBounds(country) as Box,
    feature: country,
  }));
  return countryBoxes;
}

/**
 * The map, drawn on the server: every shown area's path coloured (and patterned, as on the
 * chart) by the worst status within it, linking to its drill-down; the neighbouring
 * countries in grey for context. No script reaches the browser for it.
 */
export function AccessMap({
  data,
  hrefOf,
  dateText,
  width = 720,
  height = 440,
  idPrefix,
  className = 'access-map',
}: Props) {
  const text = mapText(useTranslations('map'));
  const tc = useTranslations('codes');
  const { shapes, worst, focusWorst } = data;
  const drawn = shapes.items
    .map((item) => ({ item, outline: outlineOf(item) }))
    .filter((entry): entry is { item: TAreaShape; outline: Feature } => entry.outline !== null);
  const focus = shapes.parent
    ? shapes.parent.geometry
      ? ({
          type: 'Feature',
          properties: {},
          geometry: windForD3(shapes.parent.geometry),
        } as Feature)
      : countryOutline(shapes.parent.iso3)
    : null;
  const fitTo: FeatureCollection = {
    type: 'FeatureCollection',
    features: focus ? [focus] : drawn.map((entry) => entry.outline),
  };
  if (fitTo.features.length === 0) return <p className="empty">{text.nothingToDraw}</p>;

  const projection = geoMercator()
    .fitExtent(
      [
        [12, 12],
        [width - 12, height - 12],
      ],
      fitTo,
    )
    .clipExtent([
      [0, 0],
      [width, height],
    ]);
  const path = geoPath(projection).digits(1);
  const d = (object: GeoPermissibleObjects) => path(object) ?? '';
  const view = geoBounds(fitTo) as Box;
  const margin = Math.max(view[1][0] - view[0][0], view[1][1] - view[0][1]) * 0.6 + 1;
  const around: Box = [
    [view[0][0] - margin, view[0][1] - margin],
    [view[1][0] + margin, view[1][1] + margin],
  ];
  const shownIds = new Set(drawn.map((entry) => String(entry.outline.id ?? '')));
  const context = contextCountries().filter(
    (country) => !shownIds.has(country.id) && overlaps(country.box, around),
  );
  const fill = (status: TAccessStatusCode | null | undefined) =>
    status ? `url(#${idPrefix}-${status})` : undefined;
  const titleId = `${idPrefix}-title`;

  return (
    <svg
      className={className}
      viewBox={`0 0 ${width} ${height}`}
      aria-labelledby={titleId}
      data-testid="access-map"
    >
      <title id={titleId}>{text.mapTitle(dateText)}</title>
      <StatusPatternDefs idPrefix={idPrefix} />
      <rect className="map-sea" width={width} height={height} />
      <g className="map-context">
        {context.map((country) => (
          <path key={country.id} d={d(country.feature)} />
        ))}
      </g>
      {focus && (
        <path
          className="map-focus"
          d={d(focus)}
          data-status={focusWorst ?? 'NONE'}
          fill={fill(focusWorst)}
        />
      )}
      <g className="map-areas">
        {drawn.map(({ item, outline }) => {
          const status = worst.get(item.area.id) ?? null;
          const label = status ? tc(`status.${status}`) : text.noEntry;
          return (
            <a
              key={item.area.id}
              href={hrefOf(item.area.id)}
              aria-label={text.areaLabel(item.area.name, label)}
            >
              <path
                className={`map-area ${status ? `status-${status}` : 'no-entry'}`}
                d={d(outline as Feature<Geometry>)}
                fill={fill(status)}
                data-status={status ?? 'NONE'}
                data-area-id={item.area.id}
              >
                <title>{text.areaLabel(item.area.name, label)}</title>
              </path>
            </a>
          );
        })}
      </g>
      {/* biome-ignore lint/a11y/noAriaHiddenOnFocusable: SVG text is not focusable; the links name each area already */}
      <g className="map-labels" aria-hidden="true">
        {drawn.map(({ item, outline }) => {
          const [x, y] = path.centroid(outline);
          if (!Number.isFinite(x) || !Number.isFinite(y)) return null;
          return (
            <text key={item.area.id} x={x.toFixed(1)} y={y.toFixed(1)} textAnchor="middle">
              {item.area.name}
            </text>
          );
        })}
      </g>
    </svg>
  );
}

/** The shown areas that have an outline to draw. */
export function drawnAreaIds(data: MapData): Set<string> {
  return new Set(
    data.shapes.items.filter((item) => outlineOf(item) !== null).map((item) => item.area.id),
  );
}
