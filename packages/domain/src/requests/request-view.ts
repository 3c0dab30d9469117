import { Prisma } from '@access/db';
import type { TAccessRequestVersion, TConsentPositionVersion } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import { requestVersionExistsSql, visiblePositionVersionsSql } from './request-sql';
import {
  recordProposalExistsSql,
  recordProposalSuccessorSql,
  versionsTable,
  type RequestRecordKind,
} from './request-store';

const sourcesJson = (table: string) => Prisma.sql`coalesce((
  SELECT json_agg(json_build_object('title', s.title, 'publisher', s.publisher, 'url', s.url,
                                    'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
  FROM ${Prisma.raw(table)} s WHERE s.version_id = v.id), '[]'::json)`;

const partyJson = (alias: string) =>
  Prisma.raw(
    `json_build_object('id', ${alias}.id, 'name', ${alias}.name, 'acronym', ${alias}.acronym, 'kind', ${alias}.kind)`,
  );

/**
 * The fields every version shares, as the actor sees them: what it replaced and what
 * replaced it are the neighbours the actor sees (for a validated version the previous and
 * next version existing at their level; for a proposal row its earlier row or its target,
 * and its successor), as for incidents (incident-view.ts).
 */
function versionFieldsSql(): Prisma.Sql {
  return Prisma.sql`
    'sensitivity', v.sensitivity,
    'reviewState', v.review_state,
    'reviewNote', v.review_note,
    'changeKind', CASE WHEN seen.supersedes_id IS NULL THEN 'RECORD'
                       WHEN v.change_kind = 'RECORD' THEN 'CORRECTION' ELSE v.change_kind::text END,
    -- a version shown as a record (what it replaced is not seen) has no correction note:
    -- one would tell of the version it corrected
    'correctionNote', CASE WHEN seen.supersedes_id IS NULL AND (v.supersedes_id IS NOT NULL OR v.target_id IS NOT NULL)
                           THEN NULL ELSE v.correction_note END,
    'recordedAt', to_char(v.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    'recordedBy', json_build_object('id', u.id, 'displayName', u.display_name),
    'supersedesId', seen.supersedes_id,
    'supersededById', seen.superseded_by_id,
    'proposal', v.review_state <> 'VALIDATED',
    'targetId', v.target_id`;
}

/** `seen`: the neighbours of version `v` as the actor sees them (a lateral join after `v`). */
function seenSql(actor: Actor, kind: RequestRecordKind, identity: string): Prisma.Sql {
  const table = versionsTable(kind);
  const id = Prisma.raw(identity);
  const exists = (row: string) => requestVersionExistsSql(actor, Prisma.raw(row));
  return Prisma.sql`CROSS JOIN LATERAL (
    SELECT
      CASE WHEN v.review_state = 'VALIDATED' THEN (
        SELECT s.id FROM ${table} s
        WHERE s.${id} = v.${id} AND ${exists('s')} AND (s.recorded_at, s.id) < (v.recorded_at, v.id)
        ORDER BY s.recorded_at DESC, s.id DESC LIMIT 1)
      ELSE coalesce((SELECT s.id FROM ${table} s
                     WHERE s.id = v.supersedes_id AND s.review_state <> 'VALIDATED' AND ${recordProposalExistsSql(actor, kind, Prisma.sql`s.id`)}),
                    v.target_id) END AS supersedes_id,
      CASE WHEN v.review_state = 'VALIDATED' THEN (
        SELECT s.id FROM ${table} s
        WHERE s.${id} = v.${id} AND ${exists('s')} AND (s.recorded_at, s.id) > (v.recorded_at, v.id)
        ORDER BY s.recorded_at, s.id LIMIT 1)
      ELSE ${recordProposalSuccessorSql(actor, kind, Prisma.sql`v`)} END AS superseded_by_id
  ) seen`;
}

/**
 * Request versions and proposal rows for the given ids, as the actor sees them, in the
 * order of the ids; ids that do not exist for the actor are left out.
 */
export async function loadRequestVersions(
  db: Db | Tx,
  actor: Actor,
  ids: string[],
): Promise<TAccessRequestVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ version: TAccessRequestVersion }[]>`
    SELECT wanted.position, x.version FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    CROSS JOIN LATERAL (
      SELECT json_build_object(
        'id', v.id,
        'requestId', v.request_id,
        'organization', json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code),
        'otherOrganizations', coalesce((
          SELECT json_agg(json_build_object('id', oo.id, 'name', oo.name, 'acronym', oo.acronym, 'typeCode', oo.type_code) ORDER BY ids.position)
          FROM unnest(v.other_organization_ids) WITH ORDINALITY AS ids(id, position) JOIN organizations oo ON oo.id = ids.id), '[]'::json),
        'kind', v.kind,
        'area', json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'pcode', a.pcode),
        'requestedOn', to_char(v.requested_on, 'YYYY-MM-DD'),
        'periodFrom', to_char(v.period_from, 'YYYY-MM-DD'),
        'periodTo', to_char(v.period_to, 'YYYY-MM-DD'),
        'purpose', v.purpose,
        'neededParties', coalesce((
          SELECT json_agg(${partyJson('np')} ORDER BY ids.position)
          FROM unnest(v.needed_party_ids) WITH ORDINALITY AS ids(id, position) JOIN parties np ON np.id = ids.id), '[]'::json),
        -- the status it led to, only for whoever may see that status version
        'accessStatusVersionId', (SELECT l.version_id FROM access_status_version_levels l
                                  WHERE l.version_id = v.access_status_version_id AND l.level = ${actor.clearance}::"Sensitivity"),
        'sources', ${sourcesJson('access_request_sources')},
        ${versionFieldsSql()}
      ) AS version
      FROM access_request_versions v
      JOIN access_requests q ON q.id = v.request_id
      JOIN organizations o ON o.id = q.organization_id
      JOIN areas a ON a.id = v.area_id
      JOIN users u ON u.id = v.recorded_by_id
      ${seenSql(actor, 'request', 'request_id')}
      WHERE v.id = wanted.id
        AND (${requestVersionExistsSql(actor, Prisma.sql`v`)} OR ${recordProposalExistsSql(actor, 'request', Prisma.sql`v.id`)})
    ) x
    ORDER BY wanted.position`;
  return rows.map((row) => row.version);
}

/**
 * Position versions and proposal rows for the given ids, as the actor sees them, in the
 * order of the ids. `until` (validated versions) is the day of the party's next position
 * on the request that the actor sees as current at `knownAt` (default now).
 */
export async function loadPositionVersions(
  db: Db | Tx,
  actor: Actor,
  ids: string[],
  knownAt?: string,
): Promise<TConsentPositionVersion[]> {
  if (ids.length === 0) return [];
  const rows = await db.$queryRaw<{ version: TConsentPositionVersion }[]>`
    SELECT wanted.position, x.version FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    CROSS JOIN LATERAL (
      SELECT json_build_object(
        'id', v.id,
        'positionId', v.position_id,
        'requestId', cpo.request_id,
        'party', ${partyJson('pa')},
        'stance', v.stance,
        'statedOn', to_char(v.stated_on, 'YYYY-MM-DD'),
        'until', CASE WHEN v.review_state = 'VALIDATED' THEN (
          WITH seen AS ${visiblePositionVersionsSql(actor, knownAt, Prisma.sql`(SELECT cpo.request_id)`)}
          SELECT to_char(min(n.stated_on), 'YYYY-MM-DD')
          FROM seen n, seen self
          WHERE self.position_id = cpo.id AND n.party_id = cpo.party_id AND n.position_id <> cpo.id
            AND (n.stated_on, n.position_created_at, n.position_id)
              > (v.stated_on, self.position_created_at, cpo.id)) END,
        'reason', v.reason,
        'conditions', coalesce((
          SELECT json_agg(json_build_object('type', t.type,
            'grantingParty', CASE WHEN gp.id IS NULL THEN NULL ELSE json_build_object('id', gp.id, 'name', gp.name) END,
            'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
          FROM consent_conditions t LEFT JOIN parties gp ON gp.id = t.granting_party_id WHERE t.version_id = v.id), '[]'::json),
        'sources', ${sourcesJson('consent_position_sources')},
        ${versionFieldsSql()}
      ) AS version
      FROM consent_position_versions v
      JOIN consent_positions cpo ON cpo.id = v.position_id
      JOIN parties pa ON pa.id = cpo.party_id
      JOIN users u ON u.id = v.recorded_by_id
      ${seenSql(actor, 'position', 'position_id')}
      WHERE v.id = wanted.id
        AND ((${requestVersionExistsSql(actor, Prisma.sql`v`)} AND EXISTS (
              SELECT 1 FROM access_request_versions rv WHERE rv.request_id = cpo.request_id AND ${requestVersionExistsSql(actor, Prisma.sql`rv`)}))
             OR ${recordProposalExistsSql(actor, 'position', Prisma.sql`v.id`)})
    ) x
    ORDER BY wanted.position`;
  return rows.map((row) => row.version);
}

/** Versions as stored, for the audit trail: what was written, nothing derived for a reader. */
export async function loadStoredVersions(
  db: Db | Tx,
  kind: RequestRecordKind,
  ids: string[],
): Promise<Record<string, unknown>[]> {
  if (ids.length === 0) return [];
  const content =
    kind === 'request'
      ? Prisma.sql`'requestId', v.request_id, 'otherOrganizationIds', to_json(v.other_organization_ids), 'kind', v.kind,
          'areaId', v.area_id, 'requestedOn', v.requested_on, 'periodFrom', v.period_from, 'periodTo', v.period_to,
          'purpose', v.purpose, 'neededPartyIds', to_json(v.needed_party_ids), 'accessStatusVersionId', v.access_status_version_id,
          'sources', ${sourcesJson('access_request_sources')}`
      : Prisma.sql`'positionId', v.position_id, 'stance', v.stance, 'statedOn', v.stated_on, 'reason', v.reason,
          'conditions', coalesce((SELECT json_agg(json_build_object('type', t.type, 'grantingPartyId', t.granting_party_id,
             'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position) FROM consent_conditions t WHERE t.version_id = v.id), '[]'::json),
          'sources', ${sourcesJson('consent_position_sources')}`;
  const rows = await db.$queryRaw<{ version: Record<string, unknown> }[]>`
    SELECT json_build_object('id', v.id, ${content}, 'sensitivity', v.sensitivity, 'reviewState', v.review_state,
      'reviewNote', v.review_note, 'changeKind', v.change_kind, 'correctionNote', v.correction_note,
      'supersedesId', v.supersedes_id, 'targetId', v.target_id, 'proposalId', v.proposal_id) AS version
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN ${versionsTable(kind)} v ON v.id = wanted.id ORDER BY wanted.position`;
  return rows.map((row) => row.version);
}
