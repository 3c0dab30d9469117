import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousViolations } from '../support/axe';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';

/**
 * Every page an editor, a coordinator or an administrator works in, on a 390 × 844 phone and
 * a 1366 × 768 laptop: nothing to scroll sideways (also once errors show), and no serious or
 * critical axe-core violation. Errors say what to do in words, once.
 */
const hasChromium = fs.existsSync(chromiumPath);
const VIEWPORTS = [
  { name: 'phone', width: 390, height: 844 },
  { name: 'laptop', width: 1366, height: 768 },
] as const;
let d: RunningDashboard;
let icrcVersionId: string;

async function open(viewport: (typeof VIEWPORTS)[number], email?: string): Promise<Page> {
  const context = await d.browser.newContext({
    viewport: { width: viewport.width, height: viewport.height },
    locale: 'en-GB',
    baseURL: d.url,
    ...(viewport.name === 'phone' ? { isMobile: true, hasTouch: true } : {}),
  });
  const page = await context.newPage();
  if (email) await d.signIn(page, email);
  return page;
}

async function check(page: Page, what: string) {
  expect(await horizontalOverflow(page), `${what}: wider than the screen`).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page), what).toEqual([]);
}

describe.skipIf(!hasChromium)('editor and coordinator pages on a phone and a laptop', () => {
  beforeAll(async () => {
    d = await startDashboard();
    const editor = await d.t.signIn('editor.icrc@demo.local');
    const me = (await editor.get('/api/me')).json();
    const list = (
      await editor.get(`/api/access-statuses?organizationId=${me.organizations[0].id}&limit=1`)
    ).json();
    icrcVersionId = list.items[0].id;
  }, 120_000);
  afterAll(() => d?.close());

  for (const viewport of VIEWPORTS) {
    it(`${viewport.name}: sign-in, entries, the record and correct forms (with their errors), my entries, import`, async () => {
      const signedOut = await open(viewport);
      await signedOut.goto('/login');
      await check(signedOut, 'sign-in');
      await signedOut.getByRole('button', { name: 'Sign in' }).click();
      expect(await signedOut.locator('p.alert').textContent()).toContain(
        'Enter your e-mail address',
      );
      await check(signedOut, 'sign-in with an error');
      await signedOut.context().close();

      const page = await open(viewport, 'editor.icrc@demo.local');
      await page.goto('/entries');
      await page.locator('table').waitFor();
      await check(page, 'entries');
      // each entry shows its organisation and area, and its actions can be reached without scrolling sideways
      const firstRow = page.locator('tbody tr').first();
      for (const name of [/^Correct the entry of ICRC/, /^New status for ICRC/]) {
        const box = await firstRow.getByRole('link', { name }).boundingBox();
        expect(box).not.toBeNull();
        expect(box!.x + box!.width).toBeLessThanOrEqual(viewport.width);
      }
      expect(await firstRow.getByRole('link', { name: 'ICRC', exact: true }).isVisible()).toBe(
        true,
      );

      await page.goto('/entries/new');
      await page.locator('form').waitFor();
      await check(page, 'record form');
      await page.getByRole('button', { name: 'Add a term' }).click();
      await page.getByRole('button', { name: 'Add a source' }).click();
      await page.locator('#sources\\.0\\.url').fill('not an address');
      await page.getByRole('button', { name: 'Record this status' }).click();
      await page.locator('.error-summary').waitFor();
      expect(await page.locator('.error-summary li').allTextContents()).toEqual(
        expect.arrayContaining([
          'Give source 1 a title, or remove the source.',
          'Enter “Source 1: address (URL)” in full, starting with https://, or leave it empty.',
        ]),
      );
      await check(page, 'record form with errors');

      await page.goto(`/entries/${icrcVersionId}/correct`);
      await page.locator('form').waitFor();
      // the status's own reason is kept; the correction has its own note
      expect(await page.locator('#reason').inputValue()).not.toBe('');
      expect(await page.getByLabel('Correction note').count()).toBe(1);
      await check(page, 'correct form');

      await page.goto('/my-entries');
      await page.getByRole('heading', { name: 'My entries' }).waitFor();
      await check(page, 'my entries');

      await page.goto('/imports');
      await page.locator('#import-file').setInputFiles({
        name: 'statuses.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'organization_name,area_name,status,valid_from,reason,sensitivity\n' +
            'International Committee of the Red Cross,Nowhere at all with a very long name that goes on and on and on,SOMETIMES,yesterday,x,MODERATE\n',
        ),
      });
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.locator('#import-report, form p.alert').first().waitFor({ timeout: 60_000 });
      const report = (await page.locator('form').textContent()) ?? '';
      expect(report).toContain('Write one of: FULL, CONSTRAINED');
      expect(report).not.toContain('Invalid option');
      await check(page, 'import with errors');
      await page.context().close();
    }, 240_000);

    it(`${viewport.name}: the review queue and administration, whose forms say each error once`, async () => {
      const page = await open(viewport, 'coordinator@demo.local');
      await page.goto('/review');
      await page.getByRole('heading', { name: 'Review queue' }).waitFor();
      await check(page, 'review queue');
      await page.context().close();

      const admin = await open(viewport, 'admin@demo.local');
      await admin.goto('/admin');
      await admin.getByRole('heading', { name: 'Administration' }).waitFor();
      await check(admin, 'administration');
      const form = admin.getByRole('form', { name: 'New organisation' });
      await form.getByRole('button', { name: 'Create' }).click();
      const summary = form.locator('.error-summary');
      await summary.waitFor();
      const problem = (await summary.locator('li').allTextContents()).join(' ');
      expect(problem).toContain('Enter a name.');
      // said once in the summary (a link to the field) and once at the field, never as a code name
      expect(await form.locator('.field-error').allTextContents()).toEqual([
        'Error: Enter a name.',
      ]);
      expect(await form.textContent()).not.toMatch(/\bname: |Too small|expected string/);
      await expect
        .poll(() =>
          admin.evaluate(() => document.activeElement?.classList.contains('error-summary')),
        )
        .toBe(true);
      await check(admin, 'administration with an error');
      await admin.context().close();
    }, 240_000);
  }

  it('phone: the forms name an organisation by its acronym first, and their checkboxes and radios are 24 px targets', async () => {
    const page = await open(VIEWPORTS[0], 'coordinator@demo.local');
    for (const path of [
      '/entries/new',
      `/entries/${icrcVersionId}/correct`,
      '/incidents/new',
      '/requests/new',
    ]) {
      await page.goto(path);
      const select = page.locator('select#organizationId');
      await select.waitFor();
      // a select cannot wrap: at 390 px it shows "International Committee of the Red C"
      expect(await select.locator('option').allTextContents(), path).toContain(
        'ICRC — International Committee of the Red Cross',
      );
      // WCAG 2.5.8: a target at least 24 × 24 CSS px
      const targets = await page
        .locator('input[type="checkbox"], input[type="radio"]')
        .evaluateAll((inputs) =>
          inputs
            .map((input) => input.getBoundingClientRect())
            .filter((box) => box.width > 1)
            .map((box) => `${box.width}×${box.height}`),
        );
      expect(targets.length, path).toBeGreaterThan(0);
      for (const target of targets) {
        const [width, height] = target.split('×').map(Number);
        expect(
          Math.min(width!, height!),
          `${path}: a ${target} checkbox or radio`,
        ).toBeGreaterThanOrEqual(24);
      }
    }
    await page.context().close();
  }, 120_000);
});
