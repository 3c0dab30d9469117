import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, clientFor, type Client, type TestApp } from '../support/app';
import {
  incidentBody,
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * Atom feeds (issue 18): per area (with sub-areas) and per organisation, authenticated by an
 * API token in the header or `?token=`, holding only what the token's owner may see, and
 * never logging the token.
 */
let t: TestApp;
let coordinator: Client;
const logLines: string[] = [];
let country: string;
let province: string;
let elsewhere: string;
let organization: string;
let lowToken: string;
let severeToken: string;

async function tokenOf(client: Client): Promise<string> {
  return (await client.post('/api/api-tokens', { name: 'feed reader' })).json().token;
}

beforeAll(async () => {
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  t = await createTestApp({ env: { LOG_LEVEL: 'info' }, logStream });
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  country = (await makeArea(t.db, { kind: 'COUNTRY', name: 'Feedland' })).id;
  province = (await makeArea(t.db, { parentId: country, name: 'North Feedland' })).id;
  elsewhere = (await makeArea(t.db, { name: 'Elsewhere' })).id;
  organization = (await makeOrganization(t.db, { name: 'Feed Relief', acronym: 'FR' })).id;
  const other = (await makeOrganization(t.db, { name: 'Other Relief' })).id;
  for (const [org, area, sensitivity, validFrom, reason] of [
    [organization, province, 'LOW', '2024-01-01', 'Checkpoint reopened'],
    [organization, province, 'SEVERE', '2024-02-01', 'Negotiation detail'],
    [other, elsewhere, 'LOW', '2024-01-01', 'Unrelated elsewhere'],
  ] as const) {
    const response = await coordinator.post(
      '/api/access-statuses',
      statusBody(org, area, { sensitivity, validFrom, reason }),
    );
    expect(response.statusCode, response.body).toBe(201);
  }
  await coordinator.post(
    '/api/incidents',
    incidentBody(organization, province, { description: 'Convoy held at the bridge' }),
  );
  await coordinator.post(
    '/api/incidents',
    incidentBody(organization, province, {
      description: 'Staff detained, names withheld',
      sensitivity: 'HIGH',
    }),
  );
  lowToken = await tokenOf(
    await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD),
  );
  severeToken = await tokenOf(coordinator);
});
afterAll(() => t.close());

describe('GET /api/feeds/areas/{id}.atom', () => {
  it('is an Atom feed of the changes and incidents in the area and its sub-areas, read with ?token=', async () => {
    const response = await t.anonymous.get(`/api/feeds/areas/${country}.atom?token=${severeToken}`);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const atom = response.body;
    expect(atom).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\s*<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    expect(atom).toContain('<title>Access changes: Feedland</title>');
    expect(atom.match(/<entry>/g)).toHaveLength(4);
    expect(atom).toContain('Checkpoint reopened');
    expect(atom).toContain('Negotiation detail');
    expect(atom).toContain('Convoy held at the bridge');
    expect(atom).not.toContain('Unrelated elsewhere');
    // the feed's own address never carries the token
    expect(atom).not.toContain(severeToken);
    expect(atom).toContain(`/api/feeds/areas/${country}.atom"`);
    // entries link to the dashboard: a status to its pair's history, an incident to its page
    expect(atom).toMatch(
      new RegExp(
        `<link href="http://localhost:3000/history\\?organizationId=${organization}&amp;areaId=${province}&amp;version=[0-9a-f-]{36}#v-[0-9a-f-]{36}"/>`,
      ),
    );
    expect(atom).toMatch(/<link href="http:\/\/localhost:3000\/incidents\/[0-9a-f-]{36}"\/>/);
  });

  it("holds only what the token's owner may see", async () => {
    const response = await t.anonymous.request({
      method: 'GET',
      url: `/api/feeds/areas/${country}.atom`,
      headers: { authorization: `Bearer ${lowToken}` },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.body.match(/<entry>/g)).toHaveLength(2);
    expect(response.body).toContain('Checkpoint reopened');
    expect(response.body).not.toContain('Negotiation detail');
    expect(response.body).not.toContain('Staff detained');
    expect(response.body).not.toContain('SEVERE');
  });

  it("takes its own address from DASHBOARD_URL, never from the request's Host: a forged Host changes nothing", async () => {
    const answers = [];
    for (const host of ['a"b<c>', 'evil.example']) {
      const response = await t.anonymous.request({
        method: 'GET',
        url: `/api/feeds/areas/${country}.atom?token=${lowToken}`,
        headers: { host, 'x-forwarded-host': 'evil2.example', 'x-forwarded-proto': 'javascript' },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.body).not.toContain('evil');
      expect(response.body).toContain(
        `href="http://localhost:3000/api/feeds/areas/${country}.atom"`,
      );
      answers.push(response.body);
    }
    expect(answers[0]).toBe(answers[1]);
  });

  it("keeps a record's text inside its entry: a reason with ']]>' cannot forge XML", async () => {
    const forged =
      'x]]></content></entry><entry><title>FORGED</title><link href="https://evil.example"/><content><![CDATA[y]]>z';
    const area = (await makeArea(t.db, { name: 'Forgeland' })).id;
    const forger = (await makeOrganization(t.db, { name: 'Forge Relief' })).id;
    const response = await coordinator.post(
      '/api/access-statuses',
      statusBody(forger, area, { validFrom: '2024-06-01', reason: forged }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const atom = (await t.anonymous.get(`/api/feeds/areas/${area}.atom?token=${lowToken}`)).body;
    // what an XML reader reads as markup: everything outside the CDATA sections
    const markup = atom.replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
    expect(markup).not.toContain('FORGED');
    expect(markup).not.toContain('evil.example');
    expect(markup.match(/<entry>/g)).toHaveLength(1);
    expect(atom).toContain('FORGED'); // the text itself is kept, as text
  });

  it('refuses no token, a wrong or revoked token (401), and an unknown area (404), in the error shape', async () => {
    const none = await t.anonymous.get(`/api/feeds/areas/${country}.atom`);
    expect(none.statusCode).toBe(401);
    expect(none.json().error.code).toBe('UNAUTHENTICATED');
    const wrong = await t.anonymous.get(`/api/feeds/areas/${country}.atom?token=acc_nope`);
    expect(wrong.statusCode).toBe(401);
    const unknown = await t.anonymous.get(
      `/api/feeds/areas/00000000-0000-4000-8000-000000000000.atom?token=${severeToken}`,
    );
    expect(unknown.statusCode).toBe(404);
    const bad = await t.anonymous.get(`/api/feeds/areas/not-an-id.atom?token=${severeToken}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('VALIDATION_FAILED');
    const session = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
    const created = (await session.post('/api/api-tokens', { name: 'to revoke' })).json();
    await session.delete(`/api/api-tokens/${created.id}`);
    const revoked = await t.anonymous.get(
      `/api/feeds/areas/${country}.atom?token=${created.token}`,
    );
    expect(revoked.statusCode).toBe(401);
  });

  it('audits the token use and keeps tokens out of the log', async () => {
    await clientFor(t.app).get(`/api/feeds/areas/${province}.atom?token=${severeToken}`);
    const log = logLines.join('');
    expect(log).toContain(`/api/feeds/areas/${province}.atom?token=[redacted]`);
    // however the name is written (encoded, as an array) or whatever it is called
    for (const query of [`%74oken=${severeToken}`, `token[]=${severeToken}`, `t=${severeToken}`]) {
      await clientFor(t.app).get(`/api/feeds/areas/${province}.atom?${query}`);
    }
    expect(logLines.join('')).not.toContain(severeToken);
    expect(log).not.toContain(severeToken);
    expect(log).not.toContain(lowToken);
    const use = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'auth.token_use', reason: `GET /api/feeds/areas/${province}.atom` },
    });
    expect(
      JSON.stringify(use, (_key, value) => (typeof value === 'bigint' ? String(value) : value)),
    ).not.toContain(severeToken);
  });
});

describe('GET /api/feeds/organizations/{id}.atom', () => {
  it("is the organisation's changes and incidents, within clearance", async () => {
    const severe = await t.anonymous.get(
      `/api/feeds/organizations/${organization}.atom?token=${severeToken}`,
    );
    expect(severe.statusCode, severe.body).toBe(200);
    expect(severe.body).toContain('<title>Access changes: Feed Relief</title>');
    expect(severe.body.match(/<entry>/g)).toHaveLength(4);
    expect(severe.body).toContain('FR in North Feedland');
    const low = await t.anonymous.get(
      `/api/feeds/organizations/${organization}.atom?token=${lowToken}`,
    );
    expect(low.body.match(/<entry>/g)).toHaveLength(2);
    expect(low.body).not.toContain('Negotiation detail');
  });
});
