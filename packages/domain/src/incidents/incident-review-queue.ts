import { Prisma } from '@access/db';
import { requireActor, type Actor, type Db } from '../shared/context';
import { requireReviewer } from '../review/review-rules';
import {
  existingIncidentProposalsSql,
  incidentProposalExistsSql,
  incidentProposalSuccessorSql,
} from './incident-sql';
import { loadIncidentProposals, loadIncidentVersions } from './incident-view';

const DAY = 86_400_000;

/**
 * Incident proposals waiting for a decision (submitted, not resubmitted or decided since),
 * oldest first, each with the validated version it would replace. Their own queue beside
 * the status review queue: its items are statuses, each beside a status.
 */
export async function listIncidentReviewQueue(db: Db, ctx: { actor: Actor | null }, limit: number) {
  const actor = requireReviewer(ctx as Parameters<typeof requireReviewer>[0]);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id::text FROM ${existingIncidentProposalsSql(actor)}
    WHERE p.review_state = 'SUBMITTED' AND ${incidentProposalSuccessorSql(actor, Prisma.sql`p`)} IS NULL
    ORDER BY p.recorded_at, p.id LIMIT ${limit + 1}`;
  const proposals = await loadIncidentProposals(
    db,
    actor,
    rows.slice(0, limit).map((row) => row.id),
  );
  const targets = await loadIncidentVersions(
    db,
    actor,
    proposals.flatMap((proposal) => (proposal.targetId ? [proposal.targetId] : [])),
  );
  const byId = new Map(targets.map((target) => [target.id, target]));
  const now = Date.now();
  return {
    items: proposals.map((proposal) => ({
      ...proposal,
      current: proposal.targetId ? (byId.get(proposal.targetId) ?? null) : null,
      waitingDays: Math.floor((now - Date.parse(proposal.recordedAt)) / DAY),
    })),
    truncated: rows.length > limit,
  };
}

const STATE_ORDER = { RETURNED: 0, DRAFT: 1, SUBMITTED: 2, VALIDATED: 3 } as const;
const MY_ENTRIES_LIMIT = 200;

/**
 * The incident proposals of the reader's organisations (or their own, for coordinators),
 * the latest row of each: returned first (with the note), then drafts, submitted, validated.
 */
export async function listMyIncidentEntries(db: Db, ctx: { actor: Actor | null }) {
  const actor = requireActor(ctx);
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id::text FROM ${existingIncidentProposalsSql(actor)} JOIN incidents i ON i.id = p.incident_id
    WHERE (i.organization_id = ANY(${actor.organizationIds}::uuid[]) OR p.recorded_by_id = ${actor.userId}::uuid)
      AND NOT EXISTS (SELECT 1 FROM incident_versions n WHERE n.supersedes_id = p.id AND n.review_state <> 'VALIDATED'
                        AND ${incidentProposalExistsSql(actor, Prisma.sql`n.id`)})
    ORDER BY p.recorded_at DESC, p.id DESC LIMIT ${MY_ENTRIES_LIMIT + 1}`;
  const proposals = await loadIncidentProposals(
    db,
    actor,
    rows.slice(0, MY_ENTRIES_LIMIT).map((row) => row.id),
  );
  return {
    items: proposals.sort((a, b) => STATE_ORDER[a.state] - STATE_ORDER[b.state]),
    truncated: rows.length > MY_ENTRIES_LIMIT,
  };
}
