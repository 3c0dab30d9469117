import type { TAccessStatusVersion } from "@access/contracts";

/**
 * The versions of a pair that were current at `knownAt` (default now), in timeline order:
 * recorded by then, and not superseded by a version recorded by then.
 */
export function currentVersions(history: TAccessStatusVersion[], knownAt?: string): TAccessStatusVersion[] {
  const cutoff = knownAt ? Date.parse(knownAt) : Number.POSITIVE_INFINITY;
  const byId = new Map(history.map((version) => [version.id, version]));
  return history
    .filter((version) => Date.parse(version.recordedAt) <= cutoff)
    .filter((version) => {
      if (!version.supersededById) return true;
      const successor = byId.get(version.supersededById);
      // A successor the reader may not see still supersedes: its absence hides the pair.
      return successor ? Date.parse(successor.recordedAt) > cutoff : false;
    })
    .sort((a, b) => a.validFrom.localeCompare(b.validFrom));
}
