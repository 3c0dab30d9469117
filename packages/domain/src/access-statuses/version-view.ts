import { PREPARED, Prisma, type RawQueries } from '@access/db';
import type { TAccessStatusVersion } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import { loadProposals } from '../proposals/proposal-view';
import { versionsAsSeenSql } from './access-sql';
import { termsAndSourcesJsonSql } from './terms-sources-json';

type VersionRow = Omit<TAccessStatusVersion, 'constraintCategories'> & {
  constraintCategories: number[];
};

/**
 * Full versions for the given ids, as the actor sees them, in the order of the ids; ids
 * that do not exist at the actor's level are left out. One query assembles each version
 * with its organisation, area, recorder, terms and sources.
 *
 * Everything relational is read at the actor's level (versionsAsSeenSql).
 */
export async function loadVersions(
  db: Db | Tx,
  actor: Actor,
  ids: string[],
  options: { prepared?: boolean } = {},
): Promise<TAccessStatusVersion[]> {
  if (ids.length === 0) return [];
  // a writer's answer is prepared by name (its own text, so reads keep planning theirs)
  const prepared = options.prepared ? Prisma.raw(PREPARED) : Prisma.empty;
  const rows = await db.$queryRaw<{ version: VersionRow }[]>`
    ${prepared} ${versionsViewSql(actor, ids)} ORDER BY position`;
  return rows.map((row) => row.version);
}

/** The rows (version, position) of loadVersions, unordered. */
function versionsViewSql(actor: Actor, ids: string[]): Prisma.Sql {
  return Prisma.sql`SELECT json_build_object(
      'id', v.id,
      'organization', json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code),
      'area', json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'pcode', a.pcode),
      'status', v.status,
      'previousStatus', v.previous_status,
      'validFrom', to_char(v.valid_from, 'YYYY-MM-DD'),
      'validTo', to_char(v.valid_to, 'YYYY-MM-DD'),
      -- microseconds, as stored: knownAt=<recordedAt> must include the version itself
      'recordedAt', to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'recordedBy', json_build_object('id', u.id, 'displayName', u.display_name),
      'changeKind', v.change_kind,
      'reason', v.reason,
      'constraintCategories', to_json(v.constraint_categories),
      'severity', v.severity,
      'sensitivity', v.sensitivity,
      'reviewState', v.review_state,
      'reviewNote', v.review_note,
      'supersedesId', v.visible_supersedes_id,
      'supersededById', v.superseded_by_id,
      ${termsAndSourcesJsonSql(Prisma.sql`v.id`)},
      'correctionNote', v.correction_note,
      'proposal', false
    ) AS version, wanted.position
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN ${versionsAsSeenSql(actor)} ON v.id = wanted.id
    JOIN organizations o ON o.id = v.organization_id
    JOIN areas a ON a.id = v.area_id
    JOIN users u ON u.id = v.recorded_by_id`;
}

/**
 * Versions as stored, for the audit trail: what was written and nothing derived from a
 * reader's timeline (no previous status, no end taken from a neighbour, no successor), so
 * an event shows no more than the records it names, whose sensitivities it carries.
 */
export async function loadStoredVersions(
  db: Db | Tx,
  ids: string[],
): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ version: Record<string, unknown> }[]>`
    /* prepared */ ${storedVersionsSql(ids)} ORDER BY position`;
  return rows.map((row) => row.version);
}

/** The rows (version, position) of loadStoredVersions, unordered. */
function storedVersionsSql(ids: string[]): Prisma.Sql {
  return Prisma.sql`SELECT json_build_object(
      'id', v.id, 'organizationId', v.organization_id, 'areaId', v.area_id, 'status', v.status,
      'validFrom', to_char(v.valid_from, 'YYYY-MM-DD'), 'statedValidTo', to_char(v.valid_to, 'YYYY-MM-DD'),
      'changeKind', v.change_kind, 'reason', v.reason, 'constraintCategories', to_json(v.constraint_categories),
      'severity', v.severity, 'sensitivity', v.sensitivity, 'reviewState', v.review_state, 'reviewNote', v.review_note,
      'supersedesId', v.supersedes_id, 'correctionNote', v.correction_note, 'targetId', v.target_id,
      'basedOnId', v.based_on_id, 'proposalId', v.proposal_id,
      'terms', coalesce((SELECT json_agg(json_build_object('type', t.type, 'grantingPartyId', t.granting_party_id, 'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
                         FROM access_terms t WHERE t.version_id = v.id), '[]'::json),
      'sources', coalesce((SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url, 'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
                           FROM access_sources s WHERE s.version_id = v.id), '[]'::json)
    ) AS version, wanted.position
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN access_status_versions v ON v.id = wanted.id`;
}

/**
 * What a change answers and audits, in one statement (each round trip costs, BENCHMARKS.md
 * issue 19): the version written as its writer sees it (loadVersions), and the versions
 * `storedIds` as stored (loadStoredVersions), in their order.
 */
export async function loadWrittenVersion(
  tx: RawQueries,
  actor: Actor,
  id: string,
  storedIds: string[],
): Promise<{ written: TAccessStatusVersion | undefined; stored: Record<string, unknown>[] }> {
  const [row] = await tx.$queryRaw<
    { written: VersionRow | null; stored: Record<string, unknown>[] | null }[]
  >`
    /* prepared */ SELECT (SELECT q.version FROM (${versionsViewSql(actor, [id])}) q) AS written,
      (SELECT json_agg(q.version ORDER BY q.position) FROM (${storedVersionsSql(storedIds)}) q) AS stored`;
  return { written: row?.written ?? undefined, stored: row?.stored ?? [] };
}

/** Versions and proposals (`proposal` tells which each id is), in the order given. */
export async function loadVersionsAndProposals(
  db: Db | Tx,
  actor: Actor,
  rows: { id: string; proposal: boolean }[],
): Promise<TAccessStatusVersion[]> {
  const [versions, proposals] = await Promise.all([
    loadVersions(
      db,
      actor,
      rows.filter((row) => !row.proposal).map((row) => row.id),
    ),
    loadProposals(
      db,
      actor,
      rows.filter((row) => row.proposal).map((row) => row.id),
    ),
  ]);
  const byId = new Map<string, TAccessStatusVersion>(
    [...versions, ...proposals].map((item) => [item.id, item]),
  );
  return rows.flatMap((row) => {
    const item = byId.get(row.id);
    return item ? [item] : [];
  });
}
