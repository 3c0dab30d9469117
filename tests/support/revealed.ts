import type { Browser, BrowserContext, Page } from 'playwright-core';

/**
 * Waits until the parts of a server-rendered page that React streamed are on screen. React
 * (19.2 and later) reveals streamed Suspense boundaries in batches, up to 300 ms after the
 * previous batch, so the `load` event can come while a page's content still waits in a hidden
 * `<div hidden id="S:…">`: a test that counts elements right after `goto` then sees none of
 * them (a CI run counted 0 map links that were there 300 ms later).
 */
export async function revealed(page: Page): Promise<void> {
  // React queues each streamed part that arrived complete in `$RB` and empties it when it
  // reveals them; once the document has loaded, nothing queued is everything revealed (a
  // part React gave up on renders on the client and is never queued)
  const settled = () =>
    document.readyState === 'complete' &&
    !((window as unknown as { $RB?: unknown[] }).$RB?.length ?? 0);
  try {
    await page.waitForFunction(settled, undefined, { timeout: 15_000, polling: 50 });
  } catch (error) {
    const state = await page
      .evaluate(() => ({
        readyState: document.readyState,
        queued: (window as unknown as { $RB?: unknown[] }).$RB?.length ?? null,
        hidden: [...document.querySelectorAll('div[hidden][id^="S:"]')].map((div) => div.id),
      }))
      .catch(() => null);
    throw new Error(`${page.url()} was not revealed in 15 s: ${JSON.stringify(state)}`, {
      cause: error,
    });
  }
}

/** A page whose `goto`, `reload` and `waitForURL` return once the page's content is revealed. */
function revealing(page: Page): Page {
  const goto = page.goto.bind(page);
  const reload = page.reload.bind(page);
  const waitForURL = page.waitForURL.bind(page);
  page.goto = async (...args) => {
    const response = await goto(...args);
    await revealed(page);
    return response;
  };
  page.reload = async (...args) => {
    const response = await reload(...args);
    await revealed(page);
    return response;
  };
  page.waitForURL = async (...args) => {
    await waitForURL(...args);
    await revealed(page);
  };
  return page;
}

/**
 * Every page of every context this browser opens waits for its content on navigation, so no
 * test reads a page halfway through React's reveal. Contexts without JavaScript are left as
 * they are: nothing reveals there, and what a test reads is what the server sent.
 */
export function revealingBrowser(browser: Browser): Browser {
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context: BrowserContext = await newContext(...args);
    if (args[0]?.javaScriptEnabled === false) return context;
    const newPage = context.newPage.bind(context);
    context.newPage = async () => revealing(await newPage());
    return context;
  };
  return browser;
}
