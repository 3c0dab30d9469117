import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainOutbox } from '@access/domain';
import { seriousViolations } from '../support/axe';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';

/**
 * Issue 18 in the dashboard: a viewer follows an area from its page; a coordinator records
 * a status there; the bell says how many are unread in text and in its accessible name, the
 * list links to the record, and marking all read empties the count. Settings list the follow.
 */
const hasChromium = fs.existsSync(chromiumPath);
let d: RunningDashboard;
let lachinId: string;

describe.skipIf(!hasChromium)(`notifications in Chromium (needs ${chromiumPath})`, () => {
  beforeAll(async () => {
    d = await startDashboard();
    const coordinator = await d.t.signIn('coordinator@demo.local');
    const areas = (await coordinator.get('/api/areas?q=Lachin&limit=5')).json();
    lachinId = areas.items.find((area: { name: string }) => area.name === 'Lachin corridor').id;
  }, 120_000);
  afterAll(() => d?.close());

  it('follows an area, shows the unread count on the bell, lists the change and marks it read', async () => {
    const page = await d.newPage();
    await d.signIn(page, 'viewer@demo.local');
    await expect
      .poll(() => page.getByRole('link', { name: /^Notifications\W+none unread$/ }).count())
      .toBe(1);
    await page.goto(`/areas/${lachinId}`);
    const follow = page.getByRole('button', { name: 'Follow' });
    await follow.click();
    await expect
      .poll(() => page.getByRole('button', { name: 'Following' }).getAttribute('aria-pressed'))
      .toBe('true');

    const coordinator = await d.t.signIn('coordinator@demo.local');
    const organizations = (await coordinator.get('/api/organizations?limit=5')).json();
    const recorded = await coordinator.post('/api/access-statuses', {
      organizationId: organizations.items[0].id,
      areaId: lachinId,
      status: 'SUSPENDED',
      validFrom: '2025-06-01',
      reason: 'Browser test',
      sensitivity: 'LOW',
    });
    expect(recorded.statusCode, recorded.body).toBe(201);
    await drainOutbox(d.t.db);

    await page.goto('/notifications');
    const bell = page.getByRole('link', { name: /^Notifications\W+1\W+unread$/ });
    await expect.poll(() => bell.count()).toBe(1);
    expect(await bell.textContent()).toContain('1');
    const item = page.getByRole('listitem').filter({ hasText: 'SUSPENDED' });
    expect(await item.count()).toBe(1);
    expect(await item.getByRole('link').getAttribute('href')).toContain(`areaId=${lachinId}`);
    expect(await seriousViolations(page)).toEqual([]);
    await d.screenshot(page, 'notifications-list');

    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect
      .poll(() => page.getByRole('link', { name: /^Notifications\W+none unread$/ }).count())
      .toBe(1);
    await expect.poll(() => page.getByText('Nothing unread.').count()).toBe(1);

    // `/settings` opens the only settings there are
    await page.goto('/settings');
    // Next may stream the settings page at /settings and set the address once the page runs
    // (a redirect inside the streamed page, not a 307): what the reader sees is the same
    await expect.poll(() => new URL(page.url()).pathname).toBe('/settings/notifications');
    // polled, with what the page showed first in the message: a CI run once found no link
    // right after the page loaded (not reproduced since)
    await expect
      .poll(() => page.getByRole('link', { name: 'Lachin corridor' }).count(), {
        message: `the follows on /settings/notifications: ${await page.locator('main').textContent()}`,
      })
      .toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await d.screenshot(page, 'notifications-settings');
  }, 120_000);
});
