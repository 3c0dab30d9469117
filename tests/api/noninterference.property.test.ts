import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSensitivity } from '@access/contracts';
import { drainOutbox } from '@access/domain';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  TEST_PASSWORD,
} from '../support/factories';
import { tokenizer } from '../support/tokens';

/**
 * Noninterference: for a reader cleared to level L, every answer the product gives (every
 * read route of the OpenAPI document, every export, the audit trail, an import's dry run,
 * error bodies, headers and ETags) is a function of what exists at L. So after random
 * histories written at every level, adding, correcting, reviewing or ending versions above
 * L must leave every answer to that reader byte-identical.
 *
 * Writers are coordinators and editors at every level: editors propose and resubmit at
 * varied sensitivities (above a reader, a proposal of any sensitivity whose target is above
 * it), coordinators validate or return proposals with notes naming them (issue 12). A
 * resubmission that exists for the reader while its earlier rows do not can only be
 * written from above their level, so it is outside this property: tests/api/proposals.test.ts
 * checks that it reads as a fresh proposal.
 *
 * Requests and parties' positions (issue 16) are written the same way, through the API:
 * coordinators and editors record and correct them at every sensitivity, editors propose,
 * coordinators validate or return, so a high refusal, a high correction of a request (its
 * area, its parties), a low position on a high request or a corrected position must leave
 * every request read (list with each filter, a request, its history, the consent board,
 * the party figures, the CSV, the review queue, notifications and webhook deliveries of
 * answers) as it was, counts, waits, derived states and ids included; a request written
 * above the reader reads as one that never existed.
 *
 * Every GET route of the OpenAPI document needs a place in READS (a route added later
 * without one fails the first test), and so does every other route that only reads.
 */

const LEVELS = ['LOW', 'MODERATE', 'HIGH', 'SEVERE'] as const satisfies readonly TSensitivity[];
const READERS = ['LOW', 'MODERATE', 'HIGH'] as const;
const STATUSES = ['FULL', 'CONSTRAINED', 'PENDING', 'DENIED', 'SUSPENDED', 'UNKNOWN'] as const;
const DAYS = ['2023-01-01', '2023-02-01', '2023-03-01', '2023-04-01', '2023-05-01', '2023-06-01'];
const RUNS = Number(process.env.NONINTERFERENCE_RUNS ?? 8);

interface World {
  organizations: string[];
  areas: string[];
  country: string;
  partyId: string;
  /** the parties requests in this world need: partyId first */
  parties: string[];
}

interface ReadContext {
  world: World;
  /** versions that exist for the reader (ids from their own answers) */
  visibleIds: string[];
  /** versions written above the reader's level: each must read exactly as an id that never existed */
  hiddenIds: string[];
  /** incidents that exist for the reader, and incidents written wholly above their level */
  incidentIds?: string[];
  hiddenIncidentIds?: string[];
  /** the reader's own webhook endpoint, paused: its deliveries are held, so its log is stable */
  webhookId?: string;
  /** requests that exist for the reader, and requests written wholly above their level */
  requestIds?: string[];
  hiddenRequestIds?: string[];
}

type Read = {
  method: 'GET' | 'POST';
  url: string;
  payload?: unknown;
  headers?: Record<string, string>;
  knownAtFree?: boolean;
  /** why this read may be refused though what it names exists for the reader */
  mayRefuse?: string;
};

const ASOF = ['2023-01-15', '2023-03-15', '2023-06-15'];
/** an incident or request that exists only as an editor's proposal has no validated version to show */
const PROPOSAL_ONLY = 'a proposal only: 404 without includeProposals';
/** days to derive requests' states on: between and after the days positions are taken */
const REQUEST_ASOF = ['2023-03-15', '2023-06-15'];
const NEVER = '00000000-0000-4000-8000-000000000000';

/** Every read route, with the requests that exercise it for one reader. */
const READS: Record<string, (c: ReadContext) => Read[]> = {
  // requests (issue 16): the worlds hold requests and positions of every sensitivity, corrected
  // and reviewed (runRequest); tests/api/access-requests.property.test.ts holds each reader's
  // derived state to a model. Every filter, on days before, between and after the positions
  'GET /api/access-requests': (c) => [
    { method: 'GET', url: '/api/access-requests?limit=500', knownAtFree: true },
    {
      method: 'GET',
      url: '/api/access-requests?limit=500&includeProposals=true',
      knownAtFree: true,
    },
    ...REQUEST_ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/access-requests?areaId=${c.world.country}&asOf=${asOf}&knownAt=2199-01-01T00:00:00Z&limit=500`,
    })),
    ...c.world.parties.map((party) => ({
      method: 'GET' as const,
      url: `/api/access-requests?areaId=${c.world.country}&asOf=2023-03-15&knownAt=2199-01-01T00:00:00Z&waitingOn=${party}`,
    })),
    ...['PENDING', 'GRANTED,REFUSED'].map((state) => ({
      method: 'GET' as const,
      url: `/api/access-requests?areaId=${c.world.country}&asOf=2023-06-15&knownAt=2199-01-01T00:00:00Z&state=${state}`,
    })),
    {
      method: 'GET',
      url: `/api/access-requests?organizationId=${c.world.organizations[1]}&partyId=${c.world.parties[1]}&kind=DELIVERY,PRESENCE&asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z`,
    },
    // a page of one, with its cursor
    {
      method: 'GET',
      url: `/api/access-requests?areaId=${c.world.country}&asOf=2023-06-15&knownAt=2199-01-01T00:00:00Z&limit=1`,
    },
  ],
  'GET /api/access-requests/consent-board': (c) => [
    ...REQUEST_ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/access-requests/consent-board?areaId=${c.world.country}&asOf=${asOf}&knownAt=2199-01-01T00:00:00Z`,
    })),
    ...c.world.parties.map((party) => ({
      method: 'GET' as const,
      url: `/api/access-requests/consent-board?waitingOn=${party}&asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z&limit=500`,
    })),
    {
      method: 'GET',
      url: `/api/access-requests/consent-board?organizationId=${c.world.organizations[0]}&asOf=2023-06-15&knownAt=2199-01-01T00:00:00Z&limit=1`,
    },
  ],
  'GET /api/access-requests/party-figures': (c) => [
    {
      method: 'GET',
      url: `/api/access-requests/party-figures?partyId=${c.world.parties.join(',')}&from=2023-01-01&to=2023-06-30&knownAt=2199-01-01T00:00:00Z`,
    },
    {
      method: 'GET',
      url: `/api/access-requests/party-figures?partyId=${c.world.partyId}&from=2023-02-15&to=2023-04-15&knownAt=2199-01-01T00:00:00Z`,
    },
  ],
  'GET /api/exports/access-requests.csv': (c) => [
    ...REQUEST_ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/exports/access-requests.csv?areaId=${c.world.country}&asOf=${asOf}&knownAt=2199-01-01T00:00:00Z`,
    })),
    {
      method: 'GET',
      url: `/api/exports/access-requests.csv?areaId=${c.world.country}&asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z&state=PENDING&waitingOn=${c.world.parties[1]}`,
    },
  ],
  // the coordinators' queue of request and position proposals (all worlds')
  'GET /api/access-requests/review-queue': () => [
    { method: 'GET', url: '/api/access-requests/review-queue?limit=500' },
  ],
  'GET /api/access-requests/{id}': (c) => [
    ...(c.requestIds ?? []).flatMap((id) =>
      REQUEST_ASOF.map((asOf) => ({
        method: 'GET' as const,
        url: `/api/access-requests/${id}?asOf=${asOf}&knownAt=2199-01-01T00:00:00Z`,
        mayRefuse: PROPOSAL_ONLY,
      })),
    ),
    ...(c.hiddenRequestIds ?? []).map((id) => ({
      method: 'GET' as const,
      url: `/api/access-requests/${id}?asOf=2023-06-15&knownAt=2199-01-01T00:00:00Z`,
      asNever: id,
    })),
    {
      method: 'GET',
      url: `/api/access-requests/${NEVER}?asOf=2023-06-15&knownAt=2199-01-01T00:00:00Z`,
    },
  ],
  'GET /api/access-requests/{id}/history': (c) => [
    ...(c.requestIds ?? []).flatMap((id) =>
      ['', '?includeProposals=true'].map((proposals) => ({
        method: 'GET' as const,
        url: `/api/access-requests/${id}/history${proposals}`,
        mayRefuse: proposals ? undefined : PROPOSAL_ONLY,
      })),
    ),
    ...(c.hiddenRequestIds ?? []).map((id) => ({
      method: 'GET' as const,
      url: `/api/access-requests/${id}/history?includeProposals=true`,
      asNever: id,
    })),
    { method: 'GET', url: `/api/access-requests/${NEVER}/history?includeProposals=true` },
  ],
  'GET /api/health': () => [],
  'GET /api/me': () => [{ method: 'GET', url: '/api/me' }],
  'GET /api/api-tokens': () => [{ method: 'GET', url: '/api/api-tokens' }],
  'GET /api/users': () => [
    { method: 'GET', url: '/api/users', mayRefuse: 'administrators only (403 for the others)' },
  ],
  'GET /api/organizations': () => [{ method: 'GET', url: '/api/organizations' }],
  'GET /api/organizations/{id}': (c) =>
    c.world.organizations.map((id) => ({ method: 'GET', url: `/api/organizations/${id}` })),
  'GET /api/areas': () => [{ method: 'GET', url: '/api/areas' }],
  'GET /api/areas/{id}': (c) =>
    c.world.areas.map((id) => ({ method: 'GET', url: `/api/areas/${id}` })),
  'GET /api/areas/{id}/subtree': (c) => [
    { method: 'GET', url: `/api/areas/${c.world.country}/subtree` },
  ],
  'GET /api/areas/shapes': (c) => [
    { method: 'GET', url: '/api/areas/shapes' },
    { method: 'GET', url: `/api/areas/shapes?parentId=${c.world.country}` },
  ],
  'GET /api/parties': () => [{ method: 'GET', url: '/api/parties' }],
  // notifications (issue 18): the reader follows every world's country and first organisation
  // (newWorld), and snapshot() drains the outbox first, so hidden writes are fanned out too
  'GET /api/notifications': () => [
    { method: 'GET', url: '/api/notifications?limit=500' },
    { method: 'GET', url: '/api/notifications?unread=true&limit=500' },
  ],
  'GET /api/notifications/unread-count': () => [
    { method: 'GET', url: '/api/notifications/unread-count' },
  ],
  'GET /api/notifications/settings': () => [{ method: 'GET', url: '/api/notifications/settings' }],
  'GET /api/follows': () => [{ method: 'GET', url: '/api/follows' }],
  'GET /api/parties/{id}': (c) => [{ method: 'GET', url: `/api/parties/${c.world.partyId}` }],
  'GET /api/access-statuses': (c) => [
    ...ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/access-statuses?asOf=${asOf}&limit=200`,
      knownAtFree: true,
    })),
    {
      method: 'GET',
      url: `/api/access-statuses?asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z&areaId=${c.world.country}&limit=200`,
    },
    // with the pending proposals the reader may see
    {
      method: 'GET',
      url: '/api/access-statuses?asOf=2023-03-15&limit=200&includeProposals=true',
      knownAtFree: true,
    },
  ],
  'GET /api/access-statuses/history': (c) =>
    c.world.organizations.flatMap((organizationId) =>
      c.world.areas.flatMap((areaId) => {
        const pair = `/api/access-statuses/history?organizationId=${organizationId}&areaId=${areaId}`;
        return [
          // and a page of one, with its cursor: a hidden version takes no place on a page
          ...['', '&includeProposals=true', '&limit=1'].map((query) => ({
            method: 'GET' as const,
            url: `${pair}${query}`,
          })),
          // the page of one version: a visible one's, and a hidden one's as an id of nothing's
          ...c.visibleIds.slice(0, 3).map((id) => ({
            method: 'GET' as const,
            url: `${pair}&limit=1&version=${id}`,
          })),
          ...c.hiddenIds.map((id) => ({
            method: 'GET' as const,
            url: `${pair}&limit=1&version=${id}`,
            asNever: id,
          })),
          { method: 'GET' as const, url: `${pair}&limit=1&version=${NEVER}` },
        ];
      }),
    ),
  'GET /api/access-statuses/timeline': (c) =>
    c.world.organizations.flatMap((organizationId) =>
      c.world.areas.flatMap((areaId) => [
        {
          method: 'GET' as const,
          url: `/api/access-statuses/timeline?organizationId=${organizationId}&areaId=${areaId}`,
        },
        {
          method: 'GET' as const,
          url: `/api/access-statuses/timeline?organizationId=${organizationId}&areaId=${areaId}&knownAt=2199-01-01T00:00:00Z`,
        },
        {
          method: 'GET' as const,
          url: `/api/access-statuses/timeline?organizationId=${organizationId}&areaId=${areaId}&includeProposals=true`,
        },
        {
          method: 'GET' as const,
          url: `/api/access-statuses/timeline?organizationId=${organizationId}&areaId=${areaId}&knownAt=2199-01-01T00:00:00Z&limit=1`,
        },
      ]),
    ),
  'GET /api/access-statuses/{id}': (c) => [
    ...c.visibleIds.map((id) => ({ method: 'GET' as const, url: `/api/access-statuses/${id}` })),
    // a hidden version answers exactly as one that never existed (the id put back to compare)
    ...c.hiddenIds.map((id) => ({
      method: 'GET' as const,
      url: `/api/access-statuses/${id}`,
      asNever: id,
    })),
    { method: 'GET', url: `/api/access-statuses/${NEVER}` },
  ],
  'GET /api/changes': () => [
    { method: 'GET', url: '/api/changes?since=2000-01-01T00:00:00Z&limit=200' },
    {
      method: 'GET',
      url: '/api/changes?effectiveFrom=2023-01-01&effectiveTo=2023-04-01&knownAt=2199-01-01T00:00:00Z&limit=200',
    },
  ],
  'GET /api/stats/area-ranking': (c) => [
    ...ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/stats/area-ranking?asOf=${asOf}&limit=500`,
      knownAtFree: true,
    })),
    {
      method: 'GET',
      url: `/api/stats/area-ranking?asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z&areaId=${c.world.country}&limit=500`,
    },
  ],
  'GET /api/stats/incidents': (c) => [
    {
      method: 'GET',
      url: '/api/stats/incidents?from=2022-12-01&to=2023-08-31',
      knownAtFree: true,
    },
    {
      method: 'GET',
      url: `/api/stats/incidents?areaId=${c.world.country}&organizationType=437&from=2023-01-01`,
      knownAtFree: true,
    },
    {
      method: 'GET',
      url: `/api/stats/incidents?areaId=${c.world.country}&from=2022-12-01&to=2023-08-31&knownAt=2199-01-01T00:00:00Z`,
    },
  ],
  'GET /api/review-queue': () => [{ method: 'GET', url: '/api/review-queue' }],
  'GET /api/my-entries': () => [{ method: 'GET', url: '/api/my-entries' }],
  'GET /api/reconciliation-queue': () => [{ method: 'GET', url: '/api/reconciliation-queue' }],
  'GET /api/stats/timeseries': (c) => [
    { method: 'GET', url: '/api/stats/timeseries?from=2022-12-01&to=2023-08-01&interval=week' },
    {
      method: 'GET',
      url: `/api/stats/timeseries?from=2022-12-01&to=2023-08-01&interval=month&areaId=${c.world.country}`,
    },
    {
      method: 'GET',
      url: '/api/stats/timeseries?from=2022-12-01&to=2023-08-01&interval=month&knownAt=2199-01-01T00:00:00Z',
    },
  ],
  'GET /api/stats/matrix': (c) => [
    ...ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/stats/matrix?asOf=${asOf}`,
      knownAtFree: true,
    })),
    {
      method: 'GET',
      url: `/api/stats/matrix?asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z&areaId=${c.world.country}`,
    },
    {
      method: 'GET',
      url: '/api/stats/matrix?asOf=2023-03-15&order=worst&maxAreas=2',
      knownAtFree: true,
    },
  ],
  'GET /api/audit-events': () => [{ method: 'GET', url: '/api/audit-events?limit=200' }],
  'GET /api/exports/access-statuses.csv': (c) => [
    ...ASOF.map((asOf) => ({
      method: 'GET' as const,
      url: `/api/exports/access-statuses.csv?asOf=${asOf}`,
    })),
    { method: 'GET', url: '/api/exports/access-statuses.csv?allPeriods=true' },
    {
      method: 'GET',
      url: '/api/exports/access-statuses.csv?allPeriods=true&includeProposals=true',
    },
    { method: 'GET', url: '/api/exports/access-statuses.csv?summary=true&asOf=2023-04-15' },
    {
      method: 'GET',
      url: `/api/exports/access-statuses.csv?allPeriods=true&knownAt=2199-01-01T00:00:00Z&areaId=${c.world.country}`,
    },
  ],
  'GET /api/exports/incidents.csv': (c) => [
    { method: 'GET', url: '/api/exports/incidents.csv' },
    {
      method: 'GET',
      url: `/api/exports/incidents.csv?areaId=${c.world.country}&from=2023-01-01&knownAt=2199-01-01T00:00:00Z`,
    },
  ],
  'GET /api/exports/access-history.csv': () => [
    { method: 'GET', url: '/api/exports/access-history.csv' },
  ],
  'GET /api/incidents': (c) => [
    { method: 'GET', url: '/api/incidents?limit=500', knownAtFree: true },
    { method: 'GET', url: '/api/incidents?limit=500&includeProposals=true', knownAtFree: true },
    {
      method: 'GET',
      url: `/api/incidents?areaId=${c.world.country}&knownAt=2199-01-01T00:00:00Z&category=6,4&from=2023-02-01&limit=500`,
    },
    {
      method: 'GET',
      url: `/api/incidents?organizationId=${c.world.organizations[1]}&asOf=2023-04-15&knownAt=2199-01-01T00:00:00Z&limit=500`,
    },
  ],
  'GET /api/incidents/review-queue': () => [{ method: 'GET', url: '/api/incidents/review-queue' }],
  'GET /api/incidents/my-entries': () => [{ method: 'GET', url: '/api/incidents/my-entries' }],
  'GET /api/incidents/{id}': (c) => [
    ...(c.incidentIds ?? []).flatMap((id) =>
      ['', '?knownAt=2199-01-01T00:00:00Z'].map((knownAt) => ({
        method: 'GET' as const,
        url: `/api/incidents/${id}${knownAt}`,
        mayRefuse: PROPOSAL_ONLY,
      })),
    ),
    ...(c.hiddenIncidentIds ?? []).map((id) => ({
      method: 'GET' as const,
      url: `/api/incidents/${id}`,
      asNever: id,
    })),
    { method: 'GET', url: `/api/incidents/${NEVER}` },
  ],
  'GET /api/incidents/{id}/history': (c) => [
    ...(c.incidentIds ?? []).flatMap((id) =>
      ['', '?includeProposals=true'].map((proposals) => ({
        method: 'GET' as const,
        url: `/api/incidents/${id}/history${proposals}`,
        mayRefuse: proposals ? undefined : PROPOSAL_ONLY,
      })),
    ),
    ...(c.hiddenIncidentIds ?? []).map((id) => ({
      method: 'GET' as const,
      url: `/api/incidents/${id}/history?includeProposals=true`,
      asNever: id,
    })),
    { method: 'GET', url: `/api/incidents/${NEVER}/history?includeProposals=true` },
  ],
  // webhooks (issue 18): the reader's own endpoint, which every event they may see reaches
  // (a delivery each in its log) and no other; an id that never existed. What deliveries
  // carry is proven in tests/api/webhooks.test.ts
  'GET /api/webhooks': () => [{ method: 'GET', url: '/api/webhooks' }],
  'GET /api/webhooks/{id}': (c) => [
    ...(c.webhookId ? [{ method: 'GET' as const, url: `/api/webhooks/${c.webhookId}` }] : []),
    { method: 'GET', url: `/api/webhooks/${NEVER}` },
  ],
  'GET /api/webhooks/{id}/deliveries': (c) => [
    ...(c.webhookId
      ? [{ method: 'GET' as const, url: `/api/webhooks/${c.webhookId}/deliveries?limit=500` }]
      : []),
    { method: 'GET', url: `/api/webhooks/${NEVER}/deliveries` },
  ],
  // Atom feeds: the world's country (its sub-areas too), each area, each organisation
  'GET /api/feeds/areas/{id}.atom': (c) =>
    c.world.areas.map((id) => ({ method: 'GET' as const, url: `/api/feeds/areas/${id}.atom` })),
  'GET /api/feeds/organizations/{id}.atom': (c) =>
    c.world.organizations.map((id) => ({
      method: 'GET' as const,
      url: `/api/feeds/organizations/${id}.atom`,
    })),
  'POST /api/imports': (c) => [importDryRun(c.world)],
  'POST /api/imports/incidents': (c) => [incidentImportDryRun(c.world)],
  // the reader's own import jobs: answered as their dry runs above, compared there
  'GET /api/imports/{id}': () => [],
};

/** An incident file: a new incident per organisation and area, each dry-run only. */
function incidentImportDryRun(world: World): Read {
  const rows = world.organizations.flatMap((organizationId) =>
    world.areas.map((areaId) => [
      organizationId,
      areaId,
      '2023-02-01',
      '4',
      'CHECKPOINT',
      'Convoy held',
      'LOW',
    ]),
  );
  const csv = [
    [
      'organization_id',
      'area_id',
      'occurred_on',
      'category',
      'sub_type',
      'description',
      'sensitivity',
    ],
    ...rows,
  ]
    .map((row) => row.join(','))
    .join('\r\n');
  const boundary = '----noninterference';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="incidents.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return {
    method: 'POST',
    url: '/api/imports/incidents?dryRun=true',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** A file touching every pair, some rows matching nothing, some restating what is there. */
function importDryRun(world: World): Read {
  const rows = world.organizations.flatMap((organizationId, i) =>
    world.areas.map((areaId, j) => [
      organizationId,
      areaId,
      STATUSES[(i + j) % STATUSES.length],
      DAYS[(i + 2 * j) % DAYS.length],
      'Restated from the field',
      'LOW',
    ]),
  );
  const csv = [
    ['organization_id', 'area_id', 'status', 'valid_from', 'reason', 'sensitivity'],
    [
      '#org+id',
      '#loc+id',
      '#access+status',
      '#date+start',
      '#description+reason',
      '#meta+sensitivity',
    ],
    ...rows,
  ]
    .map((row) => row.join(','))
    .join('\r\n');
  const boundary = '----noninterference';
  const payload = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="restate.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`;
  return {
    method: 'POST',
    url: '/api/imports?dryRun=true',
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** What may legitimately differ between two identical answers: nothing but request ids and "now". */
function normalise(
  read: Read,
  response: { statusCode: number; headers: Record<string, unknown>; body: string },
  asNever?: string,
): string {
  let body = response.body;
  if (asNever) body = body.split(asNever).join(NEVER);
  if (
    read.knownAtFree ||
    (read.url.startsWith('/api/stats/timeseries') && !read.url.includes('knownAt'))
  ) {
    body = body.replace(/"knownAt":"[^"]*"/, '"knownAt":"<now>"');
  }
  if (read.url.startsWith('/api/imports'))
    body = body.replace(/"(id|jobId|createdAt|startedAt|finishedAt)":"[^"]*"/g, '"$1":"<job>"');
  const headers = ['content-type', 'etag', 'content-disposition'].map(
    (name) => `${name}: ${response.headers[name] ?? ''}`,
  );
  return `${response.statusCode}\n${headers.join('\n')}\n${body}`;
}

type Op =
  | {
      kind: 'record';
      writer: number;
      organization: number;
      area: number;
      status: number;
      day: number;
      sensitivity: number;
      end: number | null;
      submitted: boolean;
    }
  | {
      kind: 'correct';
      writer: number;
      pick: number;
      status: number;
      day: number;
      sensitivity: number;
      end: number | null;
    }
  | { kind: 'review'; writer: number; pick: number; validate: boolean }
  | {
      /** an editor's correction of what is current for them: a proposal, or a resubmission of one */
      kind: 'propose';
      writer: number;
      pick: number;
      status: number;
      day: number;
      sensitivity: number;
      end: number | null;
    }
  | IncidentOp
  | RequestOp;

/**
 * Requests (issue 16): requests and parties' positions recorded, corrected or proposed by
 * coordinators or editors, their proposals validated or returned by coordinators.
 */
type RequestOp =
  | {
      kind: 'request';
      writer: number;
      editor: boolean;
      organization: number;
      area: number;
      requestKind: number;
      day: number;
      parties: number;
      sensitivity: number;
      submitted: boolean;
    }
  | {
      kind: 'position';
      writer: number;
      editor: boolean;
      pick: number;
      party: number;
      stance: number;
      day: number;
      sensitivity: number;
    }
  | {
      kind: 'request-correct';
      writer: number;
      editor: boolean;
      pick: number;
      area: number;
      requestKind: number;
      day: number;
      parties: number;
      sensitivity: number;
    }
  | {
      kind: 'position-correct';
      writer: number;
      editor: boolean;
      pick: number;
      stance: number;
      day: number;
      sensitivity: number;
    }
  | { kind: 'request-review'; writer: number; pick: number; position: boolean; validate: boolean };

const REQUEST_KINDS = ['PRESENCE', 'DELIVERY', 'FACT_FINDING_MISSION'] as const;
const STANCES = [
  'REQUESTED',
  'GRANTED',
  'GRANTED_WITH_CONDITIONS',
  'REFUSED',
  'NO_RESPONSE',
  'WITHDRAWN',
] as const;
/** a request's needed parties, as indexes of the world's: one, the other, both in either order */
const NEEDED = [[0], [1], [0, 1], [1, 0]] as const;

/** Incidents (issue 17): recorded, corrected or proposed by coordinators or editors, reviewed by coordinators. */
type IncidentOp =
  | {
      kind: 'incident';
      writer: number;
      editor: boolean;
      organization: number;
      area: number;
      category: number;
      day: number;
      sensitivity: number;
      submitted: boolean;
    }
  | {
      kind: 'incident-correct';
      writer: number;
      editor: boolean;
      pick: number;
      category: number;
      day: number;
      sensitivity: number;
    }
  | { kind: 'incident-review'; writer: number; pick: number; validate: boolean };

const INCIDENT_TYPES = [
  [6, 'STAFF_ABDUCTED'],
  [4, 'CHECKPOINT'],
  [3, 'VISA_REFUSED_OR_DELAYED'],
] as const;

const op = (levels: number[]) =>
  fc.oneof(
    fc.record({
      kind: fc.constant('record' as const),
      writer: fc.constantFrom(...levels),
      organization: fc.nat(1),
      area: fc.nat(2),
      status: fc.nat(STATUSES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      end: fc.option(fc.nat(DAYS.length - 1), { nil: null }),
      submitted: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('correct' as const),
      writer: fc.constantFrom(...levels),
      pick: fc.nat(50),
      status: fc.nat(STATUSES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      end: fc.option(fc.nat(DAYS.length - 1), { nil: null }),
    }),
    fc.record({
      kind: fc.constant('review' as const),
      writer: fc.constantFrom(...levels),
      pick: fc.nat(50),
      validate: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('propose' as const),
      writer: fc.constantFrom(...levels),
      pick: fc.nat(50),
      status: fc.nat(STATUSES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      end: fc.option(fc.nat(DAYS.length - 1), { nil: null }),
    }),
    // incidents of every sensitivity, SEVERE included
    fc.record({
      kind: fc.constant('incident' as const),
      writer: fc.constantFrom(...levels),
      editor: fc.boolean(),
      organization: fc.nat(1),
      area: fc.nat(2),
      category: fc.nat(INCIDENT_TYPES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
      submitted: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('incident-correct' as const),
      writer: fc.constantFrom(...levels),
      editor: fc.boolean(),
      pick: fc.nat(50),
      category: fc.nat(INCIDENT_TYPES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
    }),
    fc.record({
      kind: fc.constant('incident-review' as const),
      writer: fc.constantFrom(...levels),
      pick: fc.nat(50),
      validate: fc.boolean(),
    }),
    // requests and positions of every sensitivity, SEVERE included
    fc.record({
      kind: fc.constant('request' as const),
      writer: fc.constantFrom(...levels),
      editor: fc.boolean(),
      organization: fc.nat(1),
      area: fc.nat(2),
      requestKind: fc.nat(REQUEST_KINDS.length - 1),
      day: fc.nat(DAYS.length - 1),
      parties: fc.nat(NEEDED.length - 1),
      sensitivity: fc.nat(3),
      submitted: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('position' as const),
      writer: fc.constantFrom(...levels),
      editor: fc.boolean(),
      pick: fc.nat(50),
      party: fc.nat(1),
      stance: fc.nat(STANCES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
    }),
    fc.record({
      kind: fc.constant('request-correct' as const),
      writer: fc.constantFrom(...levels),
      editor: fc.boolean(),
      pick: fc.nat(50),
      area: fc.nat(2),
      requestKind: fc.nat(REQUEST_KINDS.length - 1),
      day: fc.nat(DAYS.length - 1),
      parties: fc.nat(NEEDED.length - 1),
      sensitivity: fc.nat(3),
    }),
    fc.record({
      kind: fc.constant('position-correct' as const),
      writer: fc.constantFrom(...levels),
      editor: fc.boolean(),
      pick: fc.nat(50),
      stance: fc.nat(STANCES.length - 1),
      day: fc.nat(DAYS.length - 1),
      sensitivity: fc.nat(3),
    }),
    fc.record({
      kind: fc.constant('request-review' as const),
      writer: fc.constantFrom(...levels),
      pick: fc.nat(50),
      position: fc.boolean(),
      validate: fc.boolean(),
    }),
  );

/** Building blocks of the fixed examples the properties always try first. */
const record = {
  kind: 'record',
  writer: 0,
  organization: 0,
  area: 0,
  status: 1,
  day: 0,
  sensitivity: 0,
  end: null,
  submitted: false,
} as const satisfies Op;
const propose = {
  kind: 'propose',
  writer: 3,
  pick: 0,
  status: 3,
  day: 0,
  sensitivity: 0,
  end: null,
} as const satisfies Op;
const incident = {
  kind: 'incident',
  writer: 0,
  editor: false,
  organization: 0,
  area: 1,
  category: 0,
  day: 1,
  sensitivity: 0,
  submitted: false,
} as const satisfies Op;
const request = {
  kind: 'request',
  writer: 0,
  editor: false,
  organization: 0,
  area: 1,
  requestKind: 1,
  day: 0,
  parties: 0,
  sensitivity: 0,
  submitted: false,
} as const satisfies Op;
const position = {
  kind: 'position',
  writer: 0,
  editor: false,
  pick: 0,
  party: 0,
  stance: 0,
  day: 0,
  sensitivity: 0,
} as const satisfies Op;
const incidentCorrect = {
  kind: 'incident-correct',
  writer: 3,
  editor: false,
  pick: 0,
  category: 1,
  day: 2,
  sensitivity: 3,
} as const satisfies Op;

/** An editor's draft: never submitted, so nobody outside its organisation may read it. */
const draftOp = fc.record({
  kind: fc.constantFrom('status', 'status-correction', 'incident', 'request'),
  editor: fc.nat(3),
  organization: fc.nat(1),
  area: fc.nat(2),
  day: fc.nat(DAYS.length - 1),
  sensitivity: fc.nat(3),
});
type DraftOp = typeof draftOp extends fc.Arbitrary<infer T> ? T : never;

/**
 * Writes one draft as an editor of the world's organisations (at a sensitivity within the
 * editor's clearance); null when there was nothing to correct, or when a new status starts
 * on the day of an entry the editor sees (refused as any entry would be: correct it instead).
 * Otherwise a draft is accepted: it is in no timeline, so nothing else can conflict with it.
 */
async function runDraft(
  world: World,
  draft: DraftOp,
): Promise<{ kind: 'hiddenIds' | 'hiddenIncidentIds' | 'hiddenRequestIds'; id: string } | null> {
  const editor = editors[draft.editor]!;
  const sensitivity = LEVELS[Math.min(draft.sensitivity, draft.editor)];
  const organizationId = world.organizations[draft.organization];
  const areaId = world.areas[draft.area]!;
  const status = {
    status: 'SUSPENDED',
    validFrom: DAYS[draft.day],
    reason: `Draft wording ${draft.day}`,
    sensitivity,
    terms: [{ type: 'ALL_PARTIES_CONSENT', grantingPartyId: world.partyId }],
    reviewState: 'DRAFT',
  };
  let response;
  let kind: 'hiddenIds' | 'hiddenIncidentIds' | 'hiddenRequestIds' = 'hiddenIds';
  if (draft.kind === 'status') {
    response = await editor.post('/api/access-statuses', { organizationId, areaId, ...status });
    if (response.statusCode === 409 && response.json().error.code === 'PERIOD_CONFLICT') {
      // the entry it names is one the editor sees, of the same pair and day (a hidden one
      // would have told the editor of it)
      const conflicting = (await currentFor(editor, world)).find(
        (version) => version.id === response!.json().error.details.conflictingVersionId,
      );
      expect(conflicting, response.body).toMatchObject({
        organization: { id: organizationId },
        area: { id: areaId },
        validFrom: DAYS[draft.day],
      });
      return null;
    }
  } else if (draft.kind === 'status-correction') {
    const target = (await currentFor(editor, world)).find(
      (version) => version.reviewState === 'VALIDATED',
    );
    if (!target) return null;
    response = await editor.post(`/api/access-statuses/${target.id}/corrections`, status);
  } else if (draft.kind === 'incident') {
    kind = 'hiddenIncidentIds';
    const [category, subType] = INCIDENT_TYPES[draft.day % INCIDENT_TYPES.length]!;
    response = await editor.post('/api/incidents', {
      organizationId,
      occurredOn: DAYS[draft.day],
      areaId,
      category,
      subType,
      impacts: ['DELAYED'],
      sectors: ['HEA'],
      affectedOrganizationIds: [world.organizations[1]],
      description: `Draft incident ${draft.day}`,
      sources: [{ title: `Draft report ${draft.day}` }],
      sensitivity,
      reviewState: 'DRAFT',
    });
  } else {
    kind = 'hiddenRequestIds';
    response = await editor.post('/api/access-requests', {
      organizationId,
      kind: 'DELIVERY',
      areaId,
      requestedOn: DAYS[draft.day],
      periodFrom: DAYS[draft.day],
      purpose: `Draft mission ${draft.day}`,
      neededPartyIds: [world.partyId],
      sources: [{ title: `Draft letter ${draft.day}` }],
      sensitivity,
      reviewState: 'DRAFT',
    });
  }
  expect(response.statusCode, `${draft.kind}: ${response.body}`).toBe(201);
  expect(response.json().reviewState).toBe('DRAFT');
  const answer = response.json();
  return {
    kind,
    id:
      kind === 'hiddenRequestIds'
        ? answer.requestId
        : kind === 'hiddenIncidentIds'
          ? answer.incidentId
          : answer.id,
  };
}

let t: TestApp;
/** writes that went through: a run where nothing is written proves nothing */
const written = {
  count: 0,
  hidden: 0,
  incidents: 0,
  hiddenIncidents: 0,
  requests: 0,
  hiddenRequests: 0,
  positions: 0,
  hiddenPositions: 0,
};
const writers: Client[] = [];
/** an editor per level, a member of every world's organisations */
const editors: Client[] = [];
const editorIds: string[] = [];
const readers = {} as Record<(typeof READERS)[number], Client>;
const webhookIds = new Map<Client, string>();

beforeAll(async () => {
  t = await createTestApp();
  for (const level of LEVELS) {
    const user = await makeUser(t.db, 'COORDINATOR', level);
    writers.push(await t.signIn(user.email, TEST_PASSWORD));
    const editor = await makeUser(t.db, 'EDITOR', level);
    editorIds.push(editor.id);
    editors.push(await t.signIn(editor.email, TEST_PASSWORD));
  }
  for (const level of READERS) readers[level] = writers[LEVELS.indexOf(level)]!;
  // each reader's webhook endpoint, paused before anything is written: deliveries are held
  for (const level of READERS) {
    const endpoint = (
      await readers[level].post('/api/webhooks', {
        url: 'https://93.184.216.34/hook',
        events: ['*'],
        secret: 'noninterference-webhook-secret',
      })
    ).json();
    await readers[level].patch(`/api/webhooks/${endpoint.id}`, { paused: true });
    webhookIds.set(readers[level], endpoint.id);
  }
});
afterAll(() => t.close(), 120_000);

let worlds = 0;

/** Names sort the same way in every world (the two-world test compares answers in name order). */
async function newWorld(): Promise<World> {
  const n = String(++worlds).padStart(6, '0');
  const country = await makeArea(t.db, { kind: 'COUNTRY', name: `Area ${n}-country` });
  const areas = [
    country.id,
    (await makeArea(t.db, { parentId: country.id, name: `Area ${n}-province` })).id,
    (await makeArea(t.db, { parentId: country.id, kind: 'CORRIDOR', name: `Area ${n}-corridor` }))
      .id,
  ];
  const organizations = [
    (await makeOrganization(t.db, { name: `Organisation ${n}-a` })).id,
    (await makeOrganization(t.db, { name: `Organisation ${n}-b` })).id,
  ];
  await t.db.membership.createMany({
    data: editorIds.flatMap((userId) =>
      organizations.map((organizationId) => ({ userId, organizationId })),
    ),
  });
  for (const level of READERS) {
    await readers[level].post('/api/follows', { targetType: 'AREA', targetId: country.id });
    await readers[level].post('/api/follows', {
      targetType: 'ORGANIZATION',
      targetId: organizations[0],
      kinds: ['DETERIORATION', 'NEW_INCIDENT'],
    });
  }
  const parties = [
    (await makeParty(t.db, `Party ${n}-p`)).id,
    (await makeParty(t.db, `Party ${n}-q`)).id,
  ];
  for (const level of READERS) {
    // a party's answers on the requests the reader may see (request.consent_answered)
    await readers[level].post('/api/follows', {
      targetType: 'PARTY',
      targetId: parties[0],
      kinds: ['CONSENT_ANSWERED'],
    });
    await readers[level].post('/api/follows', { targetType: 'PARTY', targetId: parties[1] });
  }
  return { organizations, areas, country: country.id, partyId: parties[0]!, parties };
}

/** Versions and proposals current for a writer in the world's pairs, in a stable order. */
interface Current {
  id: string;
  reviewState: string;
  sensitivity: string;
  proposal?: boolean;
}

async function currentFor(client: Client, world: World): Promise<Current[]> {
  const versions: Current[] = [];
  for (const organizationId of world.organizations) {
    for (const areaId of world.areas) {
      const history = (
        await client.get(
          // with proposals: reviews decide them, corrections resubmit (or are refused for) them
          `/api/access-statuses/history?organizationId=${organizationId}&areaId=${areaId}&includeProposals=true`,
        )
      ).json();
      for (const version of history.items) if (!version.supersededById) versions.push(version);
    }
  }
  return versions;
}

/** Runs one operation as its writer; refusals (conflicts, superseded versions) are part of random histories. Returns new version ids. */
async function run(world: World, operation: Op, sensitivityFloor = 0): Promise<string[]> {
  return (await runAnswered(world, operation, sensitivityFloor)).ids;
}

async function runAnswered(
  world: World,
  operation: Op,
  sensitivityFloor = 0,
): Promise<{ ids: string[]; answer: string; incidentIds?: string[]; requestIds?: string[] }> {
  if (
    operation.kind === 'request' ||
    operation.kind === 'position' ||
    operation.kind === 'request-correct' ||
    operation.kind === 'position-correct' ||
    operation.kind === 'request-review'
  )
    return runRequest(world, operation, sensitivityFloor);
  if (
    operation.kind === 'incident' ||
    operation.kind === 'incident-correct' ||
    operation.kind === 'incident-review'
  )
    return runIncident(world, operation, sensitivityFloor);
  const writer = (operation.kind === 'propose' ? editors : writers)[operation.writer]!;
  let level = Math.max(
    sensitivityFloor,
    Math.min(operation.kind === 'review' ? 0 : operation.sensitivity, operation.writer),
  );
  const content = (o: Extract<Op, { status: number }>) => {
    const validTo = o.end !== null && DAYS[o.end]! > DAYS[o.day]! ? DAYS[o.end] : null;
    return {
      status: STATUSES[o.status],
      validFrom: DAYS[o.day],
      validTo,
      reason: `Report ${o.status}/${o.day}`,
      sensitivity: LEVELS[level],
      terms: [{ type: 'ALL_PARTIES_CONSENT', grantingPartyId: world.partyId }],
    };
  };
  let response;
  if (operation.kind === 'record') {
    response = await writer.post('/api/access-statuses', {
      organizationId: world.organizations[operation.organization],
      areaId: world.areas[operation.area],
      ...content(operation),
      ...(operation.submitted ? { reviewState: 'SUBMITTED' } : {}),
    });
  } else {
    // above a reader's level, reviews and proposals touch only what is hidden from the reader
    // (a review keeps the version's sensitivity): a version or proposal above the level, or a
    // proposal at any level whose target, still current, is above it (issue 12: it exists
    // only where its target does)
    const all = await currentFor(writer, world);
    // a proposal's target, which the version answers do not carry
    const targets = new Map(
      (
        await t.db.accessStatusVersion.findMany({
          where: { id: { in: all.filter((version) => version.proposal).map((v) => v.id) } },
          select: { id: true, targetId: true },
        })
      ).map((row) => [row.id, row.targetId]),
    );
    const above = (version: Current) =>
      LEVELS.indexOf(version.sensitivity as TSensitivity) >= sensitivityFloor;
    const hiddenTarget = (version: Current) =>
      sensitivityFloor > 0 &&
      (version.proposal
        ? all.some(
            (other) => other.id === targets.get(version.id) && !other.proposal && above(other),
          )
        : above(version));
    const current = all.filter(
      (version) =>
        (operation.kind !== 'review' || version.proposal) &&
        (operation.kind === 'correct' || above(version) || hiddenTarget(version)),
    );
    if (current.length === 0) return { ids: [], answer: 'nothing to change' };
    const target = current[operation.pick % current.length]!;
    if (operation.kind === 'review') {
      // validating a proposal hidden only by its target would place a visible version: return it
      const validate = operation.validate && above(target);
      response = await writer.post(
        `/api/access-statuses/${target.id}/${validate ? 'validation' : 'return'}`,
        // notes vary, and name what they are about
        { note: `checked ${operation.pick} ${target.id}` },
      );
    } else {
      // a proposal correcting (or resubmitting one that corrects) a hidden version is hidden at any sensitivity
      if (operation.kind === 'propose' && hiddenTarget(target))
        level = Math.min(operation.sensitivity, operation.writer);
      response = await writer.post(
        `/api/access-statuses/${target.id}/corrections`,
        content(operation),
      );
    }
  }
  expect(response.statusCode, response.body).toBeLessThan(500);
  // refusals are part of random histories, but only those a person can cause
  expect([201, 409], response.body).toContain(response.statusCode);
  written.count += response.statusCode === 201 ? 1 : 0;
  return {
    ids: response.statusCode === 201 ? [response.json().id] : [],
    answer: `${response.statusCode} ${response.headers.etag ?? ''} ${response.body}`,
  };
}

/** The ids of the incidents of the world a reader sees (or has pending proposals of), in list order. */
async function incidentIdsFor(client: Client, world: World): Promise<string[]> {
  return [...new Set((await currentIncidentsFor(client, world)).map((item) => item.incidentId))];
}

/** The incidents of the world a writer sees: current versions and their own pending proposals. */
async function currentIncidentsFor(client: Client, world: World): Promise<IncidentSeen[]> {
  const listed = await client.get(
    `/api/incidents?areaId=${world.country}&includeProposals=true&limit=500`,
  );
  return listed.json().items;
}

interface IncidentSeen {
  id: string;
  incidentId: string;
  sensitivity: string;
  proposal: boolean;
  targetId: string | null;
  area: { id: string };
}

/**
 * One incident operation, as runAnswered does for statuses. Above a reader's level
 * (`sensitivityFloor` > 0) it writes only what the reader cannot see: records and
 * corrections at or above the floor (a correction of a visible version stays out of the
 * reader's view: their current version is the latest that exists for them), reviews of
 * proposals above the floor or whose target is (validated only when the proposal itself is).
 */
async function runIncident(
  world: World,
  operation: IncidentOp,
  sensitivityFloor: number,
): Promise<{ ids: string[]; answer: string; incidentIds: string[] }> {
  const editor = operation.kind !== 'incident-review' && operation.editor;
  const writer = (editor ? editors : writers)[operation.writer]!;
  const level = Math.max(
    sensitivityFloor,
    Math.min(operation.kind === 'incident-review' ? 0 : operation.sensitivity, operation.writer),
  );
  const content = (o: { category: number; day: number }, areaId: string) => {
    const [category, subType] = INCIDENT_TYPES[o.category]!;
    return {
      occurredOn: DAYS[o.day],
      areaId,
      category,
      subType,
      impacts: ['DELAYED'],
      sectors: ['HEA'],
      affectedOrganizationIds: [world.organizations[1]],
      description: `Incident ${o.category}/${o.day}`,
      sources: [{ title: `Report ${o.day}` }],
      sensitivity: LEVELS[level],
    };
  };
  let response;
  if (operation.kind === 'incident') {
    response = await writer.post('/api/incidents', {
      organizationId: world.organizations[operation.organization],
      ...content(operation, world.areas[operation.area]!),
      ...(operation.submitted && !editor ? { reviewState: 'SUBMITTED' } : {}),
    });
  } else {
    const above = (sensitivity: string) =>
      LEVELS.indexOf(sensitivity as TSensitivity) >= sensitivityFloor;
    let candidates: IncidentSeen[] =
      operation.kind === 'incident-review'
        ? (await writer.get('/api/incidents/review-queue?limit=500'))
            .json()
            .items.filter((item: IncidentSeen) => world.areas.includes(item.area.id))
        : await currentIncidentsFor(writer, world);
    const targets = new Map(
      (
        await t.db.incidentVersion.findMany({
          where: { id: { in: candidates.flatMap((c) => (c.targetId ? [c.targetId] : [])) } },
          select: { id: true, sensitivity: true },
        })
      ).map((row) => [row.id, row.sensitivity as string]),
    );
    const hidden = (c: IncidentSeen) =>
      above(c.sensitivity) || (c.targetId !== null && above(targets.get(c.targetId)!));
    if (sensitivityFloor > 0 && operation.kind === 'incident-review')
      candidates = candidates.filter(hidden);
    if (candidates.length === 0) return { ids: [], answer: 'nothing to change', incidentIds: [] };
    const target = candidates[operation.pick % candidates.length]!;
    if (operation.kind === 'incident-review') {
      const validate = operation.validate && (sensitivityFloor === 0 || above(target.sensitivity));
      response = await writer.post(
        `/api/incidents/versions/${target.id}/${validate ? 'validation' : 'return'}`,
        { note: `checked ${operation.pick} ${target.id}` },
      );
    } else {
      response = await writer.post(
        `/api/incidents/versions/${target.id}/corrections`,
        content(operation, target.area.id),
      );
    }
  }
  expect(response.statusCode, response.body).toBeLessThan(500);
  expect([201, 409], response.body).toContain(response.statusCode);
  written.count += response.statusCode === 201 ? 1 : 0;
  if (response.statusCode === 201) {
    written.incidents++;
    if (sensitivityFloor > 0) written.hiddenIncidents++;
  }
  const created = response.statusCode === 201 && operation.kind === 'incident';
  return {
    ids: [],
    incidentIds: created ? [response.json().incidentId] : [],
    answer: `${response.statusCode} ${response.headers.etag ?? ''} ${response.body}`,
  };
}

/** A request's or a position's row current for a writer (a validated version or a proposal not replaced). */
interface RequestSeen {
  id: string;
  requestId: string;
  sensitivity: string;
  reviewState: string;
  proposal: boolean;
  targetId: string | null;
  recordedAt: string;
  supersededById: string | null;
  neededParties?: { id: string }[];
  area?: { id: string };
  party?: { id: string };
}

/** The world's requests, oldest first (as recorded: the same order in two worlds written alike). */
async function worldRequestIds(world: World): Promise<string[]> {
  const rows = await t.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT v.request_id::text AS id FROM access_request_versions v
     WHERE v.request_id IN (SELECT request_id FROM access_request_versions WHERE area_id = ANY($1::uuid[]))
     GROUP BY v.request_id ORDER BY min(v.recorded_at), v.request_id`,
    world.areas,
  );
  return rows.map((row) => row.id);
}

/** The world's requests that exist for a client (their history answers), oldest first. */
async function requestIdsFor(client: Client, world: World): Promise<string[]> {
  const ids: string[] = [];
  for (const id of await worldRequestIds(world))
    if (
      (await client.get(`/api/access-requests/${id}/history?includeProposals=true`)).statusCode ===
      200
    )
      ids.push(id);
  return ids;
}

/** The rows of requests and positions current for a writer, oldest recorded first. */
async function currentRequestRecordsFor(
  client: Client,
  world: World,
): Promise<{ requests: RequestSeen[]; positions: RequestSeen[] }> {
  const requests: RequestSeen[] = [];
  const positions: RequestSeen[] = [];
  for (const id of await worldRequestIds(world)) {
    const history = await client.get(`/api/access-requests/${id}/history?includeProposals=true`);
    if (history.statusCode !== 200) continue;
    const { versions, positions: steps } = history.json();
    requests.push(...(versions as RequestSeen[]).filter((row) => !row.supersededById));
    positions.push(...(steps as RequestSeen[]).filter((row) => !row.supersededById));
  }
  const order = (a: RequestSeen, b: RequestSeen) =>
    a.recordedAt.localeCompare(b.recordedAt) || a.id.localeCompare(b.id);
  return { requests: requests.sort(order), positions: positions.sort(order) };
}

/** Whether version `alias` exists at level $2 (the level rule of requests and positions, as incidents'). */
const EXISTS_AT = (alias: string) =>
  `(${alias}.review_state = 'VALIDATED' AND ${alias}.sensitivity <= $2::"Sensitivity" AND ${alias}.ceiling >= $2::"Sensitivity")`;

/**
 * Of the given rows of requests or positions, those a coordinator cleared to `level` may
 * see, by the rule as the issue states it (independently of the product's SQL): a
 * validated version that exists at the level, or a submitted proposal within it whose
 * target does; a position only on a request with a version at the level.
 */
async function seenAt(
  level: TSensitivity,
  kind: 'request' | 'position',
  ids: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const table = kind === 'request' ? 'access_request_versions' : 'consent_position_versions';
  const onVisibleRequest =
    kind === 'request'
      ? 'TRUE'
      : `EXISTS (SELECT 1 FROM consent_positions cp JOIN access_request_versions r ON r.request_id = cp.request_id
                 WHERE cp.id = x.position_id AND ${EXISTS_AT('r')})`;
  const rows = await t.db.$queryRawUnsafe<{ id: string }[]>(
    `SELECT x.id::text FROM ${table} x
     WHERE x.id = ANY($1::uuid[]) AND ${onVisibleRequest}
       AND (${EXISTS_AT('x')} OR (x.review_state <> 'VALIDATED' AND x.sensitivity <= $2::"Sensitivity"
            AND (x.target_id IS NULL OR EXISTS (SELECT 1 FROM ${table} tv WHERE tv.id = x.target_id AND ${EXISTS_AT('tv')}))))`,
    ids,
    level,
  );
  return new Set(rows.map((row) => row.id));
}

/** Whether a request has a version at `level` (its positions exist there only then). */
async function requestSeenAt(level: TSensitivity, requestId: string): Promise<boolean> {
  const rows = await t.db.$queryRawUnsafe<unknown[]>(
    `SELECT 1 FROM access_request_versions x WHERE x.request_id = $1::uuid AND ${EXISTS_AT('x')}`,
    requestId,
    level,
  );
  return rows.length > 0;
}

/**
 * One request operation, as runIncident does for incidents. Above a reader's level
 * (`sensitivityFloor` > 0) it writes only what the reader cannot see: requests, positions
 * and corrections at or above the floor (the reader keeps the version they saw: the level
 * rule), positions of any sensitivity on a request the reader cannot see, an editor's
 * correction of any sensitivity of a version the reader cannot see (a proposal exists only
 * where its target does), and reviews of proposals the reader cannot see (validated only
 * when what they place stays hidden).
 */
async function runRequest(
  world: World,
  operation: RequestOp,
  sensitivityFloor: number,
): Promise<{ ids: string[]; answer: string; requestIds: string[] }> {
  const editor = operation.kind !== 'request-review' && operation.editor;
  const writer = (editor ? editors : writers)[operation.writer]!;
  const reader = sensitivityFloor > 0 ? LEVELS[sensitivityFloor - 1]! : null;
  const anyLevel =
    operation.kind === 'request-review' ? 0 : Math.min(operation.sensitivity, operation.writer);
  let level = Math.max(sensitivityFloor, anyLevel);
  const requestContent = (o: Extract<RequestOp, { requestKind: number }>, areaId: string) => ({
    kind: REQUEST_KINDS[o.requestKind],
    areaId,
    requestedOn: DAYS[o.day],
    periodFrom: DAYS[o.day],
    periodTo: o.day < DAYS.length - 1 ? DAYS[o.day + 1] : null,
    purpose: `Mission ${o.requestKind}/${o.day}`,
    neededPartyIds: NEEDED[o.parties]!.map((index) => world.parties[index]!),
    sources: [{ title: `Letter ${o.day}` }],
    sensitivity: LEVELS[level],
  });
  const positionContent = (o: { stance: number; day: number }) => {
    const stance = STANCES[o.stance]!;
    return {
      stance,
      statedOn: DAYS[o.day],
      reason: stance === 'REFUSED' || stance === 'WITHDRAWN' ? `No consent ${o.day}` : null,
      conditions:
        stance === 'GRANTED_WITH_CONDITIONS'
          ? [{ type: 'NOTIFICATION', grantingPartyId: world.partyId, note: `notify ${o.day}` }]
          : [],
      sources: [{ title: `Answer ${o.stance}/${o.day}` }],
      sensitivity: LEVELS[level],
    };
  };
  let response;
  if (operation.kind === 'request') {
    response = await writer.post('/api/access-requests', {
      organizationId: world.organizations[operation.organization],
      ...requestContent(operation, world.areas[operation.area]!),
      ...(operation.submitted && !editor ? { reviewState: 'SUBMITTED' } : {}),
    });
  } else {
    const seen = await currentRequestRecordsFor(writer, world);
    const hiddenFrom = async (kind: 'request' | 'position', rows: RequestSeen[]) => {
      if (!reader) return new Set<string>();
      const visible = await seenAt(
        reader,
        kind,
        rows.map((row) => row.id),
      );
      return new Set(rows.filter((row) => !visible.has(row.id)).map((row) => row.id));
    };
    if (operation.kind === 'position') {
      const candidates = seen.requests.filter((row) => !row.proposal);
      if (candidates.length === 0) return { ids: [], answer: 'nothing to change', requestIds: [] };
      const target = candidates[operation.pick % candidates.length]!;
      if (reader && !(await requestSeenAt(reader, target.requestId))) level = anyLevel;
      const parties = target.neededParties!;
      response = await writer.post(`/api/access-requests/${target.requestId}/positions`, {
        partyId: parties[operation.party % parties.length]!.id,
        ...positionContent(operation),
      });
    } else if (operation.kind === 'request-review') {
      const rows = operation.position ? seen.positions : seen.requests;
      const hidden = await hiddenFrom(operation.position ? 'position' : 'request', rows);
      const candidates = rows.filter(
        (row) => row.reviewState === 'SUBMITTED' && (!reader || hidden.has(row.id)),
      );
      if (candidates.length === 0) return { ids: [], answer: 'nothing to change', requestIds: [] };
      const target = candidates[operation.pick % candidates.length]!;
      // validating places a validated copy at the proposal's sensitivity
      const staysHidden =
        !reader ||
        LEVELS.indexOf(target.sensitivity as TSensitivity) >= sensitivityFloor ||
        (operation.position && !(await requestSeenAt(reader, target.requestId)));
      const validate = operation.validate && staysHidden;
      response = await writer.post(
        `/api/access-requests/${operation.position ? 'positions/' : ''}versions/${target.id}/${validate ? 'validation' : 'return'}`,
        { note: `checked ${operation.pick} ${target.id}` },
      );
    } else {
      const kind = operation.kind === 'request-correct' ? 'request' : 'position';
      const rows = kind === 'request' ? seen.requests : seen.positions;
      if (rows.length === 0) return { ids: [], answer: 'nothing to change', requestIds: [] };
      const target = rows[operation.pick % rows.length]!;
      if (reader) {
        // what the correction replaces (a proposal's target) is hidden: so is a proposal of it
        const replaced = target.proposal ? target.targetId : target.id;
        const replacedHidden =
          replaced !== null && !(await seenAt(reader, kind, [replaced])).has(replaced);
        const onHiddenRequest =
          kind === 'position' && !(await requestSeenAt(reader, target.requestId));
        if (onHiddenRequest || (editor && replacedHidden)) level = anyLevel;
      }
      response =
        operation.kind === 'request-correct'
          ? await writer.post(
              `/api/access-requests/versions/${target.id}/corrections`,
              requestContent(operation, world.areas[operation.area]!),
            )
          : await writer.post(
              `/api/access-requests/positions/versions/${target.id}/corrections`,
              positionContent(operation),
            );
    }
  }
  expect(response.statusCode, response.body).toBeLessThan(500);
  // a position answers its request: one dated before it (or a request's day moved past
  // one), as the writer sees them, is refused by the day rule (requests/position-dates.ts)
  const dayRule =
    response.statusCode === 400 &&
    /"field":"(requestedOn|statedOn)"/.test(response.body) &&
    /a request is made before it is answered|a position answers a request already made/.test(
      response.body,
    );
  if (!dayRule) expect([201, 409], response.body).toContain(response.statusCode);
  written.count += response.statusCode === 201 ? 1 : 0;
  if (response.statusCode === 201) {
    const isPosition =
      operation.kind === 'position' ||
      operation.kind === 'position-correct' ||
      (operation.kind === 'request-review' && operation.position);
    written[isPosition ? 'positions' : 'requests']++;
    if (sensitivityFloor > 0) written[isPosition ? 'hiddenPositions' : 'hiddenRequests']++;
  }
  const created = response.statusCode === 201 && operation.kind === 'request';
  return {
    ids: [],
    requestIds: created ? [response.json().requestId] : [],
    answer: `${response.statusCode} ${response.headers.etag ?? ''} ${response.body}`,
  };
}

/** reads of what exists for the reader that were not answered 2xx: none may be */
const refused = new Map<string, string>();

async function snapshot(reader: Client, shared: ReadContext): Promise<Map<string, string>> {
  const context = { ...shared, webhookId: webhookIds.get(reader) };
  // every event written so far is told (or not) before the reader asks
  await drainOutbox(t.db);
  const answers = new Map<string, string>();
  for (const [route, reads] of Object.entries(READS)) {
    for (const read of reads(context) as (Read & { asNever?: string })[]) {
      const response = await reader.request({
        method: read.method,
        url: read.url,
        payload: read.payload as string,
        headers: read.headers,
      });
      expect(response.statusCode, `${route} ${read.url}: ${response.body}`).toBeLessThan(500);
      // a read of something that exists for the reader (not a hidden or never-written id) must
      // be answered: comparing two refusals of a malformed query proves nothing
      if (
        !read.asNever &&
        !read.mayRefuse &&
        !read.url.includes(NEVER) &&
        response.statusCode >= 300
      )
        refused.set(
          `${route} ${read.url}`,
          `${response.statusCode} ${response.body.slice(0, 200)}`,
        );
      answers.set(
        `${route} ${read.url.replace(read.asNever ?? '\u0000', '<hidden>')}`,
        normalise(read, response, read.asNever),
      );
    }
  }
  return answers;
}

/** Equal answers, or a failure showing where they part (answers can be long). */
function expectSame(key: string, actual: string | undefined, expected: string | undefined) {
  if (actual === expected) return;
  const a = actual ?? '<none>';
  const b = expected ?? '<none>';
  let at = 0;
  while (at < a.length && a[at] === b[at]) at++;
  const from = Math.max(0, at - 200);
  expect.fail(
    `${key} changed at character ${at}:\n  was: …${b.slice(from, at + 200)}…\n  now: …${a.slice(from, at + 200)}…`,
  );
}

/**
 * Every answer about an id the reader may not see (`<hidden>` in its key) is the answer
 * about an id that never existed, route by route.
 */
function expectNeverExisted(probes: Map<string, string>) {
  const never = (key: string) =>
    // a read naming a hidden id as a parameter: the same read naming an id of nothing
    key.startsWith('GET /api/access-statuses/history ')
      ? probes.get(key.replace('<hidden>', NEVER))
      : key.startsWith('GET /api/access-requests/{id}/history ')
        ? probes.get(
            `GET /api/access-requests/{id}/history /api/access-requests/${NEVER}/history?includeProposals=true`,
          )
        : key.startsWith('GET /api/access-requests/{id} ')
          ? probes.get(
              `GET /api/access-requests/{id} /api/access-requests/${NEVER}?asOf=2023-06-15&knownAt=2199-01-01T00:00:00Z`,
            )
          : key.startsWith('GET /api/incidents/{id}/history ')
            ? probes.get(
                `GET /api/incidents/{id}/history /api/incidents/${NEVER}/history?includeProposals=true`,
              )
            : key.startsWith('GET /api/incidents/{id} ')
              ? probes.get(`GET /api/incidents/{id} /api/incidents/${NEVER}`)
              : probes.get(`GET /api/access-statuses/{id} /api/access-statuses/${NEVER}`);
  for (const [key, answer] of probes)
    if (key.includes('<hidden>')) expectSame(key, answer, never(key));
}

describe('noninterference', () => {
  it('has a place for every read route of the OpenAPI document', async () => {
    const document = (await t.anonymous.get('/api/openapi.json')).json();
    const reads = Object.entries(document.paths as Record<string, Record<string, unknown>>).flatMap(
      ([path, methods]) =>
        Object.keys(methods)
          .filter((method) => method === 'get')
          .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(
      reads.filter((route) => !(route in READS)),
      'read routes missing from READS',
    ).toEqual([]);
  });

  it("a world with versions above a reader's clearance answers that reader, and writers at or below it, as one without", async () => {
    const worldReads = (
      world: World,
      visibleIds: string[],
      incidentIds: string[],
      requestIds: string[],
    ): Read[] => [
      // each request the reader sees, in the order recorded, with its positions and history
      ...requestIds.flatMap((id) => [
        ...REQUEST_ASOF.map((asOf) => ({
          method: 'GET' as const,
          url: `/api/access-requests/${id}?asOf=${asOf}&knownAt=2199-01-01T00:00:00Z`,
        })),
        { method: 'GET' as const, url: `/api/access-requests/${id}/history?includeProposals=true` },
      ]),
      {
        method: 'GET',
        url: `/api/access-requests/party-figures?partyId=${world.parties.join(',')}&from=2023-01-01&to=2023-06-30&knownAt=2199-01-01T00:00:00Z`,
      },
      {
        method: 'GET',
        url: `/api/incidents?areaId=${world.country}&includeProposals=true&limit=500`,
        knownAtFree: true,
      },
      {
        method: 'GET',
        url: `/api/incidents?areaId=${world.country}&knownAt=2199-01-01T00:00:00Z&limit=500`,
      },
      ...incidentIds.flatMap((id) => [
        { method: 'GET' as const, url: `/api/incidents/${id}` },
        { method: 'GET' as const, url: `/api/incidents/${id}/history?includeProposals=true` },
      ]),
      ...world.organizations.flatMap((organizationId) =>
        world.areas.flatMap((areaId) => [
          {
            method: 'GET' as const,
            url: `/api/access-statuses/history?organizationId=${organizationId}&areaId=${areaId}`,
          },
          // with the proposals the reader may see, each with its history
          {
            method: 'GET' as const,
            url: `/api/access-statuses/history?organizationId=${organizationId}&areaId=${areaId}&includeProposals=true`,
          },
          {
            method: 'GET' as const,
            url: `/api/access-statuses/timeline?organizationId=${organizationId}&areaId=${areaId}`,
          },
        ]),
      ),
      ...visibleIds.map((id) => ({ method: 'GET' as const, url: `/api/access-statuses/${id}` })),
      ...ASOF.map((asOf) => ({
        method: 'GET' as const,
        url: `/api/access-statuses?asOf=${asOf}&areaId=${world.country}&limit=200`,
        knownAtFree: true,
      })),
      ...ASOF.map((asOf) => ({
        method: 'GET' as const,
        url: `/api/stats/matrix?asOf=${asOf}&areaId=${world.country}`,
        knownAtFree: true,
      })),
      {
        method: 'GET',
        url: `/api/stats/timeseries?from=2022-12-01&to=2023-08-01&interval=month&areaId=${world.country}`,
        knownAtFree: true,
      },
      {
        method: 'GET',
        url: `/api/changes?since=2000-01-01T00:00:00Z&areaId=${world.country}&limit=200`,
      },
      {
        method: 'GET',
        url: `/api/exports/access-statuses.csv?allPeriods=true&areaId=${world.country}`,
      },
      { method: 'GET', url: `/api/exports/access-history.csv?areaId=${world.country}` },
    ];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...READERS),
        fc.array(fc.tuple(fc.boolean(), op([0, 1, 2, 3])), { minLength: 3, maxLength: 14 }),
        async (readerLevel, steps) => {
          const level = LEVELS.indexOf(readerLevel);
          const [plain, layered] = [await newWorld(), await newWorld()];
          const [inPlain, inLayered] = [tokenizer(), tokenizer()];
          for (const [hidden, operation] of steps) {
            if (hidden) {
              // above the reader: only in the layered world
              written.hidden += (
                await runAnswered(layered, { ...operation, writer: 3 }, level + 1)
              ).ids.length;
              continue;
            }
            // at or below the reader: in both, with the same answer
            const atOrBelow = { ...operation, writer: Math.min(operation.writer, level) } as Op;
            const [a, b] = [
              await runAnswered(plain, atOrBelow),
              await runAnswered(layered, atOrBelow),
            ];
            expectSame(
              `write ${JSON.stringify(atOrBelow)}`,
              inLayered(b.answer),
              inPlain(a.answer),
            );
          }
          const reader = readers[readerLevel];
          const [idsA, idsB] = [
            (await currentFor(reader, plain)).map((v) => v.id),
            (await currentFor(reader, layered)).map((v) => v.id),
          ];
          const [incidentsA, incidentsB] = [
            await incidentIdsFor(reader, plain),
            await incidentIdsFor(reader, layered),
          ];
          expect(incidentsB.length).toBe(incidentsA.length);
          const [requestsA, requestsB] = [
            await requestIdsFor(reader, plain),
            await requestIdsFor(reader, layered),
          ];
          expect(requestsB.length).toBe(requestsA.length);
          const readsA = worldReads(plain, idsA, incidentsA, requestsA);
          const readsB = worldReads(layered, idsB, incidentsB, requestsB);
          for (const [index, read] of readsA.entries()) {
            const [a, b] = [
              await reader.request(read as never),
              await reader.request(readsB[index] as never),
            ];
            expectSame(
              `${read.method} ${read.url}`,
              inLayered(normalise(readsB[index]!, b)),
              inPlain(normalise(read, a)),
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 900_000);

  it("versions above a reader's clearance change nothing that reader is answered", async () => {
    for (const key of Object.keys(written) as (keyof typeof written)[]) written[key] = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...READERS),
        fc.array(op([0, 1, 2, 3]), { minLength: 3, maxLength: 12 }),
        fc.array(op([3]), { minLength: 1, maxLength: 6 }),
        async (readerLevel, history, hidden) => {
          const world = await newWorld();
          for (const operation of history) await run(world, operation);
          const reader = readers[readerLevel];
          const visibleIds = (await currentFor(reader, world)).map((version) => version.id);
          const incidentIds = await incidentIdsFor(reader, world);
          const requestIds = await requestIdsFor(reader, world);
          const shown = { world, visibleIds, hiddenIds: [], incidentIds, requestIds };
          const before = await snapshot(reader, shown);

          const hiddenIds: string[] = [];
          const hiddenIncidentIds: string[] = [];
          const hiddenRequestIds: string[] = [];
          const floor = LEVELS.indexOf(readerLevel) + 1;
          for (const operation of hidden) {
            const answered = await runAnswered(world, operation, floor);
            hiddenIds.push(...answered.ids);
            hiddenIncidentIds.push(...(answered.incidentIds ?? []));
            hiddenRequestIds.push(...(answered.requestIds ?? []));
          }
          written.hidden += hiddenIds.length + hiddenIncidentIds.length + hiddenRequestIds.length;
          const after = await snapshot(reader, shown);
          for (const [key, answer] of before) expectSame(key, after.get(key), answer);

          // and every version or incident written above the level reads as one that never existed
          const probes = await snapshot(reader, {
            world,
            visibleIds: [],
            hiddenIds,
            hiddenIncidentIds,
            hiddenRequestIds,
          });
          expectNeverExisted(probes);
        },
      ),
      {
        numRuns: RUNS,
        examples: [
          // issue 12 (D1): above a MODERATE reader, a LOW proposal of a HIGH version is
          // returned with a note and resubmitted; its events name the HIGH version
          [
            'MODERATE',
            [
              { ...record, writer: 3, sensitivity: 2 },
              { ...record, organization: 1 },
              { ...record, organization: 1, area: 1 },
            ],
            [
              { ...propose, pick: 0 },
              { kind: 'review', writer: 3, pick: 0, validate: false },
              { ...propose, pick: 0, sensitivity: 1 },
            ],
          ],
          // issue 17: above a MODERATE reader, a LOW incident the reader sees is corrected at
          // SEVERE and proposed again by a SEVERE editor, and a SEVERE incident is recorded
          // and its proposal returned; the reader's answers stay as they were
          [
            'MODERATE',
            [{ ...incident, sensitivity: 0 }],
            [
              { ...incidentCorrect, editor: false },
              { ...incident, writer: 3, organization: 1, area: 0, sensitivity: 3, submitted: true },
              { ...incidentCorrect, editor: true },
              { kind: 'incident-review', writer: 3, pick: 0, validate: false },
            ],
          ],
          // issue 16: above a MODERATE reader, a request it sees is refused by a party and
          // corrected (another area, other parties), and a HIGH request gets an editor's LOW
          // position, validated; a position the reader sees is corrected at HIGH. Its state,
          // waits, figures and consent board stay as they were
          [
            'MODERATE',
            [
              { ...request, parties: 2 },
              { ...position, writer: 1, sensitivity: 1 },
              { ...position, party: 1, stance: 1, day: 2 },
              { ...request, writer: 3, editor: true, organization: 1, area: 0, day: 1, parties: 0 },
            ],
            [
              { ...position, writer: 3, stance: 3, day: 3, sensitivity: 3 },
              {
                kind: 'request-correct',
                writer: 3,
                editor: false,
                pick: 0,
                area: 2,
                requestKind: 2,
                // the request's own day: a later one would come after its positions, which
                // the day rule refuses (and the guard below counts this write)
                day: 0,
                parties: 1,
                sensitivity: 3,
              },
              {
                ...request,
                writer: 3,
                area: 0,
                requestKind: 0,
                day: 3,
                parties: 3,
                sensitivity: 2,
              },
              { ...position, writer: 3, editor: true, pick: 1, stance: 2, day: 4 },
              { kind: 'request-review', writer: 3, pick: 0, position: true, validate: true },
              {
                kind: 'position-correct',
                writer: 3,
                editor: false,
                pick: 0,
                stance: 5,
                day: 5,
                sensitivity: 2,
              },
            ],
          ],
        ],
      },
    );
    // What the three examples write is fixed, so the guards ask for that much, never for a
    // share of random runs (a guard left to chance fails a correct build now and then):
    // the property speaks of versions, incidents, requests and positions, at and above
    // readers' levels; and the random runs wrote on top of the examples.
    const byExamples = {
      hidden: 5,
      incidents: 5,
      hiddenIncidents: 4,
      requests: 4,
      hiddenRequests: 2,
      positions: 6,
      hiddenPositions: 4,
    };
    for (const [kind, least] of Object.entries(byExamples))
      expect(written[kind as keyof typeof byExamples], kind).toBeGreaterThanOrEqual(least);
    if (RUNS > 3) expect(written.count).toBeGreaterThan(21);
    // the readers' endpoints were sent what they may see (held, as paused), so their logs speak
    expect(await t.db.webhookDelivery.count({ where: { state: 'HELD' } })).toBeGreaterThan(0);
  }, 900_000);

  it("another organisation's drafts change nothing a reviewer is answered, at any sensitivity", async () => {
    let drafts = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...READERS),
        fc.array(op([0, 1, 2, 3]), { minLength: 2, maxLength: 8 }),
        fc.array(draftOp, { minLength: 1, maxLength: 5 }),
        async (readerLevel, history, toDraft) => {
          const world = await newWorld();
          for (const operation of history) await run(world, operation);
          // a coordinator of no organisation in the world: a reviewer of what is submitted
          const reader = readers[readerLevel];
          const shown = {
            world,
            visibleIds: (await currentFor(reader, world)).map((version) => version.id),
            hiddenIds: [],
            incidentIds: await incidentIdsFor(reader, world),
            requestIds: await requestIdsFor(reader, world),
          };
          const before = await snapshot(reader, shown);
          const hidden = {
            hiddenIds: [] as string[],
            hiddenIncidentIds: [] as string[],
            hiddenRequestIds: [] as string[],
          };
          for (const draft of toDraft) {
            const written = await runDraft(world, draft);
            if (written === null) continue;
            drafts += 1;
            hidden[written.kind].push(written.id);
          }
          const after = await snapshot(reader, shown);
          for (const [key, answer] of before) expectSame(key, after.get(key), answer);
          expectNeverExisted(await snapshot(reader, { world, visibleIds: [], ...hidden }));
        },
      ),
      {
        numRuns: Math.max(2, Math.round(RUNS / 2)),
        examples: [
          // a validated LOW status, incident and request, each then drafted over by an editor
          // of its organisation at LOW: a draft correction and a new draft of each kind
          [
            'HIGH',
            [record, incident, { ...request, parties: 2 }],
            [
              {
                kind: 'status-correction',
                editor: 3,
                organization: 0,
                area: 0,
                day: 1,
                sensitivity: 0,
              },
              { kind: 'status', editor: 1, organization: 1, area: 2, day: 2, sensitivity: 0 },
              { kind: 'incident', editor: 0, organization: 0, area: 1, day: 3, sensitivity: 0 },
              { kind: 'request', editor: 2, organization: 1, area: 0, day: 4, sensitivity: 1 },
            ],
          ],
        ],
      },
    );
    // the fixed example writes four drafts whatever is drawn
    expect(drafts).toBeGreaterThanOrEqual(4);
  }, 600_000);

  // last: what the property tests above read
  it('answered every read of what exists for the reader (a refused read compares nothing)', () => {
    expect(Object.fromEntries(refused)).toEqual({});
  });
});
