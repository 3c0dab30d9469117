import { Prisma, type RawQueries } from '@access/db';

/**
 * Columns that put the rest of a transaction on generic plans and answer the setting they
 * replaced (`previous`, for restorePlans), for a statement of its own (useGenericPlans) or
 * one that has other work (lockPairForChange). For named (PREPARED) statements driven by
 * ids, whose plans for their values cost several times their work (BENCHMARKS.md, issue 19).
 */
export const GENERIC_PLANS_COLUMNS = Prisma.sql`current_setting('plan_cache_mode') AS previous,
  set_config('plan_cache_mode', 'force_generic_plan', true) AS generic`;

/** Puts the rest of the transaction on generic plans; answers the setting it replaced. */
export async function useGenericPlans(tx: RawQueries): Promise<string> {
  const [row] = await tx.$queryRaw<{ previous: string }[]>`
    /* prepared */ SELECT ${GENERIC_PLANS_COLUMNS}`;
  return row!.previous;
}

/** Puts back the plan setting useGenericPlans (or lockPairForChange) replaced, for a transaction that goes on. */
export async function restorePlans(tx: RawQueries, previous: string): Promise<void> {
  await tx.$queryRaw`/* prepared */ SELECT set_config('plan_cache_mode', ${previous}, true)`;
}
