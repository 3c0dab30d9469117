import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriousViolations } from '../support/axe';
import {
  chromiumPath,
  screenshotDir,
  startDashboard,
  type RunningDashboard,
} from '../support/dashboard';

const hasChromium = fs.existsSync(chromiumPath);
let d: RunningDashboard;

async function signedIn(email: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const page = await d.newPage();
  await page.setViewportSize(viewport);
  await d.signIn(page, email);
  return page;
}

/** Pages in a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
const pdfPages = (pdf: Buffer) =>
  pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g)?.length ?? 0;

/** The demo on 10 Feb 2023: OCHA and UNHCR denied in Nagorno-Karabakh, which lies in Azerbaijan. */
describe.skipIf(!hasChromium)(
  `the map and the snapshot in Chromium (needs ${chromiumPath})`,
  () => {
    beforeAll(async () => {
      d = await startDashboard();
    }, 120_000);
    afterAll(() => d?.close());

    it('draws the countries coloured and patterned by the worst status within them, with a table alternative, the source and the disclaimer', async () => {
      const page = await signedIn('coordinator@demo.local');
      await page.goto('/map?asOf=2023-02-10');
      const map = page.getByTestId('access-map');
      expect(await map.getAttribute('aria-labelledby')).toBeTruthy();
      const azerbaijan = map.getByRole('link', { name: 'Azerbaijan: Denied' });
      const armenia = map.getByRole('link', { name: 'Armenia: No entry' });
      const azerbaijanPath = azerbaijan.locator('path.map-area');
      expect(await azerbaijanPath.getAttribute('data-status')).toBe('DENIED');
      // the chart's cross-hatched pattern for denied, not a flat colour
      expect(await azerbaijanPath.getAttribute('fill')).toBe('url(#map-DENIED)');
      expect(await map.locator('pattern#map-DENIED path').count()).toBe(1);
      expect(await armenia.locator('path.map-area').getAttribute('data-status')).toBe('NONE');
      // drawn: real outlines with many points, and the neighbours for context
      expect((await azerbaijanPath.getAttribute('d'))!.length).toBeGreaterThan(500);
      expect(await map.locator('.map-context path').count()).toBeGreaterThan(3);
      await d.screenshot(page, 'map');

      // the same answer as a table, and the ranking
      const row = page.locator('table.map-table tbody tr', { hasText: 'Azerbaijan' });
      expect(await row.getAttribute('data-status')).toBe('DENIED');
      expect(await row.locator('.status-badge').textContent()).toContain('Denied');
      expect(await page.locator('#ranking table.ranking tbody tr th').first().textContent()).toBe(
        'Nagorno-Karabakh',
      );
      // the legend in the chart's patterns, the boundaries' source and the statement
      expect(await page.locator('.map-legend .status-fill-DENIED').count()).toBe(1);
      const note = await page.locator('.boundary-note').textContent();
      expect(note).toContain('Natural Earth');
      expect(note).toContain('do not imply any opinion on the legal status');

      // on an earlier day only the peacekeepers had an entry (present and operating): not denied
      await page.goto('/map?asOf=2021-01-15');
      const earlier = page.getByTestId('access-map');
      expect(await earlier.locator('path.map-area[data-status="DENIED"]').count()).toBe(0);
      expect(await earlier.getByRole('link', { name: 'Azerbaijan: Full access' }).count()).toBe(1);
      expect(await seriousViolations(page)).toEqual([]);
    }, 120_000);

    it('drills down from a country to its areas, and says which have no boundary and why', async () => {
      const page = await signedIn('coordinator@demo.local');
      await page.goto('/map?asOf=2023-02-10');
      await page
        .getByTestId('access-map')
        .getByRole('link', { name: 'Azerbaijan: Denied' })
        .click();
      await page.waitForURL(/areaId=/);
      expect(await page.locator('h1').textContent()).toContain('Azerbaijan');
      expect(await page.locator('path.map-focus').getAttribute('data-status')).toBe('DENIED');
      const note = await page.locator('.boundary-note').textContent();
      expect(note).toContain('Nagorno-Karabakh (disputed: no boundary is drawn');
      expect(
        await page.locator('table.map-table tbody tr').first().getAttribute('data-status'),
      ).toBe('DENIED');
      expect(await seriousViolations(page)).toEqual([]);
    }, 120_000);

    it('redraws the map after an administrator imports a GeoJSON boundary keyed by p-code', async () => {
      const azerbaijan = await d.t.db.area.findFirstOrThrow({ where: { iso3: 'AZE' } });
      // a test district with a p-code (the demo's disputed areas get no invented line)
      const district = await d.t.db.area.create({
        data: {
          name: 'Test district',
          kind: 'ADM1',
          pcode: 'AZ-TEST-01',
          parentId: azerbaijan.id,
          names: { create: [{ lang: 'en', name: 'Test district', isDefault: true }] },
        },
      });
      const page = await signedIn('admin@demo.local');
      await page.goto(`/map?asOf=2023-02-10&areaId=${azerbaijan.id}`);
      expect(await page.locator(`path.map-area[data-area-id="${district.id}"]`).count()).toBe(0);
      expect(await page.locator('.boundary-note').textContent()).toContain(
        'Test district (no boundary imported',
      );

      const geojson = {
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { ADM0_PCODE: 'AZ', ADM1_PCODE: 'AZ-TEST-01', ADM1_EN: 'Test district' },
            geometry: {
              type: 'Polygon',
              coordinates: [
                [
                  [47.0, 40.2],
                  [47.6, 40.2],
                  [47.6, 40.6],
                  [47.0, 40.6],
                  [47.0, 40.2],
                ],
              ],
            },
          },
        ],
      };
      const form = page.locator('form.shape-import');
      await form.getByLabel('GeoJSON file').setInputFiles({
        name: 'test-district.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(JSON.stringify(geojson)),
      });
      await form.getByLabel('Source of the boundaries').fill('Test boundaries, not real');
      await form.getByRole('button', { name: 'Import boundaries' }).click();
      expect(await page.getByTestId('shape-import-result').textContent()).toBe(
        '1 boundary imported.',
      );
      const drawn = page.locator(`path.map-area[data-area-id="${district.id}"]`);
      await drawn.waitFor();
      expect(await drawn.getAttribute('data-status')).toBe('NONE');
      expect(await page.locator('.boundary-note').textContent()).toContain(
        'Test boundaries, not real',
      );
      await d.screenshot(page, 'map-imported');

      // a malformed file is refused with the feature and its fault named, and nothing changes
      await form.getByLabel('GeoJSON file').setInputFiles({
        name: 'bad.geojson',
        mimeType: 'application/geo+json',
        buffer: Buffer.from(
          JSON.stringify({
            ...geojson,
            features: [
              { ...geojson.features[0], geometry: { type: 'Point', coordinates: [47, 40] } },
            ],
          }),
        ),
      });
      await form.getByRole('button', { name: 'Import boundaries' }).click();
      const refusal = await form.getByRole('alert').textContent();
      expect(refusal).toContain('Nothing was imported. The file has these problems:');
      expect(refusal).toContain('features[0].geometry.type');
      expect(await drawn.count()).toBe(1);
      const row = await d.t.db.areaShape.findUniqueOrThrow({ where: { areaId: district.id } });
      expect(row.source).toBe('Test boundaries, not real');
    }, 120_000);

    it('shows a small map on the overview that links to the map', async () => {
      const page = await signedIn('coordinator@demo.local');
      await page.goto('/?asOf=2023-02-10');
      const small = page.locator('#map').getByTestId('access-map');
      await small.waitFor();
      expect(await small.locator('path.map-area[data-status="DENIED"]').count()).toBe(1);
      expect(
        await page.locator('#map').getByRole('link', { name: 'Open the map' }).getAttribute('href'),
      ).toBe('/map?asOf=2023-02-10');
    }, 120_000);

    it('prints the snapshot on one A4 page, without navigation, buttons or filters', async () => {
      const page = await signedIn('coordinator@demo.local');
      await page.goto('/snapshot?asOf=2023-02-10');
      expect(await page.locator('h1').textContent()).toContain('Access snapshot: all areas');
      const figures = page.getByRole('region', { name: 'Key figures' });
      expect(await figures.locator('.figure').first().textContent()).toContain(
        '1area where an organisation is denied or suspended',
      );
      expect(
        await page.getByTestId('access-map').locator('path.map-area[data-status="DENIED"]').count(),
      ).toBe(1);
      expect(
        await page.locator('.snapshot-ranking table.ranking tbody tr th').first().textContent(),
      ).toBe('Nagorno-Karabakh');
      expect(await page.locator('.snapshot-changes .feed li').count()).toBeGreaterThan(0);
      expect(await page.locator('.snapshot-sources li').first().textContent()).toBeTruthy();
      // the chart draws in the browser: wait for it before printing
      await page
        .getByTestId('access-over-time-chart')
        .locator('.recharts-area-area')
        .first()
        .waitFor();
      expect(await seriousViolations(page)).toEqual([]);
      await d.screenshot(page, 'snapshot');

      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('header.site').isVisible()).toBe(false);
      expect(await page.locator('.snapshot-controls').isVisible()).toBe(false);
      expect(await page.locator('.snapshot button').first().isVisible()).toBe(false);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      fs.writeFileSync(path.join(screenshotDir, 'snapshot.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdfPages(pdf)).toBe(1);
      // what the page looks like on paper (A4 at 96 dpi), for the README
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.screenshot({
        path: path.join(screenshotDir, 'snapshot-print.png'),
        fullPage: true,
      });
    }, 120_000);
  },
);
