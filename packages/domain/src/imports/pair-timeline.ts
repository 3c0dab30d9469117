import { SENSITIVITIES } from '@access/contracts';
import {
  deriveTimeline,
  levelRank,
  planChange,
  type Level,
  type PairState,
  type PlannedVersion,
  type TimelineChange,
  type TimelineVersion,
} from '../timeline/timeline-engine';

/**
 * One pair's timelines while an import walks its rows in start order, handing the engine
 * (planChange) only the versions a change can touch, so 100,000 rows for one pair plan in
 * linear time instead of re-deriving a 100,000-version timeline per row.
 *
 * What a change at start `s` can touch, at each level: the period just before `s` (its
 * end becomes `s`) and the versions starting on `s` (one is corrected, or ends empty).
 * So the window at a level is the last version before `s`, those starting on `s`, and the
 * first one after (which ends the new period); every end inside the window is derived
 * from the window both before and after the change, and the change reaches no end beyond
 * it. The engine compares a level's periods only for the versions the writer does not
 * see; the writer's window therefore also carries every version of the other windows that
 * is current in the writer's timeline, or the engine would take it for an unseen one.
 * tests/api/import-pair-timeline.property.test.ts holds this to planChange over the whole state.
 */

/**
 * A level's versions before the current start (final: later rows start later; those
 * before `doneFrom` are no longer needed) and those still ahead (from the store).
 */
interface LevelCursor {
  done: TimelineVersion[];
  doneFrom: number;
  ahead: TimelineVersion[];
  next: number;
}

/**
 * Versions behind the current start are never a change's target again (a later row
 * starts later), so they keep only what periods are made of; their content is dropped
 * to keep a 100,000-row pair small.
 */
const LEFT_BEHIND = Object.freeze({}) as TimelineVersion['content'];

const behind = (version: TimelineVersion): TimelineVersion =>
  version.content === LEFT_BEHIND ? version : { ...version, content: LEFT_BEHIND };

const byStart = (versions: TimelineVersion[], start: string, from = 0): number => {
  let low = from;
  let high = versions.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (versions[middle]!.validFrom < start) low = middle + 1;
    else high = middle;
  }
  return low;
};

export class PairTimeline {
  private levels: Record<Level, LevelCursor>;
  private at = '';

  constructor(
    state: PairState,
    private readonly writerLevel: Level,
  ) {
    this.organizationId = state.organizationId;
    this.areaId = state.areaId;
    this.levels = Object.fromEntries(
      SENSITIVITIES.map((level) => [
        level,
        { done: [], doneFrom: 0, ahead: deriveTimeline(state.levels[level]), next: 0 },
      ]),
    ) as unknown as Record<Level, LevelCursor>;
  }

  readonly organizationId: string;
  readonly areaId: string;

  /** Moves every level to `start`: what starts before it is behind. Starts only grow. */
  private advance(start: string) {
    if (start < this.at) throw new Error('PairTimeline: rows must come in start order');
    this.at = start;
    for (const level of SENSITIVITIES) {
      const cursor = this.levels[level];
      const until = byStart(cursor.ahead, start, cursor.next);
      for (let index = cursor.next; index < until; index++)
        cursor.done.push(behind(cursor.ahead[index]!));
      cursor.next = until;
    }
    // A window reaches back to the last start before the current one, at each level; what
    // starts before the earliest of those is never read again.
    const lasts = SENSITIVITIES.flatMap((level) => this.levels[level].done.at(-1)?.validFrom ?? []);
    if (lasts.length === 0) return;
    const keepFrom = lasts.reduce((earliest, last) => (last < earliest ? last : earliest));
    for (const level of SENSITIVITIES) {
      const cursor = this.levels[level];
      cursor.doneFrom = byStart(cursor.done, keepFrom, cursor.doneFrom);
      if (cursor.doneFrom > 1024 && cursor.doneFrom * 2 > cursor.done.length) {
        cursor.done.splice(0, cursor.doneFrom);
        cursor.doneFrom = 0;
      }
    }
  }

  /** The writer's current versions starting on `start`, the one that wins (recorded last) last. */
  startingOn(start: string): TimelineVersion[] {
    this.advance(start);
    const cursor = this.levels[this.writerLevel];
    const result: TimelineVersion[] = [];
    for (
      let index = cursor.next;
      index < cursor.ahead.length && cursor.ahead[index]!.validFrom === start;
      index++
    )
      result.push(cursor.ahead[index]!);
    return result;
  }

  /** The first start after `start` in the writer's timeline. */
  nextStartAfter(start: string): string | null {
    this.advance(start);
    const cursor = this.levels[this.writerLevel];
    const index = byStart(cursor.ahead, `${start}\uffff`, cursor.next);
    return cursor.ahead[index]?.validFrom ?? null;
  }

  /** Whether `version` is current in the writer's timeline. */
  private currentForWriter(version: TimelineVersion): boolean {
    const { done, doneFrom, ahead, next } = this.levels[this.writerLevel];
    const sameIn = (list: TimelineVersion[], from: number) => {
      for (
        let index = byStart(list, version.validFrom, from);
        index < list.length && list[index]!.validFrom === version.validFrom;
        index++
      ) {
        if (list[index]!.id === version.id) return true;
      }
      return false;
    };
    return sameIn(done, doneFrom) || sameIn(ahead, next);
  }

  /** Plans a change starting on the current row's start (a record there, or a correction of a version starting there). */
  plan(change: Exclude<TimelineChange, { kind: 'REVIEW' }>): PlannedVersion {
    const start = change.content.validFrom;
    this.advance(start);
    const windows = {} as Record<
      Level,
      { versions: TimelineVersion[]; front: number; middle: number }
    >;
    for (const level of SENSITIVITIES) {
      const cursor = this.levels[level];
      const { done, ahead, next } = cursor;
      const front = Math.max(cursor.doneFrom, done.length - 1);
      let middle = next;
      while (middle < ahead.length && ahead[middle]!.validFrom === start) middle++;
      const versions = [...done.slice(front), ...ahead.slice(next, middle + 1)];
      windows[level] = {
        versions: deriveTimeline(versions),
        front: done.length - front,
        middle: middle - next,
      };
    }
    const writerIds = new Set(windows[this.writerLevel].versions.map((version) => version.id));
    const borrowed = new Map<string, TimelineVersion>();
    for (const level of SENSITIVITIES) {
      if (level === this.writerLevel) continue;
      for (const version of windows[level].versions) {
        if (
          !writerIds.has(version.id) &&
          !borrowed.has(version.id) &&
          this.currentForWriter(version)
        )
          borrowed.set(version.id, version);
      }
    }
    const state: PairState = {
      organizationId: this.organizationId,
      areaId: this.areaId,
      levels: Object.fromEntries(
        SENSITIVITIES.map((level) => [
          level,
          level === this.writerLevel && borrowed.size > 0
            ? deriveTimeline([...windows[level].versions, ...borrowed.values()])
            : windows[level].versions,
        ]),
      ) as unknown as Record<Level, TimelineVersion[]>,
    };
    const planned = planChange(state, this.writerLevel, change);

    // Take the windows back: up to `start`, as the engine left them (the originals kept for
    // what it did not change; the new version once for all levels, as it reads the same at each).
    let added: TimelineVersion | undefined;
    for (const level of SENSITIVITIES) {
      const exists =
        levelRank(change.content.sensitivity) <= levelRank(level) &&
        levelRank(level) <= levelRank(planned.version.ceiling);
      if (!exists) continue;
      const cursor = this.levels[level];
      const originals = new Map(
        [
          ...cursor.done.slice(cursor.done.length - windows[level].front),
          ...cursor.ahead.slice(cursor.next, cursor.next + windows[level].middle),
        ].map((version) => [version.id, version]),
      );
      cursor.done.length -= windows[level].front;
      cursor.next += windows[level].middle;
      for (const version of planned.state.levels[level]) {
        if (version.validFrom > start || (level === this.writerLevel && borrowed.has(version.id)))
          continue;
        const original = originals.get(version.id);
        if (!original) added ??= behind(version);
        cursor.done.push(original ? behind(original) : (added as NonNullable<typeof added>));
      }
    }
    return planned.version;
  }
}
