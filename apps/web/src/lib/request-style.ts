import type { TAccessRequestState, TConsentStance, TAccessStatusCode } from '@access/contracts';
import { STATUS_STYLE } from './status-style';

/**
 * A party's stance, and a request's derived state, drawn with the status palette's colour,
 * pattern (`.status-fill-*`) and symbol: an answer looks like the access it gives, and colour
 * never carries the meaning alone. Never asked: no fill, a dash.
 */
const STANCE_AS_STATUS: Record<TConsentStance, TAccessStatusCode> = {
  REQUESTED: 'PENDING',
  NO_RESPONSE: 'UNKNOWN',
  GRANTED: 'FULL',
  GRANTED_WITH_CONDITIONS: 'CONSTRAINED',
  REFUSED: 'DENIED',
  WITHDRAWN: 'SUSPENDED',
};
const STATE_AS_STATUS: Record<TAccessRequestState, TAccessStatusCode> = {
  PENDING: 'PENDING',
  GRANTED: 'FULL',
  REFUSED: 'DENIED',
};

export interface Look {
  /** the `.status-fill-*` class */
  fill: string;
  symbol: string;
  color: string;
}

export function stanceLook(stance: TConsentStance | null): Look {
  if (!stance) return { fill: '', symbol: '—', color: 'transparent' };
  const status = STANCE_AS_STATUS[stance];
  return {
    fill: `status-fill-${status}`,
    symbol: STATUS_STYLE[status].symbol,
    color: STATUS_STYLE[status].color,
  };
}

export function stateLook(state: TAccessRequestState): Look {
  const status = STATE_AS_STATUS[state];
  return {
    fill: `status-fill-${status}`,
    symbol: STATUS_STYLE[status].symbol,
    color: STATUS_STYLE[status].color,
  };
}
