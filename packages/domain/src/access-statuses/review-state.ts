import type { TReviewState } from '@access/contracts';
import type { Actor } from '../shared/context';
import { AppError } from '../shared/errors';

/** Editors submit for review; coordinators' and administrators' entries are validated unless they say otherwise. */
export function reviewStateFor(actor: Actor, requested: TReviewState | undefined): TReviewState {
  if (actor.role === 'EDITOR') {
    if (requested === 'VALIDATED')
      throw AppError.invalid('reviewState', 'only a coordinator can validate an entry');
    return requested ?? 'SUBMITTED';
  }
  return requested ?? 'VALIDATED';
}
