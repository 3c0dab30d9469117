import type { NextRequest } from 'next/server';
import type { TChange } from '@access/contracts';
import { api, requireUser } from '@/lib/api';
import { changeWindow, parseFilters, searchParamsOf } from '@/lib/filters';
import { orDownloadOutage } from '@/lib/download-outage';
import { csvResponse } from '@/lib/format';

/** At most this many changes in one download (ten pages of the API's feed). */
const MAX_CHANGES = 5000;

/** The overview's feed of changes, for the same filters, as an HXL-tagged CSV. */
export const GET = orDownloadOutage(async (request: NextRequest) => {
  await requireUser();
  const filters = parseFilters(searchParamsOf(request.nextUrl.searchParams));
  const { query } = changeWindow(filters);
  query.set('limit', '500');
  const changes: TChange[] = [];
  for (let cursor: string | null = ''; cursor !== null && changes.length < MAX_CHANGES; ) {
    if (cursor) query.set('cursor', cursor);
    const page = await api.changes(query);
    changes.push(...page.items);
    cursor = page.nextCursor;
  }
  return csvResponse(
    `access-changes${filters.asOf ? `_as-of-${filters.asOf}` : ''}${filters.knownOn ? `_known-${filters.knownOn}` : ''}.csv`,
    [
      [
        'recorded_at',
        'organization_name',
        'organization_acronym',
        'area_name',
        'previous_status',
        'status',
        'trend',
        'valid_from',
        'change_kind',
        'reason',
        'recorded_by',
        'version_id',
      ],
      [
        '#date+reported',
        '#org+name',
        '#org+acronym',
        '#loc+name',
        '#access+status+previous',
        '#access+status',
        '#access+trend',
        '#date+start',
        '#meta+change',
        '#description+reason',
        '#contact+name',
        '#meta+id',
      ],
      ...changes.map((change) => [
        change.recordedAt,
        change.organization.name,
        change.organization.acronym,
        change.area.name,
        change.previousStatus,
        change.status,
        change.trend,
        change.validFrom,
        change.changeKind,
        change.reason,
        change.recordedBy.displayName,
        change.versionId,
      ]),
    ],
  );
});
