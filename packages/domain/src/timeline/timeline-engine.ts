import { timeOrderedUuid } from '../shared/ids';
import {
  SENSITIVITIES,
  type TAccessStatusCorrection,
  type TReviewState,
  type TSensitivity,
} from '@access/contracts';
import { AppError } from '../shared/errors';

/**
 * The one timeline engine: every write (record, correct, validate, return, import) is
 * planned here, over one organisation–area pair, as pure code. The database only derives
 * what the engine wrote (levels and timelines, in access_timeline()). Only VALIDATED
 * versions are in timelines: anything else is a proposal, checked here as the same change
 * would be but leaving every timeline as it was.
 *
 * A pair has one timeline per clearance level. A writer plans against the timeline of
 * their own level. At each level above it, the write must leave every version the writer
 * does not see exactly as it was (same versions, same periods); at the first level where
 * it would not, the new version stops below that level (its ceiling), and a coordinator
 * cleared for that level reconciles it. So no write closes, supersedes or shortens a
 * version its author may not see, and its answer is the same as without that version.
 *
 * Incidents go through the same rule of levels (incident-plan.ts: planIncidentChange) and
 * the same review rules (review/review-rules.ts); they are point events, so the period
 * rules here (derived ends, PERIOD_CONFLICT, starts within a pair) do not apply to them.
 */

export type Level = TSensitivity;

export interface TimelineVersion {
  id: string;
  status: TAccessStatusCorrection['status'];
  validFrom: string;
  /** the end someone stated (exclusive), or null */
  statedValidTo: string | null;
  /** the end readers of this level see: the stated end or the next start */
  validTo: string | null;
  recordedAt: string;
  sensitivity: Level;
  ceiling: Level;
  reviewState: TReviewState;
  reviewNote: string | null;
  content: TAccessStatusCorrection;
  /** what it superseded, nearest first, with the levels each exists at */
  lineage: { id: string; sensitivity: Level; ceiling: Level }[];
}

/** A pair's current timelines, one per level, each in timeline order. */
export interface PairState {
  organizationId: string;
  areaId: string;
  levels: Record<Level, TimelineVersion[]>;
}

export type TimelineChange =
  | { kind: 'RECORD'; content: TAccessStatusCorrection; reviewState: TReviewState }
  | {
      kind: 'CORRECTION';
      targetId: string;
      content: TAccessStatusCorrection;
      reviewState: TReviewState;
    }
  | { kind: 'REVIEW'; targetId: string; decision: 'VALIDATED' | 'RETURNED'; note: string | null };

export interface PlannedVersion {
  id: string;
  organizationId: string;
  areaId: string;
  changeKind: 'RECORD' | 'CORRECTION' | 'REVIEW';
  content: TAccessStatusCorrection;
  reviewState: TReviewState;
  reviewNote: string | null;
  supersedesId: string | null;
  ceiling: Level;
  /** a validated version placed from a proposal: that proposal's row */
  proposalId?: string | null;
  /** a proposal: the validated version its start fell in when proposed */
  basedOnId?: string | null;
  /** a proposal: the validated version it would replace (else found from what it supersedes) */
  targetId?: string | null;
}

/** Sorts after every stored recorded time: what is planned now is recorded last. */
const NOT_YET_RECORDED = '9999-12-31T23:59:59.999999Z';

export function levelRank(level: Level): number {
  return SENSITIVITIES.indexOf(level);
}

/** The order of a timeline: start, then recorded time, then id (as access_timeline() sorts). */
function compareVersions(a: TimelineVersion, b: TimelineVersion): number {
  if (a.validFrom !== b.validFrom) return a.validFrom < b.validFrom ? -1 : 1;
  if (a.recordedAt !== b.recordedAt) return a.recordedAt < b.recordedAt ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** Orders a level's versions and derives each end: the stated end or the next start, whichever is first. */
export function deriveTimeline(versions: TimelineVersion[]): TimelineVersion[] {
  const ordered = [...versions].sort(compareVersions);
  return ordered.map((version, index) => {
    const nextStart = ordered[index + 1]?.validFrom ?? null;
    const ends = [version.statedValidTo, nextStart]
      .filter((end): end is string => end !== null)
      .sort();
    return { ...version, validTo: ends[0] ?? null };
  });
}

function samePeriods(
  before: TimelineVersion[],
  after: TimelineVersion[],
  watched: Set<string>,
): boolean {
  const periods = (timeline: TimelineVersion[]) =>
    timeline
      .filter((version) => watched.has(version.id))
      .map((version) => `${version.id}:${version.validFrom}:${version.validTo ?? ''}`)
      .join(',');
  return periods(before) === periods(after);
}

function periodConflict(existing: TimelineVersion): AppError {
  return new AppError(
    'PERIOD_CONFLICT',
    `This organisation already has a status in this area from ${existing.validFrom}: correct that entry instead`,
    {
      issues: [{ field: 'validFrom', message: `an entry already starts on ${existing.validFrom}` }],
      conflictingVersionId: existing.id,
    },
  );
}

function superseded(targetId: string): AppError {
  return new AppError(
    'VERSION_SUPERSEDED',
    'This entry was changed meanwhile: change its latest version',
    { versionId: targetId },
  );
}

/** What the change asks of the writer's own timeline; the error a person can act on otherwise. */
function checkAtWriterLevel(
  timeline: TimelineVersion[],
  change: TimelineChange,
): TimelineVersion | null {
  if (change.kind === 'RECORD') {
    const same = timeline.find((version) => version.validFrom === change.content.validFrom);
    if (same) throw periodConflict(same);
    return null;
  }
  const target = timeline.find((version) => version.id === change.targetId);
  if (!target) throw superseded(change.targetId);
  if (change.kind === 'CORRECTION') {
    const same = timeline.find(
      (version) => version.id !== target.id && version.validFrom === change.content.validFrom,
    );
    if (same) throw periodConflict(same);
  } else if (target.reviewState === change.decision) {
    throw new AppError('CONFLICT', `This entry is already ${change.decision.toLowerCase()}`);
  }
  return target;
}

function withChange(
  timeline: TimelineVersion[],
  added: TimelineVersion,
  replacedId: string | null,
): TimelineVersion[] {
  return deriveTimeline([...timeline.filter((version) => version.id !== replacedId), added]);
}

function existsAt(version: { sensitivity: Level; ceiling: Level }, level: Level): boolean {
  return (
    levelRank(version.sensitivity) <= levelRank(level) &&
    levelRank(level) <= levelRank(version.ceiling)
  );
}

/** What a new version replaces at one level: the nearest version of its lineage that exists there (as the database walks it). */
function replacedAt(lineage: TimelineVersion['lineage'], level: Level): string | null {
  return lineage.find((ancestor) => existsAt(ancestor, level))?.id ?? null;
}

/**
 * Plans one change over a pair for a writer cleared to `writerLevel`: the version to
 * write, and the pair's state afterwards (so an import plans its next row on it).
 */
export function planChange(
  state: PairState,
  writerLevel: Level,
  change: TimelineChange,
): { version: PlannedVersion; state: PairState } {
  const target = checkAtWriterLevel(state.levels[writerLevel], change);
  const content = change.kind === 'REVIEW' ? target!.content : change.content;
  const version: PlannedVersion = {
    id: timeOrderedUuid(),
    organizationId: state.organizationId,
    areaId: state.areaId,
    changeKind: change.kind,
    content,
    reviewState: change.kind === 'REVIEW' ? change.decision : change.reviewState,
    reviewNote: change.kind === 'REVIEW' ? change.note : null,
    supersedesId: target?.id ?? null,
    ceiling: 'SEVERE',
  };
  const lineage = target
    ? [
        { id: target.id, sensitivity: target.sensitivity, ceiling: target.ceiling },
        ...target.lineage,
      ]
    : [];
  const added = (ceiling: Level): TimelineVersion => ({
    id: version.id,
    status: content.status,
    validFrom: content.validFrom,
    statedValidTo: content.validTo ?? null,
    validTo: null,
    recordedAt: NOT_YET_RECORDED,
    sensitivity: content.sensitivity,
    ceiling,
    reviewState: version.reviewState,
    reviewNote: version.reviewNote,
    content,
    lineage,
  });

  // Levels above the writer's: stop below the first one where the change would touch a
  // version the writer does not see (one that is not current in the writer's timeline).
  const seen = new Set(state.levels[writerLevel].map((v) => v.id));
  for (const level of SENSITIVITIES.filter((l) => levelRank(l) > levelRank(writerLevel))) {
    // ends derived here before as after the change: a window of a pair's timeline (a single
    // write reads only the part it can touch) ends on a version whose stored end comes from
    // beyond the window, and that end must compare equal to itself
    const timeline = deriveTimeline(state.levels[level]);
    const unseen = new Set(timeline.filter((v) => !seen.has(v.id)).map((v) => v.id));
    const targetHere = target === null || timeline.some((v) => v.id === target.id);
    const after = withChange(timeline, added(level), target?.id ?? null);
    if (!targetHere || !samePeriods(timeline, after, unseen)) {
      version.ceiling = SENSITIVITIES[levelRank(level) - 1]!;
      break;
    }
  }

  // a proposal (draft, submitted, returned) is in no timeline: the database gives it no levels
  if (version.reviewState !== 'VALIDATED') return { version, state };
  const levels = { ...state.levels };
  for (const level of SENSITIVITIES) {
    if (!existsAt({ sensitivity: content.sensitivity, ceiling: version.ceiling }, level)) continue;
    levels[level] = withChange(levels[level], added(version.ceiling), replacedAt(lineage, level));
  }
  return { version, state: { ...state, levels } };
}

/** An empty pair: no version at any level. */
export function emptyPairState(organizationId: string, areaId: string): PairState {
  return { organizationId, areaId, levels: { LOW: [], MODERATE: [], HIGH: [], SEVERE: [] } };
}
