import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeArea, makeUser, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let admin: Client;
let coordinator: Client;
let viewer: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

/** A square of `size` degrees at (lon, lat), with `extra` points along its first edge. */
function square(lon: number, lat: number, size = 1, extra = 0) {
  const edge = Array.from({ length: extra }, (_, i) => [lon + (size * (i + 1)) / (extra + 1), lat]);
  return [
    [
      [lon, lat],
      ...edge,
      [lon + size, lat],
      [lon + size, lat + size],
      [lon, lat + size],
      [lon, lat],
    ],
  ];
}

function feature(properties: Record<string, unknown>, coordinates: unknown = square(45, 40)) {
  return { type: 'Feature', properties, geometry: { type: 'Polygon', coordinates } };
}

const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
const importUrl = (query = 'source=OCHA%20COD-AB%20test') => `/api/areas/shapes?${query}`;
const shapeCount = async () =>
  Number((await t.sql<{ n: string }>('SELECT count(*) AS n FROM area_shapes')).rows[0]!.n);
const auditCount = async () =>
  Number(
    (
      await t.sql<{ n: string }>(
        "SELECT count(*) AS n FROM audit_events WHERE action = 'area.shapes.import'",
      )
    ).rows[0]!.n,
  );

describe('POST /api/areas/shapes', () => {
  it('imports the features whose p-code names an area, detects the deepest ADMn_PCODE, simplifies, skips the others and audits once', async () => {
    const country = await makeArea(t.db, { kind: 'COUNTRY', name: 'Shapeland' });
    const province = await makeArea(t.db, { parentId: country.id, pcode: 'SL01', name: 'North' });
    const audits = await auditCount();
    const response = await admin.post(
      importUrl(),
      collection(
        // 200 points on a straight edge: simplification keeps the corners only
        feature({ ADM0_PCODE: 'SL', ADM1_PCODE: 'SL01', ADM1_EN: 'North' }, square(45, 40, 1, 200)),
        feature({ ADM0_PCODE: 'SL', ADM1_PCODE: 'SL99', ADM1_EN: 'Elsewhere' }),
      ),
    );
    expect(response.statusCode, response.body).toBe(200);
    const result = response.json();
    expect(result.pcodeProperty).toBe('ADM1_PCODE');
    expect(result.imported).toEqual([
      { id: province.id, name: 'North', pcode: 'SL01', replaced: false },
    ]);
    expect(result.unmatched).toEqual(['SL99']);
    expect(await auditCount()).toBe(audits + 1);

    const shapes = (await viewer.get(`/api/areas/shapes?parentId=${country.id}`)).json();
    expect(shapes.parent.id).toBe(country.id);
    const shown = shapes.items.find((item: any) => item.area.id === province.id);
    expect(shown.source).toBe('OCHA COD-AB test');
    expect(shown.geometry.type).toBe('Polygon');
    expect(shown.geometry.coordinates[0]).toHaveLength(5);
    expect(shapes.containedIn[province.id]).toBe(province.id);
  });

  it('replaces an earlier shape, saying so, and reads the property the administrator names', async () => {
    const area = await makeArea(t.db, { pcode: 'RP01' });
    expect((await admin.post(importUrl(), collection(feature({ pcode: 'RP01' })))).statusCode).toBe(
      200,
    );
    const again = await admin.post(
      importUrl('source=second&pcodeProperty=code'),
      collection(feature({ code: 'rp01' }, square(46, 41))),
    );
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json().imported).toEqual([
      expect.objectContaining({ id: area.id, replaced: true }),
    ]);
    const stored = await t.db.areaShape.findUniqueOrThrow({ where: { areaId: area.id } });
    expect(stored.source).toBe('second');
    expect((stored.geometry as any).coordinates[0][0]).toEqual([46, 41]);
  });

  it('tells which areas lie within a shown area, so statuses of sub-areas colour it', async () => {
    const top = await makeArea(t.db, { kind: 'COUNTRY' });
    const middle = await makeArea(t.db, { parentId: top.id });
    const deep = await makeArea(t.db, { parentId: middle.id, kind: 'CORRIDOR' });
    const world = (await viewer.get('/api/areas/shapes')).json();
    expect(world.parent).toBeNull();
    expect(world.items.find((item: any) => item.area.id === top.id).area.children).toBe(1);
    expect(world.containedIn[deep.id]).toBe(top.id);
    expect(world.containedIn[middle.id]).toBe(top.id);
  });

  it('refuses a non-administrator with 403 and changes nothing', async () => {
    await makeArea(t.db, { pcode: 'FB01' });
    const before = await shapeCount();
    for (const client of [coordinator, viewer]) {
      const response = await client.post(importUrl(), collection(feature({ pcode: 'FB01' })));
      expect(response.statusCode).toBe(403);
      expect(response.json().error.code).toBe('FORBIDDEN');
    }
    expect(
      (await t.anonymous.post(importUrl(), collection(feature({ pcode: 'FB01' })))).statusCode,
    ).toBe(401);
    // refused before the body is read: a body that would fail its checks is never looked at
    // (it was parsed and checked first, and answered 400, whoever sent it)
    for (const [client, status] of [
      [t.anonymous, 401],
      [viewer, 403],
      [coordinator, 403],
    ] as const) {
      const response = await client.post('/api/areas/shapes', { type: 'Feature' });
      expect(response.statusCode).toBe(status);
    }
    expect(await shapeCount()).toBe(before);
  });

  const bad: [string, string, unknown, string][] = [
    ['not a FeatureCollection', importUrl(), { type: 'Feature' }, 'type'],
    ['no feature', importUrl(), collection(), 'features'],
    [
      'no source',
      '/api/areas/shapes',
      collection(feature({ pcode: 'BD01' })),
      'querystring.source',
    ],
    [
      'a Point',
      importUrl(),
      collection({
        type: 'Feature',
        properties: { pcode: 'BD01' },
        geometry: { type: 'Point', coordinates: [45, 40] },
      }),
      'features[0].geometry.type',
    ],
    [
      'an open ring',
      importUrl(),
      collection(
        feature({ pcode: 'BD01' }, [
          [
            [45, 40],
            [46, 40],
            [46, 41],
            [45, 41],
          ],
        ]),
      ),
      'features[0].geometry.coordinates[0]',
    ],
    [
      'a ring on one line',
      importUrl(),
      collection(
        feature({ pcode: 'BD01' }, [
          [
            [45, 40],
            [46, 41],
            [47, 42],
            [45, 40],
          ],
        ]),
      ),
      'features[0].geometry.coordinates[0]',
    ],
    [
      'a figure-of-eight ring enclosing no area',
      importUrl(),
      collection(
        feature({ pcode: 'BD01' }, [
          [
            [45, 40],
            [47, 42],
            [47, 40],
            [45, 42],
            [45, 40],
          ],
        ]),
      ),
      'features[0].geometry.coordinates[0]',
    ],
    [
      'latitude first, out of range',
      importUrl(),
      collection(
        feature({ pcode: 'BD01' }, [
          [
            [40, 200],
            [41, 200],
            [41, 201],
            [40, 200],
          ],
        ]),
      ),
      'features[0].geometry.coordinates[0][0]',
    ],
    [
      'a text coordinate',
      importUrl(),
      collection(
        feature({ pcode: 'BD01' }, [
          [
            ['45', 40],
            [46, 40],
            [46, 41],
            ['45', 40],
          ],
        ]),
      ),
      'features[0].geometry.coordinates[0][0]',
    ],
    [
      'no geometry',
      importUrl(),
      collection({ type: 'Feature', properties: { pcode: 'BD01' }, geometry: null }),
      'features[0].geometry',
    ],
    ['no p-code property', importUrl(), collection(feature({ name: 'x' })), 'pcodeProperty'],
    [
      'a feature without its p-code',
      importUrl(),
      collection(feature({ pcode: 'BD01' }), feature({ other: 1 })),
      'features[1].properties.pcode',
    ],
    [
      'a repeated p-code',
      importUrl(),
      collection(feature({ pcode: 'BD01' }), feature({ pcode: 'bd01' })),
      'features[1].properties.pcode',
    ],
    ['not a feature', importUrl(), collection(feature({ pcode: 'BD01' }), 42), 'features[1]'],
    ['no p-code of an area', importUrl(), collection(feature({ pcode: 'NOPE1' })), 'features'],
  ];
  it.each(bad)(
    'refuses %s with 400 naming the field, and changes nothing',
    async (_, url, body, field) => {
      await t.db.area.upsert({
        where: { pcode: 'BD01' },
        create: { name: 'Bad input area', kind: 'ADM1', pcode: 'BD01' },
        update: {},
      });
      const [shapes, audits] = [await shapeCount(), await auditCount()];
      const response = await admin.post(url, body);
      expect(response.statusCode, response.body).toBe(400);
      const { error } = response.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.details.issues.map((issue: any) => issue.field)).toContain(field);
      expect([await shapeCount(), await auditCount()]).toEqual([shapes, audits]);
    },
  );

  /** Finding F3's ring: a closed zigzag of n points whose Douglas–Peucker peels one point a pass. */
  const zigzag = (n: number) => {
    const ring = Array.from({ length: n }, (_, i) => [
      -180 + (360 * i) / n,
      (i % 2 ? -1 : 1) * (80 - (60 * i) / n),
    ]);
    return [[...ring, ring[0]]];
  };

  it('imports a 30,000-point zigzag ring within seconds while /api/health keeps answering (it held the event loop 64 s)', async () => {
    const area = await makeArea(t.db, { pcode: 'ZZ01' });
    const body = collection(feature({ pcode: 'ZZ01' }, zigzag(30_000)));
    // the API runs in this process: its event loop's delay is measured here, apart from
    // how busy the machine is (which the round trips below also count)
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let running = true;
    const started = performance.now();
    const work = admin.post(importUrl(), body).finally(() => (running = false));
    const pings: number[] = [];
    while (running) {
      const sent = performance.now();
      expect((await viewer.get('/api/health')).statusCode).toBe(200);
      pings.push(performance.now() - sent);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const response = await work;
    const took = performance.now() - started;
    loop.disable();
    expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
    expect(response.json().imported).toEqual([expect.objectContaining({ id: area.id })]);
    // the health checks sent meanwhile were answered, none waiting for the whole import;
    // the loop was never held for long (a few hundred ms at most; it was 64 s). Seconds,
    // not milliseconds, are the limits: two cores are shared with the other test files.
    const report = `import took ${Math.round(took)} ms; the event loop ran late by at most ${Math.round(loop.max / 1e6)} ms; health answered in ${pings.map(Math.round).join(', ')} ms`;
    expect(took, report).toBeLessThan(20_000);
    expect(pings.length, report).toBeGreaterThan(0);
    expect(loop.max / 1e6, report).toBeLessThan(1_000);
    expect(Math.max(...pings), report).toBeLessThan(5_000);
    const stored = await t.db.areaShape.findUniqueOrThrow({ where: { areaId: area.id } });
    const ring = (stored.geometry as any).coordinates[0] as number[][];
    expect(ring.length).toBeGreaterThan(4);
    expect(ring.length).toBeLessThan(30_000);
  }, 60_000);

  it('refuses a ring of more than 50,000 positions with 400 naming it, at once, and changes nothing', async () => {
    await makeArea(t.db, { pcode: 'ZZ02' });
    const [shapes, audits] = [await shapeCount(), await auditCount()];
    const started = performance.now();
    const response = await admin.post(
      importUrl(),
      collection(feature({ pcode: 'ZZ01' }), feature({ pcode: 'ZZ02' }, zigzag(50_001))),
    );
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('50,000');
    expect(error.details.issues.map((issue: any) => issue.field)).toEqual([
      'features[1].geometry.coordinates[0]',
    ]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect([await shapeCount(), await auditCount()]).toEqual([shapes, audits]);
  });

  it('refuses a file of more than 1,000,000 positions with 400 naming the feature past the limit', async () => {
    const [shapes, audits] = [await shapeCount(), await auditCount()];
    // 21 features of 50,000 positions (each allowed): the 21st passes the file's limit
    const ring = square(45, 40, 1, 49_995);
    const response = await admin.post(
      importUrl(),
      collection(...Array.from({ length: 21 }, (_, i) => feature({ pcode: `CAP${i}` }, ring))),
    );
    expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
    const { error } = response.json();
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.message).toContain('1,000,000');
    expect(error.details.issues.map((issue: any) => issue.field)).toEqual([
      'features[20].geometry',
    ]);
    expect([await shapeCount(), await auditCount()]).toEqual([shapes, audits]);
  }, 60_000);

  it('answers 404 for the shapes under an area that does not exist', async () => {
    const response = await viewer.get(
      '/api/areas/shapes?parentId=00000000-0000-4000-8000-000000000000',
    );
    expect(response.statusCode).toBe(404);
  });
});
