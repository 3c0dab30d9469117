import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { AppError } from '../shared/errors';

/**
 * The engine's planner for incidents (see timeline-engine.ts): the same level rule as for
 * statuses, without periods. An incident is a point event: it has no validity period, no
 * neighbour whose end it would shorten and no start that may not coincide with another's,
 * so PERIOD_CONFLICT and derived ends do not apply. What remains is the rule of levels: a
 * reader's current version of an incident is the latest validated version that exists at
 * their level (sensitivity ≤ level ≤ ceiling), and a write must not replace, at a level
 * above its writer's, a version its writer cannot see. A correction of the version current
 * at the writer's level therefore stops below the first higher level where another version
 * (one recorded above the writer's clearance) is current: its ceiling. The writer's answer
 * is then the same as if that version did not exist.
 */

/** A validated version of the incident, oldest first. */
export interface IncidentLevelVersion {
  id: string;
  sensitivity: TSensitivity;
  ceiling: TSensitivity;
}

export type IncidentChange = { kind: 'RECORD' } | { kind: 'CORRECTION'; targetId: string };

export interface PlannedIncidentVersion {
  supersedesId: string | null;
  ceiling: TSensitivity;
}

const rank = (level: TSensitivity) => SENSITIVITIES.indexOf(level);

/** The version current at `level`: the latest that exists there. */
export function currentIncidentVersionAt(
  versions: IncidentLevelVersion[],
  level: TSensitivity,
): string | null {
  for (let index = versions.length - 1; index >= 0; index--) {
    const version = versions[index]!;
    if (rank(version.sensitivity) <= rank(level) && rank(level) <= rank(version.ceiling))
      return version.id;
  }
  return null;
}

/** What replaced version `id` at `level`: the next version that exists there, if any. */
export function incidentSuccessorAt(
  versions: IncidentLevelVersion[],
  id: string,
  level: TSensitivity,
): string | null {
  const after = versions.slice(versions.findIndex((version) => version.id === id) + 1);
  const next = after.find(
    (version) => rank(version.sensitivity) <= rank(level) && rank(level) <= rank(version.ceiling),
  );
  return next?.id ?? null;
}

/**
 * Plans a validated version of one incident written at `writerLevel`. A record starts an
 * incident (it has no validated version yet); a correction names the version current at
 * the writer's level (409 VERSION_SUPERSEDED otherwise, naming only what replaced it there).
 */
export function planIncidentChange(
  versions: IncidentLevelVersion[],
  writerLevel: TSensitivity,
  change: IncidentChange,
): PlannedIncidentVersion {
  if (change.kind === 'RECORD') {
    // only what exists at the writer's level may refuse them: a validated version recorded
    // above their clearance stays current where it is, and the new one stops below it
    if (currentIncidentVersionAt(versions, writerLevel) !== null)
      throw new AppError('CONFLICT', 'This incident is already recorded: correct it instead');
    let ceiling = writerLevel;
    for (const level of SENSITIVITIES.slice(rank(writerLevel) + 1)) {
      if (currentIncidentVersionAt(versions, level) !== null) break;
      ceiling = level;
    }
    return { supersedesId: null, ceiling };
  }
  const current = currentIncidentVersionAt(versions, writerLevel);
  if (current !== change.targetId) {
    throw new AppError(
      'VERSION_SUPERSEDED',
      'This entry was changed meanwhile: change its latest version',
      { supersededById: current },
    );
  }
  let ceiling = writerLevel;
  for (const level of SENSITIVITIES.slice(rank(writerLevel) + 1)) {
    if (currentIncidentVersionAt(versions, level) !== change.targetId) break;
    ceiling = level;
  }
  return { supersedesId: change.targetId, ceiling };
}
