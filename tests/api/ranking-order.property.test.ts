import fc from 'fast-check';
import { expect, it } from 'vitest';
import { compareScores, measuresOfCounts, OPEN_COUNT_COLUMNS, scoreKey } from '@access/domain';

/**
 * The ranking sorts thousands of areas by one number (scoreKey). That number must order
 * scores exactly as the ranking's words do: organisations denied or suspended, then the
 * highest severity, then how many constraint categories, then organisations constrained.
 */
const measures = fc.record({
  blockedOrganizations: fc.oneof(fc.nat(20), fc.nat(2 ** 26 - 1)),
  maxSeverity: fc.option(fc.integer({ min: 0, max: 5 }), { nil: null }),
  constraintCategories: fc.uniqueArray(fc.integer({ min: 1, max: 9 }), { maxLength: 9 }),
  constrainedOrganizations: fc.oneof(fc.nat(20), fc.nat(2 ** 20 - 1)),
});

type Measures = typeof measures extends fc.Arbitrary<infer T> ? T : never;

const inWords = (a: Measures, b: Measures) =>
  a.blockedOrganizations - b.blockedOrganizations ||
  (a.maxSeverity ?? -1) - (b.maxSeverity ?? -1) ||
  a.constraintCategories.length - b.constraintCategories.length ||
  a.constrainedOrganizations - b.constrainedOrganizations;

it('orders any two scores as the ranking says in words', () => {
  fc.assert(
    fc.property(measures, measures, (a, b) => {
      expect(Math.sign(compareScores(a, b))).toBe(Math.sign(inWords(a, b)));
      expect(Number.isSafeInteger(scoreKey(a))).toBe(true);
    }),
    { numRuns: 5_000 },
  );
});

it('reads the same measures from open-period counts as from a score', () => {
  const count = fc.nat(3);
  fc.assert(
    fc.property(
      fc.array(count, {
        minLength: OPEN_COUNT_COLUMNS.length,
        maxLength: OPEN_COUNT_COLUMNS.length,
      }),
      (counts) => {
        const at = (column: (typeof OPEN_COUNT_COLUMNS)[number]) =>
          counts[OPEN_COUNT_COLUMNS.indexOf(column)]!;
        const severities = [0, 1, 2, 3, 4, 5].filter((s) => at(`severity_${s}` as never) > 0);
        const categories = [1, 2, 3, 4, 5, 6, 7, 8, 9].filter(
          (c) => at(`category_${c}` as never) > 0,
        );
        expect(measuresOfCounts(counts)).toEqual({
          blockedOrganizations: at('status_denied') + at('status_suspended'),
          maxSeverity: severities.at(-1) ?? null,
          constraintCategories: categories.length,
          constrainedOrganizations: at('status_constrained'),
        });
      },
    ),
  );
});
