import { Prisma } from '@access/db';
import type {
  TAccessRequestCorrection,
  TConsentPositionCorrection,
  TReviewState,
  TSensitivity,
} from '@access/contracts';
import type { Actor, Tx } from '../shared/context';
import { timeOrderedUuid } from '../shared/ids';
import type { IncidentLevelVersion } from '../timeline/incident-plan';
import { existingRequestProposalsSql, requestVersionExistsSql } from './request-sql';

/**
 * The two versioned records of requests, written the same way (identity + append-only
 * versions, levels and review as for incidents): a request's versions (identity: the
 * request) and a position's versions (identity: the position). `kind` names which.
 */
export type RequestRecordKind = 'request' | 'position';

const TABLES = {
  request: { versions: 'access_request_versions', identity: 'request_id' },
  position: { versions: 'consent_position_versions', identity: 'position_id' },
} as const;

export const versionsTable = (kind: RequestRecordKind) => Prisma.raw(TABLES[kind].versions);
export const identityColumn = (kind: RequestRecordKind) => Prisma.raw(TABLES[kind].identity);

export type RequestContent = Omit<TAccessRequestCorrection, 'reviewState'>;
export type PositionContent = Omit<TConsentPositionCorrection, 'reviewState'>;

/** How a version came to be, beside what it says. */
export interface VersionMeta {
  changeKind: 'RECORD' | 'CORRECTION' | 'REVIEW';
  reviewState: TReviewState;
  reviewNote: string | null;
  supersedesId: string | null;
  ceiling: TSensitivity;
  targetId: string | null;
  proposalId: string | null;
}

/** One change of a request (or a position) at a time: writers queue on this lock. */
export async function lockRecord(tx: Tx, kind: RequestRecordKind, id: string): Promise<void> {
  await tx.$queryRaw`SELECT pg_advisory_xact_lock(hashtextextended(${`${kind}:${id}`}, 0))::text`;
}

/** The record's validated versions, oldest first, with the levels each exists at. */
export async function readRecordLevels(
  tx: Tx,
  kind: RequestRecordKind,
  id: string,
): Promise<IncidentLevelVersion[]> {
  return tx.$queryRaw<IncidentLevelVersion[]>`
    SELECT id::text, sensitivity::text, ceiling::text FROM ${versionsTable(kind)}
    WHERE ${identityColumn(kind)} = ${id}::uuid AND review_state = 'VALIDATED'
    ORDER BY recorded_at, id`;
}

const sourcesInsert = (table: string, id: string, sources: RequestContent['sources']) =>
  Prisma.sql`
    INSERT INTO ${Prisma.raw(table)} (id, version_id, position, title, publisher, url, published_on)
    SELECT gen_random_uuid(), ${id}::uuid, s.position - 1, s.source->>'title', s.source->>'publisher',
           s.source->>'url', (s.source->>'publishedOn')::date
    FROM jsonb_array_elements(${JSON.stringify(sources)}::jsonb) WITH ORDINALITY AS s(source, position)`;

/** Appends a version of a request with its sources; answers its id. */
export async function insertRequestVersion(
  tx: Tx,
  recordedById: string,
  requestId: string,
  content: RequestContent,
  meta: VersionMeta,
): Promise<string> {
  const id = timeOrderedUuid();
  await tx.$executeRaw`
    INSERT INTO access_request_versions (id, request_id, other_organization_ids, kind, area_id, requested_on, period_from,
      period_to, purpose, needed_party_ids, access_status_version_id, sensitivity, ceiling, review_state, review_note,
      change_kind, correction_note, recorded_at, recorded_by_id, supersedes_id, target_id, proposal_id)
    VALUES (${id}::uuid, ${requestId}::uuid, ${[...new Set(content.otherOrganizationIds)]}::uuid[],
      ${content.kind}::"AccessRequestKind", ${content.areaId}::uuid, ${content.requestedOn}::date,
      ${content.periodFrom ?? null}::date, ${content.periodTo ?? null}::date, ${content.purpose},
      ${content.neededPartyIds}::uuid[], ${content.accessStatusVersionId ?? null}::uuid,
      ${content.sensitivity}::"Sensitivity", ${meta.ceiling}::"Sensitivity", ${meta.reviewState}::"ReviewState",
      ${meta.reviewNote}, ${meta.changeKind}::"ChangeKind", ${content.correctionNote ?? null},
      -- the time of writing, after the record's lock: the later writer records later
      clock_timestamp(), ${recordedById}::uuid, ${meta.supersedesId}::uuid, ${meta.targetId}::uuid, ${meta.proposalId}::uuid)`;
  if (content.sources.length > 0)
    await tx.$executeRaw(sourcesInsert('access_request_sources', id, content.sources));
  return id;
}

/** Appends a version of a position with its conditions and sources; answers its id. */
export async function insertPositionVersion(
  tx: Tx,
  recordedById: string,
  positionId: string,
  content: PositionContent,
  meta: VersionMeta,
): Promise<string> {
  const id = timeOrderedUuid();
  await tx.$executeRaw`
    INSERT INTO consent_position_versions (id, position_id, stance, stated_on, reason, sensitivity, ceiling, review_state,
      review_note, change_kind, correction_note, recorded_at, recorded_by_id, supersedes_id, target_id, proposal_id)
    VALUES (${id}::uuid, ${positionId}::uuid, ${content.stance}::"ConsentStance", ${content.statedOn}::date,
      ${content.reason ?? null}, ${content.sensitivity}::"Sensitivity", ${meta.ceiling}::"Sensitivity",
      ${meta.reviewState}::"ReviewState", ${meta.reviewNote}, ${meta.changeKind}::"ChangeKind", ${content.correctionNote ?? null},
      clock_timestamp(), ${recordedById}::uuid, ${meta.supersedesId}::uuid, ${meta.targetId}::uuid, ${meta.proposalId}::uuid)`;
  if (content.conditions.length > 0) {
    await tx.$executeRaw`
      INSERT INTO consent_conditions (id, version_id, position, type, granting_party_id, legal_reference, note)
      SELECT gen_random_uuid(), ${id}::uuid, t.position - 1, (t.term->>'type')::"TermType",
             (t.term->>'grantingPartyId')::uuid, t.term->>'legalReference', t.term->>'note'
      FROM jsonb_array_elements(${JSON.stringify(content.conditions)}::jsonb) WITH ORDINALITY AS t(term, position)`;
  }
  if (content.sources.length > 0)
    await tx.$executeRaw(sourcesInsert('consent_position_sources', id, content.sources));
  return id;
}

/**
 * Appends a copy of version `fromId` (what it says, with its sources and conditions) with
 * new review metadata: how a review decision writes (validated from, or returned as, the
 * proposal row). Answers the new id.
 */
export async function copyVersion(
  tx: Tx,
  kind: RequestRecordKind,
  fromId: string,
  recordedById: string,
  meta: VersionMeta,
): Promise<string> {
  const id = timeOrderedUuid();
  const content =
    kind === 'request'
      ? 'request_id, other_organization_ids, kind, area_id, requested_on, period_from, period_to, purpose, needed_party_ids, access_status_version_id, sensitivity, correction_note'
      : 'position_id, stance, stated_on, reason, sensitivity, correction_note';
  await tx.$executeRaw`
    INSERT INTO ${versionsTable(kind)} (id, ${Prisma.raw(content)}, ceiling, review_state, review_note, change_kind,
      recorded_at, recorded_by_id, supersedes_id, target_id, proposal_id)
    SELECT ${id}::uuid, ${Prisma.raw(content)}, ${meta.ceiling}::"Sensitivity", ${meta.reviewState}::"ReviewState",
      ${meta.reviewNote}, ${meta.changeKind}::"ChangeKind", clock_timestamp(), ${recordedById}::uuid,
      ${meta.supersedesId}::uuid, ${meta.targetId}::uuid, ${meta.proposalId}::uuid
    FROM ${versionsTable(kind)} WHERE id = ${fromId}::uuid`;
  const sources = kind === 'request' ? 'access_request_sources' : 'consent_position_sources';
  await tx.$executeRaw`
    INSERT INTO ${Prisma.raw(sources)} (id, version_id, position, title, publisher, url, published_on)
    SELECT gen_random_uuid(), ${id}::uuid, position, title, publisher, url, published_on
    FROM ${Prisma.raw(sources)} WHERE version_id = ${fromId}::uuid`;
  if (kind === 'position') {
    await tx.$executeRaw`
      INSERT INTO consent_conditions (id, version_id, position, type, granting_party_id, legal_reference, note)
      SELECT gen_random_uuid(), ${id}::uuid, position, type, granting_party_id, legal_reference, note
      FROM consent_conditions WHERE version_id = ${fromId}::uuid`;
  }
  return id;
}

/** Whether proposal row `id` of `kind` exists for the actor, as a condition. */
export function recordProposalExistsSql(
  actor: Actor,
  kind: RequestRecordKind,
  id: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM ${existingRequestProposalsSql(actor, kind)} WHERE p.id = ${id})`;
}

/**
 * What replaced proposal row `row` for the actor: the validated version placed from it
 * (existing at their level), else the next row of the same proposal they may see.
 */
export function recordProposalSuccessorSql(
  actor: Actor,
  kind: RequestRecordKind,
  row: Prisma.Sql,
): Prisma.Sql {
  return Prisma.sql`coalesce(
    (SELECT n.id FROM ${versionsTable(kind)} n WHERE n.proposal_id = ${row}.id AND ${requestVersionExistsSql(actor, Prisma.sql`n`)}
     ORDER BY n.recorded_at, n.id LIMIT 1),
    (SELECT n.id FROM ${versionsTable(kind)} n
     WHERE n.supersedes_id = ${row}.id AND n.review_state <> 'VALIDATED' AND ${recordProposalExistsSql(actor, kind, Prisma.sql`n.id`)}
     ORDER BY n.recorded_at, n.id LIMIT 1))`;
}

/** A proposal row as a writer or reviewer finds it. */
export interface RecordProposalRow {
  id: string;
  /** the request's or the position's id */
  recordId: string;
  requestId: string;
  organizationId: string;
  reviewState: TReviewState;
  targetId: string | null;
  recordedById: string;
  supersededById: string | null;
  validated: boolean;
}

/** Proposal row `id` of `kind` as the actor may see it, or null. */
export async function findRecordProposal(
  tx: Tx,
  actor: Actor,
  kind: RequestRecordKind,
  id: string,
): Promise<RecordProposalRow | null> {
  const request =
    kind === 'request'
      ? Prisma.sql`v.request_id`
      : Prisma.sql`(SELECT cp.request_id FROM consent_positions cp WHERE cp.id = v.position_id)`;
  const [row] = await tx.$queryRaw<RecordProposalRow[]>`
    SELECT v.id::text, v.${identityColumn(kind)}::text AS "recordId", q.id::text AS "requestId",
           q.organization_id::text AS "organizationId", v.review_state::text AS "reviewState",
           v.target_id::text AS "targetId", v.recorded_by_id::text AS "recordedById",
           (${recordProposalSuccessorSql(actor, kind, Prisma.sql`v`)})::text AS "supersededById",
           EXISTS (SELECT 1 FROM ${versionsTable(kind)} n WHERE n.proposal_id = v.id) AS validated
    FROM ${versionsTable(kind)} v JOIN access_requests q ON q.id = ${request}
    WHERE v.id = ${id}::uuid AND v.review_state <> 'VALIDATED' AND ${recordProposalExistsSql(actor, kind, Prisma.sql`v.id`)}`;
  return row ?? null;
}

/** Validated version `id` of `kind` existing at the actor's level: its record, request and lead organisation. */
export async function findValidatedVersion(
  tx: Tx,
  actor: Actor,
  kind: RequestRecordKind,
  id: string,
): Promise<{
  recordId: string;
  requestId: string;
  organizationId: string;
  partyId: string | null;
} | null> {
  const [row] =
    kind === 'request'
      ? await tx.$queryRaw<
          { recordId: string; requestId: string; organizationId: string; partyId: null }[]
        >`
          SELECT v.request_id::text AS "recordId", v.request_id::text AS "requestId",
                 q.organization_id::text AS "organizationId", NULL AS "partyId"
          FROM access_request_versions v JOIN access_requests q ON q.id = v.request_id
          WHERE v.id = ${id}::uuid AND ${requestVersionExistsSql(actor, Prisma.sql`v`)}`
      : await tx.$queryRaw<
          { recordId: string; requestId: string; organizationId: string; partyId: string }[]
        >`
          SELECT v.position_id::text AS "recordId", cp.request_id::text AS "requestId",
                 q.organization_id::text AS "organizationId", cp.party_id::text AS "partyId"
          FROM consent_position_versions v JOIN consent_positions cp ON cp.id = v.position_id
          JOIN access_requests q ON q.id = cp.request_id
          WHERE v.id = ${id}::uuid AND ${requestVersionExistsSql(actor, Prisma.sql`v`)}
            AND EXISTS (SELECT 1 FROM access_request_versions rv WHERE rv.request_id = cp.request_id
                        AND ${requestVersionExistsSql(actor, Prisma.sql`rv`)})`;
  return row ?? null;
}
