import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ACCESS_REQUEST_KINDS } from '@access/contracts';

/** The synthetic generator's random source (synthetic.ts). */
export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
  uuid(): string;
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const text = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '\\N' : String(value).replace(/[\\\t\n\r]/g, ' ');
const line = (values: (string | number | null | undefined)[]) => `${values.map(text).join('\t')}\n`;
const SENSITIVITY = ['LOW', 'LOW', 'LOW', 'MODERATE', 'MODERATE', 'HIGH', 'SEVERE'] as const;

async function copy(client: pg.Client, table: string, columns: string[], rows: string[]) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(rows), stream);
}

/**
 * `count` requests for access (issue 16) at the scale of the status data: each of an
 * organisation, in an area, needing one to three parties' consent; each party asked on the
 * day of the request, some reminded (NO_RESPONSE), most answering within weeks (granted,
 * with conditions, refused; a few withdrawn later), a quarter still waiting; one position
 * in twenty corrected (a second version). All validated, by the synthetic coordinator.
 * Copied with triggers off, then the states as known now are rebuilt (request_states_rebuild).
 */
export async function loadSyntheticRequests(
  client: pg.Client,
  rng: Rng,
  data: {
    count: number;
    areas: { id: string }[];
    organizations: { id: string }[];
    parties: { id: string }[];
    start: number;
    now: number;
    recorder: string;
    log: (line: string) => void;
  },
): Promise<{ requests: number; positions: number }> {
  const requestLines: string[] = [];
  const versionLines: string[] = [];
  const sourceLines: string[] = [];
  const positionLines: string[] = [];
  const positionVersionLines: string[] = [];
  let positions = 0;
  const flush = async () => {
    await copy(
      client,
      'access_requests',
      ['id', 'organization_id', 'created_at'],
      requestLines.splice(0),
    );
    await copy(
      client,
      'access_request_versions',
      [
        'id',
        'request_id',
        'kind',
        'area_id',
        'requested_on',
        'purpose',
        'needed_party_ids',
        'sensitivity',
        'review_state',
        'change_kind',
        'recorded_at',
        'recorded_by_id',
      ],
      versionLines.splice(0),
    );
    await copy(
      client,
      'access_request_sources',
      ['id', 'version_id', 'position', 'title'],
      sourceLines.splice(0),
    );
    await copy(
      client,
      'consent_positions',
      ['id', 'request_id', 'party_id', 'created_at'],
      positionLines.splice(0),
    );
    await copy(
      client,
      'consent_position_versions',
      [
        'id',
        'position_id',
        'stance',
        'stated_on',
        'reason',
        'sensitivity',
        'review_state',
        'change_kind',
        'recorded_at',
        'recorded_by_id',
        'supersedes_id',
      ],
      positionVersionLines.splice(0),
    );
  };
  if (data.count === 0) return { requests: 0, positions: 0 };
  // Copied in with triggers off, as a restore loads and as the incidents are (the rows are
  // consistent by construction): the per-row link check's plan, cached while the table was
  // empty, would scan the table once per row of a long COPY session.
  await client.query('SET session_replication_role = replica');
  const span = Math.max(DAY, data.now - data.start);
  for (let n = 0; n < data.count; n++) {
    const requestId = rng.uuid();
    const versionId = rng.uuid();
    const requestedAt = data.start + Math.floor(rng.next() * span);
    const recordedAt = Math.min(data.now, requestedAt + rng.int(0, 5) * DAY);
    const needed = [
      ...new Set(Array.from({ length: rng.int(1, 3) }, () => rng.pick(data.parties).id)),
    ];
    const sensitivity = rng.pick(SENSITIVITY);
    requestLines.push(
      line([requestId, rng.pick(data.organizations).id, new Date(recordedAt).toISOString()]),
    );
    versionLines.push(
      line([
        versionId,
        requestId,
        rng.pick(ACCESS_REQUEST_KINDS),
        rng.pick(data.areas).id,
        iso(requestedAt),
        'Synthetic request',
        `{${needed.join(',')}}`,
        sensitivity,
        'VALIDATED',
        'RECORD',
        new Date(recordedAt).toISOString(),
        data.recorder,
      ]),
    );
    sourceLines.push(line([rng.uuid(), versionId, 0, 'Synthetic field report']));
    for (const partyId of needed) {
      let day = requestedAt;
      const steps: string[] = ['REQUESTED'];
      if (rng.chance(0.3)) steps.push('NO_RESPONSE');
      if (rng.chance(0.75))
        steps.push(rng.pick(['GRANTED', 'GRANTED', 'GRANTED_WITH_CONDITIONS', 'REFUSED']));
      if (steps.at(-1)?.startsWith('GRANTED') && rng.chance(0.05)) steps.push('WITHDRAWN');
      for (const stance of steps) {
        if (stance !== 'REQUESTED') day += rng.int(1, 60) * DAY;
        if (day > data.now) break;
        const positionId = rng.uuid();
        const at = new Date(Math.min(data.now, day + rng.int(0, 3) * DAY)).toISOString();
        positionLines.push(line([positionId, requestId, partyId, at]));
        const first = rng.uuid();
        positionVersionLines.push(
          line([
            first,
            positionId,
            stance,
            iso(day),
            stance === 'REFUSED' ? 'Synthetic refusal' : null,
            sensitivity,
            'VALIDATED',
            'RECORD',
            at,
            data.recorder,
            null,
          ]),
        );
        positions++;
        if (rng.chance(0.05)) {
          const later = new Date(
            Math.min(data.now, Date.parse(at) + rng.int(1, 30) * DAY + 1000),
          ).toISOString();
          positionVersionLines.push(
            line([
              rng.uuid(),
              positionId,
              stance,
              iso(day - DAY),
              null,
              sensitivity,
              'VALIDATED',
              'CORRECTION',
              later,
              data.recorder,
              first,
            ]),
          );
        }
      }
    }
    if (requestLines.length >= 20_000) {
      await flush();
      data.log(`requests: ${(n + 1).toLocaleString('en')} of ${data.count.toLocaleString('en')}`);
    }
  }
  await flush();
  await client.query('RESET session_replication_role');
  await client.query(
    'ANALYZE access_requests, access_request_versions, consent_positions, consent_position_versions',
  );
  // The states as known now, which the triggers keep (off during the copy), derived once
  // for everything by the function they use (request_states_derive).
  const started = Date.now();
  await client.query("SET work_mem = '256MB'");
  await client.query('SELECT request_states_rebuild()');
  await client.query('RESET work_mem');
  await client.query('ANALYZE current_request_states, current_request_consents');
  data.log(`request states as known now: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { requests: data.count, positions };
}
