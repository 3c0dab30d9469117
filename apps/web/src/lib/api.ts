import 'server-only';
import { cookies, headers } from 'next/headers';
import { notFound, redirect } from 'next/navigation';
import { getLocale } from 'next-intl/server';
import { cache } from 'react';
import type { z } from 'zod';
import {
  ZAccessHistory,
  ZAccessRequestDetail,
  ZAccessRequestHistory,
  ZAccessRequestPage,
  ZConsentBoard,
  ZPartyFiguresAnswer,
  ZAccessStatusPage,
  ZAccessStatusVersion,
  ZArea,
  ZAreaPage,
  ZAreaRanking,
  ZAreaShapes,
  ZAreaSubtree,
  ZChangePage,
  ZIncidentHistory,
  ZIncidentMyEntries,
  ZIncidentPage,
  ZIncidentReviewQueue,
  ZRequestReviewQueue,
  ZIncidentVersion,
  ZMatrix,
  ZMe,
  ZMyEntries,
  ZOrganization,
  ZOrganizationPage,
  ZPartyPage,
  ZReviewQueue,
  ZTimeseries,
  ZUserPage,
  ZFollowList,
  ZNotificationPage,
  ZNotificationSettings,
} from '@access/contracts';
import { apiOrigin } from './config.mjs';
import { API_TIMEOUT_MS } from './outage-retry';
import { loginPath } from './return-to';

/** Sign-in, then back to this page (its path comes from src/proxy.ts, or from the page). */
async function toLogin(from?: string): Promise<never> {
  redirect(loginPath(from ?? (await headers()).get('x-access-return-to')));
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The API, or its database, cannot be reached: an outage, not a sign-out. The layout shows
 * the outage page for it and keeps the session; never a redirect to /login.
 */
export class ApiUnavailableError extends ApiError {
  constructor(status = 0) {
    super(status, 'API_UNAVAILABLE', 'The access monitor cannot reach its data right now');
  }
}

/** 502-504 (the dashboard's proxy, a gateway, a database the API cannot reach) are an outage. */
const isOutage = (status: number) => status === 502 || status === 503 || status === 504;

async function fetchApi(url: URL, init: RequestInit): Promise<Response> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(API_TIMEOUT_MS) }).catch(
    () => null,
  );
  if (!response) throw new ApiUnavailableError();
  if (isOutage(response.status)) {
    // a query that ran past the statement timeout is an error of that request, not an outage
    const body = (await response
      .clone()
      .json()
      .catch(() => null)) as { error?: { code?: string } } | null;
    if (body?.error?.code !== 'QUERY_TIMEOUT') throw new ApiUnavailableError(response.status);
  }
  return response;
}

/**
 * The dashboard's one server-side client of the API: sends the visitor's session cookie,
 * parses every answer with the shared schemas, and sends a signed-out visitor to /login.
 */
async function get<T extends z.ZodType>(path: string, schema: T): Promise<z.infer<T>> {
  const cookieHeader = (await cookies()).toString();
  // the language this page is in (src/i18n/request.ts), so the API names areas in it
  const language = await getLocale();
  const response = await fetchApi(new URL(`/api${path}`, apiOrigin()), {
    headers: {
      cookie: cookieHeader,
      accept: 'application/json',
      ...(language ? { 'accept-language': language } : {}),
    },
    cache: 'no-store',
  });
  if (response.status === 401) await toLogin();
  const body: unknown = await response.json().catch((error: Error) => {
    // the answer began but did not finish within API_TIMEOUT_MS: an outage, as a silence is
    if (error.name === 'TimeoutError' || error.name === 'AbortError')
      throw new ApiUnavailableError();
    return null;
  });
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | null)?.error;
    throw new ApiError(
      response.status,
      error?.code ?? 'UNKNOWN',
      error?.message ?? `The API answered ${response.status}`,
    );
  }
  return schema.parse(body);
}

/** A record that does not exist (or is not for this reader, or a malformed id) shows the not-found page. */
export async function orNotFound<T>(request: Promise<T>): Promise<T> {
  try {
    return await request;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 400)) notFound();
    throw error;
  }
}

/**
 * null when there is nobody signed in (no redirect: for the layout); throws
 * ApiUnavailableError when the API or its database cannot say. Asked once per request
 * (React's cache): the layout and the page share the answer.
 */
export const currentUser = cache(async function currentUser() {
  const cookieHeader = (await cookies()).toString();
  if (!cookieHeader.includes('access_session=')) return null;
  const response = await fetchApi(new URL('/api/me', apiOrigin()), {
    headers: { cookie: cookieHeader },
    cache: 'no-store',
  });
  if (response.status === 401) return null;
  if (!response.ok) throw new ApiUnavailableError(response.status);
  return ZMe.parse(await response.json());
});

/**
 * Whether the API and its database answer, for a visitor with no session (whom currentUser
 * does not ask the API about): throws ApiUnavailableError when they do not.
 */
export const serviceAnswers = cache(async function serviceAnswers() {
  const response = await fetchApi(new URL('/api/health', apiOrigin()), { cache: 'no-store' });
  await response.text();
});

/** The signed-in user; nobody signed in goes to sign-in, which brings them back to `from` (default: this page). */
export async function requireUser(from?: string) {
  const user = await currentUser();
  if (!user) return toLogin(from);
  return user;
}

const qs = (params: Record<string, string | undefined> | URLSearchParams) => {
  const search =
    params instanceof URLSearchParams
      ? params
      : new URLSearchParams(
          Object.entries(params).filter((entry): entry is [string, string] => Boolean(entry[1])),
        );
  const text = search.toString();
  return text ? `?${text}` : '';
};

export const api = {
  notifications: (params: URLSearchParams) => get(`/notifications${qs(params)}`, ZNotificationPage),
  notificationSettings: () => get('/notifications/settings', ZNotificationSettings),
  follows: () => get('/follows', ZFollowList),
  statuses: (params: URLSearchParams) => get(`/access-statuses${qs(params)}`, ZAccessStatusPage),
  status: (id: string) => get(`/access-statuses/${encodeURIComponent(id)}`, ZAccessStatusVersion),
  history: (organizationId: string, areaId: string, page: { cursor?: string; version?: string }) =>
    get(
      `/access-statuses/history${qs({ organizationId, areaId, cursor: page.cursor, version: page.version })}`,
      ZAccessHistory,
    ),
  timeline: (organizationId: string, areaId: string, knownAt?: string) =>
    get(`/access-statuses/timeline${qs({ organizationId, areaId, knownAt })}`, ZAccessHistory),
  timeseries: (params: URLSearchParams) => get(`/stats/timeseries${qs(params)}`, ZTimeseries),
  matrix: (params: URLSearchParams) => get(`/stats/matrix${qs(params)}`, ZMatrix),
  areaRanking: (params: URLSearchParams) => get(`/stats/area-ranking${qs(params)}`, ZAreaRanking),
  changes: (params: URLSearchParams) => get(`/changes${qs(params)}`, ZChangePage),
  reviewQueue: () => get(`/review-queue`, ZReviewQueue),
  myEntries: () => get(`/my-entries`, ZMyEntries),
  organizations: (params: Record<string, string | undefined> = {}) =>
    get(`/organizations${qs({ limit: '500', ...params })}`, ZOrganizationPage),
  organization: (id: string) => get(`/organizations/${encodeURIComponent(id)}`, ZOrganization),
  areas: (params: Record<string, string | undefined> = {}) =>
    get(`/areas${qs({ limit: '500', ...params })}`, ZAreaPage),
  area: (id: string) => get(`/areas/${encodeURIComponent(id)}`, ZArea),
  subtree: (id: string) => get(`/areas/${encodeURIComponent(id)}/subtree`, ZAreaSubtree),
  areaShapes: (parentId?: string) =>
    get(`/areas/shapes${parentId ? `?parentId=${encodeURIComponent(parentId)}` : ''}`, ZAreaShapes),
  parties: () => get(`/parties?limit=500`, ZPartyPage),
  users: () => get(`/users?limit=500`, ZUserPage),
  incidents: (params: URLSearchParams) => get(`/incidents${qs(params)}`, ZIncidentPage),
  incident: (id: string) => get(`/incidents/${encodeURIComponent(id)}`, ZIncidentVersion),
  incidentHistory: (id: string, includeProposals = false) =>
    get(
      `/incidents/${encodeURIComponent(id)}/history${includeProposals ? '?includeProposals=true' : ''}`,
      ZIncidentHistory,
    ),
  incidentReviewQueue: () => get(`/incidents/review-queue`, ZIncidentReviewQueue),
  requestReviewQueue: () => get(`/access-requests/review-queue`, ZRequestReviewQueue),
  myIncidentEntries: () => get(`/incidents/my-entries`, ZIncidentMyEntries),
  accessRequests: (params: URLSearchParams) =>
    get(`/access-requests${qs(params)}`, ZAccessRequestPage),
  accessRequest: (id: string, params: Record<string, string | undefined> = {}) =>
    get(`/access-requests/${encodeURIComponent(id)}${qs(params)}`, ZAccessRequestDetail),
  accessRequestHistory: (id: string, includeProposals = false) =>
    get(
      `/access-requests/${encodeURIComponent(id)}/history${includeProposals ? '?includeProposals=true' : ''}`,
      ZAccessRequestHistory,
    ),
  consentBoard: (params: URLSearchParams) =>
    get(`/access-requests/consent-board${qs(params)}`, ZConsentBoard),
  partyFigures: (params: URLSearchParams) =>
    get(`/access-requests/party-figures${qs(params)}`, ZPartyFiguresAnswer),
};
