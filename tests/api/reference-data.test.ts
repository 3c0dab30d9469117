import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import { makeUser, TEST_PASSWORD } from '../support/factories';

let t: TestApp;
let admin: Client;

beforeAll(async () => {
  t = await createTestApp();
  admin = await t.signIn((await makeUser(t.db, 'ADMIN', 'SEVERE')).email, TEST_PASSWORD);
});
afterAll(() => t.close());

describe('organisations', () => {
  it('creates, reads, searches by alias, acronym and IATI id, and updates', async () => {
    const created = await admin.post('/api/organizations', {
      name: 'Norwegian Refugee Council',
      acronym: 'NRC',
      aliases: ['Flyktninghjelpen'],
      typeCode: 437,
      iatiId: 'NO-BRC-977538319',
    });
    expect(created.statusCode).toBe(201);
    const organization = created.json();
    expect(organization).toMatchObject({ typeLabel: 'International NGO', parentId: null });
    for (const q of ['Flyktninghjelpen', 'nrc', 'NO-BRC-977538319', 'refugee']) {
      const found = (await admin.get(`/api/organizations?q=${encodeURIComponent(q)}`))
        .json()
        .items.map((item: any) => item.id);
      expect(found, q).toContain(organization.id);
    }
    const updated = await admin.patch(`/api/organizations/${organization.id}`, {
      acronym: 'NRC-NO',
    });
    expect(updated.json().acronym).toBe('NRC-NO');
    expect((await admin.get(`/api/organizations/${organization.id}`)).json().acronym).toBe(
      'NRC-NO',
    );
  });

  it('keeps one identity per organisation: a duplicate name or IATI id is a 409 naming the field', async () => {
    await admin.post('/api/organizations', {
      name: 'Action contre la Faim',
      typeCode: 437,
      iatiId: 'FR-RNA-W751012345',
    });
    const sameName = await admin.post('/api/organizations', {
      name: 'action contre la faim',
      typeCode: 437,
    });
    expect(sameName.statusCode).toBe(409);
    expect(sameName.json().error.details.issues[0].field).toBe('name');
    const sameIati = await admin.post('/api/organizations', {
      name: 'ACF France',
      typeCode: 437,
      iatiId: 'FR-RNA-W751012345',
    });
    expect(sameIati.statusCode).toBe(409);
    expect(sameIati.json().error.details.issues[0].field).toBe('iatiId');
  });

  it.each([
    [{ name: 'X', typeCode: 999 }, 'typeCode'],
    [{ name: '', typeCode: 437 }, 'name'],
    [{ name: 'X', typeCode: 437, iatiId: 'not an id' }, 'iatiId'],
    [{ name: 'X', typeCode: 437, parentId: '00000000-0000-4000-8000-000000000000' }, 'parentId'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const before = await t.db.organization.count();
    const response = await admin.post('/api/organizations', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe(field);
    expect(await t.db.organization.count()).toBe(before);
  });

  it('refuses to make an organisation its own ancestor', async () => {
    const parent = (
      await admin.post('/api/organizations', { name: 'Parent agency', typeCode: 447 })
    ).json();
    const child = (
      await admin.post('/api/organizations', {
        name: 'Country office',
        typeCode: 447,
        parentId: parent.id,
      })
    ).json();
    const cycle = await admin.patch(`/api/organizations/${parent.id}`, { parentId: child.id });
    expect(cycle.statusCode).toBe(400);
    expect(cycle.json().error.details.issues[0].field).toBe('parentId');
  });

  it('answers 404 for an organisation that does not exist', async () => {
    const response = await admin.get('/api/organizations/00000000-0000-4000-8000-000000000000');
    expect(response.statusCode).toBe(404);
    expect(response.json().error.code).toBe('NOT_FOUND');
  });
});

describe('areas', () => {
  it("keeps a tree with names in several languages, and returns an area's subtree", async () => {
    const country = (
      await admin.post('/api/areas', {
        kind: 'COUNTRY',
        iso3: 'ARM',
        names: [
          { lang: 'en', name: 'Armenia' },
          { lang: 'hy', name: 'Հայաստան', isDefault: true },
        ],
      })
    ).json();
    expect(country.name).toBe('Հայաստան');
    const province = (
      await admin.post('/api/areas', {
        kind: 'ADM1',
        pcode: 'AM07',
        parentId: country.id,
        names: [{ lang: 'en', name: 'Syunik' }],
      })
    ).json();
    const crossing = (
      await admin.post('/api/areas', {
        kind: 'CROSSING',
        parentId: province.id,
        names: [{ lang: 'en', name: 'Kornidzor checkpoint' }],
      })
    ).json();
    const subtree = (await admin.get(`/api/areas/${country.id}/subtree`)).json().items;
    expect(subtree.map((area: any) => [area.name, area.depth])).toEqual([
      ['Հայաստան', 0],
      ['Syunik', 1],
      ['Kornidzor checkpoint', 2],
    ]);
    expect((await admin.get('/api/areas?q=am07')).json().items.map((area: any) => area.id)).toEqual(
      [province.id],
    );
    expect(
      (await admin.get('/api/areas?q=Հայաստ')).json().items.map((area: any) => area.id),
    ).toEqual([country.id]);
    const cycle = await admin.patch(`/api/areas/${country.id}`, { parentId: crossing.id });
    expect(cycle.statusCode).toBe(400);
    const renamed = await admin.patch(`/api/areas/${province.id}`, {
      names: [
        { lang: 'en', name: 'Syunik Province' },
        { lang: 'hy', name: 'Սյունիք' },
      ],
    });
    expect(renamed.json()).toMatchObject({
      name: 'Syunik Province',
      names: [
        { name: 'Syunik Province', isDefault: true },
        { name: 'Սյունիք', isDefault: false },
      ],
    });
  });

  it.each([
    [{ kind: 'COUNTRY', names: [{ lang: 'en', name: 'Nowhere' }] }, 'iso3'],
    [{ kind: 'COUNTRY', iso3: 'arm', names: [{ lang: 'en', name: 'x' }] }, 'iso3'],
    [{ kind: 'ADM1', names: [] }, 'names'],
    [{ kind: 'ADM1', names: [{ lang: 'english!', name: 'x' }] }, 'names.0.lang'],
    [
      {
        kind: 'ADM1',
        names: [
          { lang: 'en', name: 'a', isDefault: true },
          { lang: 'fr', name: 'b', isDefault: true },
        ],
      },
      'names',
    ],
    [{ kind: 'PLANET', names: [{ lang: 'en', name: 'x' }] }, 'kind'],
  ])('rejects %j with 400 naming %s', async (body, field) => {
    const response = await admin.post('/api/areas', body);
    expect(response.statusCode).toBe(400);
    expect(response.json().error.details.issues[0].field).toBe(field);
  });

  it('refuses a p-code already in use with 409', async () => {
    await admin.post('/api/areas', {
      kind: 'ADM1',
      pcode: 'AZ01',
      names: [{ lang: 'en', name: 'Absheron' }],
    });
    const clash = await admin.post('/api/areas', {
      kind: 'ADM1',
      pcode: 'az01',
      names: [{ lang: 'en', name: 'Other' }],
    });
    expect(clash.statusCode).toBe(409);
  });
});

describe('parties', () => {
  it('creates, lists, searches and updates parties', async () => {
    const created = (
      await admin.post('/api/parties', { name: 'Government of Armenia', kind: 'GOVERNMENT' })
    ).json();
    expect(
      (await admin.get('/api/parties?q=armenia')).json().items.map((party: any) => party.id),
    ).toContain(created.id);
    expect(
      (await admin.patch(`/api/parties/${created.id}`, { acronym: 'GoAM' })).json().acronym,
    ).toBe('GoAM');
    expect(
      (await admin.post('/api/parties', { name: 'government of armenia', kind: 'GOVERNMENT' }))
        .statusCode,
    ).toBe(409);
    expect((await admin.post('/api/parties', { name: 'X', kind: 'ALIENS' })).statusCode).toBe(400);
    expect((await admin.get(`/api/parties/${created.id}`)).json().name).toBe(
      'Government of Armenia',
    );
  });
});
