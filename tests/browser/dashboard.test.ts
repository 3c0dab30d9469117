import fs from 'node:fs';
import { Readable } from 'node:stream';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAIR_PAGE_MAX } from '@access/contracts';
import { actorOfUser, importAccessCsv } from '@access/domain';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';
import { makeArea, makeOrganization } from '../support/factories';

const hasChromium = fs.existsSync(chromiumPath);

/** The heatmap's cell of an organisation (its row header) in an area (its column header). */
async function heatmapCell(page: Page, organization: string, area: string) {
  const heatmap = page.locator('table.heatmap');
  await heatmap.waitFor();
  const column = (await heatmap.locator('thead th').allTextContents()).indexOf(area);
  return heatmap
    .locator('tbody tr', { has: page.locator('th', { hasText: organization }) })
    .locator('td')
    .nth(column - 1);
}
let d: RunningDashboard;

describe.skipIf(!hasChromium)(
  `the dashboard in Chromium (needs ${chromiumPath}; .ci/run installs it)`,
  () => {
    beforeAll(async () => {
      d = await startDashboard();
    }, 120_000);
    afterAll(() => d?.close());

    it('sends a signed-out visitor to the sign-in page, and refuses a wrong password with a clear message', async () => {
      const page = await d.newPage();
      await page.goto('/');
      await page.waitForURL(/\/login$/);
      await page.getByLabel('E-mail address').fill('coordinator@demo.local');
      await page.getByLabel('Password').fill('wrong password');
      await page.keyboard.press('Enter');
      const alert = page.locator('p.alert');
      await alert.waitFor();
      expect(await alert.textContent()).toContain('The e-mail address or the password is wrong');
      await page.context().close();
    });

    it('holds the sign-in and entry forms until the script is ready, so a password never goes into an address and nothing typed is lost', async () => {
      // The server's HTML alone, as a visitor sees it before React takes over the page
      const context = await d.browser.newContext({ baseURL: d.url, javaScriptEnabled: false });
      const page = await context.newPage();
      await page.goto('/login');
      expect(await page.getByLabel('Password').isDisabled()).toBe(true);
      expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
      await context.close();

      const ready = await d.newPage();
      await ready.goto('/login');
      await ready.getByLabel('Password').fill('typed once the script is ready');
      expect(await ready.getByLabel('Password').isEnabled()).toBe(true);
      await ready.context().close();
    });

    it('shows a coordinator the overview: figures, a drawn chart with its table, the heatmap and the changes', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      await page.goto('/?from=2020-06-01&to=2023-06-01');
      await page.locator('table.heatmap').waitFor();
      const chart = page.getByTestId('access-over-time-chart');
      await chart.locator('.recharts-area-area').first().waitFor();
      // recharts draws one filled area per status present: full, constrained, denied (the
      // proposed missions, once pending statuses, are requests awaiting consent now)
      expect(await chart.locator('.recharts-area-area').count()).toBe(3);
      expect(await page.locator('ul.chart-legend li').allTextContents()).toEqual(
        expect.arrayContaining(['✓Full access', '✕Denied']),
      );
      await d.screenshot(page, 'overview-coordinator');

      await page.getByRole('button', { name: 'View as table' }).click();
      const lastRow = page.locator('figure table').locator('tbody tr').last();
      expect(await lastRow.locator('th').textContent()).toBe('Jun 2023');
      expect(await lastRow.locator('td').last().textContent()).toBe('5');

      const heatmap = page.locator('table.heatmap');
      expect(await heatmap.locator('tbody tr').count()).toBe(4);
      expect(
        await (await heatmapCell(page, 'ICRC', 'Nagorno-Karabakh')).getAttribute('aria-label'),
      ).toBe('Constrained');
      expect(await page.locator('.feed li').count()).toBe(5);
      await page.context().close();
    });

    it('keeps every filter in the URL, so a link reproduces the view', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      await page.goto('/');
      await page.locator('summary', { hasText: 'edit' }).click();
      await page.getByRole('group', { name: 'Status' }).getByLabel('Denied').check();
      await page.getByLabel('As of').fill('2023-03-01');
      await page.getByRole('button', { name: 'Apply' }).click();
      await page.waitForURL(/status=DENIED/);
      expect(page.url()).toContain('asOf=2023-03-01');
      await page.locator('table.heatmap').waitFor();
      const rows = await page.locator('table.heatmap tbody th').allTextContents();
      expect(rows.sort()).toEqual(['OCHA', 'UNHCR']);
      const again = await d.newPage();
      await d.signIn(again, 'coordinator@demo.local');
      await again.goto(page.url());
      await again.locator('table.heatmap').waitFor();
      expect((await again.locator('table.heatmap tbody th').allTextContents()).sort()).toEqual([
        'OCHA',
        'UNHCR',
      ]);
      await page.context().close();
      await again.context().close();
    });

    it('lets an editor record a change with the keyboard: errors beside the fields, nothing typed lost, then a confirmation that a coordinator will review it', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'editor.icrc@demo.local');
      await page.goto('/entries/new');
      await page.getByRole('button', { name: 'Record this status' }).click();
      await page.locator('#reason-error').waitFor();
      expect(await page.locator('#reason-error').textContent()).toBe(
        'Error: Say why the access changed, in “Reason for the change”.',
      );
      expect(await page.locator('#reason').getAttribute('aria-invalid')).toBe('true');

      await page.getByLabel('Area').selectOption({ label: 'Nagorno-Karabakh' });
      await page.getByRole('radio', { name: 'Suspended' }).check();
      await page.getByLabel('Holds from').fill('2023-02-01');
      await page.getByLabel('Reason for the change').fill('Crossings closed for all movements');
      await page.getByRole('checkbox', { name: /4\. Restriction of movement/ }).check();
      await page.getByLabel('Sensitivity').selectOption('MODERATE');
      await page.getByRole('button', { name: 'Record this status' }).click();
      // The ICRC's entry there starts on 1 Feb 2023: the API refuses a second start that day, beside the field,
      // and the form leads to that entry, which is the one to correct.
      await page.locator('#validFrom-error').waitFor();
      expect(await page.locator('#validFrom-error').textContent()).toBe(
        'Error: Another status of this organisation in this area already starts on 2023-02-01: choose another day in “Holds from”, or correct that entry.',
      );
      expect(await page.getByLabel('Holds from').getAttribute('aria-describedby')).toBe(
        'validFrom-hint validFrom-error',
      );
      const icrc = await d.t.db.organization.findFirstOrThrow({ where: { acronym: 'ICRC' } });
      const nagornoKarabakh = await d.t.db.area.findFirstOrThrow({
        where: { name: 'Nagorno-Karabakh' },
      });
      const february = await d.t.db.accessStatusVersion.findFirstOrThrow({
        where: {
          organizationId: icrc.id,
          areaId: nagornoKarabakh.id,
          validFrom: new Date('2023-02-01'),
        },
      });
      expect(
        await page
          .locator('.error-summary')
          .getByRole('link', { name: 'Correct the entry that starts that day' })
          .getAttribute('href'),
      ).toBe(`/entries/${february.id}/correct`);
      expect(await page.getByLabel('Reason for the change').inputValue()).toBe(
        'Crossings closed for all movements',
      );
      await d.screenshot(page, 'entry-form-conflict');

      await page.getByLabel('Holds from').fill('2023-06-15');
      await page.getByRole('button', { name: 'Record this status' }).press('Enter');
      // a proposal: the confirmation says what happens next, and the validated history is untouched
      await page.waitForURL(/\/entries\/[0-9a-f-]+\/saved$/);
      await page.getByRole('heading', { name: 'Submitted for review' }).waitFor();
      expect(await page.locator('main').textContent()).toContain('A coordinator will review it');
      await d.screenshot(page, 'entry-submitted');
      await page.context().close();
    });

    it("lets the coordinator validate the editor's change, which then shows in the chart, matrix and feed", async () => {
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      await page.goto('/review');
      await d.screenshot(page, 'review-queue');
      const item = page.locator('.entry-card', { hasText: 'Crossings closed for all movements' });
      await item.getByRole('button', { name: /^Validate/ }).click();
      await page.locator('.confirmation').waitFor();
      await page.getByText('Nothing waits for review.').waitFor();

      await page.goto('/?from=2023-01-01&to=2023-12-31');
      const icrcCell = () => heatmapCell(page, 'ICRC', 'Nagorno-Karabakh');
      expect(await (await icrcCell()).getAttribute('aria-label')).toContain('Suspended');
      expect(await page.locator('.feed li').first().textContent()).toContain(
        'Crossings closed for all movements',
      );
      expect(await page.locator('.feed li').first().textContent()).toContain('Deteriorated');
      await page.getByRole('button', { name: 'View as table' }).click();
      const headers = await page.locator('figure table').locator('thead th').allTextContents();
      const suspendedColumn = headers.findIndex((header) => header.includes('Suspended'));
      expect(suspendedColumn).toBeGreaterThan(0);
      const julyRow = page.locator('figure table').locator('tbody tr', { hasText: 'Jul 2023' });
      expect(await julyRow.locator('th, td').nth(suspendedColumn).textContent()).toBe('1');
      await d.screenshot(page, 'overview-after-change');
      await page.context().close();
    });

    it('travels in time: the earlier status as of a past date, and what was believed on an earlier day', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      const icrcCell = () => heatmapCell(page, 'ICRC', 'Nagorno-Karabakh');
      await page.goto('/?asOf=2023-03-01');
      expect(await (await icrcCell()).getAttribute('aria-label')).toContain('Constrained');
      await page.goto('/');
      expect(await (await icrcCell()).getAttribute('aria-label')).toContain('Suspended');
      // As known on a day before the demo data existed, nothing was known yet.
      await page.goto('/?knownOn=2020-01-01');
      await page.getByText('No organisation has a status in these areas on this date.').waitFor();
      await page.context().close();
    });

    it('shows an area with its names, sub-areas, timelines and current terms', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      const area = await d.t.db.area.findFirstOrThrow({ where: { name: 'Nagorno-Karabakh' } });
      await page.goto(`/areas/${area.id}?asOf=2023-03-01`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(
        'Nagorno-Karabakh',
      );
      // The page streams in: wait for its last part before counting.
      await page.locator('h2#subareas').waitFor();
      expect(await page.locator('td[lang=hy]').allTextContents()).toEqual(
        expect.arrayContaining(['Լեռնային Ղարաբաղ']),
      );
      expect(
        await page.locator('section', { hasText: 'Sub-areas' }).getByRole('link').allTextContents(),
      ).toEqual(['Lachin corridor']);
      expect(await page.locator('.timeline').count()).toBeGreaterThanOrEqual(3);
      await d.screenshot(page, 'area');
      const organization = await d.t.db.organization.findFirstOrThrow({
        where: { acronym: 'ICRC' },
      });
      await page.goto(`/organizations/${organization.id}`);
      await page.locator('.timeline').first().waitFor();
      await d.screenshot(page, 'organization');
      await page.goto('/entries');
      await page.locator('table').first().waitFor();
      await d.screenshot(page, 'entries');
      await page.context().close();
      const admin = await d.newPage();
      await d.signIn(admin, 'admin@demo.local');
      await admin.goto('/admin');
      await admin.getByRole('heading', { name: 'Users' }).waitFor();
      expect(await admin.locator('table tbody tr').count()).toBe(5);
      await d.screenshot(admin, 'administration');
      await admin.context().close();
    });

    it('downloads the view as an HXL-tagged CSV, and imports an edited file after a dry run', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'editor.icrc@demo.local');
      await page.goto('/entries?asOf=2023-03-01');
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('link', { name: 'Download CSV (HXL)' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(
        /^access-statuses_organisations_as-of-2023-03-01\.csv$/,
      );
      const exported = fs.readFileSync(await download.path());
      const lines = exported.toString('utf8').split('\r\n');
      expect(lines[1]).toContain('#org+name');
      expect(lines.filter(Boolean)).toHaveLength(3);
      // The editor changes the status in a spreadsheet and keeps the rest.
      const edited = exported.toString('utf8').replace(',CONSTRAINED,', ',DENIED,');
      await page.goto('/imports');
      await page
        .getByLabel('CSV file')
        .setInputFiles({ name: 'icrc.csv', mimeType: 'text/csv', buffer: Buffer.from(edited) });
      await page.getByRole('button', { name: 'Check the file' }).click();
      await page.getByRole('heading', { name: 'What this file would change' }).waitFor();
      expect(await page.getByRole('status').last().textContent()).toContain('1 corrections');
      // the correction shows what it replaces, in words, and the day in the reader's format
      const row = page.getByRole('row', { name: /correction/i });
      expect(await row.textContent()).toContain('Constrained → Denied');
      expect(await row.textContent()).not.toMatch(/DENIED|\d{4}-\d{2}-\d{2}/);
      await d.screenshot(page, 'import-dry-run');
      await page.getByRole('button', { name: 'Import 1 change' }).click();
      await page.getByRole('heading', { name: 'Imported' }).waitFor();
      const icrc = await d.t.db.organization.findFirstOrThrow({ where: { acronym: 'ICRC' } });
      const corrected = await d.t.db.accessStatusVersion.findFirstOrThrow({
        where: { organizationId: icrc.id, changeKind: 'CORRECTION' },
      });
      expect(corrected.status).toBe('DENIED');
      await page.context().close();
    });

    it('names a page a role may not use before saying why it shows nothing', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      await page.goto('/admin');
      await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
      await page.getByText('Only administrators manage users').waitFor();
      await page.context().close();
      const viewer = await d.newPage();
      await d.signIn(viewer, 'viewer@demo.local');
      for (const [path, heading, why] of [
        ['/review', 'Review queue', 'Only coordinators review entries.'],
        ['/incidents/new', 'Record an incident', null],
      ] as const) {
        await viewer.goto(path);
        await viewer.getByRole('heading', { level: 1, name: heading }).waitFor();
        expect(await viewer.locator('p.alert').count(), path).toBe(1);
        if (why) await viewer.getByText(why).waitFor();
      }
      await viewer.context().close();
    });

    it('lets an administrator create and edit organisations, parties and users from the dashboard', async () => {
      const page = await d.newPage();
      await d.signIn(page, 'admin@demo.local');
      await page.goto('/admin');
      const newParty = page.getByRole('form', { name: 'New party' });
      await newParty.getByLabel('Name').fill('Government of Georgia');
      await newParty.getByRole('button', { name: 'Create' }).click();
      await page.getByText('Government of Georgia — government').waitFor();

      const ocha = page.locator('li', {
        hasText: 'United Nations Office for the Coordination of Humanitarian Affairs (OCHA)',
      });
      await ocha.getByText('Edit', { exact: true }).click();
      const form = ocha.getByRole('form', { name: /^Edit United Nations Office/ });
      await form
        .getByLabel('Other names')
        .fill('UN OCHA, Bureau de la coordination des affaires humanitaires');
      await form.getByRole('button', { name: 'Save changes' }).click();
      await form.getByText('Saved.').waitFor();
      expect(
        (await d.t.db.organization.findFirstOrThrow({ where: { iatiId: 'XM-DAC-41127' } })).aliases,
      ).toEqual(['UN OCHA', 'Bureau de la coordination des affaires humanitaires']);

      const newUser = page.getByRole('form', { name: 'New user' });
      await newUser.getByLabel('E-mail').fill('new.viewer@example.org');
      await newUser.getByLabel('Name').fill('New viewer');
      await newUser.getByLabel('Initial password').fill('short');
      await newUser.getByRole('button', { name: 'Create' }).click();
      await newUser
        .locator('.field-error', { hasText: 'Choose a password of at least 12 characters.' })
        .waitFor();
      await newUser.getByLabel('Initial password').fill('a-long-enough-password');
      await newUser.getByRole('button', { name: 'Create' }).click();
      await page.getByRole('cell', { name: 'new.viewer@example.org' }).waitFor();
      await page.context().close();
    });

    it("hides records above the viewer's clearance from the dashboard", async () => {
      const page = await d.newPage();
      await d.signIn(page, 'viewer@demo.local');
      await page.goto('/?asOf=2023-03-01');
      await page.locator('.feed').waitFor();
      const rows = await page.locator('table.heatmap tbody th').allTextContents();
      expect(rows.sort()).toEqual([
        'OCHA',
        'Russian peacekeeping contingent in Nagorno-Karabakh',
        'UNHCR',
      ]);
      // Organisation names are reference data anyone may read; their SEVERE entry is not.
      const shown = `${await page.locator('table.heatmap').textContent()} ${await page.locator('.feed').textContent()}`;
      expect(shown.includes('fact-finding'), 'the SEVERE entry is shown to the viewer').toBe(false);
      await d.screenshot(page, 'overview-viewer');
      await page.context().close();
    });

    it('tells an editor correcting an entry that someone changed it meanwhile, shows both versions, and keeps what they typed', async () => {
      const current = await d.t.db.currentAccessStatus.findFirstOrThrow({
        where: { sensitivity: 'LOW', reviewState: 'VALIDATED' },
        orderBy: { validFrom: 'desc' },
      });
      const page = await d.newPage();
      await d.signIn(page, 'coordinator@demo.local');
      await page.goto(`/entries/${current.id}/correct`);
      await page
        .getByLabel('Reason for the change')
        .fill('My correction, typed while another was saved');

      // Meanwhile another coordinator corrects the same version.
      const other = await d.t.signIn('admin@demo.local');
      const theirs = await other.post(`/api/access-statuses/${current.id}/corrections`, {
        status: 'DENIED',
        validFrom: current.validFrom.toISOString().slice(0, 10),
        reason: 'Their correction, saved first',
        sensitivity: 'LOW',
        terms: [],
        sources: [],
        constraintCategories: [],
      });
      expect(theirs.statusCode, theirs.body).toBe(201);

      const sent = page.waitForResponse((response) =>
        response.url().endsWith(`/api/access-statuses/${current.id}/corrections`),
      );
      await page.getByRole('button', { name: 'Save the correction' }).click();
      // The form states the version it was based on, and the API refuses the stale one.
      const refused = await sent;
      expect(refused.request().headers()['if-match']).toBe(`"${current.id}"`);
      expect(refused.status()).toBe(412);
      const alert = page.locator('.error-summary');
      await alert.getByText('Their version', { exact: true }).waitFor();
      expect(await alert.textContent()).toContain('Someone changed this entry since you opened it');
      expect(await alert.textContent()).toContain('Their correction, saved first');
      expect(await alert.textContent()).toContain('My correction, typed while another was saved');
      expect(await page.getByLabel('Reason for the change').inputValue()).toBe(
        'My correction, typed while another was saved',
      );
      expect(await d.t.db.accessStatusVersion.count({ where: { supersedesId: current.id } })).toBe(
        1,
      );
      await d.screenshot(page, 'correction-conflict');
      await page.context().close();
    });

    it("lets an editor record a status into the past between two others, and draws each reader's timeline with the periods around it", async () => {
      const icrc = await d.t.db.organization.findFirstOrThrow({ where: { acronym: 'ICRC' } });
      const nagornoKarabakh = await d.t.db.area.findFirstOrThrow({
        where: { name: 'Nagorno-Karabakh' },
      });
      const page = await d.newPage();
      await d.signIn(page, 'editor.icrc@demo.local');
      await page.goto(`/entries/new?organizationId=${icrc.id}&areaId=${nagornoKarabakh.id}`);
      await page.getByRole('radio', { name: 'Pending' }).check();
      await page.getByLabel('Holds from').fill('2023-04-01');
      await page.getByLabel('Reason for the change').fill('Movement permits under review');
      await page.getByLabel('Sensitivity').selectOption('MODERATE');
      await page.getByRole('button', { name: 'Record this status' }).click();
      await page.waitForURL(/\/entries\/[0-9a-f-]+\/saved$/);
      // a proposal until a coordinator validates it
      const proposalId = /\/entries\/([0-9a-f-]+)\/saved$/.exec(page.url())![1];
      const coordinator = await d.t.signIn('coordinator@demo.local');
      const validated = await coordinator.post(`/api/access-statuses/${proposalId}/validation`, {
        note: null,
      });
      expect(validated.statusCode, validated.body).toBeLessThan(300);
      // The ICRC's entries there: from 1 Feb 2023 (HIGH; still constrained: the editor's import of
      // "denied" is a proposal nobody validated) and from 15 Jun 2023 (MODERATE).
      await page.goto(`/areas/${nagornoKarabakh.id}`);
      const band = page.getByRole('img', { name: /^ICRC:/ });
      expect(await band.getAttribute('aria-label')).toBe(
        'ICRC: Constrained from 1 Feb 2023 until 1 Apr 2023; Pending from 1 Apr 2023 until 15 Jun 2023; Suspended from 15 Jun 2023',
      );
      await d.screenshot(page, 'area-after-past-entry');
      await page.context().close();

      // A viewer cleared for MODERATE has a timeline without the HIGH entry: the new status is the first.
      const viewer = await d.newPage();
      await d.signIn(viewer, 'viewer@demo.local');
      await viewer.goto(`/areas/${nagornoKarabakh.id}`);
      expect(await viewer.getByRole('img', { name: /^ICRC:/ }).getAttribute('aria-label')).toBe(
        'ICRC: Pending from 1 Apr 2023 until 15 Jun 2023; Suspended from 15 Jun 2023',
      );
      await viewer.context().close();
    });

    it('shows names holding HTML or script as text, and runs none of it', async () => {
      const admin = await d.t.signIn('admin@demo.local');
      const payload = `<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>`;
      const created = await admin.post('/api/organizations', {
        name: `Org ${payload}`,
        typeCode: 441,
      });
      expect(created.statusCode).toBe(201);
      const page = await d.newPage();
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      await d.signIn(page, 'admin@demo.local');
      await page.goto(`/organizations/${created.json().id}`);
      expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain(payload);
      expect(
        await page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss),
      ).toBeUndefined();
      expect(dialogs).toBe(0);
      await page.context().close();
    });

    it('says when a pair has more periods than its band draws (the latest page of them)', async () => {
      const organization = await makeOrganization(d.t.db);
      const area = await makeArea(d.t.db, { pcode: 'LONG0001' });
      const admin = await d.t.db.user.findFirstOrThrow({ where: { email: 'admin@demo.local' } });
      const day = (n: number) => new Date(Date.UTC(2000, 0, 1 + n)).toISOString().slice(0, 10);
      const csv = [
        'organization_name,area_pcode,status,valid_from,sensitivity,reason',
        ...Array.from(
          { length: PAIR_PAGE_MAX + 1 },
          (_, n) =>
            `"${organization.name}",${area.pcode},${n % 2 ? 'FULL' : 'DENIED'},${day(n)},LOW,period ${n}`,
        ),
      ].join('\n');
      const report = await importAccessCsv(
        d.t.db,
        { actor: await actorOfUser(d.t.db, admin.id) },
        { filename: 'long.csv', content: Readable.from([Buffer.from(csv)]) },
        { dryRun: false },
      );
      expect(report.summary.new).toBe(PAIR_PAGE_MAX + 1);
      const page = await d.newPage();
      await d.signIn(page, 'admin@demo.local');
      await page.goto(`/organizations/${organization.id}`);
      await page
        .getByText(
          `Only the latest ${PAIR_PAGE_MAX} periods are drawn; the history lists the earlier ones.`,
        )
        .waitFor();
      // the band still shows the pair's current period (open since the last start) across most
      // of its width: 500 short periods before it once pushed it out of sight
      const band = page.locator('.timeline').first();
      const current = band.locator('.segment').last();
      const [bandBox, currentBox] = [await band.boundingBox(), await current.boundingBox()];
      expect(currentBox!.x + currentBox!.width).toBeLessThanOrEqual(
        bandBox!.x + bandBox!.width + 1,
      );
      expect(currentBox!.width).toBeGreaterThan(bandBox!.width * 0.8);
      await page.context().close();
    });
  },
);
