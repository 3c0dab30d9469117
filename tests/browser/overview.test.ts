import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousViolations } from '../support/axe';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';
import { makeArea } from '../support/factories';
import { upload } from '../support/upload';

const hasChromium = fs.existsSync(chromiumPath);
let d: RunningDashboard;

async function coordinatorPage(viewport = { width: 1366, height: 900 }): Promise<Page> {
  const page = await d.newPage();
  await page.setViewportSize(viewport);
  await d.signIn(page, 'coordinator@demo.local');
  return page;
}

/** The demo's data: the report of early February 2023, recorded when the demo was loaded. */
describe.skipIf(!hasChromium)(`the overview in Chromium (needs ${chromiumPath})`, () => {
  beforeAll(async () => {
    d = await startDashboard();
  }, 120_000);
  afterAll(() => d?.close());

  it('leads with answers at a past asOf: ranking with trends, figures, feed, chart and heatmap all of that day', async () => {
    const page = await coordinatorPage();
    await page.goto('/?asOf=2023-02-10');
    expect(await page.title()).toContain('Overview');
    expect(await page.getByTestId('filter-summary').textContent()).toBe(
      'All areas · all organisations · any status · as of 10 Feb 2023',
    );
    // the filters are folded: the first screen shows answers, not thirteen controls
    expect(await page.getByLabel('As of').isVisible()).toBe(false);

    const ranking = page.locator('#ranking table.ranking tbody tr');
    expect(await ranking.first().locator('th').textContent()).toBe('Nagorno-Karabakh');
    // OCHA and UNHCR denied on 10 Feb; a month earlier only the peacekeepers had an entry
    expect(await ranking.first().locator('td.num').first().textContent()).toBe('2 / 4');
    expect(await ranking.first().locator('.trend').first().textContent()).toMatch(/deteriorated/i);

    const figures = page.getByRole('region', { name: 'Headline figures' });
    expect(await figures.locator('.figure').first().textContent()).toContain(
      '1area where an organisation is denied or suspended',
    );
    const blocked = figures.locator('.figure').first();
    expect(await blocked.getAttribute('href')).toContain('status=DENIED%2CSUSPENDED');
    // the feed: the three changes taking effect between 12 Jan and 10 Feb 2023
    expect(await figures.locator('.figure').nth(2).textContent()).toContain(
      '3changes taking effect in the 30 days up to 10 Feb 2023',
    );
    expect(await page.locator('#changes .feed li').count()).toBe(3);

    // the chart holds all the data (from Nov 2020) and marks asOf
    const chart = page.getByTestId('access-over-time-chart');
    await chart.locator('.recharts-area-area').first().waitFor();
    expect(await chart.locator('.recharts-reference-line').count()).toBe(1);
    expect(await chart.locator('svg').first().textContent()).toContain('as of 10 Feb 2023');
    expect(await page.locator('ul.chart-legend li').allTextContents()).toEqual([
      '✓Full access',
      '◐Constrained',
      '✕Denied',
    ]);
    // the access chart's own table (the overview shows other charts too)
    const accessChart = page.locator('figure[aria-labelledby="access-over-time-title"]');
    await accessChart.getByRole('button', { name: 'View as table' }).click();
    const firstBucket = accessChart.locator('table tbody tr').first().locator('th');
    expect(await firstBucket.textContent()).toBe('Nov 2020');

    // heatmap: worst first, cells patterned, focusable, their detail shown on focus
    const heatmapRows = await page.locator('table.heatmap tbody th').allTextContents();
    expect(heatmapRows.slice(0, 2).sort()).toEqual(['OCHA', 'UNHCR']);
    // one tab stop; its detail shows beside it and below the grid, the arrow keys move
    const tabStop = page.locator('table.heatmap td[tabindex="0"]');
    await tabStop.focus();
    expect(await tabStop.getAttribute('class')).toContain('status-fill-DENIED');
    expect(await page.locator('table.heatmap + .cell-detail').isVisible()).toBe(true);
    expect(await page.locator('#heatmap-detail').textContent()).toMatch(
      /in Nagorno-Karabakh: Denied/,
    );
    await page.keyboard.press('ArrowDown');
    // the focused cell's row and column in the grid (the row header is the first cell)
    expect(
      await page.evaluate(() => {
        const cell = document.activeElement as HTMLTableCellElement | null;
        const row = cell?.parentElement as HTMLTableRowElement | null;
        return `${row?.sectionRowIndex}-${(cell?.cellIndex ?? 0) - 1}`;
      }),
    ).toBe('1-0');
    expect(await page.locator('#heatmap-detail').textContent()).toMatch(
      /in Nagorno-Karabakh: Denied/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await d.screenshot(page, 'overview-1366');
    // a table's scroll shadows are covered in the colour behind it, in a panel and, moved onto
    // the grey page, there too: no white bands beside a table on the page (a scroller that is
    // itself a panel has the panel's white)
    const bands = () =>
      page.locator('.table-scroll:not(.panel)').evaluateAll((scrollers) =>
        scrollers.flatMap((scroller) => {
          let behind = 'rgba(0, 0, 0, 0)';
          let box = scroller.parentElement;
          while (box && behind === 'rgba(0, 0, 0, 0)') {
            behind = getComputedStyle(box).backgroundColor;
            box = box.parentElement;
          }
          const { backgroundImage, backgroundColor } = getComputedStyle(scroller);
          // an opaque colour is written rgb(), one that lets the background through rgba()
          return [...(backgroundImage.match(/rgb\([^)]*\)/g) ?? []), backgroundColor]
            .filter((colour) => colour !== behind && colour !== 'rgba(0, 0, 0, 0)')
            .map((colour) => `${colour} on ${behind}`);
        }),
      );
    expect(await bands()).toEqual([]);
    await page.locator('table.heatmap').evaluate((table) => {
      document.querySelector('main')!.append(table.parentElement!);
    });
    expect(await bands()).toEqual([]);

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/?asOf=2023-02-10');
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousViolations(page)).toEqual([]);
    // the heatmap's organisations are read in full, not "Organisa…" or "Russian p…"
    const rowHeaders = page.locator('table.heatmap th.org');
    expect(await rowHeaders.count()).toBeGreaterThan(1);
    for (const header of await rowHeaders.all())
      expect(
        await header.evaluate((cell) => cell.scrollWidth - cell.clientWidth),
        `${await header.textContent()}: cut`,
      ).toBeLessThanOrEqual(0);
    await d.screenshot(page, 'overview-390');
    // Enter on a cell opens that pair's history
    await page.locator('table.heatmap td[tabindex="0"]').focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/history\?organizationId=.*&areaId=/);
    await page.context().close();
  }, 120_000);

  it('answers "as known on" a day before anything was recorded: nothing, the feed and the figures included', async () => {
    const page = await coordinatorPage();
    await page.goto('/?asOf=2023-02-10&knownOn=2023-01-01');
    const figures = page.getByRole('region', { name: 'Headline figures' });
    // polled: the page streams (its loading state first), and "as known on" reads take
    // longer than the page's shell; a CI run read the figures before they had arrived
    await expect
      .poll(() => figures.locator('.figure .value').allTextContents())
      .toEqual(['0', '0', '0', '▲ 0 ▼ 0']);
    expect(await page.locator('#changes .feed li').count()).toBe(0);
    expect(await page.locator('#ranking table.ranking').count()).toBe(0);
    expect(await page.getByTestId('filter-summary').textContent()).toContain(
      'as known on 1 Jan 2023',
    );
    // the chart's series, fetched by the browser after the page, is "as known on" too
    await expect
      .poll(() => page.locator('figure[aria-labelledby="access-over-time-title"]').count(), {
        timeout: 15_000,
      })
      .toBe(1);
    expect(
      await page.locator('figure[aria-labelledby="access-over-time-title"]').textContent(),
    ).toContain('No entries in this period for these filters.');
    await page.context().close();
  }, 60_000);

  it('explains each trend symbol of the ranking in words under it, on a laptop and on a phone, not only in a hover title', async () => {
    const page = await coordinatorPage();
    await page.goto('/?asOf=2023-02-10');
    const symbols = () =>
      page
        .locator('#ranking table.ranking td.trends [aria-hidden="true"]')
        .evaluateAll((marks) => [...new Set(marks.map((mark) => mark.textContent))]);
    const key = page.locator('#ranking .trend-key');
    expect((await symbols()).length).toBeGreaterThan(0);
    // every symbol in the table is named in the key, which a touch screen shows too
    for (const viewport of [
      { width: 1366, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await page.setViewportSize(viewport);
      expect(await key.isVisible(), `${viewport.width} px`).toBe(true);
      const keyText = (await key.textContent()) ?? '';
      expect(keyText).toContain('against 30 and 90 days earlier');
      expect(keyText).toContain('▼ Deteriorated');
      for (const symbol of await symbols()) expect(keyText).toContain(`${symbol} `);
    }
    // a screen reader reads each cell's trend in words
    expect(await page.locator('#ranking td.trends').first().textContent()).toMatch(
      /against 30 days earlier: \w+/,
    );
    await page.context().close();
  }, 60_000);

  it("says so when the chart's series cannot be loaded, and shows the rest of the page", async () => {
    const page = await coordinatorPage();
    // the one edge mocked: the browser's request for the series fails on the network
    await page.route('**/api/stats/timeseries**', (route) => route.abort('connectionrefused'));
    await page.goto('/?asOf=2023-02-10');
    await expect
      .poll(() => page.getByRole('alert').allTextContents(), { timeout: 15_000 })
      .toContain("The chart's figures could not be loaded. Reload the page to try again.");
    expect(await page.locator('#ranking table.ranking tbody tr').count()).toBeGreaterThan(0);
    expect(await page.locator('table.heatmap').count()).toBe(1);
    await page.context().close();
  }, 60_000);

  it('finds an area by its Armenian and its Russian name in the type-ahead, and filters by it', async () => {
    const page = await coordinatorPage();
    await page.goto('/');
    await page.locator('summary', { hasText: 'edit' }).click();
    const area = page.getByRole('combobox', { name: 'Area (with sub-areas)' });
    await area.fill('Արցախ');
    const option = page.getByRole('option', { name: /Nagorno-Karabakh/ });
    await option.waitFor();
    expect(await option.textContent()).toContain('Արցախ');
    expect(await seriousViolations(page)).toEqual([]);
    await d.screenshot(page, 'overview-combobox');
    await area.press('ArrowDown');
    await area.press('Enter');
    expect(await area.inputValue()).toMatch(/^Nagorno-Karabakh/);

    await area.fill('Лачинский');
    const lachin = page.getByRole('option', { name: /Lachin corridor/ });
    await lachin.waitFor();
    expect(await lachin.textContent()).toContain('Лачинский коридор');
    await area.press('ArrowDown');
    await area.press('Enter');
    const statuses = page.getByRole('group', { name: 'Status' });
    await statuses.getByLabel('Full access').check();
    await statuses.getByLabel('Pending').check();
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/areaId=/);
    expect(page.url()).toMatch(/status=FULL&status=PENDING|status=PENDING&status=FULL/);
    const summary = await page.getByTestId('filter-summary').textContent();
    expect(summary).toContain('In Lachin corridor (with sub-areas) · all organisations · ');
    expect(summary).toMatch(/pending or full access|full access or pending/);
    // the proposed fact-finding mission is a request since issue 16, no longer an organisation
    expect(await page.locator('table.heatmap tbody th').allTextContents()).toEqual([
      expect.stringMatching(/Russian peacekeeping/i),
    ]);
    await page.context().close();
  }, 60_000);

  it('downloads the chart series and the feed as CSV, and serves a favicon', async () => {
    const page = await coordinatorPage();
    await page.goto('/?asOf=2023-02-10');
    const series = await page.request.get('/downloads/access-over-time.csv?asOf=2023-02-10');
    expect(series.headers()['content-type']).toContain('text/csv');
    const seriesLines = (await series.text()).split('\r\n');
    expect(seriesLines[0]).toBe(
      '\uFEFFdate,full,constrained,pending,denied,suspended,unknown,total',
    );
    expect(seriesLines[2]).toBe('2020-11-01,0,0,0,0,0,0,0');
    const feed = await page.request.get('/downloads/changes.csv?asOf=2023-02-10');
    const feedLines = (await feed.text()).trim().split('\r\n');
    expect(feedLines[1]).toContain('#date+reported,#org+name');
    expect(feedLines).toHaveLength(2 + 3);
    const icon = await page.request.get('/favicon.ico');
    expect(icon.status()).toBe(200);
    expect(icon.headers()['content-type']).toMatch(/image/);
    await page.context().close();
  }, 60_000);

  it('titles every page with its subject, and passes axe on the area, organisation and history pages', async () => {
    const page = await coordinatorPage();
    await page.goto('/');
    await page.locator('#ranking table.ranking tbody th a').first().click();
    await page.waitForURL(/\/areas\//);
    // the title arrives with the page's metadata, which may stream in after the URL changes
    await page.waitForFunction(() => document.title.startsWith('Nagorno-Karabakh'));
    expect(await page.title()).toBe('Nagorno-Karabakh: access by organisation · Access monitor');
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('table.heatmap, h2#timelines').first().waitFor();
    await page.locator('h2#subareas').waitFor();
    await d.screenshot(page, 'area-1366');
    const organizationLink = page.locator('a[href^="/organizations/"]').first();
    await organizationLink.click();
    await page.waitForURL(/\/organizations\//);
    expect(await page.title()).toMatch(/: access by area · Access monitor$/);
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto('/history');
    expect(await page.title()).toBe('History: choose an organisation and an area · Access monitor');
    await page.getByRole('combobox', { name: 'Organisation' }).fill('ICRC');
    await page.getByRole('option', { name: /ICRC/ }).waitFor();
    await page.getByRole('combobox', { name: 'Organisation' }).press('ArrowDown');
    await page.getByRole('combobox', { name: 'Organisation' }).press('Enter');
    await page.getByRole('combobox', { name: 'Area' }).fill('Karabakh');
    await page.getByRole('option', { name: /^Nagorno-Karabakh/ }).waitFor();
    await page.getByRole('combobox', { name: 'Area' }).press('ArrowDown');
    await page.getByRole('combobox', { name: 'Area' }).press('Enter');
    await page.getByRole('button', { name: 'Show the history' }).click();
    await page.waitForURL(/organizationId=.*areaId=/);
    expect(await page.title()).toBe('History: ICRC in Nagorno-Karabakh · Access monitor');
    expect(await seriousViolations(page)).toEqual([]);
    // a period with no end shows "…", and says so in words to a screen reader
    const openEnded = page.locator('td[data-label="Valid"]').filter({ hasText: '…' });
    expect(await openEnded.count()).toBeGreaterThan(0);
    for (const cell of await openEnded.all())
      expect(await cell.textContent()).toContain('no end date');
    await page.context().close();
  }, 90_000);

  it("pages a long history: the latest 500 versions, then the earlier ones, and a stale cursor's page is the latest", async () => {
    const client = await d.t.signIn('coordinator@demo.local', 'demo-password');
    const icrc = await d.t.db.organization.findFirstOrThrow({ where: { acronym: 'ICRC' } });
    const area = await makeArea(d.t.db, { name: `Long history ${Date.now()}` });
    const day = (index: number) =>
      new Date(Date.UTC(2000, 0, 1 + index)).toISOString().slice(0, 10);
    const rows = Array.from(
      { length: 505 },
      (_, index) => `ICRC,"${area.name}",${index % 2 ? 'FULL' : 'CONSTRAINED'},${day(index)},LOW`,
    );
    const imported = await upload(
      client,
      ['organization_name,area_name,status,valid_from,sensitivity', ...rows].join('\r\n'),
      { dryRun: false },
    );
    expect(imported.statusCode, imported.body).toBe(200);
    expect(imported.json().applied).toBe(true);

    const page = await coordinatorPage();
    const pair = `/history?organizationId=${icrc.id}&areaId=${area.id}`;
    await page.goto(pair);
    const table = page.getByRole('region', { name: 'Every version, as a table' });
    expect(await table.locator('tbody tr').count()).toBe(500);
    // the latest first: the page ends with the last period
    expect(
      await table.locator('tbody tr').last().locator('time').nth(1).getAttribute('datetime'),
    ).toBe(day(504));
    expect(await page.getByText('A long history: showing 500 versions').count()).toBe(1);
    const pages = page.getByRole('navigation', { name: 'Pages of this history' });
    await pages.getByRole('link', { name: 'Earlier versions' }).click();
    await page.waitForURL(/cursor=/);
    expect(await table.locator('tbody tr').count()).toBe(5);
    expect(
      await table.locator('tbody tr').first().locator('time').nth(1).getAttribute('datetime'),
    ).toBe(day(0));
    expect(await pages.getByRole('link', { name: 'Earlier versions' }).count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await pages.getByRole('link', { name: 'Latest versions' }).click();
    await page.waitForURL((url) => !url.search.includes('cursor='));
    expect(await table.locator('tbody tr').count()).toBe(500);
    // a link to one of the earliest versions (the feed's, my entries') opens the page holding it
    const earliest = await d.t.db.accessStatusVersion.findFirstOrThrow({
      where: { areaId: area.id, validFrom: new Date(`${day(2)}T00:00:00Z`) },
    });
    await page.goto(`${pair}&version=${earliest.id}#v-${earliest.id}`);
    expect(await table.locator('tbody tr').count()).toBe(5);
    expect(await page.locator(`#v-${earliest.id}`).count()).toBe(1);
    await pages.getByRole('link', { name: 'Latest versions' }).click();
    await page.waitForURL((url) => !url.search.includes('version='));
    expect(await table.locator('tbody tr').count()).toBe(500);
    // a cursor this history did not give out: its latest page, not an error
    await page.goto(`${pair}&cursor=WyJhIl0`);
    await page.waitForURL((url) => !url.search.includes('cursor='));
    expect(await table.locator('tbody tr').count()).toBe(500);
    await page.context().close();
  }, 90_000);

  it('tells an outage from a sign-out: the API stopped, the user stays signed in, and the page comes back by itself', async () => {
    const page = await coordinatorPage();
    const upAnswer = await page.goto('/');
    expect(upAnswer?.status()).toBe(200);
    expect(upAnswer?.headers()['retry-after']).toBeUndefined();
    const server = d.t.app.server;
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    try {
      // 503 with Retry-After, so monitors, proxies and crawlers see an outage, not a page
      const answer = await page.goto('/?asOf=2023-02-10');
      expect(answer?.status()).toBe(503);
      expect(answer?.headers()['retry-after']).toBe('5');
      const outage = page.getByTestId('outage');
      await outage.waitFor();
      expect(page.url()).toContain('/?asOf=2023-02-10');
      expect(await outage.textContent()).toContain('you are still signed in');
      expect(await page.getByRole('status').first().textContent()).toMatch(/Trying again/);
      expect(await seriousViolations(page)).toEqual([]);
      await d.screenshot(page, 'outage');
      // every other page says the same, never a blank page or the framework's error
      for (const path of [
        '/requests',
        '/requests/new',
        '/map',
        '/snapshot',
        '/notifications',
        '/settings/notifications',
        '/incidents',
        '/review',
      ]) {
        const pathAnswer = await page.goto(path);
        expect(pathAnswer?.status(), path).toBe(503);
        await page.getByTestId('outage').waitFor({ timeout: 15_000 });
        expect(page.url(), path).toContain(path);
        expect(await page.textContent('body'), path).not.toMatch(
          /Application error|Internal Server Error/,
        );
      }
      // downloads: a sentence in the reader's language with 503, never a stack trace or the
      // API's JSON saved as the file (a CSV link is followed as a document)
      for (const path of [
        '/downloads/changes.csv',
        '/downloads/access-over-time.csv',
        '/api/exports/access-statuses.csv',
      ]) {
        const download = await page.request.get(path, {
          headers: { 'sec-fetch-dest': 'document', 'accept-language': 'fr' },
        });
        expect(download.status(), path).toBe(503);
        expect(download.headers()['retry-after'], path).toBe('5');
        expect(await download.text(), path).toMatch(
          /^(Nothing was downloaded|Rien n’a été téléchargé)/,
        );
      }
      await page.goto('/?asOf=2023-02-10');
      await page.getByTestId('outage').waitFor();
      // a link followed while the API is down: the page's error, told apart by /api/health
      await page.getByRole('button', { name: 'Try again now' }).click();
      await page.getByRole('status').filter({ hasText: 'Trying again' }).waitFor();
      expect(
        (await page.context().cookies()).some((cookie) => cookie.name === 'access_session'),
      ).toBe(true);
    } finally {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    }
    // the automatic retry (5 s, then 10 s) finds the API again and shows the page asked for
    await page.locator('#ranking').waitFor({ timeout: 30_000 });
    expect(page.url()).toContain('/?asOf=2023-02-10');
    await page.context().close();
  }, 120_000);

  it('answers an outage with 503 and Retry-After to a visitor signed out too, and through its /api', async () => {
    const page = await d.newPage();
    const server = d.t.app.server;
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    try {
      // no session: the outage page, not a sign-in form that cannot work (nor a 200 that sends there)
      for (const path of ['/', '/map', '/login']) {
        const answer = await page.goto(path);
        expect(answer?.status(), path).toBe(503);
        expect(answer?.headers()['retry-after'], path).toBe('5');
        const outage = page.getByTestId('outage');
        await outage.waitFor();
        expect(page.url(), path).toBe(`${d.url}${path}`);
        expect(await outage.textContent(), path).toContain('nobody can sign in until it does');
        expect(await outage.textContent(), path).not.toContain('still signed in');
      }
      expect(await seriousViolations(page)).toEqual([]);
      // the dashboard's /api: 503 with Retry-After and a body a program can read
      for (const [method, path] of [
        ['GET', '/api/health'],
        ['GET', '/api/me'],
        ['POST', '/api/auth/login'],
      ] as const) {
        const answer = await fetch(`${d.url}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: method === 'POST' ? '{}' : undefined,
        });
        expect(answer.status, path).toBe(503);
        expect(answer.headers.get('retry-after'), path).toBe('5');
        expect(answer.headers.get('content-type'), path).toContain('application/json');
        expect(((await answer.json()) as { error: { code: string } }).error.code, path).toBe(
          'API_UNAVAILABLE',
        );
      }
    } finally {
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    }
    // the API back: a signed-out visitor is sent to sign in, with a plain 200
    const answer = await page.goto('/map');
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['retry-after']).toBeUndefined();
    await page.getByLabel('E-mail address').waitFor();
    expect(page.url()).toContain('/login?next=%2Fmap');
    await page.context().close();
  }, 120_000);

  it('an API that takes connections and never answers (a frozen process) is an outage after a bounded wait, not a page that never loads', async () => {
    const page = await coordinatorPage();
    await page.goto('/');
    const server = d.t.app.server;
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    // what kill -STOP leaves: the port open, connections accepted, nothing ever said
    const held: net.Socket[] = [];
    const frozen = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => frozen.listen(port, '127.0.0.1', () => resolve()));
    try {
      const started = Date.now();
      const [answer, proxied] = await Promise.all([
        page.goto('/?asOf=2023-02-10', { timeout: 60_000 }),
        fetch(`${d.url}/api/health`, { signal: AbortSignal.timeout(60_000) }),
      ]);
      expect(answer?.status()).toBe(503);
      await page.getByTestId('outage').waitFor();
      expect(proxied.status).toBe(503);
      expect(((await proxied.json()) as { error: { code: string } }).error.code).toBe(
        'API_UNAVAILABLE',
      );
      // the page waited for the API (20 s), then said so: well before a browser gives up
      expect(Date.now() - started).toBeLessThan(45_000);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise<void>((resolve) => frozen.close(() => resolve()));
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));
    }
    await page.context().close();
  }, 120_000);

  it('a body over the API’s limit sent through the dashboard’s /api is answered 413, not taken for an outage', async () => {
    const page = await coordinatorPage();
    await page.goto('/');
    const me = await page.request.get('/api/me');
    const csrf = ((await me.json()) as { csrfToken: string }).csrfToken;
    // 10 MB of JSON: the API refuses it from its Content-Length and closes the connection
    const body = JSON.stringify({ reason: 'x'.repeat(10 * 1024 * 1024) });
    for (let attempt = 0; attempt < 20; attempt++) {
      const answer = await page.request.post('/api/access-statuses', {
        data: body,
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      });
      expect(answer.status(), await answer.text()).toBe(413);
      expect(answer.headers()['retry-after']).toBeUndefined();
      expect(((await answer.json()) as { error: { code: string } }).error.code).toBe(
        'PAYLOAD_TOO_LARGE',
      );
    }
    // sent chunked, without a declared length: the API refuses it once past its limit
    const cookie = (await page.context().cookies())
      .map(({ name, value }) => `${name}=${value}`)
      .join('; ');
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let left = 160; // 10 MB
    const chunked = await fetch(`${d.url}/api/access-statuses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf, cookie },
      body: new ReadableStream({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"reason": "'));
        },
        pull(controller) {
          if (left-- > 0) controller.enqueue(chunk);
          else {
            controller.enqueue(new TextEncoder().encode('"}'));
            controller.close();
          }
        },
      }),
      // @ts-expect-error: Node's fetch needs this to stream a request body
      duplex: 'half',
    });
    expect(chunked.status, await chunked.clone().text()).toBe(413);
    // sent at a link's pace, the body still arriving when the answer is ready: the answer
    // reaches the client whole, the connection not reset under the rest of its upload
    const paced = await pacedUpload(`${d.url}/api/access-statuses`, {
      'x-csrf-token': csrf,
      cookie,
    });
    expect(paced.status, paced.text).toBe(413);
    expect((JSON.parse(paced.text) as { error: { code: string } }).error.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
    // signed out, refused before the API reads a byte of it: that answer arrives whole too
    const anonymous = await pacedUpload(`${d.url}/api/access-statuses`, {});
    expect(anonymous.status, anonymous.text).toBe(401);
    await page.context().close();
  }, 120_000);
});

/**
 * A 4 MB JSON upload sent at a link's pace (64 KB every 15 ms), so that it is still arriving
 * when the answer is ready; resolves with the answer, rejects if the connection is reset.
 */
function pacedUpload(
  url: string,
  headers: Record<string, string>,
): Promise<{ status?: number; text: string }> {
  return new Promise((resolve, reject) => {
    const size = 4 * 1024 * 1024;
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(size), ...headers },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (part: string) => {
        text += part;
      });
      response.on('end', () => resolve({ status: response.statusCode, text }));
      response.on('error', reject);
    });
    const slice = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const next = () => {
      if (sent >= size) return void request.end();
      sent += slice.length;
      request.write(slice);
      setTimeout(next, 15);
    };
    next();
  });
}
