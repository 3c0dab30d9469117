import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousViolations } from '../support/axe';
import {
  chromiumPath,
  screenshotDir,
  startDashboard,
  type RunningDashboard,
} from '../support/dashboard';

/**
 * Issue 17 in the dashboard: an ICRC editor records an incident on a 390 px phone (errors
 * first, then a proposal), a coordinator validates it and finds it in the list and on its
 * page, and the overview and the area page count incidents by month and category, as small
 * multiples or as a table, with the last quarter against the one before.
 */
const hasChromium = fs.existsSync(chromiumPath);
const PHONE = { width: 390, height: 844 };
let d: RunningDashboard;
let lachinId: string;

/** The calendar quarter `back` quarters before today's: a day in its middle month. */
function dayInQuarter(back: number, day = 15): { date: string; label: string } {
  const now = new Date();
  const index = now.getUTCFullYear() * 4 + Math.floor(now.getUTCMonth() / 3) - back;
  const year = Math.floor(index / 4);
  const quarter = index % 4;
  const month = quarter * 3 + 2;
  return {
    date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    label: `Q${quarter + 1} ${year}`,
  };
}

async function open(email: string, viewport = PHONE): Promise<Page> {
  const context = await d.browser.newContext({
    viewport,
    locale: 'en-GB',
    baseURL: d.url,
    ...(viewport.width < 500 ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  await d.signIn(page, email);
  return page;
}

/** Nothing to scroll sideways, and no serious or critical axe-core violation. */
async function check(page: Page, what: string) {
  expect(await horizontalOverflow(page), `${what}: wider than the screen`).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page), what).toEqual([]);
}

describe.skipIf(!hasChromium)(`incidents in Chromium (needs ${chromiumPath})`, () => {
  beforeAll(async () => {
    d = await startDashboard();
    const coordinator = await d.t.signIn('coordinator@demo.local');
    const areas = (await coordinator.get('/api/areas?q=Lachin&limit=5')).json();
    lachinId = areas.items.find((area: { name: string }) => area.name === 'Lachin corridor').id;
    const organizations = (await coordinator.get('/api/organizations?q=OCHA&limit=5')).json();
    const ocha = organizations.items[0].id;
    // validated incidents in the last quarter (two at checkpoints, one threat) and one before it
    const record = async (occurredOn: string, category: number, subType: string) => {
      const response = await coordinator.post('/api/incidents', {
        organizationId: ocha,
        occurredOn,
        areaId: lachinId,
        category,
        subType,
        impacts: ['DELAYED'],
        description: `A test incident (${subType}) on ${occurredOn}`,
        sensitivity: 'LOW',
      });
      expect(response.statusCode, response.body).toBe(201);
    };
    await record(dayInQuarter(1, 10).date, 4, 'CHECKPOINT');
    await record(dayInQuarter(1, 20).date, 4, 'CHECKPOINT');
    await record(dayInQuarter(1).date, 6, 'STAFF_THREATENED');
    await record(dayInQuarter(2).date, 4, 'ROAD_CLOSED');
    // an ICRC editor's proposal, which the coordinator sends back with a note
    const editor = await d.t.signIn('editor.icrc@demo.local');
    const icrc = (await editor.get('/api/me')).json().organizations[0].id;
    const proposed = await editor.post('/api/incidents', {
      organizationId: icrc,
      occurredOn: new Date().toISOString().slice(0, 10),
      areaId: lachinId,
      category: 4,
      subType: 'MOVEMENT_DENIED',
      description: 'Movement denied near the corridor',
      sensitivity: 'MODERATE',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const returned = await coordinator.post(
      `/api/incidents/versions/${proposed.json().id}/return`,
      { note: 'Say which checkpoint, and who denied it' },
    );
    expect(returned.statusCode, returned.body).toBe(201);
  }, 180_000);
  afterAll(() => d?.close());

  it('an editor records an incident on a 390 px phone: errors first, then a proposal; a coordinator validates it and lists it', async () => {
    const editor = await open('editor.icrc@demo.local');
    await editor.goto('/incidents/new');
    await editor.getByRole('heading', { name: 'Record an incident' }).waitFor();
    expect(await editor.getByRole('link', { name: 'Incidents' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await check(editor, 'incident form');

    // nothing chosen: the summary takes the focus and says what to do, field by field
    await editor.getByRole('button', { name: 'Record this incident' }).click();
    const summary = editor.locator('.error-summary');
    await summary.waitFor();
    await expect
      .poll(() =>
        editor.evaluate(() => document.activeElement?.classList.contains('error-summary')),
      )
      .toBe(true);
    const problems = await summary.locator('li').allTextContents();
    expect(problems).toEqual(
      expect.arrayContaining([
        'Choose the area.',
        'Choose the OCHA constraint category the incident falls under.',
        'Say what happened, in “Description”: who, what, where, and what it stopped.',
      ]),
    );
    expect(problems.join(' ')).not.toMatch(/areaId|Invalid|expected/);
    await check(editor, 'incident form with errors');
    await d.screenshot(editor, 'phone-incident-form-errors');

    // the area through the type-ahead, in Armenian
    const area = editor.getByRole('combobox', { name: 'Area' });
    await area.fill('Լաչին');
    await editor.getByRole('option', { name: /Lachin corridor/ }).waitFor();
    await area.press('ArrowDown');
    await area.press('Enter');
    // a category, then one of its sub-types, which appear once it is chosen
    await editor.getByLabel(/^6\. Violence against humanitarian personnel/).check();
    await editor.getByLabel('Staff arrested or detained').check();
    await editor.getByLabel('Activities suspended').check();
    await editor.getByLabel(/^Health/).check();
    await editor.getByLabel('People affected (optional)').fill('1200');
    await editor.getByLabel('Perpetrator').selectOption('DE_FACTO_AUTHORITIES');
    await editor
      .getByLabel('Description')
      .fill('Two drivers held for six hours at a checkpoint; the medical convoy turned back.');
    // sensitivity goes no higher than the editor's clearance (HIGH)
    expect(await editor.getByLabel('Sensitivity').locator('option').allTextContents()).toEqual([
      'LOW',
      'MODERATE',
      'HIGH',
    ]);
    // the README's picture: the area, the category and what happened under it, 390 px wide
    await editor.setViewportSize({ width: PHONE.width, height: 1180 });
    await editor.evaluate(() =>
      document.getElementById('areaId')?.closest('.field')?.scrollIntoView({ block: 'start' }),
    );
    await editor.screenshot({ path: path.join(screenshotDir, 'phone-incident-form.png') });
    await editor.setViewportSize(PHONE);
    await editor.getByRole('button', { name: 'Record this incident' }).click();
    await editor.waitForURL(/\/incidents\/[0-9a-f-]+\/saved\?version=/);
    await editor.getByRole('heading', { name: 'Submitted for review' }).waitFor();
    const saved = (await editor.locator('.confirmation').textContent()) ?? '';
    expect(saved).toContain('Staff arrested or detained');
    expect(saved).toContain('Lachin corridor');
    expect(saved).toContain('recorded for ICRC');
    expect(await editor.textContent('main')).toContain('It is a proposal for your organisation');
    await check(editor, 'incident saved page');
    const url = new URL(editor.url());
    const incidentId = url.pathname.split('/')[2]!;
    const versionId = url.searchParams.get('version')!;

    // the editor's list shows the proposal, marked as waiting
    await editor.goto('/incidents');
    const row = editor.locator(`tr[data-incident-id="${incidentId}"]`);
    expect(await row.textContent()).toContain('Waiting for review');
    await check(editor, 'incident list (editor)');

    // my entries: the returned incident first, with the coordinator's note and its action
    await editor.goto('/my-entries');
    const mine = editor.getByRole('list', { name: 'My incidents' }).locator('li.entry-card');
    expect(await mine.first().getAttribute('data-state')).toBe('RETURNED');
    expect(await mine.first().textContent()).toContain('Say which checkpoint, and who denied it');
    expect(await mine.filter({ hasText: 'Staff arrested or detained' }).textContent()).toContain(
      'Waiting for review',
    );
    await check(editor, 'my entries with incidents');
    await mine.first().getByRole('link', { name: 'Correct and resubmit' }).click();
    await editor.getByRole('heading', { name: 'Correct and resubmit the incident' }).waitFor();
    expect(await editor.locator('.alert').textContent()).toContain('Say which checkpoint');
    expect(await editor.getByLabel('Description').inputValue()).toBe(
      'Movement denied near the corridor',
    );
    await check(editor, 'incident correction form (returned)');
    await editor.context().close();

    // a coordinator does not see it until validated
    const coordinator = await open('coordinator@demo.local', { width: 1280, height: 900 });
    await coordinator.goto('/incidents');
    await coordinator.locator('table').first().waitFor();
    expect(await coordinator.locator(`tr[data-incident-id="${incidentId}"]`).count()).toBe(0);
    // the review queue lists it beside the statuses; the coordinator validates it there
    await coordinator.goto('/review');
    const card = coordinator.locator(`li[data-incident-version="${versionId}"]`);
    expect(await card.textContent()).toContain('New incident');
    expect(await card.textContent()).toContain('Staff arrested or detained');
    await check(coordinator, 'review queue with an incident');
    await card.getByRole('button', { name: /^Validate: ICRC's incident/ }).click();
    await coordinator.getByRole('status', { name: 'Incident decisions made' }).waitFor();
    expect(
      await coordinator.getByRole('status', { name: 'Incident decisions made' }).textContent(),
    ).toContain('Validated: ICRC');
    await expect.poll(() => card.count()).toBe(0);

    await coordinator.goto('/incidents?category=6');
    const listed = coordinator.locator(`tr[data-incident-id="${incidentId}"]`);
    expect(await listed.textContent()).toContain('Staff arrested or detained');
    expect(await listed.textContent()).toContain('Validated');
    // the filter keeps only category 6: the checkpoint incidents are not listed
    expect(await coordinator.locator('tbody', { has: listed }).textContent()).not.toContain(
      'checkpoint',
    );
    await check(coordinator, 'incident list (coordinator, filtered)');
    await listed.getByRole('link', { name: /^Open the incident/ }).click();
    await coordinator.waitForURL(`**/incidents/${incidentId}`);
    const facts = (await coordinator.locator('dl.incident-facts').textContent()) ?? '';
    expect(facts).toContain('1,200');
    expect(facts).toContain('De facto authorities');
    expect(facts).toContain('Health');
    const history = coordinator.locator('.incident-history li');
    expect(await history.count()).toBeGreaterThanOrEqual(1);
    expect(await history.last().textContent()).toContain('Validated');
    expect(await coordinator.getByRole('link', { name: 'Correct the incident' }).isVisible()).toBe(
      true,
    );
    await check(coordinator, 'incident page');

    // a correction keeps the earlier version in the history, with its note
    await coordinator.getByRole('link', { name: 'Correct the incident' }).click();
    await coordinator.getByRole('heading', { name: 'Correct the incident' }).waitFor();
    expect(await coordinator.getByLabel('People affected (optional)').inputValue()).toBe('1200');
    await coordinator.getByLabel('People affected (optional)').fill('many');
    await coordinator.getByRole('button', { name: 'Save the correction' }).click();
    await coordinator.locator('.error-summary').waitFor();
    expect(await coordinator.locator('.error-summary li').allTextContents()).toEqual([
      'Enter the number of people affected as a whole number, or leave it empty if not known.',
    ]);
    await coordinator.getByLabel('People affected (optional)').fill('1500');
    await coordinator
      .getByLabel('Correction note')
      .fill('The convoy served 1,500 people, not 1,200');
    await coordinator.getByRole('button', { name: 'Save the correction' }).click();
    await coordinator.getByRole('heading', { name: 'Incident saved and validated' }).waitFor();
    await coordinator.getByRole('link', { name: 'Open the incident' }).click();
    await coordinator.locator('dl.incident-facts').waitFor();
    expect(await coordinator.locator('dl.incident-facts').textContent()).toContain('1,500');
    const corrected = coordinator.locator('.incident-history li').last();
    expect(await corrected.textContent()).toContain('Corrected');
    expect(await corrected.textContent()).toContain('The convoy served 1,500 people, not 1,200');
    await coordinator.context().close();
  }, 240_000);

  it('the overview counts incidents by month and category: small multiples, a table, the last quarter against the one before', async () => {
    const page = await open('coordinator@demo.local', { width: 1366, height: 900 });
    await page.goto('/');
    const chart = page.getByTestId('incident-chart');
    await chart.locator('ul.incident-multiples li').first().waitFor();
    // one panel per category with incidents, named in words (not told apart by colour)
    const panels = await chart.locator('ul.incident-multiples h3').allTextContents();
    expect(panels).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^4\. Movement restricted: 3$/),
        expect.stringMatching(/^6\. Violence vs\. aid: \d+$/),
      ]),
    );
    expect(await chart.locator('.recharts-bar-rectangle').count()).toBeGreaterThan(0);
    const last = dayInQuarter(1);
    const before = dayInQuarter(2);
    const quarters = chart.getByTestId('incident-quarters');
    expect(await quarters.locator('caption').textContent()).toBe(
      `${last.label} compared with ${before.label}`,
    );
    const movement = quarters.locator('tbody tr', { hasText: '4. Movement restricted' });
    expect(await movement.locator('td').allTextContents()).toEqual(['1', '2', '▲ 1 more']);
    await check(page, 'overview with the incident chart');
    await page.locator('#incidents').screenshot({
      path: path.join(screenshotDir, 'incident-chart.png'),
    });

    await chart.getByRole('button', { name: 'Table', exact: true }).click();
    const table = chart.getByTestId('incident-table');
    await table.waitFor();
    const monthRow = table.locator('tbody tr', {
      hasText: new Intl.DateTimeFormat('en-GB', {
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(new Date(`${last.date}T00:00:00Z`)),
    });
    // Month, categories 1-9, total: the middle month of the last quarter has two at checkpoints and a threat
    const cells = await monthRow.locator('td').allTextContents();
    expect(cells[3]).toBe('2');
    expect(cells[5]).toBe('1');
    expect(cells.at(-1)).toBe('3');
    expect(
      await chart.getByRole('button', { name: 'Table', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await check(page, 'overview with the incident table');

    // the overview's category filter is the incidents' too, and a new filter (a new page)
    // keeps the table the reader chose
    await page.goto('/?constraintCategory=6');
    await chart.getByTestId('incident-table').waitFor();
    expect(
      await chart.getByRole('button', { name: 'Table', exact: true }).getAttribute('aria-pressed'),
    ).toBe('true');
    await chart.getByRole('button', { name: 'Chart', exact: true }).click();
    await chart.locator('ul.incident-multiples li').first().waitFor();
    expect(await chart.locator('ul.incident-multiples h3').allTextContents()).toEqual([
      expect.stringMatching(/^6\. /),
    ]);
    await page.context().close();
  }, 180_000);

  it('an area page counts the incidents in it, and a phone shows the chart without scrolling sideways', async () => {
    const page = await open('coordinator@demo.local');
    await page.goto(`/areas/${lachinId}`);
    const chart = page.getByTestId('incident-chart');
    await chart.locator('ul.incident-multiples li').first().waitFor();
    expect(await chart.locator('ul.incident-multiples h3').first().textContent()).toMatch(/^4\. /);
    await check(page, 'area page with the incident chart, at 390 px');
    // a viewer (cleared to MODERATE) on a phone lists the incidents, and sees no way to record
    const viewer = await open('viewer@demo.local');
    await viewer.goto('/incidents');
    await viewer.locator('table').first().waitFor();
    expect(await viewer.getByRole('link', { name: 'Record an incident' }).count()).toBe(0);
    await check(viewer, 'incident list (viewer)');
    // and opens an incident without a way to correct it
    await viewer
      .locator('tbody tr')
      .first()
      .getByRole('link', { name: /^Open the incident/ })
      .click();
    await viewer.locator('dl.incident-facts').waitFor();
    expect(await viewer.getByRole('link', { name: /^Correct/ }).count()).toBe(0);
    await check(viewer, 'incident page (viewer)');
    await viewer.context().close();
    await page.context().close();
  }, 180_000);
});
