/** The snapshot's words, together so they can move into the message catalogues as they are. */
export const SNAPSHOT_TEXT = {
  pageTitle: 'Access snapshot',
  heading: (where: string, date: string) => `Access snapshot: ${where}, ${date}`,
  allAreas: 'all areas',
  knownOn: (date: string) => `as known on ${date}`,
  generated: (date: string) => `Made on ${date} with the access monitor.`,
  print: 'Print or save as PDF',
  screenHint: 'Laid out for one A4 page: print it, or save it as a PDF, to circulate.',
  figuresLabel: 'Key figures',
  blocked: (n: number) =>
    `${n === 1 ? 'area' : 'areas'} where an organisation is denied or suspended`,
  reaching: (n: number) =>
    `${n === 1 ? 'organisation' : 'organisations'} with full or constrained access`,
  changes: (n: number, window: string) => `${n === 1 ? 'change' : 'changes'} ${window}`,
  /** the period of changeWindow (lib/filters.ts): 30 days up to asOf, or recorded lately */
  windowAsOf: (date: string) => `taking effect in the 30 days up to ${date}`,
  windowKnownOn: (date: string) => `recorded in the 30 days up to ${date}`,
  windowRecent: 'recorded in the last 30 days',
  trends: (improved: number, deteriorated: number) =>
    `${improved} improved, ${deteriorated} deteriorated`,
  mapTitle: 'Where access is worst',
  rankingTitle: 'Areas ranked',
  changesTitle: 'Main changes of the period',
  changesNote: 'Deteriorations first, then improvements, then the others; the latest first.',
  sourcesTitle: 'Sources',
  noSources: 'No source is cited on the entries shown.',
  more: (n: number) => `and ${n} more`,
} as const;
