import type { TReviewState } from '@access/contracts';
import type { Tx } from '../shared/context';
import { AppError, type FieldIssue } from '../shared/errors';
import type { Level, PlannedVersion } from '../timeline/timeline-engine';
import {
  pairKey,
  readNamedVersions,
  readPairStates,
  type Pair,
  type PairFocus,
} from '../timeline/version-store';
import type { ImportReportBuilder } from './import-report';
import { matchRow, sameFactsBesidesPeriod, type ImportAction } from './match-row';
import { PairTimeline } from './pair-timeline';
import type { ParsedRow } from './parse-import-row';
import { EventLoopBudget } from './event-loop';
import type { OwnProposal } from './own-proposals';
import type { RowSpool } from './row-spool';
import type { Reference } from './resolve-references';

/** A checked row as the spool keeps it. */
export interface SpooledRow extends ParsedRow {
  /** the version the row names (version_id), if any */
  versionId: string | null;
}

/**
 * The pairs of an import, numbered in the order rows first named them. A pair is its two
 * references (the objects ImportReferences loaded once, shared by every row that names
 * them): no string or object of its own, so 100,000 pairs cost two arrays of pointers
 * rather than ~20 MB of keys and objects.
 */
export class ImportPairs {
  private readonly organizations: Reference[] = [];
  private readonly areas: Reference[] = [];
  private readonly numbers = new Map<Reference, Map<Reference, number>>();
  /** rank of each pair in (organisation, area) order: batches of neighbouring pairs read and write fewer index pages */
  rank = new Int32Array(0);

  get count(): number {
    return this.organizations.length;
  }

  /** The pair's number, numbering it if it is new. */
  add(organization: Reference, area: Reference): number {
    let byArea = this.numbers.get(organization);
    if (!byArea) {
      byArea = new Map();
      this.numbers.set(organization, byArea);
    }
    let pair = byArea.get(area);
    if (pair === undefined) {
      pair = this.organizations.length;
      byArea.set(area, pair);
      this.organizations.push(organization);
      this.areas.push(area);
    }
    return pair;
  }

  pair(pair: number): Pair {
    return { organizationId: this.organizations[pair]!.id, areaId: this.areas[pair]!.id };
  }

  names(pair: number): { organization: string; area: string } {
    return { organization: this.organizations[pair]!.name, area: this.areas[pair]!.name };
  }

  /** Every pair (a bulk writer's locks: lockBulkPairs asks for them only when they are few). */
  all(): Pair[] {
    return this.organizations.map((_, pair) => this.pair(pair));
  }

  /** Ranks the pairs once every row is read. */
  rankPairs(): void {
    const order = Array.from({ length: this.count }, (_, pair) => pair);
    const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
    order.sort(
      (a, b) =>
        compare(this.organizations[a]!.id, this.organizations[b]!.id) ||
        compare(this.areas[a]!.id, this.areas[b]!.id),
    );
    this.rank = new Int32Array(this.count);
    order.forEach((pair, rank) => {
      this.rank[pair] = rank;
    });
  }
}

/** Spool flags set before planning. */
export const ROW_PLANNED = 0;
export const ROW_RESTATES_PAST = 1;
export const ROW_REFUSED = 2;
/** names a past version whose facts it does not repeat: fine if the current one says the same, else refused */
export const ROW_NAMES_CHANGED = 3;

/** Rows planned per batch (read, planned, handed to `write`), and pairs read in one query. */
const BATCH_ROWS = 1_000;
const BATCH_PAIRS = 500;

export const dayOf = (isoDate: string) => Date.parse(`${isoDate}T00:00:00Z`) / 86_400_000;
const isoOfDay = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

export interface PlanContext {
  tx: Tx;
  spool: RowSpool<SpooledRow>;
  pairs: ImportPairs;
  level: Level;
  reviewState: TReviewState;
  report: ImportReportBuilder;
  /** an editor's import: their pending proposals of a batch's pairs (a row one restates is UNCHANGED) */
  readProposals?: (pairs: Pair[]) => Promise<Map<string, OwnProposal[]>>;
}

/**
 * Rows that name a version (version_id, as exports carry) are checked against it first:
 * a version that is current in the importer's timeline must start when the row does (an
 * import matches by start and never moves one); a past version (a history export's
 * superseded rows) is restated when the row repeats its facts; otherwise the row stands
 * only if the current version of its start already says what it says (a file applied
 * again), as the version it was written from was changed since. A version that does not
 * exist at the importer's level, here or anywhere, is as if unnamed.
 */
export async function checkNamedVersions(context: PlanContext): Promise<void> {
  const { spool, pairs, report } = context;
  const budget = new EventLoopBudget();
  const named: number[] = [];
  const flush = async () => {
    const payloads = spool.read(named);
    const versions = await readNamedVersions(
      context.tx,
      [...new Set([...payloads.values()].map((row) => row.versionId!))],
      context.level,
    );
    for (const index of named) {
      const row = payloads.get(index)!;
      const version = versions.get(row.versionId!);
      if (!version) continue;
      const pair = pairs.pair(spool.pairOf[index]!);
      const refuse = (field: string, message: string) => {
        spool.flagOf[index] = ROW_REFUSED;
        report.error(spool.rowOf[index]!, field, message);
      };
      if (version.organizationId !== pair.organizationId || version.areaId !== pair.areaId) {
        refuse(
          'version_id',
          'names an entry of another organisation or area: clear version_id to add a status here',
        );
      } else if (version.current) {
        if (version.content.validFrom !== row.content.validFrom) {
          refuse(
            'valid_from',
            `the entry it names (version_id) starts on ${version.content.validFrom}: an import never moves a start (correct it on its page, or clear version_id to add a status)`,
          );
        }
      } else if (sameFactsBesidesPeriod(row, version.content)) {
        spool.flagOf[index] = ROW_RESTATES_PAST;
        const names = pairs.names(spool.pairOf[index]!);
        report.change({
          row: spool.rowOf[index]!,
          action: 'UNCHANGED',
          ...names,
          status: row.content.status,
          validFrom: row.content.validFrom,
          versionId: version.id,
          replacesStatus: null,
        });
      } else {
        spool.flagOf[index] = ROW_NAMES_CHANGED;
      }
    }
    named.length = 0;
    await budget.yield();
  };
  for (let index = 0; index < spool.count; index++) {
    if (!spool.hasVersionId(index)) continue;
    named.push(index);
    if (named.length >= BATCH_ROWS) await flush();
  }
  if (named.length > 0) await flush();
}

/** What is known of a pair while its rows are planned (they may span batches). */
interface PairProgress {
  timeline: PairTimeline;
  /** the importer's pending proposals of the pair (an editor's import only) */
  proposals: OwnProposal[];
  /** the last row planned for the pair: a row starting on its start, or before its stated end, contradicts it */
  previous: { row: number; validFrom: string; validTo: string | null } | null;
}

function issuesOf(error: AppError): FieldIssue[] {
  const issues = (error.details as { issues?: FieldIssue[] } | undefined)?.issues;
  return issues?.length ? issues : [{ field: 'row', message: error.message }];
}

/**
 * Walks the rows in (pair, start) order, a batch at a time: the pairs' timelines at every
 * level in one read, each row matched against the importer's timeline and planned by the
 * engine in start order, so several rows of one pair apply as a timeline. `write` gets
 * each batch's versions (a dry run drops them).
 */
export async function planImport(
  context: PlanContext,
  write: (versions: PlannedVersion[], rowsDone: number) => Promise<void>,
): Promise<void> {
  const { spool, pairs } = context;
  const order = spool.sorted(pairs.rank);
  const progress = new Map<number, PairProgress>();
  const planned = (index: number) =>
    spool.flagOf[index] === ROW_PLANNED || spool.flagOf[index] === ROW_NAMES_CHANGED;
  const budget = new EventLoopBudget();

  for (let at = 0; at < order.length; ) {
    const from = at;
    const starting = new Map<number, PairFocus>();
    while (at < order.length && at - from < BATCH_ROWS && starting.size < BATCH_PAIRS) {
      const pair = spool.pairOf[order[at]!]!;
      if (!progress.has(pair) && !starting.has(pair))
        starting.set(pair, fileFocus(spool, order, at));
      at++;
    }
    const batchPairs = [...starting.keys()].map((pair) => pairs.pair(pair));
    const states = await readPairStates(
      context.tx,
      [...starting].map(([pair, focus]) => ({ ...pairs.pair(pair), focus })),
    );
    const proposals = context.readProposals ? await context.readProposals(batchPairs) : null;
    for (const pair of starting.keys()) {
      const key = pairKey(pairs.pair(pair));
      progress.set(pair, {
        timeline: new PairTimeline(states.get(key)!, context.level),
        proposals: proposals?.get(key) ?? [],
        previous: null,
      });
    }
    const payloads = spool.read(Array.from(order.subarray(from, at)).filter(planned));
    const versions: PlannedVersion[] = [];
    for (let position = from; position < at; position++) {
      const index = order[position]!;
      const pair = spool.pairOf[index]!;
      const state = progress.get(pair)!;
      if (planned(index)) {
        const version = planRow(
          context,
          state,
          payloads.get(index)!,
          index,
          nextStartInFile(spool, order, position),
        );
        if (version) versions.push(version);
      }
      const last = position + 1 === order.length || spool.pairOf[order[position + 1]!] !== pair;
      if (last) progress.delete(pair);
      if (budget.spent) await budget.yield();
    }
    await write(versions, at);
    if (budget.spent) await budget.yield();
  }
}

/**
 * The starts of a pair's rows in the file (from its first row at `position` in the
 * (pair, start) order): what the import can touch, so a pair with a long history is read
 * around the file's rows, not whole.
 */
function fileFocus(spool: RowSpool<SpooledRow>, order: Uint32Array, position: number): PairFocus {
  const pair = spool.pairOf[order[position]!]!;
  const days = new Set<number>();
  for (let at = position; at < order.length && spool.pairOf[order[at]!] === pair; at++)
    days.add(spool.dayOf[order[at]!]!);
  return { starts: [...days].map(isoOfDay) };
}

/** The start of the pair's next row in the file that the planner will place (past rows and same-start rows skipped). */
function nextStartInFile(
  spool: RowSpool<SpooledRow>,
  order: Uint32Array,
  position: number,
): string | null {
  const index = order[position]!;
  for (let next = position + 1; next < order.length; next++) {
    const candidate = order[next]!;
    if (spool.pairOf[candidate] !== spool.pairOf[index]) return null;
    const placed =
      spool.flagOf[candidate] === ROW_PLANNED || spool.flagOf[candidate] === ROW_NAMES_CHANGED;
    if (placed && spool.dayOf[candidate]! > spool.dayOf[index]!)
      return isoOfDay(spool.dayOf[candidate]!);
  }
  return null;
}

function planRow(
  context: PlanContext,
  state: PairProgress,
  row: SpooledRow,
  index: number,
  nextInFile: string | null,
): PlannedVersion | null {
  const { spool, pairs, report } = context;
  const rowNumber = spool.rowOf[index]!;
  const { validFrom, validTo } = row.content;
  const previous = state.previous;
  if (previous && previous.validFrom === validFrom) {
    report.error(
      rowNumber,
      'valid_from',
      `row ${previous.row} has the same organisation, area and start (${validFrom}): keep one of them`,
    );
    return null;
  }
  if (previous?.validTo && previous.validTo > validFrom) {
    report.error(
      rowNumber,
      'valid_from',
      `row ${previous.row} says its status holds until ${previous.validTo}, after this row's start (${validFrom}): the two rows contradict each other`,
    );
    return null;
  }
  state.previous = { row: rowNumber, validFrom, validTo: validTo ?? null };

  const { timeline } = state;
  const existing = timeline.startingOn(validFrom).at(-1);
  const inTimeline = timeline.nextStartAfter(validFrom);
  const nextStart =
    nextInFile && (!inTimeline || nextInFile < inTimeline) ? nextInFile : inTimeline;
  const match = matchRow(row, existing, nextStart);
  const names = pairs.names(spool.pairOf[index]!);
  const change = (action: ImportAction, versionId: string | null) => ({
    row: rowNumber,
    action,
    ...names,
    status: row.content.status,
    validFrom,
    versionId,
    // what a correction replaces, so the person checking the file sees the change itself
    replacesStatus: action === 'CORRECTION' ? (existing?.content.status ?? null) : null,
  });
  if (match.action === 'UNCHANGED') {
    report.change(change('UNCHANGED', existing!.id));
    return null;
  }
  // an entry the importer already proposed, waiting for review: proposing it again would
  // only give the reviewer a duplicate
  const proposed = state.proposals.find(
    (proposal) =>
      proposal.content.validFrom === validFrom &&
      matchRow(row, proposal, nextStart).action === 'UNCHANGED',
  );
  if (proposed) {
    report.change(change('UNCHANGED', proposed.id));
    return null;
  }
  if (spool.flagOf[index] === ROW_NAMES_CHANGED) {
    report.error(
      rowNumber,
      'version_id',
      'names an entry that was changed since: export again, or clear version_id to match by organisation, area and start',
    );
    return null;
  }
  try {
    const version =
      match.action === 'NEW'
        ? timeline.plan({ kind: 'RECORD', content: row.content, reviewState: context.reviewState })
        : timeline.plan({
            kind: 'CORRECTION',
            targetId: existing!.id,
            content: match.content,
            reviewState: context.reviewState,
          });
    report.change(change(match.action, match.action === 'NEW' ? null : existing!.id));
    return version;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    for (const issue of issuesOf(error))
      report.error(
        rowNumber,
        issue.field === 'validFrom' ? 'valid_from' : issue.field,
        issue.message,
      );
    return null;
  }
}
