import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeFromAcceptLanguage } from '@access/contracts';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeOrganization, makeUser, statusBody, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let viewer: Client;
let viewerId: string;

beforeAll(async () => {
  t = await createTestApp();
  const user = await makeUser(t.db, 'VIEWER', 'LOW');
  viewerId = user.id;
  viewer = await t.signIn(user.email, TEST_PASSWORD);
});
afterAll(() => t.close());

const put = (client: Client, payload: unknown, headers: Record<string, string> = {}) =>
  client.request({
    method: 'PUT',
    url: '/api/me/preferences',
    payload: payload as object,
    headers,
  });

describe('PUT /api/me/preferences (issue 15)', () => {
  it('saves the language a viewer chooses, which GET /api/me and a new sign-in then return', async () => {
    expect((await viewer.get('/api/me')).json().locale).toBeNull();
    const saved = await put(viewer, { locale: 'ru' });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().locale).toBe('ru');
    expect((await viewer.get('/api/me')).json().locale).toBe('ru');
    const email = (await t.db.user.findUniqueOrThrow({ where: { id: viewerId } })).email;
    const again = await t.signIn(email, TEST_PASSWORD);
    expect((await again.get('/api/me')).json().locale).toBe('ru');
  });

  it('goes back to following the browser with null', async () => {
    await put(viewer, { locale: 'ar' });
    const reset = await put(viewer, { locale: null });
    expect(reset.statusCode).toBe(200);
    expect(reset.json().locale).toBeNull();
  });

  it('refuses a language it does not have with 400 naming the field, and changes nothing', async () => {
    await put(viewer, { locale: 'fr' });
    for (const payload of [
      { locale: 'de' },
      { locale: 'FR' },
      { locale: 12 },
      {},
      { locale: 'fr', role: 'ADMIN' },
    ]) {
      const refused = await put(viewer, payload);
      expect(refused.statusCode, JSON.stringify(payload)).toBe(400);
      const { error } = refused.json();
      expect(error.code).toBe('VALIDATION_FAILED');
      expect(typeof error.message).toBe('string');
      expect(JSON.stringify(error.details)).toMatch(/locale|role/);
    }
    expect((await viewer.get('/api/me')).json().locale).toBe('fr');
    expect((await viewer.get('/api/me')).json().role).toBe('VIEWER');
  });

  it('needs a signed-in user and, with the cookie, the CSRF token', async () => {
    expect((await put(t.anonymous, { locale: 'fr' })).statusCode).toBe(401);
    const forged = await put(viewer, { locale: 'es' }, { 'x-csrf-token': 'forged' });
    expect(forged.statusCode).toBe(403);
    expect((await viewer.get('/api/me')).json().locale).not.toBe('es');
  });
});

describe('the browser languages (Accept-Language)', () => {
  it('picks the best of en, fr, es, ru, ar by quality, then order, matching regional variants', () => {
    expect(localeFromAcceptLanguage('ru-RU,ru;q=0.9,en-US;q=0.8')).toBe('ru');
    expect(localeFromAcceptLanguage('de-DE,fr-CA;q=0.7,en;q=0.8')).toBe('en');
    expect(localeFromAcceptLanguage('de, ar-EG;q=0.5')).toBe('ar');
    expect(localeFromAcceptLanguage('es;q=0, fr;q=0.1')).toBe('fr');
    expect(localeFromAcceptLanguage('de, *')).toBeNull();
    expect(localeFromAcceptLanguage('')).toBeNull();
  });
});

describe("area names in the reader's language (Accept-Language)", () => {
  it('names an area, alone or inside another answer, by its neutral name in that language, else its default name', async () => {
    const admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
    const created = await admin.post('/api/areas', {
      kind: 'CORRIDOR',
      names: [
        { lang: 'en', name: 'Lachin corridor', isDefault: true },
        { lang: 'ru', name: 'Лачинский коридор' },
        { lang: 'ar', name: 'ممر لاتشين', usedBy: 'one party' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const area = created.json();
    const organization = await makeOrganization(t.db);
    expect(
      (await admin.post('/api/access-statuses', statusBody(organization.id, area.id))).statusCode,
    ).toBe(201);
    const read = (url: string, language?: string) =>
      admin.request({
        method: 'GET',
        url,
        headers: language ? { 'accept-language': language } : {},
      });

    const russian = await read(`/api/areas/${area.id}`, 'ru-RU,ru;q=0.9');
    expect(russian.json().name).toBe('Лачинский коридор');
    expect(russian.headers.vary).toMatch(/Accept-Language/i);
    const list = await read(`/api/access-statuses?areaId=${area.id}`, 'ru');
    expect(list.json().items.map((item: any) => item.area.name)).toEqual(['Лачинский коридор']);
    // a name one party uses is never forced on a reader: Arabic falls back to the default
    expect((await read(`/api/areas/${area.id}`, 'ar')).json().name).toBe('Lachin corridor');
    expect(
      (await read(`/api/access-statuses?areaId=${area.id}`, 'fr')).json().items[0].area.name,
    ).toBe('Lachin corridor');
    // no language asked: the answer is as before
    expect((await read(`/api/access-statuses?areaId=${area.id}`)).json().items[0].area.name).toBe(
      'Lachin corridor',
    );
  });
});
