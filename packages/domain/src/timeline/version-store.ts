import type { TAccessStatusCorrection } from '@access/contracts';
import { Prisma, type RawQueries } from '@access/db';
import { AppError } from '../shared/errors';
import { GENERIC_PLANS_COLUMNS } from '../shared/plans';
import {
  emptyPairState,
  type Level,
  type PairState,
  type PlannedVersion,
  type TimelineChange,
  type TimelineVersion,
} from './timeline-engine';

/**
 * The one version store: reads the current timelines of many pairs in one query and
 * writes planned versions, with their terms and sources, in one statement. Record,
 * correct, review and import all read and write through it.
 */

export interface Pair {
  organizationId: string;
  areaId: string;
}

export function pairKey(pair: Pair): string {
  return `${pair.organizationId}/${pair.areaId}`;
}

/** Held shared by every writer of pairs, exclusively by an import that applies (see lockAllPairs). */
const ALL_PAIRS_KEY = 'access_status_versions:all pairs';

/**
 * One transaction at a time per pair: concurrent writers queue instead of interleaving.
 * Locks are taken in one order (the all-pairs lock shared first, then by key), so two
 * writers of overlapping pairs never deadlock.
 */
export async function lockPairs(tx: RawQueries, pairs: Pair[]): Promise<void> {
  const keys = [...new Set(pairs.map(pairKey))].sort();
  if (keys.length === 0) return;
  await tx.$queryRaw`/* prepared */ SELECT count(CASE WHEN n = 1 THEN pg_advisory_xact_lock_shared(hashtextextended(k, 0)) ELSE pg_advisory_xact_lock(hashtextextended(k, 0)) END)::int
                     FROM unnest(${[ALL_PAIRS_KEY, ...keys]}::text[]) WITH ORDINALITY AS t(k, n)`;
}

/**
 * lockPairs for one change, in one statement with two things that would each cost a round
 * trip of their own: the references check (checkReferences' rule, for the terms given), and
 * generic plans for the rest of the transaction (GENERIC_PLANS_COLUMNS); answers the plan
 * setting it replaced (put it back with restorePlans). The change's statements are named (PREPARED) and driven by
 * ids, so a generic plan serves every call; planned for their values each time, the pair's
 * state cost 4.4 ms of planning for 0.6 ms of work and the writer's answer 2.35 ms for
 * 0.25 ms (BENCHMARKS.md, issue 19). The version's trigger plans what needs it its own
 * way: the levels walk, whose generic plan was measured 150 times slower, runs by EXECUTE
 * (planned for each call's values, migration 20261130140000), and the rewrite of the current
 * timelines is pinned to generic plans.
 */
export async function lockPairForChange(
  tx: RawQueries,
  pair: Pair,
  terms: TAccessStatusCorrection['terms'],
): Promise<string> {
  // The references first, and the locks only when they all exist: a change naming nothing
  // is refused at once, not after waiting for the pair's writers (or an import's lock).
  const [row] = await tx.$queryRaw<(References & { previous: string })[]>`
    /* prepared */ WITH refs AS MATERIALIZED (SELECT ${referencesSql(pair, terms)}),
    locked AS MATERIALIZED (
      SELECT count(CASE WHEN n = 1 THEN pg_advisory_xact_lock_shared(hashtextextended(k, 0)) ELSE pg_advisory_xact_lock(hashtextextended(k, 0)) END)::int AS locks
      FROM unnest(${[ALL_PAIRS_KEY, pairKey(pair)]}::text[]) WITH ORDINALITY AS t(k, n), refs
      WHERE refs.organization AND refs.area AND cardinality(refs.parties) = ${partyIdsOf(terms).length})
    SELECT ${GENERIC_PLANS_COLUMNS}, refs.organization, refs.area, refs.parties, locked.locks FROM refs, locked`;
  assertReferences(row!, terms);
  return row!.previous;
}

/**
 * Every pair at once, for an import that applies many thousands of pairs in one
 * transaction (a lock per pair would overflow PostgreSQL's lock table): single writers
 * wait until it commits, then read what it wrote. Readers never wait.
 */
export async function lockAllPairs(tx: RawQueries): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${ALL_PAIRS_KEY}, 0))::text`;
}

/**
 * Up to this many pairs, a bulk writer locks its own pairs as single writers do, so single
 * writes to other pairs go on meanwhile; beyond, one lock per pair would crowd
 * PostgreSQL's shared lock table (max_locks_per_transaction × connections, 6,400 slots by
 * default), and it locks every pair.
 */
export const BULK_PAIR_LOCKS = 500;

/** The locks of a bulk writer (an import that applies) of `pairs`: its pairs, or every pair when they are many. */
export async function lockBulkPairs(
  tx: RawQueries,
  pairs: { count: number; all(): Pair[] },
): Promise<void> {
  if (pairs.count <= BULK_PAIR_LOCKS) await lockPairs(tx, pairs.all());
  else await lockAllPairs(tx);
}

/**
 * A bulk writer's derivation, once at its end: after deferDerivation, the statement
 * trigger only collects the validated versions the transaction writes (their levels and
 * their pairs' timelines are not derived per statement); deriveDeferred then derives them
 * all with the same SQL functions, set-wise, and must run before the transaction commits.
 * Between the two, the transaction must not read the derived rows (current timelines,
 * levels, day counts) of the pairs it wrote: an import reads each pair before writing it.
 */
export async function deferDerivation(tx: RawQueries): Promise<void> {
  await tx.$executeRaw`SELECT defer_access_status_derivation()`;
}

/** Derives what was written since deferDerivation (see there); returns the number of versions derived. */
export async function deriveDeferred(tx: RawQueries): Promise<number> {
  const [row] = await tx.$queryRaw<
    { derived: number }[]
  >`SELECT derive_deferred_access_statuses() AS derived`;
  return row?.derived ?? 0;
}

interface References {
  organization: boolean;
  area: boolean;
  parties: string[];
}

/** The terms' granting parties, each once. */
function partyIdsOf(terms: TAccessStatusCorrection['terms']): string[] {
  return [
    ...new Set(terms.flatMap((term) => (term.grantingPartyId ? [term.grantingPartyId] : []))),
  ];
}

/** Whether the organisation and the area exist, and which of the terms' granting parties do. */
function referencesSql(pair: Pair, terms: TAccessStatusCorrection['terms']): Prisma.Sql {
  const partyIds = partyIdsOf(terms);
  return Prisma.sql`EXISTS (SELECT 1 FROM organizations WHERE id = ${pair.organizationId}::uuid) AS organization,
           EXISTS (SELECT 1 FROM areas WHERE id = ${pair.areaId}::uuid) AS area,
           ARRAY(SELECT id::text FROM parties WHERE id = ANY(${partyIds}::uuid[])) AS parties`;
}

/** A field error for the first reference that does not exist. */
function assertReferences(found: References, terms: TAccessStatusCorrection['terms']): void {
  if (!found.organization) throw AppError.invalid('organizationId', 'no organisation has this id');
  if (!found.area) throw AppError.invalid('areaId', 'no area has this id');
  const parties = new Set(found.parties);
  terms.forEach((term, index) => {
    if (term.grantingPartyId && !parties.has(term.grantingPartyId))
      throw AppError.invalid(`terms.${index}.grantingPartyId`, 'no party has this id');
  });
}

/** Checks that the organisation, the area and the granting parties of the terms exist (a field error otherwise). */
export async function checkReferences(
  tx: RawQueries,
  pair: Pair,
  terms: TAccessStatusCorrection['terms'],
): Promise<void> {
  const [found] = await tx.$queryRaw<References[]>`
    /* prepared */ SELECT ${referencesSql(pair, terms)}`;
  assertReferences(found!, terms);
}

/** The content of version `v` (what a correction restates), with its terms and sources in order. */
export const CONTENT_JSON = Prisma.sql`json_build_object(
          'status', v.status, 'validFrom', to_char(v.valid_from, 'YYYY-MM-DD'), 'validTo', to_char(v.valid_to, 'YYYY-MM-DD'),
          'reason', v.reason, 'constraintCategories', to_json(coalesce(v.constraint_categories, '{}')), 'severity', v.severity,
          'sensitivity', v.sensitivity,
          'terms', coalesce((SELECT json_agg(json_build_object('type', t.type, 'grantingPartyId', t.granting_party_id,
                                                               'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
                             FROM access_terms t WHERE t.version_id = v.id), '[]'),
          'sources', coalesce((SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url,
                                                                 'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
                               FROM access_sources s WHERE s.version_id = v.id), '[]'))`;

interface CurrentRow {
  level: Level;
  organizationId: string;
  areaId: string;
  version: Omit<TimelineVersion, 'content'> & {
    content: Omit<TAccessStatusCorrection, 'reviewState'>;
  };
}

/** Up to this many current versions at every level, a pair is read whole, focus or not. */
const WHOLE_PAIR_VERSIONS = 64;

/**
 * A focus of more starts than this reads the pair whole: each start costs eight index
 * probes, and 30,000 of them (a file restating a 30,000-version pair) took 10 s, longer
 * than reading the pair.
 */
const FOCUS_STARTS = 256;

/**
 * What a change to a pair can touch: starts (the new or corrected periods') and versions
 * (its targets). Without it, a read takes the pair's whole timelines.
 */
export interface PairFocus {
  starts: string[];
  versionIds?: string[];
}

/** What one change can touch: its start, and the version it corrects or reviews. */
export function changeFocus(change: TimelineChange): PairFocus {
  return {
    starts: change.kind === 'REVIEW' ? [] : [change.content.validFrom],
    versionIds: change.kind === 'RECORD' ? [] : [change.targetId],
  };
}

/**
 * The current timelines, at every level, of the given pairs (pairs without versions come
 * back empty). A pair with a focus comes back as the parts of its timelines the change
 * can touch: around each start of the focus (a target's start counts), at every level,
 * the versions from the last start before it to the first start after it. Each part is
 * one date range for every level, so a version current at the writer's level and at
 * another is in both or in neither (the engine takes a version missing from the writer's
 * timeline for one they do not see); inside a part every end derives alike before and
 * after the change, and the change reaches no end outside it (see PairTimeline for the
 * import's walk over the same parts). So one change to a pair with 30,000 versions reads
 * a few versions, not 120,000 rows (it took 10 s), and an import reads its rows' parts.
 * A pair of up to WHOLE_PAIR_VERSIONS versions at every level is read whole (finding its
 * parts would cost more than reading it; tests set `wholeUpTo` to 0 to read parts always).
 */
export async function readPairStates(
  tx: RawQueries,
  pairs: (Pair & { focus?: PairFocus })[],
  options: { wholeUpTo?: number } = {},
): Promise<Map<string, PairState>> {
  const wholeUpTo = options.wholeUpTo ?? WHOLE_PAIR_VERSIONS;
  const states = new Map(
    pairs.map((pair) => [pairKey(pair), emptyPairState(pair.organizationId, pair.areaId)]),
  );
  if (pairs.length === 0) return states;
  // one entry per pair and start; a null start: the whole pair
  const organizationIds: string[] = [];
  const areaIds: string[] = [];
  const starts: (string | null)[] = [];
  for (const pair of pairs) {
    const focused = pair.focus && new Set(pair.focus.starts).size <= FOCUS_STARTS;
    for (const start of focused ? new Set(pair.focus!.starts) : [null]) {
      organizationIds.push(pair.organizationId);
      areaIds.push(pair.areaId);
      starts.push(start);
    }
  }
  const targetIds = pairs.flatMap((pair) => pair.focus?.versionIds ?? []);
  const rows = await tx.$queryRaw<CurrentRow[]>`
    /* prepared */ WITH focus AS (
      SELECT f.organization_id, f.area_id, f.start
      FROM unnest(${organizationIds}::uuid[], ${areaIds}::uuid[], ${starts}::date[]) AS f(organization_id, area_id, start)
      UNION
      SELECT x.organization_id, x.area_id, x.valid_from FROM access_status_versions x
      WHERE x.id = ANY(${targetIds}::uuid[])
    ), pairs AS MATERIALIZED (
      -- a short pair is read whole: its parts would cost more to find
      SELECT p.organization_id, p.area_id, EXISTS (
        SELECT 1 FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl CROSS JOIN LATERAL (
          SELECT 1 FROM current_access_statuses c
          WHERE c.level = lvl AND c.organization_id = p.organization_id AND c.area_id = p.area_id OFFSET ${wholeUpTo} LIMIT 1) beyond
      ) AS long
      FROM (SELECT DISTINCT organization_id, area_id FROM focus) p
    ), parts AS MATERIALIZED (
      SELECT f.organization_id, f.area_id,
        CASE WHEN f.start IS NULL OR NOT p.long THEN '-infinity'::date ELSE coalesce((
          SELECT min(before.start) FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl CROSS JOIN LATERAL (
            SELECT max(c.valid_from) AS start FROM current_access_statuses c
            WHERE c.level = lvl AND c.organization_id = f.organization_id AND c.area_id = f.area_id AND c.valid_from < f.start) before
        ), f.start) END AS first_day,
        CASE WHEN f.start IS NULL OR NOT p.long THEN 'infinity'::date ELSE coalesce((
          SELECT max(after.start) FROM unnest(enum_range(NULL::"Sensitivity")) AS lvl CROSS JOIN LATERAL (
            SELECT min(c.valid_from) AS start FROM current_access_statuses c
            WHERE c.level = lvl AND c.organization_id = f.organization_id AND c.area_id = f.area_id AND c.valid_from > f.start) after
        ), f.start) END AS last_day
      FROM focus f JOIN pairs p ON p.organization_id = f.organization_id AND p.area_id = f.area_id
    ), picked AS (
      SELECT DISTINCT c.level, c.id
      FROM parts p
      CROSS JOIN unnest(enum_range(NULL::"Sensitivity")) AS lvl
      JOIN current_access_statuses c ON c.level = lvl AND c.organization_id = p.organization_id AND c.area_id = p.area_id
        AND c.valid_from BETWEEN p.first_day AND p.last_day
    )
    SELECT c.level, c.organization_id::text AS "organizationId", c.area_id::text AS "areaId",
      json_build_object(
        'id', v.id, 'status', v.status, 'validFrom', to_char(v.valid_from, 'YYYY-MM-DD'),
        'statedValidTo', to_char(v.valid_to, 'YYYY-MM-DD'), 'validTo', to_char(c.valid_to, 'YYYY-MM-DD'),
        'recordedAt', to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        'sensitivity', v.sensitivity, 'ceiling', v.ceiling, 'reviewState', v.review_state, 'reviewNote', v.review_note,
        'lineage', coalesce((
          WITH RECURSIVE up(id, sensitivity, ceiling, supersedes_id, review_state, depth) AS (
            SELECT a.id, a.sensitivity, a.ceiling, a.supersedes_id, a.review_state, 1 FROM access_status_versions a WHERE a.id = v.supersedes_id
            UNION ALL
            SELECT a.id, a.sensitivity, a.ceiling, a.supersedes_id, a.review_state, up.depth + 1 FROM up JOIN access_status_versions a ON a.id = up.supersedes_id
          ) SELECT json_agg(json_build_object('id', id, 'sensitivity', sensitivity, 'ceiling', ceiling) ORDER BY depth)
            FILTER (WHERE review_state = 'VALIDATED') FROM up), '[]'),
        'content', ${CONTENT_JSON}
      ) AS version
    FROM picked p
    JOIN current_access_statuses c ON c.level = p.level AND c.id = p.id
    JOIN access_status_versions v ON v.id = c.id
    ORDER BY c.level, c.organization_id, c.area_id, c.valid_from, c.recorded_at, c.id`;
  for (const row of rows) {
    states.get(pairKey(row))?.levels[row.level].push(row.version);
  }
  return states;
}

/** Where a version stands for a reader of one level: absent, current, or superseded (by which version there). */
export async function versionAtLevel(
  tx: RawQueries,
  versionId: string,
  level: Level,
): Promise<{
  organizationId: string;
  areaId: string;
  supersededById: string | null;
  sensitivity: Level;
} | null> {
  const [row] = await tx.$queryRaw<
    { organizationId: string; areaId: string; supersededById: string | null; sensitivity: Level }[]
  >`
    /* prepared */ SELECT l.organization_id::text AS "organizationId", l.area_id::text AS "areaId", v.sensitivity,
           (SELECT s.version_id::text FROM access_status_version_levels s
            WHERE s.level = l.level AND s.visible_supersedes_id = l.version_id ORDER BY s.recorded_at DESC LIMIT 1) AS "supersededById"
    FROM access_status_version_levels l JOIN access_status_versions v ON v.id = l.version_id
    WHERE l.version_id = ${versionId}::uuid AND l.level = ${level}::"Sensitivity"`;
  return row ?? null;
}

/**
 * Writes planned versions with their terms and sources in one statement (the levels and
 * timelines follow in the statement's trigger). All share one recorded time, taken after
 * the pairs' locks, so a later writer of a pair is never recorded before an earlier one.
 */
export async function writeVersions(
  tx: RawQueries,
  recordedById: string,
  versions: PlannedVersion[],
): Promise<void> {
  if (versions.length === 0) return;
  // a proposal correcting a version written in this same batch: its target, found here
  // (the statement's own rows are not visible to its subqueries)
  const inBatch = new Map(versions.map((version) => [version.id, version]));
  const targetInBatch = (version: PlannedVersion): string | null => {
    const superseded = version.supersedesId ? inBatch.get(version.supersedesId) : undefined;
    if (!superseded) return null;
    return superseded.reviewState === 'VALIDATED' ? superseded.id : targetInBatch(superseded);
  };
  const rows = versions.map((version) => ({
    target_id:
      version.reviewState === 'VALIDATED' ? null : (version.targetId ?? targetInBatch(version)),
    id: version.id,
    organization_id: version.organizationId,
    area_id: version.areaId,
    status: version.content.status,
    valid_from: version.content.validFrom,
    valid_to: version.content.validTo ?? null,
    change_kind: version.changeKind,
    reason: version.content.reason,
    constraint_categories: [...new Set(version.content.constraintCategories)].sort((a, b) => a - b),
    severity: version.content.severity ?? null,
    sensitivity: version.content.sensitivity,
    ceiling: version.ceiling,
    review_state: version.reviewState,
    review_note: version.reviewNote,
    supersedes_id: version.supersedesId,
    correction_note: version.content.correctionNote ?? null,
    proposal_id: version.proposalId ?? null,
    based_on_id: version.basedOnId ?? null,
  }));
  const terms = versions.flatMap((version) =>
    version.content.terms.map((term, position) => ({
      version_id: version.id,
      position,
      type: term.type,
      granting_party_id: term.grantingPartyId ?? null,
      legal_reference: term.legalReference ?? null,
      note: term.note ?? null,
    })),
  );
  const sources = versions.flatMap((version) =>
    version.content.sources.map((source, position) => ({
      version_id: version.id,
      position,
      title: source.title,
      publisher: source.publisher ?? null,
      url: source.url ?? null,
      published_on: source.publishedOn ?? null,
    })),
  );
  await tx.$executeRaw`
    /* prepared */ WITH now_ AS (SELECT clock_timestamp() AS recorded_at),
    v AS (
      INSERT INTO access_status_versions
        (id, organization_id, area_id, status, valid_from, valid_to, recorded_at, recorded_by_id, change_kind, reason,
         constraint_categories, severity, sensitivity, ceiling, review_state, review_note, supersedes_id,
         correction_note, proposal_id, target_id, based_on_id)
      SELECT x.id, x.organization_id, x.area_id, x.status::"AccessStatusCode", x.valid_from, x.valid_to, now_.recorded_at,
             ${recordedById}::uuid, x.change_kind::"ChangeKind", x.reason, x.constraint_categories, x.severity,
             x.sensitivity::"Sensitivity", x.ceiling::"Sensitivity", x.review_state::"ReviewState", x.review_note, x.supersedes_id,
             x.correction_note, x.proposal_id,
             -- a proposal's target: what it supersedes if validated, else that proposal's target
             CASE WHEN x.review_state <> 'VALIDATED' THEN coalesce(x.target_id, (
               SELECT CASE WHEN s.review_state = 'VALIDATED' THEN s.id ELSE s.target_id END
               FROM access_status_versions s WHERE s.id = x.supersedes_id)) END,
             CASE WHEN x.review_state <> 'VALIDATED' THEN coalesce(x.based_on_id, x.target_id, (
               SELECT CASE WHEN s.review_state = 'VALIDATED' THEN s.id ELSE s.target_id END
               FROM access_status_versions s WHERE s.id = x.supersedes_id)) END
      FROM now_, jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(
        id uuid, organization_id uuid, area_id uuid, status text, valid_from date, valid_to date, change_kind text, reason text,
        constraint_categories smallint[], severity smallint, sensitivity text, ceiling text, review_state text, review_note text, supersedes_id uuid,
        correction_note text, proposal_id uuid, target_id uuid, based_on_id uuid)
      RETURNING id
    ),
    new_terms AS (
      INSERT INTO access_terms (id, version_id, position, type, granting_party_id, legal_reference, note)
      SELECT gen_random_uuid(), x.version_id, x.position, x.type::"TermType", x.granting_party_id, x.legal_reference, x.note
      FROM jsonb_to_recordset(${JSON.stringify(terms)}::jsonb) AS x(version_id uuid, position smallint, type text, granting_party_id uuid, legal_reference text, note text)
      WHERE x.version_id IN (SELECT id FROM v)
    )
    INSERT INTO access_sources (id, version_id, position, title, publisher, url, published_on)
    SELECT gen_random_uuid(), x.version_id, x.position, x.title, x.publisher, x.url, x.published_on
    FROM jsonb_to_recordset(${JSON.stringify(sources)}::jsonb) AS x(version_id uuid, position smallint, title text, publisher text, url text, published_on date)
    WHERE x.version_id IN (SELECT id FROM v)`;
}

/** A version named by id as a reader of `level` finds it: its pair, its content, and whether it is current at that level. */
export interface NamedVersion {
  id: string;
  organizationId: string;
  areaId: string;
  current: boolean;
  content: Omit<TAccessStatusCorrection, 'reviewState'>;
}

/**
 * The versions among `ids` that exist at `level` (an import's rows name them; one that
 * does not exist there reads as an id that never existed).
 */
export async function readNamedVersions(
  tx: RawQueries,
  ids: string[],
  level: Level,
): Promise<Map<string, NamedVersion>> {
  if (ids.length === 0) return new Map();
  const rows = await tx.$queryRaw<NamedVersion[]>`
    SELECT v.id::text, l.organization_id::text AS "organizationId", l.area_id::text AS "areaId",
           EXISTS (SELECT 1 FROM current_access_statuses c WHERE c.level = l.level AND c.id = l.version_id) AS current,
           ${CONTENT_JSON} AS content
    FROM access_status_version_levels l JOIN access_status_versions v ON v.id = l.version_id
    WHERE l.level = ${level}::"Sensitivity" AND l.version_id = ANY(${ids}::uuid[])`;
  return new Map(rows.map((row) => [row.id, row]));
}
