import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { freePort } from './api-process';
import { createTestApp, type TestApp } from './app';
import { revealingBrowser } from './revealed';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const screenshotDir = path.join(repoRoot, 'test-results', 'screenshots');

export interface RunningDashboard {
  t: TestApp;
  url: string;
  browser: Browser;
  newPage(): Promise<Page>;
  signIn(page: Page, email: string, password?: string): Promise<void>;
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * The real thing: the API on a private copy of the demo database, the built Next.js
 * dashboard (its own server, as `npm start` runs it) in front of it, and Debian's Chromium driving it.
 */
export async function startDashboard(options: { demo?: boolean } = {}): Promise<RunningDashboard> {
  const t = await createTestApp({ demo: options.demo ?? true });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const apiPort = (t.app.server.address() as net.AddressInfo).port;
  const webPort = await freePort();
  const webDir = path.join(repoRoot, 'apps', 'web');
  if (!fs.existsSync(path.join(webDir, '.next', 'BUILD_ID')))
    throw new Error('The dashboard is not built: run `npm run build` (npm test does it first)');
  const web: ChildProcess = spawn(
    process.execPath,
    ['server.mjs', '--port', String(webPort), '--hostname', '127.0.0.1'],
    {
      cwd: webDir,
      env: {
        ...process.env,
        API_ORIGIN: `http://127.0.0.1:${apiPort}`,
        NEXT_TELEMETRY_DISABLED: '1',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  web.stdout!.on('data', (chunk) => (output += chunk));
  web.stderr!.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${webPort}`;
  for (let attempt = 0; ; attempt++) {
    const ready = await fetch(`${url}/login`).then(
      (response) => response.ok,
      () => false,
    );
    if (ready) break;
    if (attempt > 100 || web.exitCode !== null)
      throw new Error(`The dashboard did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const browser = revealingBrowser(
    await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
  );
  fs.mkdirSync(screenshotDir, { recursive: true });
  return {
    t,
    url,
    browser,
    newPage: async () => {
      const context = await browser.newContext({
        viewport: { width: 1280, height: 800 },
        locale: 'en-GB',
        baseURL: url,
      });
      return context.newPage();
    },
    async signIn(page, email, password = 'demo-password') {
      await page.goto('/login');
      await page.getByLabel('E-mail address').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL(`${url}/`);
    },
    async screenshot(page, name) {
      await page.screenshot({ path: path.join(screenshotDir, `${name}.png`), fullPage: true });
      await page.screenshot({ path: path.join(screenshotDir, `${name}-screen.png`) });
    },
    async close() {
      await browser.close();
      web.kill('SIGTERM');
      await t.close();
    },
  };
}
