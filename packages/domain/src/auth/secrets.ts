import { createHash, randomBytes } from 'node:crypto';

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/** Secrets (session cookies, API tokens) are stored only as their SHA-256. */
export function digest(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
