import type { TextTranslator } from '@/components/map/map-text';

/** The snapshot's words, from the catalogues' `snapshot` namespace (apps/web/messages). */
export function snapshotText(t: TextTranslator) {
  return {
    pageTitle: t('pageTitle'),
    heading: (where: string, date: string) => t('heading', { where, date }),
    allAreas: t('allAreas'),
    knownOn: (date: string) => t('knownOn', { date }),
    generated: (date: string) => t('generated', { date }),
    print: t('print'),
    screenHint: t('screenHint'),
    figuresLabel: t('figuresLabel'),
    blocked: (count: number) => t('blocked', { count }),
    reaching: (count: number) => t('reaching', { count }),
    changes: (count: number, window: string) => t('changes', { count, window }),
    /** the period of changeWindow (lib/filters.ts): 30 days up to asOf, or recorded lately */
    windowAsOf: (date: string) => t('windowAsOf', { date }),
    windowKnownOn: (date: string) => t('windowKnownOn', { date }),
    windowRecent: t('windowRecent'),
    trends: (improved: number, deteriorated: number) => t('trends', { improved, deteriorated }),
    mapTitle: t('mapTitle'),
    rankingTitle: t('rankingTitle'),
    changesTitle: t('changesTitle'),
    changesNote: t('changesNote'),
    sourcesTitle: t('sourcesTitle'),
    noSources: t('noSources'),
    more: (count: number) => t('more', { count }),
  };
}
