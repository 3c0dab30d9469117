import type { Db, Tx } from '../shared/context';
import { clearRateLimit, hitRateLimit, peekRateLimit, rateLimitKey } from './rate-limits';

/**
 * An account is locked after this many failed sign-ins within the window, even for the
 * right password: guessing is bounded per account, whatever addresses it comes from (the
 * per-address limit is the API's). Counted in PostgreSQL, so every instance sees one count.
 */
export const SIGN_IN_LOCKOUT = { maxFailures: 10, windowMs: 15 * 60 * 1000 } as const;

const keyOf = (email: string) => rateLimitKey('sign-in-failures', email);

export async function isSignInLocked(db: Db | Tx, email: string): Promise<boolean> {
  return (await peekRateLimit(db, keyOf(email))) >= SIGN_IN_LOCKOUT.maxFailures;
}

export async function countFailedSignIn(db: Db | Tx, email: string): Promise<void> {
  await hitRateLimit(db, keyOf(email), SIGN_IN_LOCKOUT.windowMs);
}

export async function clearFailedSignIns(db: Db | Tx, email: string): Promise<void> {
  await clearRateLimit(db, keyOf(email));
}
