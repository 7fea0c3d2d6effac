// Helpers for browser tests: Debian's Chromium driven by playwright-core.
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';

export const baseURL = () => inject('baseURL');
export const PASSWORD = 'demo1234';

const ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** One browser per test file; call at the top of the file. */
export function setupBrowser() {
  const handle: { browser?: Browser } = {};
  beforeAll(async () => {
    handle.browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ARGS,
    });
  });
  afterAll(async () => {
    await handle.browser?.close();
  });
  return {
    /** A fresh context (its own cookies); desktop by default. */
    context: (options: BrowserContextOptions = {}) =>
      handle.browser!.newContext({ baseURL: baseURL(), locale: 'zh-CN', ...options }),
    /** A 360 px wide phone. */
    phone: () =>
      handle.browser!.newContext({
        baseURL: baseURL(),
        locale: 'zh-CN',
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        deviceScaleFactor: 2,
      }),
    /** A browser with JavaScript turned off: the server-rendered forms alone. */
    noScript: () =>
      handle.browser!.newContext({ baseURL: baseURL(), locale: 'zh-CN', javaScriptEnabled: false }),
  };
}

/** Signs in through the form and waits for the home page. */
export async function loginAs(page: Page, username: string, password = PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => url.pathname !== '/login');
  // the signed-in layout has rendered (not only the URL changed)
  // (the menu, whose 退出登录 waits behind 更多 on a phone)
  await page.locator('nav.mainnav .menu-toggle').waitFor({ state: 'attached' });
  // the language is kept per user: another test (the fuzz posts every form, the language
  // switch too) may have left this one in English; these tests read Chinese
  const toChinese = page.getByRole('button', { name: '中文' });
  if (await toChinese.count()) {
    await toChinese.click();
    await page.getByRole('button', { name: '中文' }).waitFor({ state: 'detached' });
  }
}

export async function newPage(context: BrowserContext) {
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** True when the page does not scroll sideways. */
export function fitsWidth(page: Page) {
  return page.evaluate(() => document.scrollingElement!.scrollWidth <= window.innerWidth);
}
