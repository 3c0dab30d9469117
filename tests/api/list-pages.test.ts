import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';

/**
 * Every list read forwards with a cursor (shared/cursor.ts: pageForwards) gives the same
 * rows in the same order whatever its page size: no row lost or repeated at a page's edge,
 * every page full but the last, and no cursor after the last.
 */
let t: TestApp;
let admin: Client;
let coordinator: Client;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  admin = await t.signIn('admin@demo.local', 'demo-password');
  coordinator = await t.signIn('coordinator@demo.local', 'demo-password');
});
afterAll(() => t.close());

type Page = { items: Record<string, any>[]; nextCursor: string | null };

async function readAll(client: Client, url: string, limit: number, idOf: (item: any) => string) {
  const ids: string[] = [];
  const sizes: number[] = [];
  let cursor: string | null = null;
  do {
    const separator = url.includes('?') ? '&' : '?';
    const response = await client.get(
      `${url}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(response.statusCode, `${url}: ${response.body}`).toBe(200);
    const page: Page = response.json();
    ids.push(...page.items.map(idOf));
    sizes.push(page.items.length);
    cursor = page.nextCursor;
    expect(sizes.length, url).toBeLessThan(500);
  } while (cursor);
  return { ids, sizes };
}

describe('lists read forwards a page at a time', () => {
  const lists: ['admin' | 'coordinator', string, (item: any) => string][] = [
    ['admin', '/api/users', (item) => item.id],
    ['admin', '/api/organizations', (item) => item.id],
    ['admin', '/api/areas', (item) => item.id],
    ['admin', '/api/parties', (item) => item.id],
    ['coordinator', '/api/access-statuses?asOf=2024-01-01', (item) => item.id],
    ['coordinator', '/api/changes?since=2000-01-01T00:00:00Z', (item) => item.versionId],
    [
      'coordinator',
      '/api/access-requests/consent-board?asOf=2024-01-01',
      (item) => `${item.requestId} ${item.party.id}`,
    ],
  ];

  it.each(lists)('%s %s: the same rows whatever the page size', async (who, url, idOf) => {
    const client = who === 'admin' ? admin : coordinator;
    const small = await readAll(client, url, 1, idOf);
    const larger = await readAll(client, url, 2, idOf);
    // enough rows to cut several pages, or the property says nothing
    expect(small.ids.length, url).toBeGreaterThan(2);
    expect(larger.ids).toEqual(small.ids);
    expect(new Set(small.ids).size).toBe(small.ids.length);
    for (const { sizes } of [small, larger])
      for (const [index, size] of sizes.entries())
        if (index < sizes.length - 1) expect(size, url).toBe(sizes === small.sizes ? 1 : 2);
        else expect(size, url).toBeGreaterThan(0);
  });
});
