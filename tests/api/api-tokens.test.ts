import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, clientFor, type Client, type TestApp } from '../support/app';
import { makeOrganization, makeUser, TEST_PASSWORD } from '../support/factories';

// A token never gives more, or for longer, than its owner has now: it cannot make tokens,
// and it ends when its owner's password, role, clearance or organisations change.
let t: TestApp;
let email: string;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  const organization = await makeOrganization(t.db);
  email = (await makeUser(t.db, 'EDITOR', 'HIGH', [organization.id])).email;
  admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('POST /api/api-tokens', () => {
  it('refuses a request made with an API token (403 SESSION_REQUIRED): a token cannot make one that outlives it', async () => {
    const client = await t.signIn(email, TEST_PASSWORD);
    const created = (await client.post('/api/api-tokens', { name: 'parent' })).json();
    const script = clientFor(t.app, { authorization: `Bearer ${created.token}` });
    const child = await script.post('/api/api-tokens', { name: 'child', expiresInDays: 366 });
    expect(child.statusCode).toBe(403);
    expect(child.json().error.code).toBe('SESSION_REQUIRED');
    expect(await t.db.apiToken.count({ where: { name: 'child' } })).toBe(0);
    // It may still list and revoke tokens (no cookie, so no CSRF token): that gives nothing new.
    expect((await script.get('/api/api-tokens')).statusCode).toBe(200);
    expect((await script.delete(`/api/api-tokens/${created.id}`)).statusCode).toBe(200);
    expect((await script.get('/api/me')).statusCode).toBe(401);
  });
});

describe("PATCH /api/users/{id} and the user's tokens and sessions", () => {
  async function userWithToken(role: 'VIEWER' | 'EDITOR' = 'VIEWER') {
    const organization = await makeOrganization(t.db);
    const user = await makeUser(t.db, role, 'LOW', [organization.id]);
    const session = await t.signIn(user.email, TEST_PASSWORD);
    const token = (await session.post('/api/api-tokens', { name: 'script' })).json();
    return {
      user,
      session,
      script: clientFor(t.app, { authorization: `Bearer ${token.token}` }),
      tokenId: token.id as string,
    };
  }

  it("a password change ends the user's sessions and revokes their tokens", async () => {
    const { user, session, script, tokenId } = await userWithToken();
    expect((await script.get('/api/me')).statusCode).toBe(200);
    expect(
      (await admin.patch(`/api/users/${user.id}`, { password: 'a-brand-new-password' })).statusCode,
    ).toBe(200);
    expect((await session.get('/api/me')).statusCode).toBe(401);
    expect((await script.get('/api/me')).statusCode).toBe(401);
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toEqual(
      expect.any(Date),
    );
    const event = await t.db.auditEvent.findFirstOrThrow({
      where: { action: 'user.update', entityId: user.id },
      orderBy: { id: 'desc' },
    });
    expect(event.after).toMatchObject({ passwordChanged: true, revokedApiTokenIds: [tokenId] });
  });

  it('an administrator changing their own password keeps the session they did it from and loses the others and their tokens', async () => {
    const user = await makeUser(t.db, 'ADMIN', 'SEVERE');
    const here = await t.signIn(user.email, TEST_PASSWORD);
    const elsewhere = await t.signIn(user.email, TEST_PASSWORD);
    const token = (await here.post('/api/api-tokens', { name: 'admin script' })).json();
    expect(
      (await here.patch(`/api/users/${user.id}`, { password: 'a-brand-new-password' })).statusCode,
    ).toBe(200);
    expect((await here.get('/api/me')).statusCode).toBe(200);
    expect((await elsewhere.get('/api/me')).statusCode).toBe(401);
    expect(
      (await clientFor(t.app, { authorization: `Bearer ${token.token}` }).get('/api/me'))
        .statusCode,
    ).toBe(401);
  });

  it("a change of role, clearance or organisations revokes the user's tokens; their sessions follow the change", async () => {
    const other = await makeOrganization(t.db);
    for (const change of [
      { role: 'COORDINATOR' },
      { clearance: 'SEVERE' },
      { organizationIds: [other.id] },
    ]) {
      const { user, session, script } = await userWithToken('EDITOR');
      expect(
        (await admin.patch(`/api/users/${user.id}`, change)).statusCode,
        JSON.stringify(change),
      ).toBe(200);
      expect((await script.get('/api/me')).statusCode, JSON.stringify(change)).toBe(401);
      const me = await session.get('/api/me');
      expect(me.statusCode, JSON.stringify(change)).toBe(200);
      if ('role' in change) expect(me.json().role).toBe('COORDINATOR');
      if ('clearance' in change) expect(me.json().clearance).toBe('SEVERE');
    }
  });

  it('a change that gives nothing new (the display name) leaves the tokens working', async () => {
    const { user, script } = await userWithToken();
    expect(
      (
        await admin.patch(`/api/users/${user.id}`, {
          displayName: 'Renamed',
          role: 'VIEWER',
          clearance: 'LOW',
        })
      ).statusCode,
    ).toBe(200);
    expect((await script.get('/api/me')).statusCode).toBe(200);
  });

  it('disabling revokes the tokens, so enabling the account again does not bring them back', async () => {
    const { user, script } = await userWithToken();
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: true })).statusCode).toBe(200);
    expect((await admin.patch(`/api/users/${user.id}`, { disabled: false })).statusCode).toBe(200);
    expect((await script.get('/api/me')).statusCode).toBe(401);
  });
});
