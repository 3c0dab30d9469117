import 'server-only';
import type { Feature, Geometry } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';
import { ISO_NUMERIC } from './iso-numeric';

export type CountryFeature = Feature<Geometry, { name: string }>;

/** Natural Earth 1:50m countries (world-atlas), decoded once per server process. */
let decoded: CountryFeature[] | undefined;
export function worldCountries(): CountryFeature[] {
  decoded ??= (
    feature(
      countries50m as unknown as Topology,
      (countries50m as unknown as Topology).objects.countries as GeometryCollection<{
        name: string;
      }>,
    ) as { features: CountryFeature[] }
  ).features;
  return decoded;
}

/** A country's outline by its ISO 3166 alpha-3 code, or null when Natural Earth has none. */
export function countryOutline(iso3: string | null): CountryFeature | null {
  const numeric = iso3 ? ISO_NUMERIC[iso3.toUpperCase()] : undefined;
  if (!numeric) return null;
  const parts = worldCountries().filter((country) => country.id === numeric);
  if (parts.length <= 1) return parts[0] ?? null;
  // Australia and its Ashmore and Cartier Islands share one code: one shape of both
  return {
    type: 'Feature',
    id: numeric,
    properties: parts[0]!.properties,
    geometry: { type: 'GeometryCollection', geometries: parts.map((part) => part.geometry) },
  };
}

export const BOUNDARY_SOURCE =
  'Natural Earth 1:50m admin-0 countries (public domain), via the world-atlas package';
