-- The rewrite of a pair's current timelines near the versions a statement adds runs on
-- generic plans. PL/pgSQL keeps each statement's plan, but with plan_cache_mode auto it
-- compared the generic plan's estimate (arrays of unknown length) with the custom plans'
-- (one version) and planned every call anew: about 4.5 ms of planning for 1 ms of work
-- per version written, on 100,000 versions (pg_stat_statements; BENCHMARKS.md, issue 19).
-- Its statements are driven by the version ids, through the same indexes either way: a
-- single-row INSERT went from 9.5 to 5.4-5.9 ms, and one into a pair of 100,000 versions
-- from 11-95 to 6-7 ms. The levels walk (add_access_status_version_levels) keeps custom
-- plans: its generic plan was measured 150 times slower (BENCHMARKS.md).
ALTER FUNCTION "refresh_current_access_statuses_near"(uuid[]) SET plan_cache_mode = force_generic_plan;
