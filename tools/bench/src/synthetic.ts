import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import {
  ACCESS_STATUSES,
  INCIDENT_IMPACTS,
  INCIDENT_SUB_TYPES,
  ORGANIZATION_TYPE_CODES,
  PERPETRATOR_CATEGORIES,
  SECTORS,
  TERM_TYPES,
} from '@access/contracts';
import { hashPassword } from '@access/domain';
import { loadSyntheticRequests } from './synthetic-requests';

export interface SyntheticOptions {
  organizations: number;
  areas: number;
  versions: number;
  years: number;
  seed: number;
  /** access incidents (issue 17), after the statuses; default none */
  incidents?: number;
  /** requests for access and each party's positions (issue 16), after the incidents; default none */
  requests?: number;
  log?: (line: string) => void;
}

export const BENCH_USER = {
  email: 'synthetic.coordinator@bench.local',
  password: 'synthetic-bench-password',
};

/** mulberry32: small, fast and deterministic; the same seed gives the same data set. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    chance: (p: number) => next() < p,
    uuid: () => {
      const hex = Array.from({ length: 32 }, () => Math.floor(next() * 16).toString(16)).join('');
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${'89ab'[Math.floor(next() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
    },
  };
}

const text = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '\\N' : String(value).replace(/[\\\t\n\r]/g, ' ');
const line = (values: (string | number | null | undefined)[]) => `${values.map(text).join('\t')}\n`;
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);

async function copy(
  client: pg.PoolClient | pg.Client,
  table: string,
  columns: string[],
  rows: Iterable<string>,
) {
  const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
  await pipeline(Readable.from(rows), stream);
}

/** Organisation types in proportions like an access working group's: NGOs and UN agencies first. */
const TYPE_WEIGHTS: [number, number][] = [
  [441, 30],
  [437, 25],
  [447, 15],
  [445, 5],
  [438, 5],
  [435, 5],
  [443, 5],
  [440, 2],
  [433, 2],
  [434, 2],
  [446, 2],
  [444, 1],
  [431, 1],
  [439, 1],
];

/**
 * A deterministic, realistic data set: an area tree (countries, admin levels, corridors
 * and crossings), organisations in realistic type proportions, and access histories whose
 * changes cluster around crises, with closures, corrections, terms and sources. Loaded
 * with COPY into an empty, migrated database.
 */
export async function loadSyntheticData(databaseUrl: string, options: SyntheticOptions) {
  const log = options.log ?? (() => {});
  const rng = random(options.seed);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const started = Date.now();
  try {
    const existing = await client.query('SELECT count(*)::int AS n FROM access_status_versions');
    if (existing.rows[0].n > 0)
      throw new Error(
        'The database already holds access statuses: load synthetic data into an empty one',
      );

    const userId = randomUUID();
    await client.query(
      "INSERT INTO users (id, email, display_name, password_hash, role, clearance) VALUES ($1, $2, 'Synthetic coordinator', $3, 'COORDINATOR', 'SEVERE') ON CONFLICT (email) DO NOTHING",
      [userId, BENCH_USER.email, await hashPassword(BENCH_USER.password)],
    );
    const recorder = (
      await client.query('SELECT id FROM users WHERE email = $1', [BENCH_USER.email])
    ).rows[0].id as string;

    // Parties
    const parties = Array.from({ length: 40 }, (_, index) => ({
      id: rng.uuid(),
      name: `Synthetic authority ${index + 1}`,
    }));
    await copy(
      client,
      'parties',
      ['id', 'name', 'kind'],
      parties.map((party, index) =>
        line([
          party.id,
          party.name,
          ['GOVERNMENT', 'DE_FACTO_AUTHORITY', 'NON_STATE_ARMED_GROUP', 'MILITARY'][index % 4],
        ]),
      ),
    );

    // Organisations
    const totalWeight = TYPE_WEIGHTS.reduce((sum, [, weight]) => sum + weight, 0);
    const typeOf = () => {
      let roll = rng.next() * totalWeight;
      for (const [code, weight] of TYPE_WEIGHTS) {
        roll -= weight;
        if (roll < 0) return code;
      }
      return ORGANIZATION_TYPE_CODES[0]!;
    };
    const organizations = Array.from({ length: options.organizations }, (_, index) => ({
      id: rng.uuid(),
      name: `Synthetic organisation ${String(index + 1).padStart(5, '0')}`,
      type: typeOf(),
    }));
    await copy(
      client,
      'organizations',
      ['id', 'name', 'acronym', 'type_code'],
      organizations.map((o, index) => line([o.id, o.name, `SO${index + 1}`, o.type])),
    );

    // Areas: countries → adm1 → adm2, with corridors and crossings
    const countries = Math.max(1, Math.round(options.areas / 500));
    const areas: {
      id: string;
      parentId: string | null;
      kind: string;
      name: string;
      pcode: string | null;
      iso3: string | null;
      country: number;
    }[] = [];
    const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
    for (let c = 0; c < countries && areas.length < options.areas; c++) {
      const iso3 = `${letters[Math.floor(c / 676) % 26]}${letters[Math.floor(c / 26) % 26]}${letters[c % 26]}`;
      const country = {
        id: rng.uuid(),
        parentId: null,
        kind: 'COUNTRY',
        name: `Synthetic country ${iso3}`,
        pcode: iso3,
        iso3,
        country: c,
      };
      areas.push(country);
      const perCountry = Math.floor(options.areas / countries);
      const adm1Count = Math.max(1, Math.round(Math.sqrt(perCountry)));
      for (let a1 = 0; a1 < adm1Count && areas.length < options.areas; a1++) {
        const adm1 = {
          id: rng.uuid(),
          parentId: country.id,
          kind: 'ADM1',
          name: `${iso3} province ${a1 + 1}`,
          pcode: `${iso3}${String(a1 + 1).padStart(2, '0')}`,
          iso3: null,
          country: c,
        };
        areas.push(adm1);
        for (let a2 = 0; a2 < adm1Count - 1 && areas.length < (c + 1) * perCountry; a2++) {
          const special = rng.chance(0.05);
          areas.push({
            id: rng.uuid(),
            parentId: adm1.id,
            kind: special ? rng.pick(['CORRIDOR', 'CROSSING', 'ENCLAVE']) : 'ADM2',
            name: special
              ? `${iso3} ${a1 + 1}.${a2 + 1} crossing point`
              : `${iso3} district ${a1 + 1}.${a2 + 1}`,
            pcode: special ? null : `${adm1.pcode}${String(a2 + 1).padStart(3, '0')}`,
            iso3: null,
            country: c,
          });
        }
      }
    }
    await copy(
      client,
      'areas',
      ['id', 'parent_id', 'kind', 'name', 'pcode', 'iso3'],
      areas.map((a) => line([a.id, a.parentId, a.kind, a.name, a.pcode, a.iso3])),
    );
    await copy(
      client,
      'area_names',
      ['id', 'area_id', 'lang', 'name', 'is_default'],
      areas.map((a) => line([rng.uuid(), a.id, 'en', a.name, 't'])),
    );
    log(
      `reference data: ${organizations.length} organisations, ${areas.length} areas, ${parties.length} parties`,
    );

    // Crises: a handful per country, over the years; changes cluster around them.
    const now = Date.UTC(2026, 0, 1);
    const start = now - options.years * 365 * DAY;
    const crises = Array.from({ length: countries }, () =>
      Array.from(
        { length: 3 + rng.int(0, options.years * 2) },
        () => start + rng.next() * (now - start),
      ).sort((a, b) => a - b),
    );

    // Histories, written in an order where every superseded version comes before what supersedes it.
    const versionLines: string[] = [];
    const termLines: string[] = [];
    const sourceLines: string[] = [];
    /** Sends the lines gathered so far (versions before the terms and sources that name them). */
    const flush = async () => {
      await copy(
        client,
        'access_status_versions',
        [
          'id',
          'organization_id',
          'area_id',
          'status',
          'valid_from',
          'valid_to',
          'recorded_at',
          'recorded_by_id',
          'change_kind',
          'reason',
          'constraint_categories',
          'severity',
          'sensitivity',
          'review_state',
          'supersedes_id',
        ],
        versionLines.splice(0),
      );
      await copy(
        client,
        'access_terms',
        ['id', 'version_id', 'position', 'type', 'granting_party_id', 'legal_reference', 'note'],
        termLines.splice(0),
      );
      await copy(
        client,
        'access_sources',
        ['id', 'version_id', 'position', 'title', 'publisher', 'url', 'published_on'],
        sourceLines.splice(0),
      );
    };
    let versions = 0;
    const pairs = new Set<string>();
    const categoriesFor = (status: string) =>
      status === 'FULL'
        ? []
        : Array.from(new Set([rng.int(1, 9), rng.int(3, 7)])).sort((a, b) => a - b);
    const addVersion = (v: {
      organizationId: string;
      areaId: string;
      status: string;
      from: number;
      to: number | null;
      recordedAt: number;
      kind: string;
      supersedes: string | null;
      sensitivity: string;
      categories: number[];
      severity: number | null;
    }) => {
      const id = rng.uuid();
      versionLines.push(
        line([
          id,
          v.organizationId,
          v.areaId,
          v.status,
          iso(v.from),
          v.to === null ? null : iso(v.to),
          new Date(v.recordedAt).toISOString(),
          recorder,
          v.kind,
          `Synthetic ${v.kind.toLowerCase()}`,
          `{${v.categories.join(',')}}`,
          v.severity,
          v.sensitivity,
          'VALIDATED',
          v.supersedes,
        ]),
      );
      const termCount = v.status === 'FULL' ? 0 : rng.int(0, 2);
      for (let position = 0; position < termCount; position++)
        termLines.push(
          line([
            rng.uuid(),
            id,
            position,
            rng.pick(TERM_TYPES),
            rng.pick(parties).id,
            rng.chance(0.3) ? 'Synthetic agreement' : null,
            null,
          ]),
        );
      sourceLines.push(
        line([
          rng.uuid(),
          id,
          0,
          'Synthetic field report',
          'Synthetic access working group',
          null,
          iso(v.from),
        ]),
      );
      versions++;
      return id;
    };
    const SENSITIVITY = ['LOW', 'LOW', 'MODERATE', 'MODERATE', 'HIGH', 'SEVERE'];
    while (versions < options.versions) {
      const organization = rng.pick(organizations);
      const area = rng.pick(areas);
      const key = `${organization.id}/${area.id}`;
      if (pairs.has(key)) {
        if (pairs.size >= organizations.length * areas.length) break;
        continue;
      }
      pairs.add(key);
      const changes = Math.min(1 + Math.floor(-Math.log(1 - rng.next()) * 3), 40);
      const dates = new Set<number>();
      for (let i = 0; i < changes; i++) {
        const crisis = rng.pick(crises[area.country]!);
        const day = Math.floor((crisis + (rng.next() - 0.3) * 60 * DAY) / DAY) * DAY;
        if (day > start && day < now) dates.add(day);
      }
      type Current = {
        id: string;
        status: string;
        from: number;
        recordedAt: number;
        sensitivity: string;
        categories: number[];
        severity: number | null;
      };
      let current = null as Current | null;
      let clock = 0;
      for (const day of [...dates].sort((a, b) => a - b)) {
        const status = rng.pick(ACCESS_STATUSES);
        const recordedAt = Math.max(clock + 1000, day + rng.int(0, 10) * DAY + rng.int(0, DAY - 1));
        // no closing copies: a period ends at the next start its reader sees (derived per level)
        const sensitivity = rng.pick(SENSITIVITY);
        const categories = categoriesFor(status);
        const severity = rng.chance(0.5) ? rng.int(0, 5) : null;
        const id = addVersion({
          organizationId: organization.id,
          areaId: area.id,
          status,
          from: day,
          to: null,
          recordedAt,
          kind: 'RECORD',
          supersedes: null,
          sensitivity,
          categories,
          severity,
        });
        current = { id, status, from: day, recordedAt, sensitivity, categories, severity };
        clock = recordedAt;
        if (rng.chance(0.08)) {
          const corrected = rng.pick(ACCESS_STATUSES);
          const correctedAt = clock + rng.int(1, 5) * DAY;
          const correctionId = addVersion({
            organizationId: organization.id,
            areaId: area.id,
            status: corrected,
            from: day,
            to: null,
            recordedAt: correctedAt,
            kind: 'CORRECTION',
            supersedes: id,
            sensitivity,
            categories,
            severity,
          });
          current = { ...current, id: correctionId, status: corrected, recordedAt: correctedAt };
          clock = correctedAt;
        }
      }
      if (versionLines.length >= 50_000) {
        await flush();
        log(
          `versions: ${versions.toLocaleString('en')} of ${options.versions.toLocaleString('en')} (${Math.round((versions / options.versions) * 100)}%)`,
        );
      }
    }
    await flush();
    const incidents = await loadSyntheticIncidents(client, rng, {
      count: options.incidents ?? 0,
      areas,
      organizations,
      crises,
      start,
      now,
      recorder,
      log,
    });
    const requests = await loadSyntheticRequests(client, rng, {
      count: options.requests ?? 0,
      areas,
      organizations,
      parties,
      start,
      now,
      recorder,
      log,
    });
    // folded a batch per call, as the API does (migration 20261130100000)
    const batch = 100_000;
    while (
      (await client.query('SELECT compact_access_status_day_counts($1) AS taken', [batch])).rows[0]
        .taken === batch
    );
    // What autovacuum would soon do on a live database: the trigger-kept current-status
    // table churned during the load, and reads should not pay for its dead rows.
    await client.query('VACUUM (ANALYZE)');
    const seconds = (Date.now() - started) / 1000;
    log(
      `loaded ${versions.toLocaleString('en')} versions for ${pairs.size.toLocaleString('en')} pairs and ${incidents.toLocaleString('en')} incidents in ${seconds.toFixed(1)} s`,
    );
    return {
      versions,
      incidents,
      requests: requests.requests,
      positions: requests.positions,
      pairs: pairs.size,
      organizations: organizations.length,
      areas: areas.length,
      seconds,
      countryIds: areas.filter((a) => a.kind === 'COUNTRY').map((a) => a.id),
    };
  } finally {
    await client.end();
  }
}

/** Categories in proportions like an access snapshot's: movement, violence and hostilities first. */
const CATEGORY_WEIGHTS = [2, 4, 8, 25, 10, 20, 20, 6, 5];
const INCIDENT_SENSITIVITY = [
  'LOW',
  'LOW',
  'LOW',
  'MODERATE',
  'MODERATE',
  'MODERATE',
  'HIGH',
  'HIGH',
  'SEVERE',
];

/**
 * `count` incidents (issue 17), each in an area of its country on a day near one of the
 * country's crises, recorded a few days later by the synthetic coordinator, validated; one
 * in twenty corrected later (a second version). The incident counts' summary is kept by its
 * trigger as the versions are copied in, as it would be for any write.
 */
async function loadSyntheticIncidents(
  client: pg.Client,
  rng: ReturnType<typeof random>,
  data: {
    count: number;
    areas: { id: string; country: number }[];
    organizations: { id: string; type: number }[];
    crises: number[][];
    start: number;
    now: number;
    recorder: string;
    log: (line: string) => void;
  },
): Promise<number> {
  const incidentLines: string[] = [];
  const versionLines: string[] = [];
  const sourceLines: string[] = [];
  const flush = async () => {
    await copy(
      client,
      'incidents',
      ['id', 'organization_id', 'created_at', 'created_by_id'],
      incidentLines.splice(0),
    );
    await copy(
      client,
      'incident_versions',
      [
        'id',
        'incident_id',
        'occurred_on',
        'occurred_time',
        'area_id',
        'category',
        'sub_type',
        'impacts',
        'sectors',
        'affected_organization_ids',
        'affected_organization_types',
        'people_affected',
        'perpetrator',
        'description',
        'sensitivity',
        'ceiling',
        'review_state',
        'change_kind',
        'recorded_at',
        'recorded_by_id',
        'supersedes_id',
      ],
      versionLines.splice(0),
    );
    await copy(
      client,
      'incident_sources',
      ['id', 'version_id', 'position', 'title', 'publisher', 'url', 'published_on'],
      sourceLines.splice(0),
    );
  };
  const totalWeight = CATEGORY_WEIGHTS.reduce((sum, weight) => sum + weight, 0);
  const category = () => {
    let roll = rng.next() * totalWeight;
    for (let index = 0; index < CATEGORY_WEIGHTS.length; index++) {
      roll -= CATEGORY_WEIGHTS[index]!;
      if (roll < 0) return index + 1;
    }
    return 9;
  };
  const some = <T>(items: readonly T[], max: number) =>
    [...new Set(Array.from({ length: rng.int(0, max) }, () => rng.pick(items)))].sort();
  const areasOf = new Map<number, { id: string }[]>();
  for (const area of data.areas)
    areasOf.set(area.country, [...(areasOf.get(area.country) ?? []), area]);
  const version = (
    incidentId: string,
    country: number,
    day: number,
    recordedAt: number,
    supersedes: string | null,
  ) => {
    const id = rng.uuid();
    const code = category();
    const subTypes = Object.keys(
      (INCIDENT_SUB_TYPES as Record<number, Record<string, string>>)[code]!,
    );
    const affected = Array.from({ length: rng.int(0, 2) }, () => rng.pick(data.organizations));
    versionLines.push(
      line([
        id,
        incidentId,
        iso(day),
        rng.chance(0.6)
          ? `${String(rng.int(0, 23)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}`
          : null,
        rng.pick(areasOf.get(country)!).id,
        code,
        rng.pick(subTypes),
        `{${some(INCIDENT_IMPACTS, 2).join(',')}}`,
        `{${some(SECTORS, 3).join(',')}}`,
        `{${affected.map((o) => o.id).join(',')}}`,
        `{${[...new Set(affected.map((o) => o.type))].sort().join(',')}}`,
        rng.chance(0.4) ? rng.int(1, 5000) : null,
        rng.chance(0.7) ? rng.pick(PERPETRATOR_CATEGORIES) : null,
        `Synthetic incident (category ${code})`,
        rng.pick(INCIDENT_SENSITIVITY),
        'SEVERE',
        'VALIDATED',
        supersedes ? 'CORRECTION' : 'RECORD',
        new Date(recordedAt).toISOString(),
        data.recorder,
        supersedes,
      ]),
    );
    if (rng.chance(0.5))
      sourceLines.push(
        line([
          rng.uuid(),
          id,
          0,
          'Synthetic incident report',
          'Synthetic access working group',
          null,
          iso(day),
        ]),
      );
    return id;
  };
  if (data.count === 0) return 0;
  // Copied in with triggers off, as a restore loads (the rows are consistent by
  // construction): the per-row link check's cached plan scans the table once per row of a
  // long COPY session. The counts' summary is then counted once, by the function its
  // trigger uses (incident_counts_apply, through incident_counts_rebuild).
  await client.query('SET session_replication_role = replica');
  for (let n = 0; n < data.count; n++) {
    const incidentId = rng.uuid();
    const country = rng.int(0, data.crises.length - 1);
    const crisis = rng.pick(data.crises[country]!);
    const day = Math.min(
      data.now - DAY,
      Math.max(data.start, Math.floor((crisis + (rng.next() - 0.3) * 90 * DAY) / DAY) * DAY),
    );
    const recordedAt = day + rng.int(1, 10) * DAY + rng.int(0, DAY - 1);
    incidentLines.push(
      line([
        incidentId,
        rng.pick(data.organizations).id,
        new Date(recordedAt).toISOString(),
        data.recorder,
      ]),
    );
    const first = version(incidentId, country, day, recordedAt, null);
    if (rng.chance(0.05))
      version(incidentId, country, day, recordedAt + rng.int(1, 30) * DAY, first);
    if (versionLines.length >= 50_000) {
      await flush();
      data.log(`incidents: ${(n + 1).toLocaleString('en')} of ${data.count.toLocaleString('en')}`);
    }
  }
  await flush();
  await client.query('RESET session_replication_role');
  const started = Date.now();
  await client.query("SET work_mem = '256MB'");
  await client.query('SELECT incident_counts_rebuild()');
  await client.query('RESET work_mem');
  data.log(`incident counts' summary: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return data.count;
}
