import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  incidentBody,
  makeArea,
  makeOrganization,
  makeParty,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';
import { upload } from '../support/upload';
import { drainOutbox, unsubscribeToken } from '@access/domain';

/** signs the unsubscribe links this test follows (issue 18) */
const TOKEN_SECRET = 'audit-trail-test-secret-of-32-characters';

let t: TestApp;
let admin: Client;
let coordinator: Client;
let adminId: string;

beforeAll(async () => {
  t = await createTestApp({ env: { NOTIFICATION_TOKEN_SECRET: TOKEN_SECRET } });
  const adminUser = await makeUser(t.db, 'ADMIN', 'SEVERE');
  adminId = adminUser.id;
  admin = await t.signIn(adminUser.email, TEST_PASSWORD);
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
});
afterAll(() => t.close());

async function eventsDuring(action: () => Promise<unknown>) {
  const before = await t.db.auditEvent.findFirst({ orderBy: { id: 'desc' }, select: { id: true } });
  await action();
  return t.db.auditEvent.findMany({
    where: { id: { gt: before?.id ?? 0n } },
    orderBy: { id: 'asc' },
  });
}

describe('the audit trail', () => {
  it('records exactly one event per change on every changing route, with actor, before, after, reason, request id and address', async () => {
    const organization = await makeOrganization(t.db);
    const area = await makeArea(t.db);
    const party = await makeParty(t.db);
    const subject = await makeUser(t.db, 'VIEWER', 'LOW');
    const version = { id: '' };
    const incident = { id: '' };
    const accessRequest = { versionId: '', requestId: '', positionVersionId: '' };
    // a request whose position the request CSV import records (issue 16)
    const importParty = await makeParty(t.db);
    const importedRequest = (
      await coordinator.post('/api/access-requests', {
        organizationId: organization.id,
        kind: 'DELIVERY',
        areaId: area.id,
        requestedOn: '2023-01-05',
        purpose: 'Convoy',
        neededPartyIds: [importParty.id],
        sensitivity: 'LOW',
      })
    ).json().requestId as string;
    const token = { id: '' };
    const follow = { id: '' };
    // a notification of the admin's to mark read (issue 18)
    const noticeArea = await makeArea(t.db);
    await admin.post('/api/follows', { targetType: 'AREA', targetId: noticeArea.id });
    await coordinator.post('/api/access-statuses', statusBody(organization.id, noticeArea.id));
    await drainOutbox(t.db);
    const notice = (await admin.get('/api/notifications')).json().items[0].id as string;
    const webhook = { id: '' };
    // a coordinator cleared LOW records after a SEVERE period: kept below SEVERE, for the coordinator to reconcile
    // (an editor's entry would be a proposal, in no timeline)
    const pairArea = await makeArea(t.db);
    const lowWriter = await t.signIn(
      (await makeUser(t.db, 'COORDINATOR', 'LOW')).email,
      TEST_PASSWORD,
    );
    await coordinator.post(
      '/api/access-statuses',
      statusBody(organization.id, pairArea.id, { validFrom: '2024-01-01', sensitivity: 'SEVERE' }),
    );
    const kept = (
      await lowWriter.post(
        '/api/access-statuses',
        statusBody(organization.id, pairArea.id, { validFrom: '2024-03-01' }),
      )
    ).json();
    type Case = [
      route: string,
      action: string,
      run: () => Promise<{ statusCode: number; json(): any }>,
      check: (event: any, body: any) => void,
    ];
    const cases: Case[] = [
      [
        'POST /api/imports/access-requests',
        'consent_position.record',
        () =>
          upload(
            coordinator,
            `request_id,party_name,stance,stated_on,sensitivity\n${importedRequest},"${importParty.name}",GRANTED,2023-01-20,LOW\n`,
            { dryRun: false, path: '/api/imports/access-requests' },
          ),
        (e) =>
          expect([e.before, e.after.stance, e.after.statedOn]).toEqual([
            null,
            'GRANTED',
            '2023-01-20',
          ]),
      ],
      // requests (issue 16): an editor's proposal, returned, validated; a position likewise; corrections
      [
        'POST /api/access-requests',
        'access_request.create',
        async () => {
          const response = await coordinator.post('/api/access-requests', {
            organizationId: organization.id,
            kind: 'FACT_FINDING_MISSION',
            areaId: area.id,
            requestedOn: '2023-01-05',
            purpose: 'Fact-finding',
            neededPartyIds: [party.id],
            sensitivity: 'MODERATE',
            reviewState: 'SUBMITTED',
          });
          accessRequest.versionId = response.json().id;
          accessRequest.requestId = response.json().requestId;
          return response;
        },
        (e) =>
          expect([e.before, e.after.reviewState, e.after.kind, e.entityId]).toEqual([
            null,
            'SUBMITTED',
            'FACT_FINDING_MISSION',
            accessRequest.versionId,
          ]),
      ],
      [
        'POST /api/access-requests/versions/{id}/return',
        'access_request.return',
        async () => {
          const response = await coordinator.post(
            `/api/access-requests/versions/${accessRequest.versionId}/return`,
            { note: 'Which corridor?' },
          );
          accessRequest.versionId = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState, e.reason]).toEqual([
            'SUBMITTED',
            'RETURNED',
            'Which corridor?',
          ]),
      ],
      [
        'POST /api/access-requests/versions/{id}/validation',
        'access_request.validate',
        async () => {
          const response = await coordinator.post(
            `/api/access-requests/versions/${accessRequest.versionId}/validation`,
            {},
          );
          accessRequest.versionId = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState]).toEqual(['RETURNED', 'VALIDATED']),
      ],
      [
        'POST /api/access-requests/versions/{id}/corrections',
        'access_request.correct',
        () =>
          coordinator.post(`/api/access-requests/versions/${accessRequest.versionId}/corrections`, {
            kind: 'FACT_FINDING_MISSION',
            areaId: area.id,
            requestedOn: '2023-01-04',
            purpose: 'Fact-finding',
            neededPartyIds: [party.id],
            sensitivity: 'MODERATE',
            correctionNote: 'Asked a day earlier',
          }),
        (e) =>
          expect([e.before.requestedOn, e.after.requestedOn, e.reason]).toEqual([
            '2023-01-05',
            '2023-01-04',
            'Asked a day earlier',
          ]),
      ],
      [
        'POST /api/access-requests/{id}/positions',
        'consent_position.record',
        async () => {
          const response = await coordinator.post(
            `/api/access-requests/${accessRequest.requestId}/positions`,
            {
              partyId: party.id,
              stance: 'REFUSED',
              statedOn: '2023-02-01',
              sensitivity: 'MODERATE',
              reason: 'No',
              reviewState: 'SUBMITTED',
            },
          );
          accessRequest.positionVersionId = response.json().id;
          return response;
        },
        (e) => expect([e.before, e.after.stance, e.reason]).toEqual([null, 'REFUSED', 'No']),
      ],
      [
        'POST /api/access-requests/positions/versions/{id}/return',
        'consent_position.return',
        async () => {
          const response = await coordinator.post(
            `/api/access-requests/positions/versions/${accessRequest.positionVersionId}/return`,
            { note: 'Source?' },
          );
          accessRequest.positionVersionId = response.json().id;
          return response;
        },
        (e) => expect([e.after.reviewState, e.reason]).toEqual(['RETURNED', 'Source?']),
      ],
      [
        'POST /api/access-requests/positions/versions/{id}/validation',
        'consent_position.validate',
        async () => {
          const response = await coordinator.post(
            `/api/access-requests/positions/versions/${accessRequest.positionVersionId}/validation`,
            {},
          );
          accessRequest.positionVersionId = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState]).toEqual(['RETURNED', 'VALIDATED']),
      ],
      [
        'POST /api/access-requests/positions/versions/{id}/corrections',
        'consent_position.correct',
        () =>
          coordinator.post(
            `/api/access-requests/positions/versions/${accessRequest.positionVersionId}/corrections`,
            {
              stance: 'REFUSED',
              statedOn: '2023-02-02',
              sensitivity: 'MODERATE',
              correctionNote: 'Dated wrongly',
            },
          ),
        (e) =>
          expect([e.before.statedOn, e.after.statedOn, e.reason]).toEqual([
            '2023-02-01',
            '2023-02-02',
            'Dated wrongly',
          ]),
      ],
      [
        'PUT /api/me/preferences',
        'user.preferences',
        () =>
          admin.request({ method: 'PUT', url: '/api/me/preferences', payload: { locale: 'ar' } }),
        (e) => expect([e.entityId, e.before.locale, e.after.locale]).toEqual([adminId, null, 'ar']),
      ],
      [
        'POST /api/organizations',
        'organization.create',
        () => admin.post('/api/organizations', { name: 'Audit org', typeCode: 441 }),
        (e) => expect(e.after.name).toBe('Audit org'),
      ],
      [
        'PATCH /api/organizations/{id}',
        'organization.update',
        () => admin.patch(`/api/organizations/${organization.id}`, { acronym: 'AUD' }),
        (e) => expect([e.before.acronym, e.after.acronym]).toEqual([null, 'AUD']),
      ],
      [
        'POST /api/areas',
        'area.create',
        () =>
          admin.post('/api/areas', { kind: 'CUSTOM', names: [{ lang: 'en', name: 'Audit area' }] }),
        (e) => expect(e.after.name).toBe('Audit area'),
      ],
      [
        'PATCH /api/areas/{id}',
        'area.update',
        () => admin.patch(`/api/areas/${area.id}`, { disputed: true }),
        (e) => expect([e.before.disputed, e.after.disputed]).toEqual([false, true]),
      ],
      [
        'POST /api/areas/shapes',
        'area.shapes.import',
        async () => {
          const shaped = await makeArea(t.db, { pcode: `AUD${Date.now()}` });
          return admin.post('/api/areas/shapes?source=audit', {
            type: 'FeatureCollection',
            features: [
              {
                type: 'Feature',
                properties: { ADM1_PCODE: shaped.pcode },
                geometry: {
                  type: 'Polygon',
                  coordinates: [
                    [
                      [45, 40],
                      [46, 40],
                      [46, 41],
                      [45, 40],
                    ],
                  ],
                },
              },
            ],
          });
        },
        (e) => expect([e.after.source, e.after.pcodeProperty]).toEqual(['audit', 'ADM1_PCODE']),
      ],
      [
        'POST /api/parties',
        'party.create',
        () => admin.post('/api/parties', { name: 'Audit party', kind: 'OTHER' }),
        (e) => expect(e.after.kind).toBe('OTHER'),
      ],
      [
        'PATCH /api/parties/{id}',
        'party.update',
        () => admin.patch(`/api/parties/${party.id}`, { note: 'n' }),
        (e) => expect(e.after.note).toBe('n'),
      ],
      [
        'POST /api/users',
        'user.create',
        () =>
          admin.post('/api/users', {
            email: 'audited@test.local',
            displayName: 'A',
            password: 'long-enough-password',
            role: 'VIEWER',
            clearance: 'LOW',
          }),
        (e) => expect(JSON.stringify(e.after)).not.toMatch(/password|argon/i),
      ],
      [
        'PATCH /api/users/{id}',
        'user.update',
        () =>
          admin.patch(`/api/users/${subject.id}`, {
            clearance: 'HIGH',
            password: 'another-long-password',
          }),
        (e) => {
          expect([e.before.clearance, e.after.clearance, e.after.passwordChanged]).toEqual([
            'LOW',
            'HIGH',
            true,
          ]);
          expect(JSON.stringify([e.before, e.after, e.reason])).not.toContain(
            'another-long-password',
          );
        },
      ],
      [
        'POST /api/api-tokens',
        'api_token.create',
        async () => {
          const response = await admin.post('/api/api-tokens', { name: 'audited' });
          token.id = response.json().id;
          return response;
        },
        (e, body) => expect(JSON.stringify(e.after)).not.toContain(body.token),
      ],
      [
        'DELETE /api/api-tokens/{id}',
        'api_token.revoke',
        () => admin.delete(`/api/api-tokens/${token.id}`),
        (e) => expect([e.before.revokedAt, typeof e.after.revokedAt]).toEqual([null, 'string']),
      ],
      [
        'POST /api/access-statuses',
        'access_status.record',
        async () => {
          const response = await coordinator.post(
            '/api/access-statuses',
            statusBody(organization.id, area.id, {
              reason: 'Checkpoint closed',
              reviewState: 'SUBMITTED',
            }),
          );
          version.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before, e.after.status, e.reason]).toEqual([
            null,
            'CONSTRAINED',
            'Checkpoint closed',
          ]),
      ],
      [
        'POST /api/access-statuses/{id}/return',
        'access_status.return',
        async () => {
          const response = await coordinator.post(`/api/access-statuses/${version.id}/return`, {
            note: 'Source?',
          });
          version.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState, e.reason]).toEqual([
            'SUBMITTED',
            'RETURNED',
            'Source?',
          ]),
      ],
      [
        'POST /api/access-statuses/{id}/validation',
        'access_status.validate',
        async () => {
          const response = await coordinator.post(
            `/api/access-statuses/${version.id}/validation`,
            {},
          );
          version.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState]).toEqual(['RETURNED', 'VALIDATED']),
      ],
      [
        'POST /api/access-statuses/{id}/corrections',
        'access_status.correct',
        () =>
          coordinator.post(`/api/access-statuses/${version.id}/corrections`, {
            status: 'DENIED',
            validFrom: '2024-01-01',
            reason: 'Typo',
            sensitivity: 'LOW',
          }),
        (e) => expect([e.before.status, e.after.status]).toEqual(['CONSTRAINED', 'DENIED']),
      ],
      [
        'POST /api/access-statuses/{id}/reconciliation',
        'access_status.reconcile',
        () =>
          coordinator.post(`/api/access-statuses/${kept.id}/reconciliation`, {
            note: 'Merged into our March entry',
          }),
        (e) =>
          expect([e.after.level, e.reason, e.sensitivity]).toEqual([
            'SEVERE',
            'Merged into our March entry',
            'SEVERE',
          ]),
      ],
      [
        'POST /api/imports',
        'import.apply',
        () =>
          upload(
            coordinator,
            `organization_name,area_name,status,valid_from,sensitivity\n"${organization.name}","${area.name}",FULL,2024-06-01,LOW\n`,
            { dryRun: false },
          ),
        (e) => expect(e.after).toMatchObject({ new: 1, versionIds: [expect.any(String)] }),
      ],
      [
        'POST /api/imports/incidents',
        'incident.record',
        () =>
          upload(
            coordinator,
            `organization_name,area_name,occurred_on,category,sub_type,description,sensitivity\n"${organization.name}","${area.name}",2024-06-01,4,CHECKPOINT,Imported convoy delay,LOW\n`,
            { dryRun: false, path: '/api/imports/incidents' },
          ),
        (e) =>
          expect([e.before, e.after.description, e.after.reviewState]).toEqual([
            null,
            'Imported convoy delay',
            'VALIDATED',
          ]),
      ],
      [
        'POST /api/incidents',
        'incident.record',
        async () => {
          const response = await coordinator.post(
            '/api/incidents',
            incidentBody(organization.id, area.id, { reviewState: 'SUBMITTED' }),
          );
          incident.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before, e.after.reviewState, e.after.subType, e.entityId]).toEqual([
            null,
            'SUBMITTED',
            'CHECKPOINT',
            incident.id,
          ]),
      ],
      [
        'POST /api/incidents/versions/{id}/return',
        'incident.return',
        async () => {
          const response = await coordinator.post(`/api/incidents/versions/${incident.id}/return`, {
            note: 'Which checkpoint?',
          });
          incident.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState, e.reason]).toEqual([
            'SUBMITTED',
            'RETURNED',
            'Which checkpoint?',
          ]),
      ],
      [
        'POST /api/incidents/versions/{id}/validation',
        'incident.validate',
        async () => {
          const response = await coordinator.post(
            `/api/incidents/versions/${incident.id}/validation`,
            {},
          );
          incident.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.before.reviewState, e.after.reviewState]).toEqual(['RETURNED', 'VALIDATED']),
      ],
      [
        'POST /api/incidents/versions/{id}/corrections',
        'incident.correct',
        () => {
          const { organizationId: _recorder, ...correction } = incidentBody(
            organization.id,
            area.id,
            { peopleAffected: 40, correctionNote: 'Count added' },
          );
          return coordinator.post(`/api/incidents/versions/${incident.id}/corrections`, correction);
        },
        (e) =>
          expect([e.before.peopleAffected, e.after.peopleAffected, e.reason]).toEqual([
            null,
            40,
            'Count added',
          ]),
      ],
      // webhooks (issue 18): the configuration, never the secret
      [
        'POST /api/webhooks',
        'webhook.create',
        async () => {
          const response = await coordinator.post('/api/webhooks', {
            url: 'https://93.184.216.34/audited',
            events: ['incident.recorded'],
            secret: 'audited-webhook-secret',
          });
          webhook.id = response.json().id;
          return response;
        },
        (e) => {
          expect([e.before, e.after.events]).toEqual([null, ['incident.recorded']]);
          expect(JSON.stringify(e.after)).not.toContain('audited-webhook-secret');
        },
      ],
      [
        'PATCH /api/webhooks/{id}',
        'webhook.update',
        () =>
          coordinator.patch(`/api/webhooks/${webhook.id}`, {
            paused: true,
            secret: 'a-rotated-webhook-secret',
          }),
        (e) => {
          // a person's pause holds everything: it is LOW, as the event
          expect([
            e.before.pausedAt,
            typeof e.after.pausedAt,
            e.after.pausedSensitivity,
            e.after.secretChanged,
            e.sensitivity,
          ]).toEqual([null, 'string', 'LOW', true, 'LOW']);
          expect(JSON.stringify(e.after)).not.toContain('a-rotated-webhook-secret');
        },
      ],
      [
        'DELETE /api/webhooks/{id}',
        'webhook.delete',
        () => coordinator.delete(`/api/webhooks/${webhook.id}`),
        (e) => expect([e.before.url, e.after]).toEqual(['https://93.184.216.34/audited', null]),
      ],
      [
        'POST /api/follows',
        'follow.create',
        async () => {
          const response = await admin.post('/api/follows', {
            targetType: 'AREA',
            targetId: area.id,
          });
          follow.id = response.json().id;
          return response;
        },
        (e) =>
          expect([e.entityId, e.after.targetId, e.sensitivity]).toEqual([
            follow.id,
            area.id,
            'LOW',
          ]),
      ],
      [
        'DELETE /api/follows/{id}',
        'follow.delete',
        async () => {
          const response = await admin.delete(`/api/follows/${follow.id}`);
          return { statusCode: response.statusCode, json: () => ({}) };
        },
        (e) => expect([e.entityId, e.before.targetId]).toEqual([follow.id, area.id]),
      ],
      [
        'POST /api/notifications/{id}/read',
        'notification.read',
        () => admin.post(`/api/notifications/${notice}/read`),
        (e) => expect([e.entityId, e.after.marked]).toEqual([notice, 1]),
      ],
      [
        'POST /api/notifications/read',
        'notification.read_all',
        () => admin.post('/api/notifications/read'),
        (e) => expect(e.after.marked).toEqual(expect.any(Number)),
      ],
      [
        'PUT /api/notifications/settings',
        'notification_settings.update',
        () =>
          admin.request({
            method: 'PUT',
            url: '/api/notifications/settings',
            payload: { emailMode: 'DAILY' },
          }),
        (e) => expect([e.before.emailMode, e.after.emailMode]).toEqual(['OFF', 'DAILY']),
      ],
      [
        'POST /api/notifications/unsubscribe',
        'notification_settings.unsubscribe',
        () =>
          t.anonymous.post('/api/notifications/unsubscribe', {
            token: unsubscribeToken(adminId, TOKEN_SECRET),
          }),
        (e) =>
          expect([e.actorId, e.entityId, e.after.emailMode]).toEqual([adminId, adminId, 'OFF']),
      ],
    ];

    // Every route that changes something has a case here (login and logout are in the next test).
    const document = (await t.anonymous.get('/api/openapi.json')).json();
    const changing = Object.entries(
      document.paths as Record<string, Record<string, unknown>>,
    ).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((method) => method !== 'get')
        .map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(
      changing.filter(
        (route) =>
          !route.startsWith('POST /api/auth/') && !cases.some(([covered]) => covered === route),
      ),
    ).toEqual([]);

    for (const [route, action, run, check] of cases) {
      let response: { statusCode: number; json(): any } | undefined;
      const events = await eventsDuring(async () => (response = await run()));
      expect(response!.statusCode, route).toBeLessThan(300);
      expect(
        events.map((event) => event.action),
        route,
      ).toEqual([action]);
      const event = events[0]!;
      expect(event.actorId, route).toEqual(expect.any(String));
      expect(event.requestId, route).toEqual(expect.any(String));
      expect(event.clientAddress, route).toBe('127.0.0.1');
      check(event, response!.json());
    }
  });

  it('records sign-ins, failed sign-ins, sign-outs, token use and revocation, and refused requests', async () => {
    const user = await makeUser(t.db, 'VIEWER', 'LOW');
    const failed = await eventsDuring(() =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { email: user.email, password: 'wrong' },
      }),
    );
    expect(failed.map((event) => [event.action, event.actorEmail, event.entityId])).toEqual([
      ['auth.login_failed', user.email, user.id],
    ]);
    let viewer!: Client;
    const login = await eventsDuring(
      async () => (viewer = await t.signIn(user.email, TEST_PASSWORD)),
    );
    expect(login.map((event) => [event.action, event.actorId])).toEqual([['auth.login', user.id]]);
    const denied = await eventsDuring(() =>
      viewer.post('/api/organizations', { name: 'Nope', typeCode: 441 }),
    );
    expect(denied.map((event) => [event.action, event.actorId, event.entityId])).toEqual([
      ['auth.permission_denied', user.id, 'POST /api/organizations'],
    ]);
    const token = (await viewer.post('/api/api-tokens', { name: 't' })).json();
    const used = await eventsDuring(() =>
      t.app.inject({
        method: 'GET',
        url: '/api/me',
        headers: { authorization: `Bearer ${token.token}` },
      }),
    );
    expect(used.map((event) => [event.action, event.entityId])).toEqual([
      ['auth.token_use', token.id],
    ]);
    const revoked = await eventsDuring(() => viewer.delete(`/api/api-tokens/${token.id}`));
    expect(revoked.map((event) => event.action)).toEqual(['api_token.revoke']);
    const logout = await eventsDuring(() => viewer.post('/api/auth/logout'));
    expect(logout.map((event) => event.action)).toEqual(['auth.logout']);
  });

  it('writes nothing, neither data nor event, for a rejected change', async () => {
    const organizations = await t.db.organization.count();
    const events = await eventsDuring(() =>
      admin.post('/api/organizations', { name: 'Bad', typeCode: 1 }),
    );
    expect(events).toEqual([]);
    expect(await t.db.organization.count()).toBe(organizations);
  });

  it('GET /api/audit-events filters and pages; coordinators see data changes only', async () => {
    const page = (await admin.get(`/api/audit-events?actorId=${adminId}&limit=2`)).json();
    expect(page.items).toHaveLength(2);
    expect(page.items.every((event: any) => event.actorId === adminId)).toBe(true);
    const next = (
      await admin.get(`/api/audit-events?actorId=${adminId}&limit=2&cursor=${page.nextCursor}`)
    ).json();
    // the next page continues where the first stopped (newest first), without repeating it
    expect(next.items[0].occurredAt <= page.items[1].occurredAt).toBe(true);
    expect(page.items.map((event: any) => event.id)).not.toContain(next.items[0].id);
    const byAction = (await admin.get('/api/audit-events?action=user.create')).json().items;
    expect(byAction.length).toBeGreaterThan(0);
    expect(byAction.every((event: any) => event.action === 'user.create')).toBe(true);
    // an id is an id however it is written: in capitals, the same events
    const entityId: string = byAction[0].entityId;
    const byEntity = (await admin.get(`/api/audit-events?entityId=${entityId}`)).json().items;
    expect(byEntity.length).toBeGreaterThan(0);
    expect(
      (await admin.get(`/api/audit-events?entityId=${entityId.toUpperCase()}`)).json().items,
    ).toEqual(byEntity);
    // a refused request is kept under its route, and found by it
    const route = await admin.get(
      `/api/audit-events?entityType=route&entityId=${encodeURIComponent('POST /api/organizations')}`,
    );
    expect(route.statusCode, route.body).toBe(200);
    expect(route.json().items.length).toBeGreaterThan(0);
    expect(
      route.json().items.every((event: any) => event.entityId === 'POST /api/organizations'),
    ).toBe(true);
    const seenByCoordinator = (await coordinator.get('/api/audit-events?limit=500')).json().items;
    expect(seenByCoordinator.length).toBeGreaterThan(0);
    expect(new Set(seenByCoordinator.map((event: any) => event.entityType))).not.toContain('user');
    expect(new Set(seenByCoordinator.map((event: any) => event.entityType))).not.toContain(
      'api_token',
    );
  });
});
