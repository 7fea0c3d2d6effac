// Every list on a 360 px phone: each cell of every table is on screen (tables become cards,
// key column first), nothing is cut off inside its box, the menu shows all its items, and no
// page scrolls sideways.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();

/** The cells (and menu items) that are off the screen or cut inside their own box. */
function hidden(page: Page, selector: string) {
  return page.evaluate((sel) => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>(sel)) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 && box.height === 0) continue; // not displayed at all
      const offScreen = box.left < -0.5 || box.right > window.innerWidth + 0.5;
      const cut = el.scrollWidth > el.clientWidth + 1;
      if (offScreen || cut)
        out.push(`${el.textContent?.trim().slice(0, 30)} (${offScreen ? 'off screen' : 'cut'})`);
    }
    return out;
  }, selector);
}

async function check(page: Page, path: string, minCells = 1) {
  await page.goto(path);
  const cells = await page.locator('main td').count();
  expect({ path, enoughCells: cells >= minCells }).toEqual({ path, enoughCells: true });
  expect({ path, hidden: await hidden(page, 'main td, main th, main li') }).toEqual({ path, hidden: [] });
  expect({ path, fits: await fitsWidth(page) }).toEqual({ path, fits: true });
}

/**
 * On a phone the menu is a short bar (首页, the role's daily tasks, 更多) so the work starts
 * above the fold; 更多 brings every other item, 修改密码 and 退出登录 into sight, none cut off.
 */
async function wholeMenu(page: Page) {
  const nav = page.locator('nav.mainnav');
  expect((await nav.boundingBox())!.height).toBeLessThanOrEqual(110);
  expect(await page.getByRole('button', { name: '退出登录' }).isVisible()).toBe(false);
  await nav.locator('label.menu-button').click();
  await page.getByRole('button', { name: '退出登录' }).waitFor();
  expect(await hidden(page, 'nav.mainnav a, nav.mainnav button, .topbar .whoami')).toEqual([]);
}

describe('a 360 px phone', () => {
  it('an official sees every menu item and every column of every list', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await loginAs(page, 'official');
    await wholeMenu(page);
    await check(page, '/plantings', 10);
    await check(page, '/lots', 10);
    await check(page, '/harvests/flagged', 0);
    await check(page, '/herd', 5);
    await check(page, '/master/villages', 5);
    await check(page, '/master/products', 5);
    await check(page, '/organizations', 5);
    await check(page, '/contracts', 3);
    // a planting's harvests, with their lot and flag columns
    // (other tests add plantings without harvests: take the first that has some)
    await page.goto('/plantings');
    const plantings = await page
      .locator('main a[href^="/plantings/"]')
      .evaluateAll((links) =>
        links.map((a) => a.getAttribute('href')!).filter((h) => /^\/plantings\/[0-9a-f]{24}$/.test(h)),
      );
    let withHarvests: string | undefined;
    for (const href of plantings) {
      await page.goto(href);
      if ((await page.locator('main a[href^="/lots/"]').count()) > 0) {
        withHarvests = href;
        break;
      }
    }
    expect(withHarvests).toBeDefined();
    await check(page, withHarvests!, 3);
    // the audit trail: one card an event
    await page.goto('/audit');
    expect(await page.locator('ol.audit-list > li').count()).toBeGreaterThan(5);
    expect(await hidden(page, 'ol.audit-list > li')).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });

  it('a cooperative sees its whole menu, its lists and its imports', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await loginAs(page, 'coop-fengqi');
    await wholeMenu(page);
    await check(page, '/plantings', 3);
    // what was harvested reads in the cooperative's 斤, kg beside it
    expect(await page.locator('main td[data-label="已采收"]').first().textContent()).toMatch(
      /斤（[\d,.]+ 千克）$/,
    );
    await check(page, '/lots', 3);
    await check(page, '/contracts', 1);
    await check(page, '/deliveries', 5);
    // a delivery's card starts with its status
    const firstLines = await page.locator('main .cards tbody tr').evaluateAll((rows) =>
      rows.map((tr) => {
        const shown = [...tr.querySelectorAll('td')].filter((td) => td.getBoundingClientRect().height > 0);
        shown.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top);
        return shown[0]?.classList.contains('status') ?? false;
      }),
    );
    expect(firstLines.length).toBeGreaterThan(4);
    expect(firstLines.every(Boolean)).toBe(true);
    await page.goto('/imports');
    expect(await hidden(page, 'main td, main th, main li')).toEqual([]);
    expect(await fitsWidth(page)).toBe(true);
    await context.close();
  });

  it('an admin sees every column of users, organizations and towns', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await loginAs(page, 'admin');
    await wholeMenu(page);
    await check(page, '/admin/users', 10);
    await check(page, '/organizations', 5);
    await check(page, '/admin/towns', 1);
    await context.close();
  });
});

/** The tables that scroll sideways inside their box (a column out of sight). */
function clipped(page: Page) {
  return page
    .locator('main .table-wrap')
    .evaluateAll((wraps) =>
      wraps
        .filter((w) => w.getBoundingClientRect().width > 0 && w.scrollWidth > w.clientWidth + 1)
        .map((w) => `${w.querySelector('th')?.textContent ?? '?'}: ${w.scrollWidth} > ${w.clientWidth}`),
    );
}

describe('a 1366 px desktop', () => {
  it('lists use the width: no table hides a column behind a sideways scroll', async () => {
    const context = await browser.context({ viewport: { width: 1366, height: 768 } });
    const page = await newPage(context);
    for (const user of ['official', 'ent-jiutian', 'coop-fengqi']) {
      await loginAs(page, user);
      for (const path of [
        '/deliveries',
        '/problems',
        '/contracts',
        '/payouts',
        '/targets',
        '/plantings',
        '/lots',
      ]) {
        await page.goto(path);
        if ((await page.locator('main .table-wrap').count()) === 0) continue; // not this role's page
        expect({ user, path, clipped: await clipped(page) }).toEqual({ user, path, clipped: [] });
      }
      await page.context().clearCookies();
    }
    await context.close();
  });
});
