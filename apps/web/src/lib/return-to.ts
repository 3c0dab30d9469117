/**
 * Where sign-in sends the user back to: a path on this site only, never another site (an
 * open redirect would let a link to our sign-in page forward a freshly signed-in user to a
 * look-alike). Anything doubtful falls back to the overview.
 */
export function safeReturnTo(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return '/';
  // one leading slash, then no second slash or backslash (//evil.example, /\evil.example)
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // control characters and backslashes are read as slashes by some browsers
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  const base = 'http://same.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  if (url.pathname === '/login' || url.pathname.startsWith('/api/')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The sign-in page's address, carrying the page to come back to. */
export function loginPath(returnTo: string | null | undefined): string {
  const path = safeReturnTo(returnTo);
  return path === '/' ? '/login' : `/login?next=${encodeURIComponent(path)}`;
}
