import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, clientFor, type TestApp } from '../support/app';
import { makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let email: string;

beforeAll(async () => {
  t = await createTestApp();
  const organization = await makeOrganization(t.db);
  email = (await makeUser(t.db, 'EDITOR', 'HIGH', [organization.id])).email;
});
afterAll(() => t.close());

const login = (body: object, remoteAddress = '127.0.0.1', cookie?: string) =>
  t.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: body,
    remoteAddress,
    headers: cookie ? { cookie } : {},
  });

describe('signing in', () => {
  it('sets an httpOnly, SameSite=Lax session cookie and says who is signed in', async () => {
    const response = await login({ email: email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.statusCode).toBe(200);
    const cookie = response.cookies.find((item) => item.name === 'access_session')!;
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie.secure).toBeFalsy();
    expect(cookie.maxAge).toBeGreaterThan(0);
    const me = await clientFor(t.app, { cookie: `access_session=${cookie.value}` }).get('/api/me');
    expect(me.json()).toMatchObject({
      email,
      role: 'EDITOR',
      clearance: 'HIGH',
      authenticatedBy: 'session',
      csrfToken: response.json().csrfToken,
    });
    expect(me.json().organizations).toHaveLength(1);
  });

  it('stores passwords as argon2id hashes', async () => {
    const user = await t.db.user.findUniqueOrThrow({ where: { email } });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it('fails the same way for a wrong password and for an unknown account', async () => {
    const wrong = await login({ email, password: 'not the password' });
    const unknown = await login({ email: 'nobody@test.local', password: 'not the password' });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual(unknown.json());
  });

  it('gives a new session at every sign-in and ignores a session id planted before it (fixation)', async () => {
    const planted = 'attacker-chosen-value';
    const first = await login(
      { email, password: TEST_PASSWORD },
      '127.0.0.1',
      `access_session=${planted}`,
    );
    const second = await login({ email, password: TEST_PASSWORD });
    const value = (response: typeof first) =>
      response.cookies.find((item) => item.name === 'access_session')!.value;
    expect(value(first)).not.toBe(planted);
    expect(value(first)).not.toBe(value(second));
    expect(
      (await clientFor(t.app, { cookie: `access_session=${planted}` }).get('/api/me')).statusCode,
    ).toBe(401);
    expect(await t.db.session.count({ where: { id: value(first) } })).toBe(0);
  });

  it('marks the cookie Secure when configured so', async () => {
    const secure = await createTestApp({ env: { COOKIE_SECURE: 'true' } });
    const user = await makeUser(secure.db, 'VIEWER', 'LOW');
    const response = await secure.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { email: user.email, password: TEST_PASSWORD },
    });
    expect(response.cookies.find((item) => item.name === 'access_session')!.secure).toBe(true);
    await secure.close();
  });
});

describe('sessions', () => {
  it('end on the server at logout', async () => {
    const client = await t.signIn(email, TEST_PASSWORD);
    expect((await client.post('/api/auth/logout')).statusCode).toBe(204);
    expect((await client.get('/api/me')).statusCode).toBe(401);
  });

  it('expire, and expire when idle', async () => {
    const expired = await t.signIn(email, TEST_PASSWORD);
    const idle = await t.signIn(email, TEST_PASSWORD);
    const idOf = async (client: typeof expired) => {
      const { digest } = await import('../../packages/domain/src/auth/secrets');
      return digest(client.cookie!.split('=')[1]!);
    };
    await t.db.session.update({
      where: { id: await idOf(expired) },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    await t.db.session.update({
      where: { id: await idOf(idle) },
      data: { lastSeenAt: new Date(Date.now() - 3 * 3600_000) },
    });
    expect((await expired.get('/api/me')).statusCode).toBe(401);
    expect((await idle.get('/api/me')).statusCode).toBe(401);
  });

  it('need the CSRF token for changes made with the cookie', async () => {
    const client = await t.signIn(email, TEST_PASSWORD);
    const withoutToken = await client.request({
      method: 'POST',
      url: '/api/api-tokens',
      payload: { name: 'x' },
      headers: { 'x-csrf-token': '' },
    });
    expect(withoutToken.statusCode).toBe(403);
    expect(withoutToken.json().error.code).toBe('CSRF_FAILED');
    const wrongToken = await client.request({
      method: 'POST',
      url: '/api/api-tokens',
      payload: { name: 'x' },
      headers: { 'x-csrf-token': 'forged' },
    });
    expect(wrongToken.statusCode).toBe(403);
    expect((await client.post('/api/api-tokens', { name: 'x' })).statusCode).toBe(201);
    expect(await t.db.apiToken.count({ where: { name: 'x' } })).toBe(1);
  });
});

describe('rate limiting of sign-in', () => {
  it('locks an account after 10 failures, even for the right password', async () => {
    const user = await makeUser(t.db, 'VIEWER', 'LOW');
    for (let i = 0; i < 10; i++) {
      expect(
        (await login({ email: user.email, password: 'wrong' }, `10.0.0.${i}`)).statusCode,
      ).toBe(401);
    }
    const locked = await login({ email: user.email, password: TEST_PASSWORD }, '10.0.1.1');
    expect(locked.statusCode).toBe(429);
    expect(locked.json().error.code).toBe('RATE_LIMITED');
  });

  it("forgets an account's failures once it signs in", async () => {
    const user = await makeUser(t.db, 'VIEWER', 'LOW');
    const fail = (i: number) => login({ email: user.email, password: 'wrong' }, `10.0.2.${i}`);
    for (let i = 0; i < 9; i++) expect((await fail(i)).statusCode).toBe(401);
    expect(
      (await login({ email: user.email, password: TEST_PASSWORD }, '10.0.3.1')).statusCode,
    ).toBe(200);
    for (let i = 10; i < 19; i++) expect((await fail(i)).statusCode).toBe(401);
    expect(
      (await login({ email: user.email, password: TEST_PASSWORD }, '10.0.3.2')).statusCode,
    ).toBe(200);
  });

  it('limits attempts per address', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++)
      statuses.push(
        (await login({ email: `n${i}@test.local`, password: 'wrong' }, '10.9.9.9')).statusCode,
      );
    expect(statuses.slice(0, 20).every((status) => status === 401)).toBe(true);
    expect(statuses[20]).toBe(429);
    expect(
      (await login({ email: 'n@test.local', password: 'wrong' }, '10.9.9.10')).statusCode,
    ).toBe(401);
  });

  it('is not spread over addresses by a forged X-Forwarded-For sent straight to the API, and the audit trail records the real address', async () => {
    const attempt = (i: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        remoteAddress: '198.51.100.77',
        headers: { 'x-forwarded-for': `203.0.113.${i}` },
        payload: { email: `forged-${i}@test.local`, password: 'wrong' },
      });
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) statuses.push((await attempt(i)).statusCode);
    expect(statuses.slice(0, 20)).toEqual(Array(20).fill(401));
    expect(statuses[20]).toBe(429);
    const recorded = await t.db.auditEvent.findMany({
      where: { action: 'auth.login_failed', actorEmail: { startsWith: 'forged-' } },
      select: { clientAddress: true },
    });
    expect(recorded).toHaveLength(20);
    expect(new Set(recorded.map((event) => event.clientAddress))).toEqual(
      new Set(['198.51.100.77']),
    );
  });
});

describe('API tokens', () => {
  it("are shown once, stored hashed, carry the owner's role and clearance, and stop working when revoked", async () => {
    const client = await t.signIn(email, TEST_PASSWORD);
    const created = (
      await client.post('/api/api-tokens', { name: 'import script', expiresInDays: 30 })
    ).json();
    expect(created.token).toMatch(/^acc_/);
    const stored = await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenHash).not.toContain(created.token);
    expect(JSON.stringify((await client.get('/api/api-tokens')).json())).not.toContain(
      created.token,
    );

    const script = clientFor(t.app, { authorization: `Bearer ${created.token}` });
    expect((await script.get('/api/me')).json()).toMatchObject({
      email,
      role: 'EDITOR',
      clearance: 'HIGH',
      authenticatedBy: 'token',
      csrfToken: null,
    });

    expect((await client.delete(`/api/api-tokens/${created.id}`)).json().revokedAt).toEqual(
      expect.any(String),
    );
    expect((await script.get('/api/me')).statusCode).toBe(401);
  });

  it('stop working when expired', async () => {
    const client = await t.signIn(email, TEST_PASSWORD);
    const created = (await client.post('/api/api-tokens', { name: 'short' })).json();
    await t.db.apiToken.update({
      where: { id: created.id },
      data: { expiresAt: new Date(Date.now() - 1) },
    });
    expect(
      (await clientFor(t.app, { authorization: `Bearer ${created.token}` }).get('/api/me'))
        .statusCode,
    ).toBe(401);
    expect(
      (await clientFor(t.app, { authorization: 'Bearer acc_made-up' }).get('/api/me')).statusCode,
    ).toBe(401);
  });

  it('cannot be revoked by someone else', async () => {
    const owner = await t.signIn(email, TEST_PASSWORD);
    const other = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
    const created = (await owner.post('/api/api-tokens', { name: 'mine' })).json();
    expect((await other.delete(`/api/api-tokens/${created.id}`)).statusCode).toBe(404);
    expect(
      (await t.db.apiToken.findUniqueOrThrow({ where: { id: created.id } })).revokedAt,
    ).toBeNull();
  });
});

describe('accounts', () => {
  it('a disabled account cannot sign in, and disabling ends its sessions', async () => {
    const admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
    const user = await makeUser(t.db, 'VIEWER', 'LOW');
    const session = await t.signIn(user.email, TEST_PASSWORD);
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).json().disabled).toBe(
      true,
    );
    expect((await session.get('/api/me')).statusCode).toBe(401);
    expect(
      (await login({ email: user.email, password: TEST_PASSWORD }, '10.3.3.3')).statusCode,
    ).toBe(401);
  });

  it('an administrator cannot remove their own rights', async () => {
    const user = await makeUser(t.db, 'ADMIN', 'SEVERE');
    const admin = await t.signIn(user.email, TEST_PASSWORD);
    expect((await admin.patch(`/api/users/${user.id}`, { role: 'VIEWER' })).statusCode).toBe(400);
  });
});
