import type autocannon from 'autocannon';
import type pg from 'pg';

/**
 * The soak's mix (six reads to one write), shared by `npm run soak` and the bench's scale
 * mode: reads of the list, matrix, time series, change feed, one status and organisations;
 * writes that record a status on pairs without history, each pair's dates rising, so every
 * write is valid. `state` carries the write counter across runs on the same database.
 */
export type MixedLoadState = {
  country: string;
  sample: string[];
  pairs: { organization_id: string; area_id: string }[];
  writes: number;
  reads: number;
};

export async function mixedLoadState(db: pg.Pool, country: string): Promise<MixedLoadState> {
  const sample = (await db.query('SELECT id FROM current_access_statuses LIMIT 200')).rows.map(
    (row: { id: string }) => row.id,
  );
  const pairs = (
    await db.query(`
    SELECT o.id AS organization_id, a.id AS area_id FROM organizations o CROSS JOIN areas a
    WHERE NOT EXISTS (SELECT 1 FROM access_status_versions v WHERE v.organization_id = o.id AND v.area_id = a.id)
    LIMIT 5000`)
  ).rows as MixedLoadState['pairs'];
  return { country, sample, pairs, writes: 0, reads: 0 };
}

const day0 = Date.UTC(2026, 0, 1);

export function mixedRequests(
  state: MixedLoadState,
  headers: Record<string, string>,
): autocannon.Request[] {
  const readPaths = [
    () => `/api/access-statuses?areaId=${state.country}&limit=50`,
    () => `/api/stats/matrix?areaId=${state.country}&status=DENIED,SUSPENDED`,
    () =>
      `/api/stats/timeseries?from=2024-01-01&to=2025-12-31&interval=month&areaId=${state.country}`,
    () => `/api/changes?limit=50`,
    () => `/api/access-statuses/${state.sample[state.reads++ % state.sample.length]}`,
    () => `/api/organizations?limit=50`,
  ];
  return [
    ...readPaths.map((pathOf) => ({
      method: 'GET' as const,
      setupRequest: (request: autocannon.Request) => ({
        ...request,
        path: pathOf(),
        method: 'GET' as const,
      }),
    })),
    {
      method: 'POST',
      setupRequest: (request: autocannon.Request) => {
        const n = state.writes++;
        const pair = state.pairs[n % state.pairs.length]!;
        const validFrom = new Date(day0 + Math.floor(n / state.pairs.length) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        return {
          ...request,
          path: '/api/access-statuses',
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json' },
          body: JSON.stringify({
            organizationId: pair.organization_id,
            areaId: pair.area_id,
            status: n % 3 ? 'CONSTRAINED' : 'DENIED',
            validFrom,
            reason: 'Soak',
            sensitivity: 'LOW',
          }),
        };
      },
    },
  ];
}
