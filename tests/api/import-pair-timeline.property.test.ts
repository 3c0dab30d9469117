import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import {
  emptyPairState,
  planChange,
  type PairState,
  type TimelineChange,
  type TimelineVersion,
} from '@access/domain';
import { PairTimeline } from '../../packages/domain/src/imports/pair-timeline';

/**
 * The import hands the timeline engine only the versions a change can touch (a window per
 * level, PairTimeline), so a long timeline plans in linear time. It must plan exactly what
 * planChange plans over the whole state: same target, same kind, same ceiling, same
 * refusals, row after row, over random histories written at every level.
 */

const DAYS = Array.from(
  { length: 12 },
  (_, index) => `2025-${String(index + 1).padStart(2, '0')}-01`,
);
const STATUSES = ['FULL', 'DENIED', 'PENDING'] as const;

const contentArbitrary = (maxLevel: number) =>
  fc.record({
    status: fc.constantFrom(...STATUSES),
    day: fc.nat(DAYS.length - 1),
    end: fc.option(fc.nat(DAYS.length - 1), { nil: null }),
    sensitivity: fc.nat(maxLevel),
  });

type Content = {
  status: (typeof STATUSES)[number];
  day: number;
  end: number | null;
  sensitivity: number;
};

function contentOf(content: Content, reason: string) {
  const validFrom = DAYS[content.day]!;
  const validTo =
    content.end !== null && DAYS[content.end]! > validFrom ? DAYS[content.end]! : null;
  return {
    status: content.status,
    validFrom,
    validTo,
    reason,
    constraintCategories: [],
    terms: [],
    sources: [],
    severity: null,
    sensitivity: SENSITIVITIES[content.sensitivity]!,
  };
}

const historyArbitrary = fc.array(
  fc.record({
    writer: fc.nat(3),
    correct: fc.boolean(),
    pick: fc.nat(20),
    content: contentArbitrary(3),
  }),
  { maxLength: 25 },
);

/** A stored history: changes planned one by one, each stamped with a recording time as the database would. */
function buildHistory(
  history: { writer: number; correct: boolean; pick: number; content: Content }[],
): PairState {
  let state = emptyPairState('org', 'area');
  history.forEach((step, index) => {
    const writer = SENSITIVITIES[step.writer]!;
    const content = contentOf(
      { ...step.content, sensitivity: Math.min(step.content.sensitivity, step.writer) },
      `history ${index}`,
    );
    const own = state.levels[writer];
    const change: TimelineChange =
      step.correct && own.length > 0
        ? {
            kind: 'CORRECTION',
            targetId: own[step.pick % own.length]!.id,
            content,
            reviewState: 'VALIDATED',
          }
        : { kind: 'RECORD', content, reviewState: 'VALIDATED' };
    try {
      const planned = planChange(state, writer, change);
      const recordedAt = new Date(Date.UTC(2026, 0, 1, 0, 0, index))
        .toISOString()
        .replace('Z', '000Z');
      state = {
        ...planned.state,
        levels: Object.fromEntries(
          SENSITIVITIES.map((level) => [
            level,
            planned.state.levels[level].map((version) =>
              version.id === planned.version.id ? { ...version, recordedAt } : version,
            ),
          ]),
        ) as PairState['levels'],
      };
    } catch {
      // a refused change is part of a random history
    }
  });
  return state;
}

/**
 * What readPairStates reads of a pair for an import (a focus on the file's starts): around
 * each start, at every level, the versions from the last start before it to the first
 * after it, one date range for all levels. The import plans over these parts only.
 */
function partsOf(state: PairState, starts: string[]): PairState {
  const levels = SENSITIVITIES.map((level) => state.levels[level]);
  const ranges = starts.map((start) => {
    const before = levels.flatMap(
      (timeline) => timeline.filter((v) => v.validFrom < start).at(-1)?.validFrom ?? [],
    );
    const after = levels.flatMap(
      (timeline) => timeline.find((v) => v.validFrom > start)?.validFrom ?? [],
    );
    return {
      from: before.length ? before.reduce((a, b) => (b < a ? b : a)) : start,
      to: after.length ? after.reduce((a, b) => (b > a ? b : a)) : start,
    };
  });
  const kept = (version: TimelineVersion) =>
    ranges.some((range) => range.from <= version.validFrom && version.validFrom <= range.to);
  return {
    ...state,
    levels: Object.fromEntries(
      SENSITIVITIES.map((level) => [level, state.levels[level].filter(kept)]),
    ) as PairState['levels'],
  };
}

describe('PairTimeline', () => {
  it('plans every row of an import exactly as planChange over the whole state', () => {
    let planned = 0;
    let narrowed = 0;
    fc.assert(
      fc.property(
        historyArbitrary,
        fc.nat(3),
        fc.uniqueArray(fc.record({ content: contentArbitrary(3), correct: fc.boolean() }), {
          selector: (row) => row.content.day,
          maxLength: 10,
        }),
        (history, writerRank, rows) => {
          const writer = SENSITIVITIES[writerRank] as TSensitivity;
          let full = buildHistory(history);
          const sorted = [...rows].sort((a, b) => a.content.day - b.content.day);
          // the import reads only the parts of the pair around its rows' starts
          const parts = partsOf(
            full,
            sorted.map((row) => DAYS[row.content.day]!),
          );
          if (SENSITIVITIES.some((l) => parts.levels[l].length < full.levels[l].length)) narrowed++;
          const windowed = new PairTimeline(parts, writer);
          for (const [index, row] of sorted.entries()) {
            const content = contentOf(
              { ...row.content, sensitivity: Math.min(row.content.sensitivity, writerRank) },
              `row ${index}`,
            );
            const sameStart = full.levels[writer].filter(
              (version) => version.validFrom === content.validFrom,
            );
            expect(windowed.startingOn(content.validFrom).map((version) => version.id)).toEqual(
              sameStart.map((version) => version.id),
            );
            const nextFull =
              full.levels[writer].find((version) => version.validFrom > content.validFrom)
                ?.validFrom ?? null;
            expect(windowed.nextStartAfter(content.validFrom)).toBe(nextFull);
            const target = sameStart.at(-1);
            const change: Exclude<TimelineChange, { kind: 'REVIEW' }> =
              target && row.correct
                ? { kind: 'CORRECTION', targetId: target.id, content, reviewState: 'SUBMITTED' }
                : { kind: 'RECORD', content, reviewState: 'SUBMITTED' };
            let expected: ReturnType<typeof planChange> | { error: string };
            try {
              expected = planChange(full, writer, change);
            } catch (error) {
              expected = { error: (error as { code: string }).code };
            }
            let actual:
              | { ceiling: string; supersedesId: string | null; changeKind: string }
              | { error: string };
            try {
              const version = windowed.plan(change);
              actual = {
                ceiling: version.ceiling,
                supersedesId: version.supersedesId,
                changeKind: version.changeKind,
              };
            } catch (error) {
              actual = { error: (error as { code: string }).code };
            }
            if ('error' in expected) {
              expect(actual).toEqual(expected);
              continue;
            }
            planned++;
            expect(actual).toEqual({
              ceiling: expected.version.ceiling,
              supersedesId: expected.version.supersedesId,
              changeKind: expected.version.changeKind,
            });
            full = expected.state;
          }
        },
      ),
      { numRuns: Number(process.env.PAIR_TIMELINE_RUNS ?? 3_000) },
    );
    expect(planned).toBeGreaterThan(1_000);
    // the parts left versions out often enough for the comparison to prove something
    expect(narrowed).toBeGreaterThan(300);
  });
});
