import { Prisma } from '@access/db';
import type { TAccessStatusCorrection, TReviewState } from '@access/contracts';
import type { Actor, Tx } from '../shared/context';
import { checkUnchanged } from '../review/review-rules';
import { existingProposalsSql, proposalSuccessorSql } from '../access-statuses/access-sql';
import { CONTENT_JSON, lockPairs } from '../timeline/version-store';

/** A proposal row as a writer or reviewer finds it: its pair, content and links. */
export interface ProposalRow {
  id: string;
  organizationId: string;
  areaId: string;
  reviewState: TReviewState;
  targetId: string | null;
  basedOnId: string | null;
  recordedById: string;
  supersededById: string | null;
  /** a validated version was placed from it */
  validated: boolean;
  content: Omit<TAccessStatusCorrection, 'reviewState'>;
}

/** The proposal `id` as the actor may see it (existingProposalsSql), or null. */
export async function findProposal(tx: Tx, actor: Actor, id: string): Promise<ProposalRow | null> {
  const [row] = await tx.$queryRaw<ProposalRow[]>`
    SELECT p.id::text, p.organization_id::text AS "organizationId", p.area_id::text AS "areaId",
           p.review_state::text AS "reviewState", p.target_id::text AS "targetId", p.based_on_id::text AS "basedOnId",
           p.recorded_by_id::text AS "recordedById", (${proposalSuccessorSql(actor)})::text AS "supersededById",
           EXISTS (SELECT 1 FROM access_status_versions n WHERE n.proposal_id = p.id) AS validated,
           ${CONTENT_JSON}::jsonb || jsonb_build_object('correctionNote', v.correction_note) AS content
    FROM ${existingProposalsSql(actor)} JOIN access_status_versions v ON v.id = p.id
    WHERE p.id = ${Prisma.sql`${id}::uuid`}`;
  return row ?? null;
}

/**
 * The proposal a change or decision names, after its pair's lock: 412 when If-Match names
 * another state of it, 409 VERSION_SUPERSEDED when it was resubmitted or validated since.
 */
export async function lockedProposal(
  tx: Tx,
  actor: Actor,
  found: ProposalRow,
  ifMatch: string | undefined,
): Promise<ProposalRow> {
  await lockPairs(tx, [found]);
  const locked = (await findProposal(tx, actor, found.id))!;
  checkUnchanged(locked, ifMatch);
  return locked;
}
