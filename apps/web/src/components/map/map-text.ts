/**
 * The map's and the snapshot's words, together so they can move into the message
 * catalogues (apps/web/messages) as they are.
 */
export const MAP_TEXT = {
  mapTitle: (date: string) => `Map: the worst access status by area on ${date}`,
  areaLabel: (name: string, status: string) => `${name}: ${status}`,
  noEntry: 'No entry',
  noEntryLong: 'No entry for these filters',
  legendTitle: 'Legend',
  legendNote:
    'An area shows the worst status any organisation has in it or in any area within it (denied, suspended, pending, constrained, full access; unknown only where nothing else is known).',
  outline: 'Outline of the chosen area',
  boundariesTitle: 'Boundaries',
  naturalEarth: 'Countries: Natural Earth 1:50m (public domain), from the world-atlas package.',
  imported: (sources: string) =>
    `Sub-national boundaries imported by an administrator: ${sources}.`,
  disclaimer:
    'The boundaries, names and designations on this map do not imply any opinion on the legal status of any country, territory or area or of its authorities, nor on the delimitation of its frontiers or boundaries. A disputed area is drawn only where an administrator imported its boundary from a named source.',
  notDrawnTitle: 'Not on the map',
  notDrawnDisputed: 'disputed: no boundary is drawn until one is imported from a named source',
  notDrawnNoShape: 'no boundary imported (an administrator imports COD-AB GeoJSON by p-code)',
  notDrawnCountry: 'no Natural Earth outline for this ISO code',
  nothingToDraw: 'No area here has a boundary to draw.',
  tableTitle: 'Areas on the map',
  tableCaption: 'The areas on the map, each with the worst status within it',
  areaColumn: 'Area',
  statusColumn: 'Worst status',
  boundaryColumn: 'Boundary',
  boundaryNaturalEarth: 'Natural Earth',
  boundaryMissing: 'none',
  subAreas: (n: number) => (n === 1 ? '1 area within' : `${n} areas within`),
  up: 'Up one level',
  world: 'All countries',
  truncated: (shown: number, total: number) =>
    `Only the worst ${shown} of ${total} areas with an entry are coloured.`,
  openMap: 'Open the map',
  pageTitle: 'Map: where access is worst',
  mapHeading: (date: string) => `Where access is worst on ${date}`,
  knownOn: (date: string) => `as known on ${date}`,
  rankingTitle: 'Areas ranked (the map as a table)',
  importTitle: 'Import boundaries (administrators)',
  importHelp:
    'A GeoJSON FeatureCollection keyed by p-code, such as an OCHA COD-AB file: each feature whose p-code belongs to an area becomes its boundary; the others are listed and skipped.',
  importFile: 'GeoJSON file',
  importSource: 'Source of the boundaries',
  importSourceHint: 'e.g. OCHA COD-AB Azerbaijan, 2023',
  importProperty: 'P-code property (optional)',
  importPropertyHint: 'detected when empty: the deepest ADMn_PCODE, else pcode',
  importSubmit: 'Import boundaries',
  importing: 'Importing…',
  imported_: (n: number, skipped: number) =>
    `${n} ${n === 1 ? 'boundary' : 'boundaries'} imported${skipped ? `; ${skipped} features matched no area` : ''}.`,
  importUnreadable: 'This file is not JSON (GeoJSON is JSON).',
} as const;
