import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/app';
import { makeUser, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let logs = '';

beforeAll(async () => {
  const stream = new PassThrough();
  stream.on('data', (chunk) => (logs += chunk.toString()));
  t = await createTestApp({ env: { LOG_LEVEL: 'debug' }, logStream: stream });
});
afterAll(() => t.close());

describe('hardening', () => {
  it('sends security headers and a strict Content-Security-Policy', async () => {
    const response = await t.anonymous.get('/api/health');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(response.headers['strict-transport-security']).toBeDefined();
  });

  it('keeps CORS closed unless configured', async () => {
    const response = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/me',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses bodies over 1 MiB with 413 and the error shape', async () => {
    const user = await makeUser(t.db, 'ADMIN', 'SEVERE');
    const admin = await t.signIn(user.email, TEST_PASSWORD);
    const response = await admin.post('/api/parties', {
      name: 'x'.repeat(1_100_000),
      kind: 'OTHER',
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers unknown routes with 404 in the error shape', async () => {
    const response = await t.anonymous.get('/api/nothing-here');
    expect(response.statusCode).toBe(404);
    expect(response.json()).toEqual({
      error: { code: 'NOT_FOUND', message: 'No route GET /api/nothing-here' },
    });
  });

  it('never writes passwords, cookies or tokens to the logs', async () => {
    const user = await makeUser(t.db, 'VIEWER', 'LOW');
    const client = await t.signIn(user.email, TEST_PASSWORD);
    const token = (await client.post('/api/api-tokens', { name: 'log check' })).json().token;
    await t.app.inject({
      method: 'GET',
      url: '/api/me',
      headers: { authorization: `Bearer ${token}` },
    });
    await t.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: 'a-wrong-password-to-log' },
    });
    expect(logs).toContain('/api/me');
    expect(logs).not.toContain(TEST_PASSWORD);
    expect(logs).not.toContain('a-wrong-password-to-log');
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(client.cookie!.split('=')[1]);
    expect(logs).not.toContain(client.csrfToken!);
  });

  it("believes X-Forwarded-For only from this machine (the dashboard's proxy), for rate limits and the audit trail", async () => {
    const user = await makeUser(t.db, 'VIEWER', 'LOW');
    const attempt = (remoteAddress: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress,
        headers: { 'x-forwarded-for': '203.0.113.7' },
        payload: { email: user.email, password: 'wrong-password' },
      });
    await attempt('127.0.0.1');
    await attempt('198.51.100.20');
    const events = await t.db.auditEvent.findMany({
      where: { action: 'auth.login_failed', entityId: user.id },
      orderBy: { id: 'asc' },
    });
    expect(events.map((event) => event.clientAddress)).toEqual(['203.0.113.7', '198.51.100.20']);
  });

  it('serves the OpenAPI document and its browsable docs without signing in', async () => {
    const document = (await t.anonymous.get('/api/openapi.json')).json();
    expect(document.openapi).toBe('3.1.0');
    expect(document.paths['/api/access-statuses'].get.parameters.map((p: any) => p.name)).toEqual(
      expect.arrayContaining(['asOf', 'knownAt', 'areaId', 'status']),
    );
    expect(document.components.schemas.AccessStatusVersion).toBeDefined();
    const docs = await t.anonymous.get('/api/docs/');
    expect(docs.statusCode).toBe(200);
    expect(docs.headers['content-type']).toContain('text/html');
  });
});
