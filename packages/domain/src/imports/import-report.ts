import type { TImportReport } from '@access/contracts';
import type { ColumnLayout } from './import-columns';
import { IMPORT_COMPARED, type ImportAction } from './match-row';
import type { Separator } from './read-csv-file';

export type ImportReport = TImportReport;
type RowError = ImportReport['errors'][number];
type RowChange = ImportReport['changes'][number];

/** How many errors and changes a report lists (the summary counts them all). */
export const REPORTED_ERRORS = 1_000;
export const REPORTED_CHANGES = 500;

/** Keeps the `limit` entries with the lowest rows, in row order, in linear time overall. */
class FirstRows<T extends { row: number }> {
  private entries: T[] = [];
  truncated = false;
  constructor(private readonly limit: number) {}
  add(entry: T) {
    this.entries.push(entry);
    if (this.entries.length >= this.limit * 2) this.trim();
  }
  private trim() {
    this.entries.sort((a, b) => a.row - b.row);
    if (this.entries.length > this.limit) {
      this.entries.length = this.limit;
      this.truncated = true;
    }
  }
  list(): T[] {
    this.trim();
    return this.entries;
  }
}

/** What an import found, row by row, as it goes. */
export class ImportReportBuilder {
  rows = 0;
  readonly summary = { new: 0, corrections: 0, unchanged: 0, errors: 0 };
  private errors = new FirstRows<RowError>(REPORTED_ERRORS);
  private changes = new FirstRows<RowChange>(REPORTED_CHANGES);

  error(row: number, field: string, message: string) {
    this.summary.errors++;
    this.errors.add({ row, field, message });
  }

  change(change: RowChange) {
    const counter = (
      { NEW: 'new', CORRECTION: 'corrections', UNCHANGED: 'unchanged' } as const satisfies Record<
        ImportAction,
        keyof typeof this.summary
      >
    )[change.action];
    this.summary[counter]++;
    this.changes.add(change);
  }

  build(
    file: { filename: string; dryRun: boolean; applied: boolean },
    layout: ColumnLayout,
    separator: Separator,
  ): ImportReport {
    const errors = this.errors.list();
    const changes = this.changes.list();
    return {
      filename: file.filename,
      dryRun: file.dryRun,
      applied: file.applied,
      rows: this.rows,
      hxlRow: layout.hxlRow,
      separator,
      compared: IMPORT_COMPARED,
      columns: { mapped: layout.mapped, ignored: layout.ignored },
      summary: { ...this.summary },
      errors,
      changes,
      truncated: { errors: this.errors.truncated, changes: this.changes.truncated },
    };
  }
}
