import { Prisma } from '@access/db';
import type { TProposal } from '@access/contracts';
import type { Actor, Db, Tx } from '../shared/context';
import {
  existingProposalsSql,
  proposalChangeKindSql,
  proposalExistsSql,
  proposalSuccessorSql,
  readerLevelSql,
  visibleProposalSupersedesSql,
} from '../access-statuses/access-sql';
import { termsAndSourcesJsonSql } from '../access-statuses/terms-sources-json';

/**
 * Proposals for the given row ids, as the actor sees them, in the order of the ids; ids
 * that are no proposal the actor may see are left out. Each carries its own history: the
 * rows of the proposal up to this one (drafted, submitted, returned with a note,
 * resubmitted) and the validated version it became, if any.
 */
export async function loadProposals(
  db: Db | Tx,
  actor: Actor,
  ids: string[],
): Promise<TProposal[]> {
  if (ids.length === 0) return [];
  const level = readerLevelSql(actor);
  const rows = await db.$queryRaw<{ proposal: TProposal }[]>`
    SELECT json_build_object(
      'id', p.id,
      'organization', json_build_object('id', o.id, 'name', o.name, 'acronym', o.acronym, 'typeCode', o.type_code),
      'area', json_build_object('id', a.id, 'name', a.name, 'kind', a.kind, 'pcode', a.pcode),
      'status', p.status,
      'previousStatus', NULL,
      'validFrom', to_char(p.valid_from, 'YYYY-MM-DD'),
      'validTo', to_char(p.valid_to, 'YYYY-MM-DD'),
      'recordedAt', to_char(p.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
      'recordedBy', json_build_object('id', u.id, 'displayName', u.display_name),
      'changeKind', ${proposalChangeKindSql(actor, Prisma.sql`p`)},
      'reason', p.reason,
      'constraintCategories', to_json(p.constraint_categories),
      'severity', p.severity,
      'sensitivity', p.sensitivity,
      'reviewState', p.review_state,
      'reviewNote', p.review_note,
      'supersedesId', ${visibleProposalSupersedesSql(actor, Prisma.sql`p`)},
      'supersededById', ${proposalSuccessorSql(actor)},
      ${termsAndSourcesJsonSql(Prisma.sql`p.id`)},
      'correctionNote', p.correction_note,
      'proposal', true,
      'kind', CASE WHEN p.target_id IS NULL THEN 'NEW' ELSE 'CORRECTION' END,
      'targetId', p.target_id,
      'state', CASE WHEN validated.id IS NOT NULL THEN 'VALIDATED' ELSE p.review_state::text END,
      'submittedAt', (SELECT to_char(max(c.recorded_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
                      FROM jsonb_to_recordset(chain.rows) AS c(recorded_at timestamptz, review_state text) WHERE c.review_state = 'SUBMITTED'),
      'returnNote', CASE WHEN p.review_state = 'RETURNED' AND validated.id IS NULL THEN p.review_note END,
      'validatedVersionId', validated.id,
      'history', (
        SELECT json_agg(e.event ORDER BY e.at, e.ord) FROM (
          SELECT c.recorded_at AS at, c.depth * -1 AS ord, json_build_object(
            'event', CASE c.review_state WHEN 'DRAFT' THEN 'DRAFTED' WHEN 'RETURNED' THEN 'RETURNED'
                     ELSE CASE WHEN c.submitted_before THEN 'RESUBMITTED' ELSE 'SUBMITTED' END END,
            'at', to_char(c.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'by', json_build_object('id', cu.id, 'displayName', cu.display_name),
            'note', CASE WHEN c.review_state = 'RETURNED' THEN c.review_note END,
            'versionId', c.id) AS event
          FROM jsonb_to_recordset(chain.rows) AS c(id uuid, recorded_at timestamptz, recorded_by_id uuid, review_state text, review_note text, depth int, submitted_before boolean)
          -- a return is by its reviewer, the actor of its audit event (the row is the author's)
          JOIN users cu ON cu.id = coalesce(CASE WHEN c.review_state = 'RETURNED' THEN (
            SELECT ae.actor_id FROM audit_events ae
            WHERE ae.entity_type = 'access_status_version' AND ae.entity_id = c.id::text AND ae.action = 'access_status.return'
            ORDER BY ae.occurred_at LIMIT 1) END, c.recorded_by_id)
          UNION ALL
          SELECT validated.recorded_at, 1, json_build_object(
            'event', 'VALIDATED',
            'at', to_char(validated.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
            'by', json_build_object('id', vu.id, 'displayName', vu.display_name),
            'note', NULL, 'versionId', validated.id)
          FROM users vu WHERE validated.id IS NOT NULL AND vu.id = validated.recorded_by_id
        ) e)
    ) AS proposal
    FROM unnest(${ids}::uuid[]) WITH ORDINALITY AS wanted(id, position)
    JOIN ${existingProposalsSql(actor)} ON p.id = wanted.id
    JOIN organizations o ON o.id = p.organization_id
    JOIN areas a ON a.id = p.area_id
    JOIN users u ON u.id = p.recorded_by_id
    LEFT JOIN LATERAL (
      SELECT n.id, n.recorded_at, n.recorded_by_id FROM access_status_versions n
      JOIN access_status_version_levels nl ON nl.version_id = n.id AND nl.level = ${level}
      WHERE n.proposal_id = p.id ORDER BY n.recorded_at LIMIT 1
    ) validated ON TRUE
    LEFT JOIN LATERAL (
      -- the proposal's rows up to this one, newest first (depth 1 is p itself)
      WITH RECURSIVE up(id, supersedes_id, recorded_at, recorded_by_id, review_state, review_note, depth) AS (
        SELECT p.id, p.supersedes_id, p.recorded_at, p.recorded_by_id, p.review_state::text, p.review_note, 1
        UNION ALL
        SELECT r.id, r.supersedes_id, r.recorded_at, r.recorded_by_id, r.review_state::text, r.review_note, up.depth + 1
        FROM up JOIN access_status_versions r ON r.id = up.supersedes_id
        -- every earlier row passes the rule the proposal itself passed, else the chain stops
        WHERE r.review_state <> 'VALIDATED' AND ${proposalExistsSql(actor, Prisma.sql`r.id`)}
      )
      SELECT jsonb_agg(jsonb_build_object(
        'id', up.id, 'recorded_at', up.recorded_at, 'recorded_by_id', up.recorded_by_id, 'review_state', up.review_state,
        'review_note', up.review_note, 'depth', up.depth,
        'submitted_before', EXISTS (SELECT 1 FROM up earlier WHERE earlier.depth > up.depth AND earlier.review_state = 'SUBMITTED'))) AS rows
      FROM up
    ) chain ON TRUE
    ORDER BY wanted.position`;
  return rows.map((row) => row.proposal);
}
