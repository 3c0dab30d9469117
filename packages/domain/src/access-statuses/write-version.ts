import { Prisma, type AccessStatusVersion, type AccessSource, type AccessTerm } from "@access/db";
import type { TAccessStatusCorrection, TReviewState } from "@access/contracts";
import { canSee, type Actor, type Tx } from "../shared/context";
import { AppError } from "../shared/errors";
import { dateValue, isoDate } from "../shared/format";

type StoredVersion = AccessStatusVersion & { terms: AccessTerm[]; sources: AccessSource[] };

/** What contentOf needs of a stored version: a Prisma row or a row read by currentVersionsOfPair. */
type VersionContent = Pick<AccessStatusVersion, "status" | "validFrom" | "validTo" | "reason" | "constraintCategories" | "severity" | "sensitivity"> & {
  terms: Pick<AccessTerm, "position" | "type" | "grantingPartyId" | "legalReference" | "note">[];
  sources: Pick<AccessSource, "position" | "title" | "publisher" | "url" | "publishedOn">[];
};

/** The pair's transaction lock: concurrent writers to one organisation–area pair queue instead of interleaving. */
function pairLockSql(organizationId: string, areaId: string): Prisma.Sql {
  return Prisma.sql`pg_advisory_xact_lock(hashtextextended(${organizationId} || '/' || ${areaId}, 0))`;
}

/** One transaction at a time per organisation–area pair. */
export async function lockPair(tx: Tx, organizationId: string, areaId: string): Promise<void> {
  await tx.$executeRaw`SELECT ${pairLockSql(organizationId, areaId)}`;
}

/**
 * Takes the pair's lock and checks, in the same round trip, that the organisation, the
 * area and every granting party named in the terms exist (a field error otherwise).
 */
export async function lockPairChecked(tx: Tx, organizationId: string, areaId: string, terms: TAccessStatusCorrection["terms"]): Promise<void> {
  const partyIds = [...new Set(terms.flatMap((term) => (term.grantingPartyId ? [term.grantingPartyId] : [])))];
  const [found] = await tx.$queryRaw<{ organization: boolean; area: boolean; parties: string[] }[]>`
    SELECT EXISTS (SELECT 1 FROM organizations WHERE id = ${organizationId}::uuid) AS organization,
           EXISTS (SELECT 1 FROM areas WHERE id = ${areaId}::uuid) AS area,
           ARRAY(SELECT id::text FROM parties WHERE id = ANY(${partyIds}::uuid[])) AS parties
    FROM (SELECT ${pairLockSql(organizationId, areaId)}) AS locked`;
  if (!found!.organization) throw AppError.invalid("organizationId", "no organisation has this id");
  if (!found!.area) throw AppError.invalid("areaId", "no area has this id");
  const parties = new Set(found!.parties);
  terms.forEach((term, index) => {
    if (term.grantingPartyId && !parties.has(term.grantingPartyId)) throw AppError.invalid(`terms.${index}.grantingPartyId`, "no party has this id");
  });
}

interface CurrentRow extends Omit<StoredVersion, "validFrom" | "validTo" | "terms" | "sources"> {
  validFrom: string;
  validTo: string | null;
  terms: (Omit<AccessTerm, "versionId">)[];
  sources: (Omit<AccessSource, "versionId" | "publishedOn"> & { publishedOn: string | null })[];
}

/** The versions of a pair that are current now, in timeline order, with their terms and sources: one query. */
export async function currentVersionsOfPair(tx: Tx, organizationId: string, areaId: string): Promise<StoredVersion[]> {
  const rows = await tx.$queryRaw<CurrentRow[]>`
    SELECT v.id, v.organization_id AS "organizationId", v.area_id AS "areaId", v.status, v.previous_status AS "previousStatus",
           to_char(v.valid_from, 'YYYY-MM-DD') AS "validFrom", to_char(v.valid_to, 'YYYY-MM-DD') AS "validTo",
           v.recorded_at AS "recordedAt", v.recorded_by_id AS "recordedById", v.change_kind AS "changeKind", v.reason,
           coalesce(v.constraint_categories, '{}') AS "constraintCategories", v.severity, v.sensitivity, v.review_state AS "reviewState",
           v.review_note AS "reviewNote", v.supersedes_id AS "supersedesId",
           coalesce((SELECT json_agg(json_build_object('id', t.id, 'position', t.position, 'type', t.type, 'grantingPartyId', t.granting_party_id,
                                                       'legalReference', t.legal_reference, 'note', t.note) ORDER BY t.position)
                     FROM access_terms t WHERE t.version_id = v.id), '[]') AS terms,
           coalesce((SELECT json_agg(json_build_object('id', s.id, 'position', s.position, 'title', s.title, 'publisher', s.publisher, 'url', s.url,
                                                       'publishedOn', to_char(s.published_on, 'YYYY-MM-DD')) ORDER BY s.position)
                     FROM access_sources s WHERE s.version_id = v.id), '[]') AS sources
    FROM current_access_statuses c JOIN access_status_versions v ON v.id = c.id
    WHERE c.organization_id = ${organizationId}::uuid AND c.area_id = ${areaId}::uuid
    ORDER BY c.valid_from`;
  return rows.map((row) => ({
    ...row,
    validFrom: dateValue(row.validFrom),
    validTo: row.validTo ? dateValue(row.validTo) : null,
    terms: row.terms.map((term) => ({ ...term, versionId: row.id })),
    sources: row.sources.map((source) => ({ ...source, versionId: row.id, publishedOn: source.publishedOn ? dateValue(source.publishedOn) : null })),
  }));
}

/** Editors submit for review; coordinators' and administrators' entries are validated unless they say otherwise. */
export function reviewStateFor(actor: Actor, requested: TReviewState | undefined): TReviewState {
  if (actor.role === "EDITOR") {
    if (requested === "VALIDATED") throw AppError.invalid("reviewState", "only a coordinator can validate an entry");
    return requested ?? "SUBMITTED";
  }
  return requested ?? "VALIDATED";
}

export function checkSensitivity(actor: Actor, sensitivity: TAccessStatusCorrection["sensitivity"]): void {
  if (!canSee(actor, sensitivity)) {
    throw AppError.invalid("sensitivity", `is above your clearance (${actor.clearance}): you could not see this entry afterwards`);
  }
}

interface NewVersion {
  organizationId: string;
  areaId: string;
  content: TAccessStatusCorrection;
  previousStatus: AccessStatusVersion["status"] | null;
  recordedById: string;
  changeKind: AccessStatusVersion["changeKind"];
  reviewState: TReviewState;
  reviewNote?: string | null;
  supersedesId: string | null;
}

/** A version with its terms and sources, in one statement (one round trip). */
export async function insertVersion(tx: Tx, version: NewVersion): Promise<string> {
  const { content } = version;
  const terms = content.terms.map((term, position) => ({
    position,
    type: term.type,
    granting_party_id: term.grantingPartyId ?? null,
    legal_reference: term.legalReference ?? null,
    note: term.note ?? null,
  }));
  const sources = content.sources.map((source, position) => ({
    position,
    title: source.title,
    publisher: source.publisher ?? null,
    url: source.url ?? null,
    published_on: source.publishedOn ?? null,
  }));
  const categories = [...new Set(content.constraintCategories)].sort((a, b) => a - b);
  const [row] = await tx.$queryRaw<{ id: string }[]>`
    WITH v AS (
      INSERT INTO access_status_versions
        (id, organization_id, area_id, status, previous_status, valid_from, valid_to, recorded_by_id, change_kind, reason,
         constraint_categories, severity, sensitivity, review_state, review_note, supersedes_id)
      VALUES
        (gen_random_uuid(), ${version.organizationId}::uuid, ${version.areaId}::uuid, ${content.status}::"AccessStatusCode",
         ${version.previousStatus}::"AccessStatusCode", ${content.validFrom}::date, ${content.validTo ?? null}::date, ${version.recordedById}::uuid,
         ${version.changeKind}::"ChangeKind", ${content.reason}, ${categories}::smallint[], ${content.severity ?? null}::smallint,
         ${content.sensitivity}::"Sensitivity", ${version.reviewState}::"ReviewState", ${version.reviewNote ?? null}, ${version.supersedesId}::uuid)
      RETURNING id
    ),
    new_terms AS (
      INSERT INTO access_terms (id, version_id, position, type, granting_party_id, legal_reference, note)
      SELECT gen_random_uuid(), v.id, x.position, x.type::"TermType", x.granting_party_id, x.legal_reference, x.note
      FROM v, jsonb_to_recordset(${JSON.stringify(terms)}::jsonb) AS x(position smallint, type text, granting_party_id uuid, legal_reference text, note text)
    ),
    new_sources AS (
      INSERT INTO access_sources (id, version_id, position, title, publisher, url, published_on)
      SELECT gen_random_uuid(), v.id, x.position, x.title, x.publisher, x.url, x.published_on
      FROM v, jsonb_to_recordset(${JSON.stringify(sources)}::jsonb) AS x(position smallint, title text, publisher text, url text, published_on date)
    )
    SELECT id::text FROM v`;
  return row!.id;
}

/** The content of a stored version, as a correction would restate it. */
export function contentOf(version: VersionContent): TAccessStatusCorrection {
  return {
    status: version.status,
    validFrom: isoDate(version.validFrom),
    validTo: version.validTo ? isoDate(version.validTo) : null,
    reason: version.reason,
    constraintCategories: version.constraintCategories,
    severity: version.severity,
    sensitivity: version.sensitivity,
    terms: [...version.terms]
      .sort((a, b) => a.position - b.position)
      .map((term) => ({ type: term.type, grantingPartyId: term.grantingPartyId, legalReference: term.legalReference, note: term.note })),
    sources: [...version.sources]
      .sort((a, b) => a.position - b.position)
      .map((source) => ({ title: source.title, publisher: source.publisher, url: source.url, publishedOn: source.publishedOn ? isoDate(source.publishedOn) : null })),
  };
}
