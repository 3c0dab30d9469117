import type { Db } from '../shared/context';

/**
 * Changes folded per transaction. A compaction of everything at once grew with the backlog:
 * about 860,000 day-count changes (a 100,000-row import) took 15 s, the statement timeout,
 * so on a slower machine it rolled back and started again every 10 s for good
 * (migration 20261130100000, BENCHMARKS.md issue 19).
 */
export const COMPACTION_BATCH = 20_000;

/** Calls one compaction step until a step takes less than a whole batch; the changes taken. */
async function foldInBatches(step: () => Promise<number>, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const taken = await step();
    total += taken;
    if (taken < batch) return total;
  }
}

/** Folds the day-count changes written since the last time into the day counts (run now and then). */
export function compactDayCounts(db: Db, batch = COMPACTION_BATCH): Promise<number> {
  return foldInBatches(async () => {
    const [row] = await db.$queryRaw<
      { taken: number }[]
    >`SELECT compact_access_status_day_counts(${batch}::int) AS taken`;
    return row?.taken ?? 0;
  }, batch);
}

/** Folds the open-period count changes into the counts (run now and then, with the day counts). */
export function compactOpenPeriodCounts(db: Db, batch = COMPACTION_BATCH): Promise<number> {
  return foldInBatches(async () => {
    const [row] = await db.$queryRaw<
      { taken: number }[]
    >`SELECT compact_access_open_period_counts(${batch}::int) AS taken`;
    return row?.taken ?? 0;
  }, batch);
}
