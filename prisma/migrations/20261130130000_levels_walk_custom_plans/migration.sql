-- A single change's transaction runs on generic plans from its pair's lock on
-- (lockPairForChange in packages/domain/src/timeline/version-store.ts): its statements are
-- named and driven by ids, and planning them for their values cost several times their work
-- (BENCHMARKS.md, issue 19). The version's trigger keeps what suits each of its parts
-- whatever the caller set: the levels walk plans for its values (its generic plan was
-- measured 150 times slower under concurrent writers), and the rewrite of the current
-- timelines is already pinned to generic plans (migration 20261130121000).
ALTER FUNCTION "add_access_status_version_levels"(uuid[]) SET plan_cache_mode = force_custom_plan;
