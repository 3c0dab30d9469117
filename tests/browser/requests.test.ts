import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { horizontalOverflow, seriousViolations } from '../support/axe';
import type { Client } from '../support/app';
import { chromiumPath, startDashboard, type RunningDashboard } from '../support/dashboard';

/**
 * Issue 16 in the dashboard: the consent board answers "which requests are waiting on
 * Azerbaijan, and for how long?", a request's page answers "what did we know about the
 * Lachin mission's consents on 1 March 2023?" (asOf and knownAt in the URL), and a party's
 * answer is recorded on a 390 px phone with the keyboard alone.
 */
const hasChromium = fs.existsSync(chromiumPath);
const PHONE = { width: 390, height: 844 };
const MARCH_1 = '2023-03-01';
let d: RunningDashboard;
let coordinator: Client;
let azerbaijan: { id: string; name: string };
let armenia: { id: string; name: string };
let lachinMissionId: string;
/** an instant after the mission and its first positions were recorded, before Armenia's answer was */
let beforeArmeniaAnswered: string;

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

async function json(client: Client, url: string) {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

/**
 * The demo's Lachin fact-finding mission, as the demo data records it; on a database whose
 * demo predates requests, the same story recorded here (the report's dates, its source).
 */
async function lachinMission(): Promise<string> {
  const lachin = (await json(coordinator, '/api/areas?q=Lachin&limit=5')).items.find(
    (area: { name: string }) => area.name === 'Lachin corridor',
  );
  const existing = (
    await json(coordinator, `/api/access-requests?areaId=${lachin.id}&kind=FACT_FINDING_MISSION`)
  ).items[0];
  if (existing) return existing.request.requestId;
  const ocha = (await json(coordinator, '/api/organizations?q=OCHA&limit=5')).items[0].id;
  const source = { title: 'Demo report (ArmInfo, citing RIA Novosti)', publisher: 'ArmInfo' };
  const record = async (kind: string, areaId: string, purpose: string, parties: string[]) => {
    const created = await coordinator.post('/api/access-requests', {
      organizationId: ocha,
      kind,
      areaId,
      requestedOn: '2023-01-20',
      purpose,
      neededPartyIds: parties,
      sources: [source],
      sensitivity: 'LOW',
    });
    expect(created.statusCode, created.body).toBe(201);
    const requestId = created.json().requestId as string;
    for (const partyId of parties) {
      const asked = await coordinator.post(`/api/access-requests/${requestId}/positions`, {
        partyId,
        stance: 'REQUESTED',
        statedOn: '2023-01-20',
        sources: [source],
        sensitivity: 'LOW',
      });
      expect(asked.statusCode, asked.body).toBe(201);
    }
    return requestId;
  };
  const karabakh = (await json(coordinator, '/api/areas?q=Nagorno&limit=5')).items[0].id;
  await record('PRESENCE', karabakh, 'Presence of UN humanitarian agencies', [
    azerbaijan.id,
    armenia.id,
  ]);
  return record('FACT_FINDING_MISSION', lachin.id, 'A UN fact-finding mission to the corridor', [
    azerbaijan.id,
    armenia.id,
  ]);
}

describe.skipIf(!hasChromium)(`requests and consent in Chromium (needs ${chromiumPath})`, () => {
  beforeAll(async () => {
    d = await startDashboard();
    coordinator = await d.t.signIn('coordinator@demo.local');
    const parties = (await json(coordinator, '/api/parties?limit=50')).items as {
      id: string;
      name: string;
    }[];
    azerbaijan = parties.find((party) => /Azerbaijan/.test(party.name))!;
    armenia = parties.find((party) => /Armenia/.test(party.name))!;
    lachinMissionId = await lachinMission();
    // later, the product learns that Armenia had consented on 27 February 2023
    await new Promise((resolve) => setTimeout(resolve, 1100));
    beforeArmeniaAnswered = new Date().toISOString();
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answered = await coordinator.post(`/api/access-requests/${lachinMissionId}/positions`, {
      partyId: armenia.id,
      stance: 'GRANTED',
      statedOn: '2023-02-27',
      sources: [{ title: 'A later statement, learnt after the fact' }],
      sensitivity: 'LOW',
    });
    expect(answered.statusCode, answered.body).toBe(201);
  }, 180_000);
  afterAll(() => d?.close());

  it('the consent board answers "which requests are waiting on Azerbaijan, and for how long?"', async () => {
    const page = await open('coordinator@demo.local', { width: 1280, height: 900 });
    await page.goto('/requests');
    expect(await page.getByRole('link', { name: 'Requests' }).getAttribute('aria-current')).toBe(
      'page',
    );
    // the filters: the party, and the day, in the URL
    await page.locator('summary').filter({ hasText: 'Any party' }).click();
    await page.getByLabel('Party', { exact: true }).selectOption(azerbaijan.id);
    await page.getByLabel('As of').fill(MARCH_1);
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(new RegExp(`partyId=${azerbaijan.id}.*asOf=${MARCH_1}`));
    await page.getByRole('heading', { name: `Waiting on ${azerbaijan.name}` }).waitFor();

    const expected = await json(
      coordinator,
      `/api/access-requests/consent-board?waitingOn=${azerbaijan.id}&asOf=${MARCH_1}`,
    );
    expect(expected.items.length).toBeGreaterThan(0);
    const rows = page.getByTestId('consent-board').locator('tbody tr');
    expect(await rows.count()).toBe(expected.items.length);
    // every row waits on Azerbaijan, in the API's order (the longest wait first), with its days
    for (const [index, item] of expected.items.entries()) {
      const row = rows.nth(index);
      expect(await row.getAttribute('data-party-id')).toBe(azerbaijan.id);
      expect(await row.getAttribute('data-request-id')).toBe(item.requestId);
      const text = (await row.textContent()) ?? '';
      expect(text).toContain(item.daysWaited === null ? 'not asked yet' : `${item.daysWaited} day`);
    }
    const days = expected.items.map((item: { daysWaited: number | null }) => item.daysWaited ?? -1);
    expect(days).toEqual([...days].sort((a, b) => b - a));
    // the Lachin fact-finding mission among them
    const mission = page
      .getByTestId('consent-board')
      .locator(`tr[data-request-id="${lachinMissionId}"]`);
    expect(await mission.textContent()).toContain('Fact-finding mission: Lachin corridor');
    expect(await page.getByTestId('board-answer').textContent()).toMatch(
      /awaited.*The longest: Government of the Republic of Azerbaijan, for \d+ days/,
    );
    // per-party figures: a table, and a chart whose bars say their numbers in words
    const figures = page.getByTestId('party-figures');
    expect(await figures.locator(`tr[data-party-id="${azerbaijan.id}"]`).count()).toBe(1);
    await check(page, 'consent board (Azerbaijan, 1 March 2023)');
    await d.screenshot(page, 'consent-board');
    await page.context().close();
  }, 180_000);

  it('the request page answers "what did we know about the Lachin mission\'s consents on 1 March 2023?"', async () => {
    const page = await open('coordinator@demo.local', { width: 1280, height: 900 });
    // as known now: Armenia had consented on 27 February, Azerbaijan had not answered
    await page.goto(`/requests/${lachinMissionId}?asOf=${MARCH_1}`);
    await page.getByRole('heading', { name: 'Fact-finding mission: Lachin corridor' }).waitFor();
    const consents = page.getByTestId('consents');
    const stanceOf = async (partyId: string) =>
      consents.locator(`tr[data-party-id="${partyId}"] [data-code]`).getAttribute('data-code');
    expect(await stanceOf(armenia.id)).toBe('GRANTED');
    expect(await stanceOf(azerbaijan.id)).toBe('REQUESTED');
    expect(await page.getByTestId('request-state').textContent()).toContain('Pending');
    expect(await consents.locator(`tr[data-party-id="${azerbaijan.id}"]`).textContent()).toMatch(
      /\d+ days, since/,
    );
    // each party's positions as a timeline, in words for screen readers too
    expect(
      await page.locator(`[data-party-id="${armenia.id}"] .timeline`).getAttribute('aria-label'),
    ).toMatch(/Granted from 27 Feb 2023/);
    await check(page, 'request page, 1 March 2023 as known now');

    // as known before Armenia's answer was recorded: both parties were still waited on
    await page.goto(
      `/requests/${lachinMissionId}?asOf=${MARCH_1}&knownAt=${encodeURIComponent(beforeArmeniaAnswered)}`,
    );
    await page.getByRole('heading', { name: 'Fact-finding mission: Lachin corridor' }).waitFor();
    expect(await stanceOf(armenia.id)).toBe('REQUESTED');
    expect(await stanceOf(azerbaijan.id)).toBe('REQUESTED');
    expect(await page.getByTestId('request-state').textContent()).toMatch(
      /Pending on 1 Mar 2023, as known at \d/,
    );
    // and the board, as known then, still lists Armenia among the parties waited on
    await page.goto(
      `/requests?asOf=${MARCH_1}&knownAt=${encodeURIComponent(beforeArmeniaAnswered)}`,
    );
    expect(
      await page
        .locator(`tr[data-request-id="${lachinMissionId}"][data-party-id="${armenia.id}"]`)
        .count(),
    ).toBe(1);
    await page.goto(`/requests?asOf=${MARCH_1}`);
    expect(
      await page
        .locator(`tr[data-request-id="${lachinMissionId}"][data-party-id="${armenia.id}"]`)
        .count(),
    ).toBe(0);
    await page.context().close();
  }, 180_000);

  it("records a party's answer on a 390 px phone with the keyboard alone", async () => {
    const page = await open('coordinator@demo.local');
    await page.goto(`/requests?partyId=${azerbaijan.id}`);
    await check(page, 'consent board on a phone');
    // the row's own action, reached and followed with the keyboard
    const action = page
      .locator(`tr[data-request-id="${lachinMissionId}"]`)
      .getByRole('link', { name: /Record an answer from/ });
    await action.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Record a party’s answer' }).waitFor();
    // the party of the row is chosen already
    expect(await page.getByLabel(azerbaijan.name).isChecked()).toBe(true);
    await check(page, 'answer form');

    // no answer chosen: the summary takes the focus and says what to do
    const submit = page.getByRole('button', { name: 'Record this answer' });
    await submit.focus();
    await page.keyboard.press('Enter');
    const summary = page.locator('.error-summary');
    await summary.waitFor();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.classList.contains('error-summary')))
      .toBe(true);
    expect(await summary.locator('li').allTextContents()).toEqual([
      'Choose the party’s answer, under “Answer”.',
    ]);
    await check(page, 'answer form with its error');

    // the summary's link leads to the answers; arrows choose one (Requested → … → Refused)
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('stance');
    await page.keyboard.press('Space');
    for (let step = 0; step < 3; step++) await page.keyboard.press('ArrowDown');
    expect(await page.locator('#stance-REFUSED').isChecked()).toBe(true);
    // on to the reason, and the submit button, by Tab alone
    for (let step = 0; step < 8; step++) {
      if ((await page.evaluate(() => document.activeElement?.id)) === 'reason') break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('reason');
    await page.keyboard.type('No mission without a prior agreement on its mandate.');
    await d.screenshot(page, 'phone-consent-answer');
    for (let step = 0; step < 20; step++) {
      if ((await page.evaluate(() => document.activeElement?.textContent)) === 'Record this answer')
        break;
      await page.keyboard.press('Tab');
    }
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(
      'Record this answer',
    );
    await page.keyboard.press('Enter');

    await page.waitForURL(new RegExp(`/requests/${lachinMissionId}\\?saved=`));
    const saved = page.getByTestId('saved');
    expect(await saved.textContent()).toContain('Saved and validated.');
    expect(await saved.textContent()).toContain(`${azerbaijan.name}: Refused`);
    // a refusal decides the request: refused, whatever the other party said
    expect(await page.getByTestId('request-state').textContent()).toContain('Refused');
    expect(await page.getByTestId('positions').textContent()).toContain(
      'No mission without a prior agreement on its mandate.',
    );
    await check(page, 'request page after the answer, on a phone');
    await page.context().close();
  }, 180_000);

  it("lets a coordinator validate an editor's request and send back an editor's answer from the review page, on a phone", async () => {
    const editor = await d.t.signIn('editor.un@demo.local');
    const ocha = (await json(coordinator, '/api/organizations?q=OCHA&limit=5')).items[0].id;
    const karabakh = (await json(coordinator, '/api/areas?q=Nagorno&limit=5')).items[0].id;
    const proposed = await editor.post('/api/access-requests', {
      organizationId: ocha,
      kind: 'DELIVERY',
      areaId: karabakh,
      requestedOn: '2023-03-02',
      purpose: 'Winter kits for the displaced, proposed by an editor',
      neededPartyIds: [azerbaijan.id],
      sources: [{ title: 'Cluster meeting minutes' }],
      sensitivity: 'LOW',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    const { requestId, id: requestVersionId } = proposed.json();

    // its editor finds it heading the requests list, marked as waiting for review
    const own = await open('editor.un@demo.local');
    await own.goto('/requests');
    const first = own.getByTestId('request-list').locator('tbody tr').first();
    expect(await first.getAttribute('data-request-id')).toBe(requestId);
    expect(await first.locator('.review-badge').textContent()).toContain('Waiting for review');
    // on the phone's card the title keeps its width beside the badge (it was squeezed to a
    // letter a line)
    expect((await first.getByRole('link').boundingBox())!.width).toBeGreaterThan(150);
    await check(own, 'requests list with a proposal, on a phone');
    // its page says what comes next, not to record answers the editor cannot record yet
    await own.goto(`/requests/${requestId}?saved=${requestVersionId}`);
    expect(await own.getByTestId('saved').textContent()).toContain(
      'Once a coordinator has validated it',
    );
    await own.context().close();

    const page = await open('coordinator@demo.local');
    await page.goto('/review');
    const card = page.locator(`li[data-request-proposal="${requestVersionId}"]`);
    await card.waitFor();
    expect(await card.textContent()).toContain('Winter kits for the displaced');
    expect(await card.textContent()).toContain('New request');
    await check(page, 'review page with a request proposal, on a phone');
    await d.screenshot(page, 'phone-request-review');
    await card.getByRole('button', { name: /^Validate:/ }).click();
    const done = page.getByRole('status', { name: 'Request decisions made' });
    await done.waitFor({ timeout: 60_000 });
    expect(await done.textContent()).toContain("Validated: OCHA's request: Delivery");
    const viewer = await d.t.signIn('viewer@demo.local');
    expect((await viewer.get(`/api/access-requests/${requestId}`)).statusCode).toBe(200);

    // the editor's answer on it waits in the same list; sending it back needs a note
    const answer = await editor.post(`/api/access-requests/${requestId}/positions`, {
      partyId: azerbaijan.id,
      stance: 'REFUSED',
      statedOn: '2023-03-10',
      reason: 'Said at a press briefing',
      sources: [{ title: 'Press briefing' }],
      sensitivity: 'LOW',
    });
    expect(answer.statusCode, answer.body).toBe(201);
    await page.goto('/review');
    const answerCard = page.locator(`li[data-request-proposal="${answer.json().id}"]`);
    await answerCard.waitFor();
    expect(await answerCard.textContent()).toContain(`${azerbaijan.name}'s answer`);
    expect(await answerCard.textContent()).toContain('Refused');
    await answerCard.getByRole('button', { name: /^Send back:/ }).click();
    await answerCard.locator('.field-error').waitFor();
    expect(await answerCard.locator('.field-error').textContent()).toContain(
      'Write a note to the editor',
    );
    await answerCard
      .getByLabel('Note to the editor (needed to send back)')
      .fill('Which briefing? Add its date and a link.');
    await answerCard.getByRole('button', { name: /^Send back:/ }).click();
    await done.filter({ hasText: 'Sent back to' }).waitFor({ timeout: 60_000 });
    const request = await json(coordinator, `/api/access-requests/${requestId}?asOf=2023-03-20`);
    expect(request.state).toBe('PENDING');
    await check(page, 'review page after both decisions, on a phone');
    await page.context().close();
  }, 180_000);

  it('shows clear empty states on a board with nothing to wait for', async () => {
    // a party nobody has asked anything yet
    const admin = await d.t.signIn('admin@demo.local');
    const party = await admin.post('/api/parties', {
      name: 'A de facto authority nobody has asked yet',
      kind: 'DE_FACTO_AUTHORITY',
    });
    expect(party.statusCode, party.body).toBe(201);
    const page = await open('viewer@demo.local', { width: 1280, height: 900 });
    await page.goto(`/requests?partyId=${party.json().id}`);
    expect(await page.getByTestId('board-empty').textContent()).toContain(
      'No request is waiting for an answer',
    );
    expect(await page.getByTestId('figures-empty').textContent()).toContain(
      'No party had a request to answer in this period.',
    );
    expect(await page.getByTestId('list-empty').textContent()).toContain(
      'No requests for these filters.',
    );
    // a viewer reads, but is offered no recording
    expect(await page.getByRole('link', { name: 'Record a request' }).count()).toBe(0);
    await check(page, 'empty consent board');
    await page.context().close();
  }, 180_000);
});
