// Forms that never lose a tap, land a failed submit at its first error without JavaScript,
// and pages that send only the JavaScript they need.
import zlib from 'node:zlib';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();

/** Gzipped KB of the JavaScript the page downloads while it loads (and settles). */
async function jsWeightOf(page: Page, path: string) {
  const sizes: Promise<number>[] = [];
  const urls: string[] = [];
  const onResponse = (response: import('playwright-core').Response) => {
    if (response.request().resourceType() !== 'script') return;
    urls.push(new URL(response.url()).pathname);
    sizes.push(response.body().then((b) => zlib.gzipSync(b, { level: 6 }).byteLength));
  };
  page.on('response', onResponse);
  await page.goto(path, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  return { kb: bytes / 1024, urls };
}

describe('forms', () => {
  it('a message that is shown stays put until the server answers, so the first tap on 保存 submits', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await loginAs(page, 'coop-qinglong');
    await page.goto('/plantings/new');
    await page.getByLabel('面积（亩）').fill('2');
    await page.getByRole('button', { name: '保存' }).click();
    // the households are missing: the server says so next to the field
    const message = page.locator('#planting-households-error, [id$="households-error"]');
    await expect.poll(() => message.count()).toBeGreaterThan(0);
    // the clerk types the number; leaving the field changes nothing on the page
    const households = page.getByLabel('参与户数');
    await households.fill('3');
    const button = page.getByRole('button', { name: '保存' });
    const before = await button.boundingBox();
    await households.blur();
    expect(await button.boundingBox()).toEqual(before);
    // one tap, one submission
    const posts: string[] = [];
    page.on('request', (r) => r.method() === 'POST' && posts.push(r.url()));
    await button.tap();
    await page.waitForURL(/\/plantings\/[0-9a-f]{24}$/);
    expect(posts.length).toBe(1);
    await context.close();
  });

  it('without JavaScript a failed submit lands at its first error', async () => {
    const context = await browser.noScript();
    const page = await newPage(context);
    await page.setViewportSize({ width: 360, height: 640 });
    await loginAs(page, 'coop-qinglong');
    await page.goto('/plantings/new');
    await page.getByLabel('面积（亩）').fill('2');
    // the planting date, far down the form, is made impossible
    await page.getByLabel('种植日期').fill('2099-01-01');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForLoadState('load');
    const focused = await page.evaluate(() => {
      const el = document.activeElement as HTMLElement;
      const box = el.getBoundingClientRect();
      return { name: el.getAttribute('name'), top: box.top, bottom: box.bottom, height: window.innerHeight };
    });
    expect(focused.name).toBe('households'); // the first field with a message
    expect(focused.top).toBeGreaterThanOrEqual(0);
    // (scroll positions are whole pixels: a field may end a fraction of one below the edge)
    expect(focused.bottom).toBeLessThanOrEqual(focused.height + 1);
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });
});

describe('JavaScript per page', () => {
  it('pages that only show records send none; form pages stay under 120 KB and load one language', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    await loginAs(page, 'coop-qinglong');
    const titles = { '/': '首页', '/plantings': '种植', '/lots': '批次', '/audit': '操作记录' };
    for (const [path, title] of Object.entries(titles)) {
      const { kb, urls } = await jsWeightOf(page, path);
      expect({ path, kb, urls }).toEqual({ path, kb: 0, urls: [] });
      expect(await page.title()).toBe(`${title} · 乡链`); // each page its own title
    }
    const form = await jsWeightOf(page, '/plantings/new');
    expect(form.kb).toBeGreaterThan(40); // React is there: the form works in the page
    console.log(`[forms] /plantings/new: ${form.kb.toFixed(1)} KB of JavaScript (gzip)`);
    expect(form.kb).toBeLessThanOrEqual(120);
    expect(form.urls.some((u) => /\/zh-[\w-]+\.js$/.test(u))).toBe(true);
    expect(form.urls.some((u) => /\/en-[\w-]+\.js$/.test(u))).toBe(false);
    expect(form.urls.some((u) => /recharts|herd\._index/.test(u))).toBe(false);
    await context.close();
  });
});

describe('English', () => {
  it('names crops, units and pages in English', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await loginAs(page, 'coop-qinglong');
    await page.getByRole('button', { name: 'English' }).click();
    // (the switch then offers the other language; 退出登录 waits behind 更多 on a phone)
    await expect.poll(() => page.getByRole('button', { name: '中文' }).count()).toBe(1);
    try {
      await page.goto('/');
      expect(await page.title()).toBe('Home · Xianglian');
      // the plantings to harvest and the latest lots (names of villages and organizations
      // are names, and stay as they are)
      const lists = await page.locator('main ul.tap-list').allInnerTexts();
      expect(lists.join('\n')).toContain('Mini sweet potato · 120 mu');
      expect(lists.join('\n')).toMatch(/Mini sweet potato\nLFT-XXS-\d{8}-\d{3} · [\d,]+ kg/);
      expect(lists.join('\n')).not.toMatch(/小香薯|千克|亩/);
      await page.goto('/plantings');
      expect(await page.getByLabel('Crop').locator('option').allTextContents()).toContain(
        'Mini sweet potato',
      );
      await page.goto('/');
      await page.locator('main ul.tap-list a[href$="/harvest"]').first().click();
      await page.waitForURL(/\/plantings\/[0-9a-f]{24}\/harvest$/);
      expect(await page.title()).toMatch(/^Record a harvest · 青龙村 Mini sweet potato · Xianglian$/);
      expect(await page.getByLabel('Unit').locator('option').allTextContents()).toContain('jin (= 0.5 kg)');
      expect(await fitsWidth(page)).toBe(true);
    } finally {
      await page.getByRole('button', { name: '中文' }).click();
      await expect.poll(() => page.getByRole('button', { name: 'English' }).count()).toBe(1);
      await context.close();
    }
  });
});
