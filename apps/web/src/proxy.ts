import { NextResponse, type NextRequest } from 'next/server';

/** The header through which a page learns its own address (server components are not told it). */
export const RETURN_TO_HEADER = 'x-access-return-to';

/**
 * Passes each page request's own path to the page, so that a page which finds nobody signed
 * in sends them to /login?next=<this page>, and sign-in brings them back. The header is always
 * overwritten here, so a client cannot choose it (and sign-in accepts only same-site paths).
 */
export function proxy(request: NextRequest) {
  const url = request.nextUrl;
  const search = new URLSearchParams(url.search);
  search.delete('_rsc');
  const query = search.toString();
  const headers = new Headers(request.headers);
  headers.set(RETURN_TO_HEADER, `${url.pathname}${query ? `?${query}` : ''}`);
  return NextResponse.next({ request: { headers } });
}

export const config = {
  matcher: ['/((?!api/|_next/|favicon|.*\\.(?:svg|png|ico|txt|webmanifest)$).*)'],
};
