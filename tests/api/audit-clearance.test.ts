import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TSensitivity } from '@access/contracts';
import { recordAuditEvent } from '@access/domain';
import { createTestApp, clientFor, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';
import { upload } from '../support/upload';

let t: TestApp;
let recorder: { id: string; email: string };
let severeVersionId: string;
let moderateVersionId: string;
let lowVersionId: string;

beforeAll(async () => {
  t = await createTestApp();
  const organization = await makeOrganization(t.db);
  const [severeArea, moderateArea, lowArea] = [
    await makeArea(t.db),
    await makeArea(t.db),
    await makeArea(t.db),
  ];
  recorder = await makeUser(t.db, 'COORDINATOR', 'SEVERE');
  const coordinator = await t.signIn(recorder.email, TEST_PASSWORD);
  // Oldest first: the SEVERE record's events are the oldest of this recorder, so a cursor
  // pointing past the visible ones would betray them.
  const severe = await coordinator.post(
    '/api/access-statuses',
    statusBody(organization.id, severeArea.id, { sensitivity: 'SEVERE', reason: 'Severe detail' }),
  );
  expect(severe.statusCode).toBe(201);
  severeVersionId = severe.json().id;
  const corrected = await coordinator.post(`/api/access-statuses/${severeVersionId}/corrections`, {
    status: 'DENIED',
    validFrom: '2024-01-01',
    reason: 'Severe correction',
    sensitivity: 'SEVERE',
  });
  expect(corrected.statusCode).toBe(201);
  moderateVersionId = (
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, moderateArea.id, { sensitivity: 'MODERATE' }),
    )
  ).json().id;
  lowVersionId = (
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, lowArea.id, { sensitivity: 'LOW' }),
    )
  ).json().id;
});
afterAll(() => t.close());

/** Every page of GET /api/audit-events for `query`, one event at a time (each cursor is a hint to check). */
async function allPages(reader: Client, query: string) {
  const items: any[] = [];
  const bodies: string[] = [];
  let cursor: string | null = null;
  do {
    const response = await reader.get(
      `/api/audit-events?limit=1${query ? `&${query}` : ''}${cursor ? `&cursor=${cursor}` : ''}`,
    );
    expect(response.statusCode, query).toBe(200);
    bodies.push(response.body);
    const page = response.json();
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return { items, text: bodies.join('\n') };
}

describe('GET /api/audit-events and clearance', () => {
  const filters = () => [
    '',
    `entityId=${severeVersionId}`,
    'entityType=access_status_version',
    'action=access_status.record',
    'action=access_status.correct',
    `actorId=${recorder.id}`,
    `since=${new Date(Date.now() - 3600_000).toISOString()}&until=${new Date(Date.now() + 3600_000).toISOString()}`,
  ];

  it('records each event with the highest sensitivity of what its before and after reveal', async () => {
    const events = await t.db.auditEvent.findMany({
      where: { entityType: 'access_status_version' },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => [event.action, event.sensitivity])).toEqual([
      ['access_status.record', 'SEVERE'],
      ['access_status.correct', 'SEVERE'],
      ['access_status.record', 'MODERATE'],
      ['access_status.record', 'LOW'],
    ]);
    expect(
      new Set(
        (
          await t.db.auditEvent.findMany({ where: { entityType: { in: ['user', 'api_token'] } } })
        ).map((event) => event.sensitivity),
      ),
    ).toEqual(new Set(['LOW']));
  });

  const readers: [role: 'COORDINATOR' | 'ADMIN', clearance: TSensitivity, sees: TSensitivity[]][] =
    [
      ['COORDINATOR', 'MODERATE', ['MODERATE', 'LOW']],
      ['ADMIN', 'LOW', ['LOW']],
    ];
  for (const [role, clearance, sees] of readers) {
    it(`an ${role} cleared ${clearance} never sees, counts or pages past an event above it, in any filter`, async () => {
      const reader = await t.signIn((await makeUser(t.db, role, clearance)).email, TEST_PASSWORD);
      for (const query of filters()) {
        const { items, text } = await allPages(reader, query);
        expect(text, query).not.toContain(severeVersionId);
        expect(text, query).not.toContain('Severe');
        if (!sees.includes('MODERATE')) expect(text, query).not.toContain(moderateVersionId);
        expect(
          items.every((event) => sees.includes(event.sensitivity)),
          query,
        ).toBe(true);
        // The visible events, and nothing else, are there: the hidden ones leave no gap or cursor.
        const visible = await t.db.auditEvent.count({
          where: {
            sensitivity: { in: [...sees] },
            ...(role === 'COORDINATOR'
              ? {
                  entityType: {
                    in: ['access_status_version', 'organization', 'area', 'party', 'import'],
                  },
                }
              : {}),
            ...whereOf(query),
          },
        });
        expect(items.length, query).toBe(visible);
      }
      const recorderEvents = (
        await allPages(reader, `actorId=${recorder.id}&entityType=access_status_version`)
      ).items;
      expect(recorderEvents.map((event) => event.entityId)).toEqual(
        sees.includes('MODERATE') ? [lowVersionId, moderateVersionId] : [lowVersionId],
      );
    });
  }

  it('ids and cursors say nothing of the events between them: random, and a hidden event is no cursor', async () => {
    const reader = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
      TEST_PASSWORD,
    );
    const { items } = await allPages(reader, `actorId=${recorder.id}`);
    expect(items.length).toBeGreaterThan(0);
    // a sequence number would tell, by its gaps, how many events the reader may not see
    for (const event of items) expect(event.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-/);
    const hidden = await t.db.auditEvent.findFirstOrThrow({
      where: { entityId: severeVersionId },
      select: { publicId: true },
    });
    const unknown = '00000000-0000-4000-8000-000000000000';
    const answers = await Promise.all(
      [hidden.publicId, unknown].map(async (cursor) => {
        const response = await reader.get(`/api/audit-events?limit=1&cursor=${cursor}`);
        return [response.statusCode, response.body.split(cursor).join('<cursor>')];
      }),
    );
    expect(answers[0]![0]).toBe(400);
    expect(answers[0]).toEqual(answers[1]);
  });

  it('a coordinator cleared SEVERE sees them all', async () => {
    const reader = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    const { items } = await allPages(reader, `entityId=${severeVersionId}`);
    expect(items.map((event) => [event.action, event.sensitivity])).toEqual([
      ['access_status.record', 'SEVERE'],
    ]);
  });
});

/** The database filter a query string of the test stands for (to count what should be visible). */
function whereOf(query: string) {
  const params = new URLSearchParams(query);
  return {
    ...(params.get('entityId') ? { entityId: params.get('entityId')! } : {}),
    ...(params.get('entityType') ? { entityType: params.get('entityType')! } : {}),
    ...(params.get('action') ? { action: params.get('action')! } : {}),
    ...(params.get('actorId') ? { actorId: params.get('actorId')! } : {}),
    ...(params.get('since')
      ? { occurredAt: { gte: new Date(params.get('since')!), lt: new Date(params.get('until')!) } }
      : {}),
  };
}

describe("recordAuditEvent's sensitivity", () => {
  async function recorded(entry: Parameters<typeof recordAuditEvent>[2]) {
    await t.db.$transaction((tx) => recordAuditEvent(tx, { actor: null }, entry));
    return (await t.db.auditEvent.findFirstOrThrow({ orderBy: { id: 'desc' } })).sensitivity;
  }

  it('is the highest named at any depth of before and after, never lowered by a stated one', async () => {
    expect(
      await recorded({
        action: 't',
        entityType: 'access_status_version',
        before: { sensitivity: 'LOW' },
        after: { nested: [{ deeper: { sensitivity: 'HIGH' } }] },
      }),
    ).toBe('HIGH');
    expect(
      await recorded({
        action: 't',
        entityType: 'access_status_version',
        after: { sensitivity: 'HIGH' },
        sensitivity: 'LOW',
      }),
    ).toBe('HIGH');
    expect(
      await recorded({
        action: 't',
        entityType: 'import',
        after: { versionIds: [] },
        sensitivity: 'MODERATE',
      }),
    ).toBe('MODERATE');
    expect(
      await recorded({
        action: 't',
        entityType: 'access_status_version',
        after: { sensitivity: 'TOP SECRET' },
      }),
    ).toBe('SEVERE');
  });

  it('is LOW for events about no record, and SEVERE for others that name none (fail closed)', async () => {
    expect(
      await recorded({ action: 't', entityType: 'user', after: { clearance: 'SEVERE' } }),
    ).toBe('LOW');
    expect(await recorded({ action: 't', entityType: 'organization' })).toBe('LOW');
    expect(
      await recorded({
        action: 't',
        entityType: 'import',
        after: { versionIds: ['00000000-0000-4000-8000-000000000000'] },
      }),
    ).toBe('SEVERE');
  });
});

describe('audit rows', () => {
  it('never hold a password, token, session cookie or CSRF token', async () => {
    const user = await makeUser(t.db, 'ADMIN', 'SEVERE');
    const wrongPassword = 'a-wrong-password-for-audit';
    const newPassword = 'a-new-password-for-audit';
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: wrongPassword },
    });
    const admin = await t.signIn(user.email, TEST_PASSWORD);
    const token = (await admin.post('/api/api-tokens', { name: 'audit secrets' })).json();
    await clientFor(t.app, { authorization: `Bearer ${token.token}` }).get('/api/me');
    await clientFor(t.app, { authorization: `Bearer ${token.token}` }).post('/api/api-tokens', {
      name: 'refused',
    });
    const other = await makeUser(t.db, 'VIEWER', 'LOW');
    expect(
      (await admin.patch(`/api/users/${other.id}`, { password: newPassword })).statusCode,
    ).toBe(200);
    expect(
      (
        await admin.post('/api/users', {
          email: 'secret-check@test.local',
          displayName: 'S',
          password: newPassword,
          role: 'VIEWER',
          clearance: 'LOW',
        })
      ).statusCode,
    ).toBe(201);
    await admin.post('/api/auth/logout');

    const rows = JSON.stringify(await t.db.auditEvent.findMany(), (_key, value) =>
      typeof value === 'bigint' ? value.toString() : value,
    );
    for (const secret of [
      TEST_PASSWORD,
      wrongPassword,
      newPassword,
      token.token,
      admin.cookie!.split('=')[1]!,
      admin.csrfToken!,
    ]) {
      expect(rows).not.toContain(secret);
    }
    expect(rows).not.toMatch(/argon2/);
  });
});

describe("an import's audit event", () => {
  it("is as sensitive as the importer's clearance: its counts were taken in their timeline", async () => {
    // a SEVERE coordinator's file corrects a SEVERE entry into a LOW one: for a reader cleared
    // LOW that is a new entry, and an event saying "corrections: 1" would tell of the hidden one
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const severeCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    const hidden = await severeCoordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, area.id, { validFrom: '2024-01-01', sensitivity: 'SEVERE' }),
    );
    expect(hidden.statusCode, hidden.body).toBe(201);
    const applied = await upload(
      severeCoordinator,
      `organization_name,area_name,status,valid_from,sensitivity\r\n"${organization.name}","${area.name}",FULL,2024-01-01,LOW\r\n`,
      { dryRun: false },
    );
    expect(applied.statusCode, applied.body).toBe(200);
    expect(applied.json().summary).toMatchObject({ corrections: 1, new: 0 });
    const low = await t.signIn((await makeUser(t.db, 'ADMIN', 'LOW')).email, TEST_PASSWORD);
    const seen = (await low.get('/api/audit-events?action=import.apply&limit=500')).json();
    expect(seen.items.filter((event: any) => event.after?.filename === 'report.csv')).toEqual([]);
    const severe = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
    const all = (await severe.get('/api/audit-events?action=import.apply&limit=500')).json();
    expect(all.items.some((event: any) => event.after?.corrections === 1)).toBe(true);
  });
});

describe("a request's audit event", () => {
  it('names no request version above a reader, as a status event does not (what a version superseded counts)', async () => {
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const party = await makeParty(t.db);
    const severeCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
      TEST_PASSWORD,
    );
    const lowCoordinator = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
      TEST_PASSWORD,
    );
    const content = (sensitivity: string) => ({
      kind: 'DELIVERY',
      areaId: area.id,
      requestedOn: '2023-01-05',
      purpose: 'Convoy',
      neededPartyIds: [party.id],
      sensitivity,
    });
    // a SEVERE request, declassified by its correction to LOW: for a LOW reader, a new request
    const hidden = await severeCoordinator.post('/api/access-requests', {
      organizationId: organization.id,
      ...content('SEVERE'),
    });
    expect(hidden.statusCode, hidden.body).toBe(201);
    const declassified = await severeCoordinator.post(
      `/api/access-requests/versions/${hidden.json().id}/corrections`,
      { ...content('LOW'), correctionNote: 'may be shared' },
    );
    expect(declassified.statusCode, declassified.body).toBe(201);
    // the LOW coordinator corrects what they see: the event's "before" is the declassified
    // version, which superseded the hidden one
    const corrected = await lowCoordinator.post(
      `/api/access-requests/versions/${declassified.json().id}/corrections`,
      { ...content('LOW'), purpose: 'Convoy of fuel', correctionNote: 'fuel' },
    );
    expect(corrected.statusCode, corrected.body).toBe(201);
    const low = await t.signIn((await makeUser(t.db, 'ADMIN', 'LOW')).email, TEST_PASSWORD);
    const trail = await low.get('/api/audit-events?action=access_request.correct&limit=500');
    expect(trail.statusCode).toBe(200);
    expect(trail.body).not.toContain(hidden.json().id);
  });
});
