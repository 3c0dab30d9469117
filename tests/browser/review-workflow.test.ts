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
 * Issue 12, as an ICRC editor on a phone and a coordinator would do it: record → review →
 * validated, and returned → corrected → resubmitted → validated; the error summary, Enter in a
 * field, the future-start warning and sign-in's way back to the page the user came from.
 */
const hasChromium = fs.existsSync(chromiumPath);
const PHONE = { width: 390, height: 844 };
/** the README's screenshots (docs/screenshots) are copied from here */
const docs = screenshotDir;
let d: RunningDashboard;

async function phonePage(email?: string): Promise<Page> {
  const context = await d.browser.newContext({
    viewport: PHONE,
    locale: 'en-GB',
    baseURL: d.url,
    isMobile: true,
    hasTouch: true,
  });
  const page = await context.newPage();
  if (email) await d.signIn(page, email);
  return page;
}

/** Every page a test looks at: nothing to scroll sideways, and no serious accessibility fault. */
async function check(page: Page) {
  expect(
    await horizontalOverflow(page),
    `${page.url()} is wider than the screen`,
  ).toBeLessThanOrEqual(0);
  expect(await seriousViolations(page), page.url()).toEqual([]);
}

/** After a save, the focus is on the confirmation, so a screen reader reads it (not on the page's body). */
async function expectFocusOnConfirmation(page: Page, heading: string) {
  await expect
    .poll(() =>
      page.evaluate(() => document.activeElement?.closest('.confirmation')?.textContent ?? null),
    )
    .toContain(heading);
}

async function areaOption(page: Page, name: string): Promise<string> {
  const value = await page
    .locator('#areaId option', { hasText: name })
    .first()
    .getAttribute('value');
  expect(value).toBeTruthy();
  return value!;
}

describe.skipIf(!hasChromium)('the review workflow on a phone (issue 12)', () => {
  beforeAll(async () => {
    d = await startDashboard();
    fs.mkdirSync(docs, { recursive: true });
  }, 120_000);
  afterAll(() => d?.close());

  it('an editor records a status on a phone: errors in words with the focus on their summary, Enter does not submit, a future start is a warning, and a confirmation says what happens next', async () => {
    const page = await phonePage('editor.icrc@demo.local');
    await page.goto('/entries/new');
    await page.locator('form').waitFor();
    await check(page);

    // Enter in a field of a half-filled form saves nothing: it moves on to the next field
    await page.locator('#validFrom').focus();
    await page.keyboard.press('Enter');
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/\/entries\/new$/);
    expect(await page.locator('.error-summary').count()).toBe(0);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('validTo');

    // a failed submit: the focus goes to the summary, whose entries are links in words
    await page.getByRole('button', { name: 'Record this status' }).click();
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    const texts = await summary.locator('li a').allTextContents();
    expect(texts).toEqual([
      'Choose the area.',
      'Choose one of the statuses under “Status”.',
      'Say why the access changed, in “Reason for the change”.',
    ]);
    const everything = (await page.locator('main').textContent()) ?? '';
    for (const jargon of [
      'Invalid UUID',
      'Invalid option',
      'expected one of',
      'validFrom',
      'areaId',
    ])
      expect(everything).not.toContain(jargon);
    await check(page);
    await page.screenshot({ path: path.join(docs, 'phone-form-errors.png'), fullPage: false });

    // a summary entry leads to its field
    await summary.getByRole('link', { name: 'Choose the area.' }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('areaId');

    // the end before the start, in words
    await page.locator('#validFrom').fill('2024-03-10');
    await page.locator('#validTo').fill('2024-03-01');
    await page.locator('#validTo').blur();
    expect(await page.locator('#validTo-error').textContent()).toContain(
      'The day in “Until” must be later than the day in “Holds from”',
    );
    await page.locator('#validTo').fill('');

    // a start in the future: a warning, not a refusal
    const nextYear = new Date().getUTCFullYear() + 1;
    await page.locator('#validFrom').fill(`${nextYear}-01-15`);
    await expect.poll(() => page.locator('#validFrom-warning').count()).toBe(1);
    expect(await page.locator('#validFrom-warning').textContent()).toContain('in the future');
    await page.locator('#validFrom').fill('2024-01-15');
    await expect.poll(() => page.locator('#validFrom-warning').count()).toBe(0);

    await page.locator('#areaId').selectOption(await areaOption(page, 'Nagorno-Karabakh'));
    await page.getByRole('radio', { name: 'Denied' }).check();
    await page
      .locator('#reason')
      .fill('Checkpoint closed to all humanitarian convoys since 15 January.');
    await page.screenshot({ path: path.join(docs, 'phone-form.png'), fullPage: true });
    await page.getByRole('button', { name: 'Record this status' }).click();
    await page.waitForURL(/\/entries\/[0-9a-f-]+\/saved$/);
    await page.getByRole('heading', { name: 'Submitted for review' }).waitFor();
    await expectFocusOnConfirmation(page, 'Submitted for review');
    expect(await page.locator('main').textContent()).toContain('A coordinator will review it');
    await check(page);

    await page.getByRole('link', { name: 'My entries' }).first().click();
    await page.waitForURL(/\/my-entries$/);
    const card = page.locator('.entry-card').filter({ hasText: 'Nagorno-Karabakh' }).first();
    expect(await card.locator('.review-badge').textContent()).toContain('Waiting for review');
    await check(page);
    await page.context().close();
  }, 120_000);

  it('a coordinator sees the validated status beside the proposed one, and returns it with a note; the editor finds it first, corrects and resubmits, and the coordinator validates it', async () => {
    const coordinator = await phonePage('coordinator@demo.local');
    await coordinator.goto('/review');
    const item = coordinator.locator('.entry-card').filter({ hasText: 'Nagorno-Karabakh' }).first();
    await item.waitFor();
    expect(await item.textContent()).toContain('New status');
    expect(await item.textContent()).toMatch(/waiting since today|waiting \d+ days?/);
    const now = item.locator('section').first();
    expect(await now.textContent()).toContain('Now (validated)');
    expect(await now.textContent()).toContain('Constrained');
    const proposed = item.locator('section.proposed');
    expect(await proposed.textContent()).toContain('Denied');
    expect(await proposed.textContent()).toContain('Checkpoint closed');
    await check(coordinator);
    await coordinator.screenshot({
      path: path.join(docs, 'phone-review-queue.png'),
      fullPage: true,
    });

    // sending back without a note says so at the note's field
    await item.getByRole('button', { name: /^Send back/ }).click();
    const noteError = item.locator('.field-error');
    await noteError.waitFor();
    expect(await noteError.textContent()).toContain('Write a note to the editor');
    expect(await coordinator.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');

    await item
      .getByLabel('Note to the editor (needed to send back)')
      .fill('Please cite the source of the closure.');
    await item.getByRole('button', { name: /^Send back/ }).click();
    const confirmation = coordinator.locator('.confirmation');
    await confirmation.waitFor();
    expect(await confirmation.textContent()).toContain('Sent back to Demo editor, ICRC');
    await check(coordinator);

    // the editor: the returned entry comes first, with the note and its action
    const editor = await phonePage('editor.icrc@demo.local');
    await editor.goto('/my-entries');
    const first = editor.locator('.entry-card').first();
    expect(await first.getAttribute('data-state')).toBe('RETURNED');
    expect(await first.textContent()).toContain('Please cite the source of the closure.');
    expect(await first.locator('.review-badge').textContent()).toContain('Returned');
    await check(editor);
    await editor.screenshot({ path: path.join(docs, 'phone-my-entries.png'), fullPage: false });

    await first.getByRole('link', { name: /Correct and resubmit/ }).click();
    await editor.waitForURL(/\/entries\/[0-9a-f-]+\/correct$/);
    // the status's own reason is kept, and the correction has its own note
    expect(await editor.locator('#reason').inputValue()).toContain('Checkpoint closed');
    await editor.getByRole('button', { name: 'Add a source' }).click();
    await editor.locator('#sources\\.0\\.title').fill('Convoy report, 16 January');
    await editor.locator('#correctionNote').fill('Source added as asked.');
    await check(editor);
    await editor.getByRole('button', { name: 'Save the correction' }).click();
    await editor.waitForURL(/\/saved$/);
    await editor.getByRole('heading', { name: 'Submitted for review' }).waitFor();
    await expectFocusOnConfirmation(editor, 'Submitted for review');

    await coordinator.goto('/review');
    const again = coordinator
      .locator('.entry-card')
      .filter({ hasText: 'Convoy report, 16 January' });
    await again.waitFor();
    await again.getByRole('button', { name: /^Validate/ }).click();
    await coordinator.locator('.confirmation').waitFor();
    expect(await coordinator.locator('.confirmation').textContent()).toContain(
      'Validated: ICRC in Nagorno-Karabakh is denied',
    );
    await expect
      .poll(() => coordinator.locator('.entry-card').filter({ hasText: 'Convoy report' }).count())
      .toBe(0);

    await editor.goto('/my-entries');
    const validated = editor
      .locator('.entry-card[data-state="VALIDATED"]')
      .filter({ hasText: 'Nagorno-Karabakh' });
    expect(await validated.count()).toBeGreaterThan(0);
    await editor.goto('/entries');
    const row = editor.locator('tr').filter({ hasText: 'Nagorno-Karabakh' });
    expect(await row.textContent()).toContain('Denied');
    await check(editor);
    await coordinator.context().close();
    await editor.context().close();
  }, 180_000);

  it('sign-in brings the user back to the page they came from, and only to a page of this site', async () => {
    const page = await phonePage();
    await page.goto('/review');
    await page.waitForURL(/\/login\?next=%2Freview$/);
    await check(page);
    await page.getByLabel('E-mail address').fill('coordinator@demo.local');
    // Enter in the e-mail field moves on to the password, signing in nobody yet
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    expect(page.url()).toContain('/login');
    await page.getByLabel('Password').fill('demo-password');
    // Enter in the last field submits: the form is complete
    await page.keyboard.press('Enter');
    await page.waitForURL(`${d.url}/review`);

    for (const hostile of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example/',
      '/%2F%2Fevil.example',
    ]) {
      const other = await phonePage();
      await other.goto(`/login?next=${encodeURIComponent(hostile)}`);
      await other.getByLabel('E-mail address').fill('coordinator@demo.local');
      await other.getByLabel('Password').fill('demo-password');
      await other.getByRole('button', { name: 'Sign in' }).click();
      await other.waitForURL((url) => url.origin === d.url && !url.pathname.startsWith('/login'));
      expect(new URL(other.url()).origin).toBe(d.url);
      await other.context().close();
    }
    await page.context().close();
  }, 120_000);
});
