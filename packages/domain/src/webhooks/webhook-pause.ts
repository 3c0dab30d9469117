import type { WebhookEndpoint } from '@access/db';
import { SENSITIVITIES, type TSensitivity } from '@access/contracts';
import { sensitivityRank } from '../shared/context';

/** A pause set by a person holds every delivery: it is a pause at the lowest level. */
export const MANUAL_PAUSE_LEVEL: TSensitivity = SENSITIVITIES[0];

type Paused = Pick<WebhookEndpoint, 'pausedAt' | 'pausedSensitivity' | 'pauseReason'>;

/**
 * An endpoint's pause is per sensitivity (`pausedSensitivity`): the lowest sensitivity of the
 * failing deliveries that caused it. It exists at that level and above, and only there:
 * it holds the deliveries of those levels, and it is shown to readers cleared for them.
 * Below it, deliveries are attempted as if the endpoint were active and a reader sees no
 * pause at all (nor can resume one). One rule for both: a delivery of sensitivity s is
 * held exactly when the pause exists for a reader cleared to s. The SQL statements that
 * hold deliveries say the same with `sensitivity >= paused_sensitivity`.
 */
export function pauseExistsAt(endpoint: Paused, level: TSensitivity): boolean {
  return (
    endpoint.pausedSensitivity !== null &&
    sensitivityRank(endpoint.pausedSensitivity) <= sensitivityRank(level)
  );
}

/** The pause as a reader cleared to `level` sees it: nothing of one above them. */
export function pauseSeenAt(endpoint: Paused, level: TSensitivity) {
  return pauseExistsAt(endpoint, level)
    ? {
        pausedAt: endpoint.pausedAt,
        pausedSensitivity: endpoint.pausedSensitivity,
        pauseReason: endpoint.pauseReason,
      }
    : { pausedAt: null, pausedSensitivity: null, pauseReason: null };
}

/** The levels at and above `level` (a pause's: what it holds). */
export const levelsFrom = (level: TSensitivity): TSensitivity[] =>
  SENSITIVITIES.filter((other) => sensitivityRank(other) >= sensitivityRank(level));
