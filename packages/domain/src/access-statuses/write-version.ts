import type { AccessStatusVersion, AccessSource, AccessTerm } from "@access/db";
import type { TAccessStatusCorrection, TReviewState } from "@access/contracts";
import { canSee, type Actor, type Tx } from "../shared/context";
import { AppError } from "../shared/errors";
import { dateValue, isoDate } from "../shared/format";

type StoredVersion = AccessStatusVersion & { terms: AccessTerm[]; sources: AccessSource[] };

/** One transaction at a time per organisation–area pair: concurrent writers queue instead of interleaving. */
export async function lockPair(tx: Tx, organizationId: string, areaId: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${organizationId} || '/' || ${areaId}, 0))`;
}

/** The versions of a pair that are current now, in timeline order. */
export async function currentVersionsOfPair(tx: Tx, organizationId: string, areaId: string): Promise<StoredVersion[]> {
  return tx.accessStatusVersion.findMany({
    where: { organizationId, areaId, supersededBy: null },
    include: { terms: true, sources: true },
    orderBy: { validFrom: "asc" },
  });
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

export async function checkParties(tx: Tx, terms: TAccessStatusCorrection["terms"]): Promise<void> {
  const ids = [...new Set(terms.flatMap((term) => (term.grantingPartyId ? [term.grantingPartyId] : [])))];
  if (ids.length === 0) return;
  const found = new Set((await tx.party.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((party) => party.id));
  terms.forEach((term, index) => {
    if (term.grantingPartyId && !found.has(term.grantingPartyId)) {
      throw AppError.invalid(`terms.${index}.grantingPartyId`, "no party has this id");
    }
  });
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

export async function insertVersion(tx: Tx, version: NewVersion): Promise<string> {
  const { content } = version;
  const created = await tx.accessStatusVersion.create({
    data: {
      organizationId: version.organizationId,
      areaId: version.areaId,
      status: content.status,
      previousStatus: version.previousStatus,
      validFrom: dateValue(content.validFrom),
      validTo: content.validTo ? dateValue(content.validTo) : null,
      recordedById: version.recordedById,
      changeKind: version.changeKind,
      reason: content.reason,
      constraintCategories: [...new Set(content.constraintCategories)].sort((a, b) => a - b),
      severity: content.severity ?? null,
      sensitivity: content.sensitivity,
      reviewState: version.reviewState,
      reviewNote: version.reviewNote ?? null,
      supersedesId: version.supersedesId,
      terms: {
        create: content.terms.map((term, position) => ({
          position,
          type: term.type,
          grantingPartyId: term.grantingPartyId ?? null,
          legalReference: term.legalReference ?? null,
          note: term.note ?? null,
        })),
      },
      sources: {
        create: content.sources.map((source, position) => ({
          position,
          title: source.title,
          publisher: source.publisher ?? null,
          url: source.url ?? null,
          publishedOn: source.publishedOn ? dateValue(source.publishedOn) : null,
        })),
      },
    },
    select: { id: true },
  });
  return created.id;
}

/** The content of a stored version, as a correction would restate it. */
export function contentOf(version: StoredVersion): TAccessStatusCorrection {
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
