import type { TimelineVersion } from '../timeline/timeline-engine';
import type { ParsedRow, RowContent } from './parse-import-row';

export type ImportAction = 'NEW' | 'CORRECTION' | 'UNCHANGED';

/** What the import compares, as the report and the README say it. */
export const IMPORT_COMPARED = [
  'status',
  'validFrom',
  "validTo: the end a reader at your clearance sees (the stated end, or the next period's start if that comes first); an empty cell is an open end",
  'reason (when the file gives one)',
  'constraintCategories',
  'severity',
  'sensitivity',
  'terms',
  'sources',
];

/** The end a reader sees: the stated end or the next start, whichever comes first (null: still true). */
export function visibleEnd(
  stated: string | null | undefined,
  nextStart: string | null,
): string | null {
  if (!stated) return nextStart;
  if (!nextStart) return stated;
  return stated < nextStart ? stated : nextStart;
}

/** Everything compared but the period, in one comparable form. */
function facts(content: RowContent, withReason: boolean): string {
  return JSON.stringify([
    content.status,
    content.validFrom,
    withReason ? content.reason : null,
    [...new Set(content.constraintCategories)].sort((a, b) => a - b),
    content.severity ?? null,
    content.sensitivity,
    content.terms.map((term) => [
      term.type,
      term.grantingPartyId ?? null,
      term.legalReference || null,
      term.note || null,
    ]),
    content.sources.map((source) => [
      source.title,
      source.publisher || null,
      source.url || null,
      source.publishedOn || null,
    ]),
  ]);
}

/** Whether a row restates a version's facts, the period left aside. */
export function sameFactsBesidesPeriod(row: ParsedRow, content: RowContent): boolean {
  return facts(row.content, row.reasonGiven) === facts(content, row.reasonGiven);
}

/**
 * What a row does to the version of the writer's timeline that starts on the same day
 * (`existing`; none: NEW), given the next start the pair will have at that level once the
 * file is applied: the row's end and the version's end are compared as a reader will see
 * them. A correction keeps the version's stated end when the row's end reads the same.
 */
export function matchRow(
  row: ParsedRow,
  existing: Pick<TimelineVersion, 'statedValidTo' | 'content'> | undefined,
  nextStart: string | null,
): { action: 'NEW' } | { action: 'UNCHANGED' } | { action: 'CORRECTION'; content: RowContent } {
  if (!existing) return { action: 'NEW' };
  const sameEnd =
    visibleEnd(row.content.validTo, nextStart) === visibleEnd(existing.statedValidTo, nextStart);
  if (sameEnd && sameFactsBesidesPeriod(row, existing.content)) return { action: 'UNCHANGED' };
  return {
    action: 'CORRECTION',
    content: {
      ...row.content,
      validTo: sameEnd ? existing.statedValidTo : (row.content.validTo ?? null),
    },
  };
}
