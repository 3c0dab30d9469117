import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../support/app';
import {
  makeArea,
  makeOrganization,
  makeUser,
  statusBody,
  TEST_PASSWORD,
} from '../support/factories';

/**
 * A pair's history and timeline come a page at a time, the latest first: a pair with
 * 30,000 versions answered 24 MB in 5–8 s. Read page by page, they are the whole list,
 * as each reader may see it, and a hidden version takes no place on a page.
 */

let t: TestApp;
let coordinator: Client;
let viewer: Client;
let editor: Client;
let organization: string;
let areaId: string;

type Page = {
  items: { id: string; validFrom: string; proposal?: boolean }[];
  nextCursor: string | null;
};

beforeAll(async () => {
  t = await createTestApp();
  organization = (await makeOrganization(t.db)).id;
  areaId = (await makeArea(t.db)).id;
  coordinator = await t.signIn(
    (await makeUser(t.db, 'COORDINATOR', 'SEVERE')).email,
    TEST_PASSWORD,
  );
  viewer = await t.signIn((await makeUser(t.db, 'VIEWER', 'LOW')).email, TEST_PASSWORD);
  editor = await t.signIn(
    (await makeUser(t.db, 'EDITOR', 'LOW', [organization])).email,
    TEST_PASSWORD,
  );
  // nine periods, the months of 2024, every third one SEVERE; then corrections of two
  const months = ['01', '02', '03', '04', '05', '06', '07', '08', '09'];
  const ids: string[] = [];
  for (const [index, month] of months.entries()) {
    const response = await coordinator.post(
      '/api/access-statuses',
      statusBody(organization, areaId, {
        status: index % 2 ? 'FULL' : 'CONSTRAINED',
        validFrom: `2024-${month}-01`,
        sensitivity: index % 3 === 2 ? 'SEVERE' : 'LOW',
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    ids.push(response.json().id);
  }
  for (const id of [ids[0]!, ids[4]!]) {
    const version = (await coordinator.get(`/api/access-statuses/${id}`)).json();
    const response = await coordinator.post(`/api/access-statuses/${id}/corrections`, {
      status: 'DENIED',
      validFrom: version.validFrom,
      reason: 'corrected',
      sensitivity: 'LOW',
    });
    expect(response.statusCode, response.body).toBe(201);
  }
  // a pending proposal, for includeProposals
  const proposal = await editor.post(
    '/api/access-statuses',
    statusBody(organization, areaId, { status: 'DENIED', validFrom: '2024-10-01' }),
  );
  expect(proposal.statusCode, proposal.body).toBe(201);
});
afterAll(() => t.close());

/** Every page from the latest back, by each page's nextCursor. */
async function allPages(reader: Client, url: string, limit: number) {
  const pages: Page[] = [];
  let cursor: string | null = null;
  do {
    const response = await reader.get(
      `${url}&limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(response.statusCode, response.body).toBe(200);
    const page: Page = response.json();
    pages.push(page);
    cursor = page.nextCursor;
    expect(pages.length).toBeLessThan(50);
  } while (cursor);
  return pages;
}

describe("a pair's history and timeline, a page at a time", () => {
  const routes = () => {
    const pair = `organizationId=${organization}&areaId=${areaId}`;
    return [
      `/api/access-statuses/history?${pair}`,
      `/api/access-statuses/history?${pair}&includeProposals=true`,
      `/api/access-statuses/timeline?${pair}`,
      `/api/access-statuses/timeline?${pair}&includeProposals=true`,
      `/api/access-statuses/timeline?${pair}&knownAt=2199-01-01T00:00:00Z`,
      `/api/access-statuses/timeline?${pair}&knownAt=2199-01-01T00:00:00Z&includeProposals=true`,
    ];
  };

  it('read page by page, the latest first, are the whole list as each reader sees it', async () => {
    for (const reader of [coordinator, viewer, editor]) {
      for (const url of routes()) {
        const whole: Page = (await reader.get(url)).json();
        expect(whole.nextCursor, url).toBeNull();
        expect(whole.items.length, url).toBeGreaterThan(3);
        for (const limit of [1, 2, 3, 500]) {
          const pages = await allPages(reader, url, limit);
          // the latest page first: read back to front, they are the whole list in its order
          expect(
            pages.toReversed().flatMap((page) => page.items.map((item) => item.id)),
            `${url} limit ${limit}`,
          ).toEqual(whole.items.map((item) => item.id));
          // every page full but the earliest, and no empty page
          for (const [index, page] of pages.entries()) {
            if (index < pages.length - 1) expect(page.items).toHaveLength(limit);
            else expect(page.items.length).toBeGreaterThan(0);
          }
        }
      }
    }
  });

  it('give each reader only what they may see, and full pages of it', async () => {
    const pair = `organizationId=${organization}&areaId=${areaId}`;
    const all: Page = (await coordinator.get(`/api/access-statuses/history?${pair}`)).json();
    const seen: Page = (await viewer.get(`/api/access-statuses/history?${pair}`)).json();
    // the three SEVERE periods exist for the coordinator alone
    expect(all.items.length - seen.items.length).toBe(3);
    const pages = await allPages(viewer, `/api/access-statuses/history?${pair}`, 2);
    expect(pages.flatMap((page) => page.items.map((item) => item.id)).sort()).toEqual(
      seen.items.map((item) => item.id).sort(),
    );
    // a cursor the coordinator was given reads, for the viewer, only what the viewer sees
    const coordinatorPage: Page = (
      await coordinator.get(`/api/access-statuses/history?${pair}&limit=1`)
    ).json();
    const onward: Page = (
      await viewer.get(
        `/api/access-statuses/history?${pair}&limit=500&cursor=${coordinatorPage.nextCursor}`,
      )
    ).json();
    const visible = new Set(seen.items.map((item) => item.id));
    expect(onward.items.every((item) => visible.has(item.id))).toBe(true);
  });

  it('open, for a link to one version, the page that holds it, as the cursors cut them; a version the reader may not see opens the latest page, as an id of nothing', async () => {
    const pair = `organizationId=${organization}&areaId=${areaId}`;
    for (const reader of [coordinator, viewer, editor]) {
      for (const extra of ['', '&includeProposals=true']) {
        const url = `/api/access-statuses/history?${pair}${extra}`;
        for (const limit of [1, 2, 3, 500]) {
          const pages = await allPages(reader, url, limit);
          for (const [index, page] of pages.entries()) {
            for (const item of page.items) {
              const response = await reader.get(`${url}&limit=${limit}&version=${item.id}`);
              expect(response.statusCode, response.body).toBe(200);
              const found = response.json();
              expect(found.items, `${url} limit ${limit}`).toEqual(page.items);
              expect(found.nextCursor).toBe(page.nextCursor);
              expect(found.latestPage).toBe(index === 0);
            }
          }
        }
      }
    }
    // the viewer: a SEVERE version's id, and an id of nothing, both open the latest page
    const all: Page = (await coordinator.get(`/api/access-statuses/history?${pair}`)).json();
    const seen = new Set(
      ((await viewer.get(`/api/access-statuses/history?${pair}`)).json() as Page).items.map(
        (item) => item.id,
      ),
    );
    const hidden = all.items.find((item) => !seen.has(item.id));
    expect(hidden, 'the world has a version the viewer may not see').toBeDefined();
    const answers = await Promise.all(
      [hidden!.id, '00000000-0000-4000-8000-000000000000'].map(async (id) =>
        (await viewer.get(`/api/access-statuses/history?${pair}&limit=2&version=${id}`)).json(),
      ),
    );
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0].latestPage).toBe(true);
    // with a cursor, the cursor decides
    const first: Page = (await viewer.get(`/api/access-statuses/history?${pair}&limit=2`)).json();
    const second = (
      await viewer.get(
        `/api/access-statuses/history?${pair}&limit=2&cursor=${first.nextCursor}&version=${first.items[0]!.id}`,
      )
    ).json();
    expect(second.latestPage).toBe(false);
    expect(second.items.map((item: { id: string }) => item.id)).not.toContain(first.items[0]!.id);
  });

  it('give out cursors that hold only what the page shows (not the stored kind of a correction of a hidden version)', async () => {
    const pairArea = (await makeArea(t.db)).id;
    const post = async (url: string, body: Record<string, unknown>) => {
      const response = await coordinator.post(url, body);
      expect(response.statusCode, response.body).toBe(201);
      return response.json();
    };
    await post(
      '/api/access-statuses',
      statusBody(organization, pairArea, { validFrom: '2024-01-01', sensitivity: 'LOW' }),
    );
    const hidden = await post(
      '/api/access-statuses',
      statusBody(organization, pairArea, { validFrom: '2024-02-01', sensitivity: 'SEVERE' }),
    );
    // a LOW correction of the SEVERE entry: for the LOW viewer, a new entry
    await post(`/api/access-statuses/${hidden.id}/corrections`, {
      status: 'FULL',
      validFrom: '2024-02-01',
      reason: 'as told',
      sensitivity: 'LOW',
    });
    const pair = `organizationId=${organization}&areaId=${pairArea}`;
    for (const url of [
      `/api/access-statuses/history?${pair}&limit=1`,
      `/api/access-statuses/timeline?${pair}&limit=1`,
    ]) {
      const page = (await viewer.get(url)).json();
      const [first] = page.items;
      expect(first.changeKind, url).toBe('RECORD');
      const key: string[] = JSON.parse(Buffer.from(page.nextCursor, 'base64url').toString());
      const instant = key.find((value) => value.includes(':'))!;
      // to the microsecond, however many digits either writes
      const micros = (iso: string) =>
        iso.replace(/(:\d{2})(?:\.(\d+))?Z$/, (_, s, f = '') => `${s}.${f.padEnd(6, '0')}Z`);
      expect(micros(instant.replace(' ', 'T').replace(/\+00$/, 'Z')), url).toBe(
        micros(first.recordedAt),
      );
      expect(key.filter((value) => value !== instant).sort(), url).toEqual(
        [first.validFrom, first.id].sort(),
      );
    }
  });

  it('refuses a limit out of range and a cursor no page gave out, naming the field', async () => {
    const url = `/api/access-statuses/timeline?organizationId=${organization}&areaId=${areaId}`;
    for (const limit of ['0', '501', '-1', '1.5', 'all']) {
      const response = await viewer.get(`${url}&limit=${limit}`);
      expect(response.statusCode, limit).toBe(400);
      expect(response.json().error.details.issues[0].field).toBe('querystring.limit');
    }
    const key = (value: unknown[]) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const id = '00000000-0000-4000-8000-000000000000';
    for (const [route, cursor] of [
      // days and instants PostgreSQL would refuse to cast (a 500 if they reached it)
      ['timeline', key(['2024-02-30', '2024-01-01 00:00:00+00', id])],
      ['timeline', key(['0000-01-01', '2024-01-01 00:00:00+00', id])],
      ['timeline', key(['2024-01-01', '2024-01-01 24:00:00+00', id])],
      ['timeline', key(['2024-01-01', '2024-01-01 00:00:00+16', id])],
      ['timeline', key(['2024-01-01', '2024-01-01 00:00:00+00', 'x'])],
      ['history', key(['2024-01-01 00:00:00+00', '2024-01-01', 'RECORD', id])],
      ['history', key(['2024-01-01 00:00:00+00', '2024-01-01'])],
      ['history', key(['2024-01-01 00:00:00\u0000+00', '2024-01-01', id])],
      ['history', 'bm90IGpzb24'],
    ]) {
      const response = await viewer.get(
        `/api/access-statuses/${route}?organizationId=${organization}&areaId=${areaId}&cursor=${cursor}`,
      );
      expect(response.statusCode, `${route} ${cursor}`).toBe(400);
      expect(response.json().error.details.issues[0].field).toBe('cursor');
    }
    // a well-formed key of no version reads on from there: the page before it
    const before = await viewer.get(
      `${url}&cursor=${key(['2024-03-15', '2099-01-01 00:00:00+00', id])}`,
    );
    expect(before.statusCode, before.body).toBe(200);
    expect(before.json().items.map((item: { validFrom: string }) => item.validFrom)).toEqual([
      '2024-01-01',
      '2024-02-01',
    ]);
  });
});
