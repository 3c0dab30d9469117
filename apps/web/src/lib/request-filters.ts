import { z } from 'zod';
import {
  ZAccessRequestKind,
  ZAccessRequestState,
  ZCursor,
  ZIsoDate,
  ZTimestamp,
  ZUuid,
  type TAccessRequestKind,
  type TAccessRequestState,
} from '@access/contracts';
import { daysBefore, type SearchParams } from './filters';

/**
 * The consent board's filters, from its URL (every filter lives in the URL, so a link
 * reproduces the view), each checked by the schema the API checks it with: a value the API
 * would refuse is dropped and the board shows without it, as the overview does.
 */
export interface RequestFilters {
  areaId?: string;
  /** the party waited on (board), whose consent is needed (list), whose figures are shown */
  partyId?: string;
  organizationId?: string;
  kind: TAccessRequestKind[];
  /** derived state on asOf: filters the list of requests (the board lists pending ones only) */
  state: TAccessRequestState[];
  /** positions as they stood on that day (default today) */
  asOf?: string;
  /** as the product knew it then: a day (its end, UTC) or an ISO instant */
  knownAt?: string;
  /** the per-party figures' period (default: the year up to asOf) */
  from?: string;
  to?: string;
  /** the board's and the list's next pages */
  boardCursor?: string;
  cursor?: string;
}

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value) || undefined;
const single = <T extends z.ZodType>(schema: T) =>
  z.preprocess(first, schema.optional()).catch(undefined);
const many = <T extends z.ZodType>(schema: T) =>
  z
    .preprocess(
      (value) =>
        (Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : []).filter(
          Boolean,
        ),
      z.array(z.unknown()),
    )
    .transform((values) => [
      ...new Set(values.filter((value) => schema.safeParse(value).success).map(String)),
    ]);

const ZRequestFilters = z.object({
  areaId: single(ZUuid),
  partyId: single(ZUuid),
  organizationId: single(ZUuid),
  kind: many(ZAccessRequestKind).transform((values) => values as TAccessRequestKind[]),
  state: many(ZAccessRequestState).transform((values) => values as TAccessRequestState[]),
  asOf: single(ZIsoDate),
  knownAt: single(z.union([ZIsoDate, ZTimestamp])),
  from: single(ZIsoDate),
  to: single(ZIsoDate),
  boardCursor: single(ZCursor),
  cursor: single(ZCursor),
});

export function parseRequestFilters(params: SearchParams): RequestFilters {
  return ZRequestFilters.parse(params);
}

/** The API's knownAt for the URL's: a day means its end (UTC), as the overview's "known on". */
export function knownAtInstant(knownAt: string | undefined): string | undefined {
  if (!knownAt) return undefined;
  return knownAt.length === 10 ? `${knownAt}T23:59:59.999Z` : knownAt;
}

/** The day part of a knownAt, for a date input. */
export const knownAtDay = (knownAt: string | undefined) => knownAt?.slice(0, 10);

function common(filters: RequestFilters): URLSearchParams {
  const query = new URLSearchParams();
  if (filters.areaId) query.set('areaId', filters.areaId);
  if (filters.organizationId) query.set('organizationId', filters.organizationId);
  if (filters.kind.length) query.set('kind', filters.kind.join(','));
  if (filters.asOf) query.set('asOf', filters.asOf);
  const knownAt = knownAtInstant(filters.knownAt);
  if (knownAt) query.set('knownAt', knownAt);
  return query;
}

/** `GET /api/access-requests/consent-board`: the chosen party is the one waited on. */
export function boardQuery(filters: RequestFilters, limit: number): URLSearchParams {
  const query = common(filters);
  if (filters.partyId) query.set('waitingOn', filters.partyId);
  if (filters.boardCursor) query.set('cursor', filters.boardCursor);
  query.set('limit', String(limit));
  return query;
}

/** `GET /api/access-requests`: the chosen party is one whose consent is needed. */
export function listQuery(filters: RequestFilters, limit: number): URLSearchParams {
  const query = common(filters);
  if (filters.partyId) query.set('partyId', filters.partyId);
  if (filters.state.length) query.set('state', filters.state.join(','));
  if (filters.cursor) query.set('cursor', filters.cursor);
  query.set('limit', String(limit));
  return query;
}

/** The period of the per-party figures: [from, to], by default the year up to asOf (or today). */
export function figuresPeriod(
  filters: RequestFilters,
  today: string,
): { from: string; to: string } {
  const to = filters.to ?? filters.asOf ?? today;
  const from = filters.from ?? daysBefore(to, 364);
  return from <= to ? { from, to } : { from: to, to };
}

/** `GET /api/access-requests/party-figures` */
export function figuresQuery(filters: RequestFilters, today: string): URLSearchParams {
  const query = new URLSearchParams(figuresPeriod(filters, today));
  if (filters.partyId) query.set('partyId', filters.partyId);
  const knownAt = knownAtInstant(filters.knownAt);
  if (knownAt) query.set('knownAt', knownAt);
  return query;
}

/** The board's own URL for these filters (with overrides, e.g. a next page). */
export function requestsHref(
  filters: RequestFilters,
  overrides: Partial<RequestFilters> = {},
): string {
  const merged: RequestFilters = { ...filters, ...overrides };
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (Array.isArray(value)) {
      if (value.length) query.set(key, value.join(','));
    } else if (value) query.set(key, String(value));
  }
  const text = query.toString();
  return text ? `/requests?${text}` : '/requests';
}

/** A request's page as of the same day and knowledge as the board it was opened from. */
export function requestHref(
  requestId: string,
  view: { asOf?: string; knownAt?: string } = {},
): string {
  const query = new URLSearchParams();
  if (view.asOf) query.set('asOf', view.asOf);
  if (view.knownAt) query.set('knownAt', view.knownAt);
  const text = query.toString();
  return `/requests/${encodeURIComponent(requestId)}${text ? `?${text}` : ''}`;
}
