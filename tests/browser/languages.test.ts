import fs from 'node:fs';
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousViolations } from '../support/axe';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';

/**
 * The interface in the working languages (issue 15): French from the browser's languages,
 * every page in Arabic right to left with nothing to scroll sideways on a phone, and a
 * language chosen in the header kept on the account across sign-out and sign-in.
 */
const hasChromium = fs.existsSync(chromiumPath);
let d: RunningDashboard;
const ids: Record<string, string> = {};

async function open(options: BrowserContextOptions = {}): Promise<Page> {
  const context = await d.browser.newContext({
    viewport: { width: 1280, height: 800 },
    locale: 'en-GB',
    baseURL: d.url,
    ...options,
  });
  return context.newPage();
}

/** Signs in by the form's fields, whatever language the page is in. */
async function signIn(page: Page, email: string) {
  await page.goto('/login');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill('demo-password');
  await page.locator('main form button[type="submit"]').click();
  await page.waitForURL(`${d.url}/`);
}

describe.skipIf(!hasChromium)('the dashboard in five languages', () => {
  beforeAll(async () => {
    d = await startDashboard();
    const admin = await d.t.signIn('admin@demo.local');
    const statuses = (await admin.get('/api/access-statuses?limit=1')).json();
    const status = statuses.items[0];
    ids.version = status.id;
    ids.organization = status.organization.id;
    ids.area = status.area.id;
    const incidents = (await admin.get('/api/incidents?limit=1')).json();
    ids.incident = incidents.items[0]?.incidentId;
    const requests = (await admin.get('/api/access-requests?limit=1')).json();
    ids.request = requests.items?.[0]?.requestId ?? requests.items?.[0]?.id;
  }, 180_000);
  afterAll(() => d?.close());

  it("tells an administrator in French why a boundary file was refused (it was the API's English)", async () => {
    const page = await open({ locale: 'fr-FR' });
    await signIn(page, 'admin@demo.local');
    await page.goto('/map');
    const form = page.locator('form.shape-import');
    await form.locator('input[type="file"]').setInputFiles({
      name: 'sans-code.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [{ type: 'Feature', properties: {}, geometry: null }],
        }),
      ),
    });
    await form.locator('input[name="source"]').fill('Essai');
    await form.locator('button[type="submit"]').click();
    const refusal = await form.getByRole('alert').textContent();
    expect(refusal).toContain('Rien n’a été importé. Le fichier présente ces problèmes :');
    // the field at fault, as the API names it, under the French headline
    expect(await form.getByRole('alert').locator('li').first().textContent()).toMatch(
      /^pcodeProperty: /,
    );
  }, 120_000);

  it('shows the overview in French to a French browser: lang="fr", French words, French dates', async () => {
    const page = await open({ locale: 'fr-FR' });
    await page.goto('/login');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('h1').textContent()).toBe('Connexion');
    await signIn(page, 'coordinator@demo.local');
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');
    expect(await page.locator('html').getAttribute('dir')).toBe('ltr');
    // the overview streams in after its loading state; a busy machine takes its time
    await page.locator('h1').waitFor({ timeout: 90_000 });
    const heading = await page.locator('h1').textContent();
    expect(heading).toMatch(/^L’accès au \d{1,2} [a-zéû]+\.? \d{4}/);
    await expect
      .poll(() => page.locator('#ranking-title').textContent())
      .toBe('Où l’accès est le plus difficile');
    expect(await page.getByRole('navigation').textContent()).toContain('Vue d’ensemble');
    expect(await page.getByRole('button', { name: 'Se déconnecter' }).isVisible()).toBe(true);
    expect(await seriousViolations(page), 'overview in French').toEqual([]);
    await d.screenshot(page, 'overview-fr');
    await page.context().close();
  }, 180_000);

  it('keeps the language chosen in the header after sign-out and sign-in, with the keyboard only', async () => {
    const page = await open();
    await signIn(page, 'viewer@demo.local');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    const language = page.getByLabel('Language');
    await language.focus();
    await language.selectOption('es');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.documentElement.lang === 'es');
    expect(await page.getByRole('button', { name: 'Cerrar sesión' }).isVisible()).toBe(true);

    await page.getByRole('button', { name: 'Cerrar sesión' }).click();
    await page.waitForURL(/\/login/);
    // a new browser (no cookie), English by its languages: the account's choice still wins
    await page.context().close();
    const again = await open({ locale: 'en-GB' });
    await again.goto('/login');
    expect(await again.locator('html').getAttribute('lang')).toBe('en');
    await signIn(again, 'viewer@demo.local');
    expect(await again.locator('html').getAttribute('lang')).toBe('es');
    expect(await again.locator('#ranking-title').textContent()).toBe('Dónde el acceso es peor');
    expect(await seriousViolations(again), 'overview in Spanish').toEqual([]);
    await again.context().close();
  }, 180_000);

  it('lets a signed-out visitor choose the sign-in page language, kept in a cookie', async () => {
    const page = await open({ locale: 'en-GB' });
    await page.goto('/login');
    await page.getByLabel('Language').selectOption('ru');
    await page.getByRole('button', { name: 'Change' }).click();
    await page.waitForFunction(() => document.documentElement.lang === 'ru');
    await page.reload();
    expect(await page.locator('html').getAttribute('lang')).toBe('ru');
    expect(await page.locator('h1').textContent()).toBe('Вход');
    await page.context().close();
  }, 60_000);

  it('records a status and an incident in Arabic on a 390 px phone: Arabic labels, right to left, and Arabic errors after a bad submit', async () => {
    const page = await open({
      locale: 'ar',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await signIn(page, 'coordinator@demo.local');
    const text = async (selector: string) =>
      ((await page.locator(selector).first().textContent()) ?? '').trim();
    /** Nothing in English left: letters of the Latin alphabet, outside the codes and addresses a form may show. */
    const latin = (words: string) =>
      words
        .replace(/\b(https?:\/\/|URL|HH:MM|p-code|ACAPS|OCHA|CSV)\b/g, '')
        .match(/[A-Za-z]{2,}/g);
    const fitsAndRtl = async (path: string) => {
      expect(await page.locator('html').getAttribute('dir'), path).toBe('rtl');
      expect(await page.locator('html').getAttribute('lang'), path).toBe('ar');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${path}: wider than the screen`,
      ).toBeLessThanOrEqual(390);
    };

    // recording a status
    await page.goto('/entries/new');
    await page.locator('main form button[type="submit"]').waitFor();
    await fitsAndRtl('/entries/new');
    expect(await text('label[for="areaId"]')).toBe('المنطقة');
    expect(await text('label[for="validFrom"]')).toBe('ساري اعتبارًا من');
    expect(await text('label[for="reason"]')).toBe('سبب التغيير');
    expect(await text('#validFrom-hint')).toMatch(/^أي يوم/);
    expect(await text('main form button[type="submit"]')).toBe('تسجيل هذه الحالة');
    const statusLegends = await page.locator('main form legend').allTextContents();
    expect(statusLegends).toContain('الحالة');
    expect(latin(statusLegends.join(' ')), 'status form legends').toBeNull();
    // a bad submit: nothing chosen, no reason
    await page.locator('main form button[type="submit"]').click();
    const statusSummary = page.locator('.error-summary');
    await statusSummary.waitFor();
    expect(await statusSummary.locator('h2').textContent()).toBe('توجد مشكلة');
    const statusErrors = await statusSummary.locator('li').allTextContents();
    expect(statusErrors).toContain('اختر المنطقة.');
    expect(statusErrors).toContain('اذكر سبب تغيّر الوصول، في «سبب التغيير».');
    expect(latin(statusErrors.join(' ')), 'status form errors').toBeNull();
    expect(await text('#reason-error')).toBe('خطأ: اذكر سبب تغيّر الوصول، في «سبب التغيير».');
    await fitsAndRtl('/entries/new after a bad submit');
    expect(await seriousViolations(page), 'status form in Arabic').toEqual([]);

    // recording an incident
    await page.goto('/incidents/new');
    await page.locator('main form button[type="submit"]').waitFor();
    await fitsAndRtl('/incidents/new');
    expect(await page.locator('main form').getAttribute('aria-label')).toBe('تسجيل حادثة');
    expect(await text('label[for="occurredOn"]')).toBe('تاريخ الحادثة');
    expect(await text('label[for="description"]')).toBe('الوصف');
    expect(await text('#subType')).toBe('اختر فئة أولًا: تظهر هنا أنواع الحوادث التابعة لها.');
    expect(await text('main form button[type="submit"]')).toBe('تسجيل هذه الحادثة');
    const incidentLegends = await page.locator('main form legend').allTextContents();
    expect(incidentLegends).toContain('متى وأين');
    expect(latin(incidentLegends.join(' ')), 'incident form legends').toBeNull();
    await page.locator('main form button[type="submit"]').click();
    const incidentSummary = page.locator('.error-summary');
    await incidentSummary.waitFor();
    const incidentErrors = await incidentSummary.locator('li').allTextContents();
    expect(incidentErrors).toContain('اختر فئة القيد لدى أوتشا التي تندرج تحتها الحادثة.');
    expect(incidentErrors).toContain(
      'اذكر ما الذي حدث، في «الوصف»: من، وماذا، وأين، وما الذي أوقفه.',
    );
    expect(latin(incidentErrors.join(' ')), 'incident form errors').toBeNull();
    await fitsAndRtl('/incidents/new after a bad submit');
    expect(await seriousViolations(page), 'incident form in Arabic').toEqual([]);
    await d.screenshot(page, 'incident-form-ar-phone');
    await page.context().close();
  }, 180_000);

  it('lays every page out right to left in Arabic, with nothing to scroll sideways on a 390 px phone', async () => {
    const page = await open({
      locale: 'ar',
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    await page.goto('/login');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await horizontalOverflow(page), 'sign-in').toBeLessThanOrEqual(0);
    await signIn(page, 'admin@demo.local');
    const paths = [
      '/',
      '/entries',
      '/incidents',
      '/review',
      '/admin',
      '/imports',
      '/entries/new',
      '/incidents/new',
      `/entries/${ids.version}/correct`,
      `/history?organizationId=${ids.organization}&areaId=${ids.area}`,
      `/areas/${ids.area}`,
      `/organizations/${ids.organization}`,
      ...(ids.incident ? [`/incidents/${ids.incident}`] : []),
      '/my-entries',
      '/map',
      '/snapshot',
      '/requests',
      '/requests/new',
      ...(ids.request ? [`/requests/${ids.request}`] : []),
      '/notifications',
      '/settings/notifications',
      '/no-such-page',
    ];
    for (const path of paths) {
      console.log(`arabic: ${path}`);
      await page.goto(path);
      await page.waitForLoadState('networkidle');
      expect(await page.locator('html').getAttribute('dir'), path).toBe('rtl');
      expect(await page.locator('html').getAttribute('lang'), path).toBe('ar');
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${path}: wider than the screen`,
      ).toBeLessThanOrEqual(390);
      expect(await seriousViolations(page), path).toEqual([]);
    }
    // what changed: an English reason reads left to right on a line of its own (it wrapped
    // into the Arabic line with the recorder's name and the date)
    await page.goto('/');
    const change = page.locator('.feed li').first();
    const reason = change.locator('div[dir="auto"]');
    expect(await reason.evaluate((element) => getComputedStyle(element).direction)).toBe('ltr');
    expect(
      await change
        .locator('bdi')
        .last()
        .evaluate((element) => getComputedStyle(element).direction),
      "the recorder's name, isolated",
    ).toBe('ltr');
    // the name and the time joined by the Arabic comma, not a Latin one
    expect(await change.locator('div.muted').last().textContent()).toMatch(/^[^,]+، /);
    // a party's Latin name keeps its colon after it: isolated from the right-to-left line
    await page.goto('/requests');
    const parties = page.getByTestId('request-list').locator('tbody li');
    expect(await parties.count()).toBeGreaterThan(0);
    expect(await parties.locator('bdi').count()).toBe(await parties.count());
    await page.goto('/');
    await page.waitForLoadState('networkidle');
    await d.screenshot(page, 'overview-ar-phone');
    await page.setViewportSize({ width: 1280, height: 800 });
    await d.screenshot(page, 'overview-ar');
    await page.context().close();
  }, 600_000);
});
