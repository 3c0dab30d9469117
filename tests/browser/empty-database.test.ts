import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';
import { makeUser, TEST_PASSWORD } from '../support/factories';

const hasChromium = fs.existsSync(chromiumPath);
let d: RunningDashboard;

describe.skipIf(!hasChromium)(
  `the dashboard on an empty database, in Chromium (needs ${chromiumPath})`,
  () => {
    beforeAll(async () => {
      d = await startDashboard({ demo: false });
    }, 120_000);
    afterAll(() => d?.close());

    it('says plainly that there is nothing yet, on every page, instead of failing', async () => {
      const admin = await makeUser(d.t.db, 'ADMIN', 'SEVERE');
      const page = await d.newPage();
      await d.signIn(page, admin.email, TEST_PASSWORD);
      await page.goto('/');
      await page.getByText('No organisation has a status in these areas on this date.').waitFor();
      // the access chart loads after the page (its code follows the HTML): wait for it
      await page.getByText('No entries in this period for these filters.').waitFor();
      expect(await page.getByText('No entries in this period for these filters.').count()).toBe(1);
      expect(await page.getByText('No changes recorded in this period.').count()).toBe(1);
      expect(await page.locator('.figure .value').allTextContents()).toEqual([
        '0',
        '0',
        '0',
        '▲ 0 ▼ 0',
      ]);
      await d.screenshot(page, 'overview-empty');
      await page.goto('/entries');
      await page.getByText('No entries hold on this date for these filters.').waitFor();
      await page.goto('/review');
      await page.getByText('Nothing waits for review.').waitFor();
      await page.goto('/history');
      await page.getByText('Choose an organisation and an area').waitFor();
      await page.goto('/areas/00000000-0000-4000-8000-000000000000');
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      await page.goto(
        '/history?organizationId=not-an-id&areaId=00000000-0000-4000-8000-000000000000',
      );
      await page.getByRole('heading', { name: 'Not found' }).waitFor();
      await page.context().close();
    });
  },
);
