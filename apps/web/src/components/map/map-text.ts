import { createTranslator } from 'next-intl';
import english from '../../../messages/en.json';

/** A translator of one catalogue namespace (`useTranslations('map')`, `getTranslations('map')`). */
export type TextTranslator = (key: string, values?: Record<string, string | number>) => string;

/**
 * The map's words, from the catalogues' `map` namespace (apps/web/messages): the same shape
 * as before they moved there, so each call site reads `text.noEntry`, `text.mapTitle(date)`.
 */
export function mapText(t: TextTranslator) {
  return {
    mapTitle: (date: string) => t('mapTitle', { date }),
    areaLabel: (name: string, status: string) => t('areaLabel', { name, status }),
    noEntry: t('noEntry'),
    noEntryLong: t('noEntryLong'),
    legendTitle: t('legendTitle'),
    legendNote: t('legendNote'),
    outline: t('outline'),
    boundariesTitle: t('boundariesTitle'),
    naturalEarth: t('naturalEarth'),
    imported: (sources: string) => t('imported', { sources }),
    disclaimer: t('disclaimer'),
    notDrawnTitle: t('notDrawnTitle'),
    notDrawnDisputed: t('notDrawnDisputed'),
    notDrawnNoShape: t('notDrawnNoShape'),
    notDrawnCountry: t('notDrawnCountry'),
    nothingToDraw: t('nothingToDraw'),
    tableTitle: t('tableTitle'),
    tableCaption: t('tableCaption'),
    areaColumn: t('areaColumn'),
    statusColumn: t('statusColumn'),
    boundaryColumn: t('boundaryColumn'),
    boundaryNaturalEarth: t('boundaryNaturalEarth'),
    boundaryMissing: t('boundaryMissing'),
    subAreas: (count: number) => t('subAreas', { count }),
    up: t('up'),
    world: t('world'),
    truncated: (shown: number, total: number) => t('truncated', { shown, total }),
    openMap: t('openMap'),
    pageTitle: t('pageTitle'),
    mapHeading: (date: string) => t('mapHeading', { date }),
    knownOn: (date: string) => t('knownOn', { date }),
    rankingTitle: t('rankingTitle'),
    importTitle: t('importTitle'),
    importHelp: t('importHelp'),
    importFile: t('importFile'),
    importSource: t('importSource'),
    importSourceHint: t('importSourceHint'),
    importProperty: t('importProperty'),
    importPropertyHint: t('importPropertyHint'),
    importSubmit: t('importSubmit'),
    importing: t('importing'),
    imported_: (count: number, skipped: number) =>
      skipped ? t('importedSkipped', { count, skipped }) : t('importedCount', { count }),
    importUnreadable: t('importUnreadable'),
    importRefused: t('importRefused'),
    importOffline: t('importOffline'),
    importFailed: (status: number) => t('importFailed', { status }),
  };
}

/** The map's words in English, for code outside a page's language (none should need it). */
export const MAP_TEXT = mapText(
  createTranslator({ locale: 'en', messages: english, namespace: 'map' }) as TextTranslator,
);
