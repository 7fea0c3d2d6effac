import { describe, expect, it } from 'vitest';
import { NAV } from '~/components/nav';
import common from '~/i18n/messages/zh/common';
import { baseURL, fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();

const DEMO_ROLES = {
  admin: 'admin',
  official: 'official',
  'coop-qinglong': 'cooperative',
  'coop-fengqi': 'cooperative',
  'ent-jiutian': 'enterprise',
  'ent-xiangziwei': 'enterprise',
  'plant-jiutian': 'plant',
  'carrier-lft': 'carrier',
  'base-kangqian': 'base',
} as const;

const zhLabel = (key: string) => {
  const [group, name] = key.split('.') as [keyof typeof common, string];
  return (common[group] as Record<string, string>)[name];
};

describe('sign-in and menus', () => {
  it('each demo account signs in and sees its own menu and no other', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    for (const [username, role] of Object.entries(DEMO_ROLES)) {
      await loginAs(page, username);
      const menu = page.getByRole('navigation', { name: '菜单' });
      const links = await menu.getByRole('link').allTextContents();
      const expected = ['首页', ...NAV[role].map((item) => zhLabel(item.labelKey)), '修改密码'];
      // a count of what waits follows an item's name (the base has a contract to accept)
      expect(
        links.map((l) => l.replace(/\d+$/, '')),
        username,
      ).toEqual(expected);
      if (username === 'base-kangqian') expect(links).toContain('收购合同1');
      await page.getByRole('button', { name: '退出登录' }).click();
      await page.waitForURL('**/login');
    }
    await context.close();
  });

  it('a wrong password keeps you on the sign-in page with one message', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    await page.goto('/login');
    await page.getByLabel('用户名').fill('official');
    await page.getByLabel('密码').fill('wrong-password');
    await page.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => page.getByText('用户名或密码错误').count()).toBe(1);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('a cooperative sent to an admin page gets the 403 message; logging out ends the session', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    await loginAs(page, 'coop-qinglong');
    const response = await page.goto('/admin/users');
    expect(response?.status()).toBe(403);
    await expect.poll(() => page.getByText('你没有权限执行此操作').count()).toBe(1);
    await page.goto('/');
    await page.getByRole('button', { name: '退出登录' }).click();
    await page.waitForURL('**/login');
    await page.goto('/master/villages');
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });

  it('the English switch sticks across pages and the next sign-in', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    await loginAs(page, 'official');
    await page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    await page.goto('/master/villages');
    await expect.poll(() => page.getByRole('heading', { name: 'Villages' }).count()).toBe(1);
    // English reads as English: product names, one date style (year first, never 11/20/2026),
    // no full-width punctuation, the seller's wait named as the buyer's task; and on a 360 px
    // phone the household income and a contract's page do not scroll sideways
    await page.goto('/deliveries');
    const list = (await page.locator('main').textContent())!;
    expect(list).toContain('Fresh kudzu root');
    expect(list).not.toContain('鲜葛根');
    expect(list).toMatch(/\d{4}-\d{2}-\d{2}/);
    expect(list).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    expect(list).not.toMatch(/[：（）]/);
    expect(list).toContain('Waiting for the buyer');
    expect(list).not.toContain('To confirm');
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/households/income');
    await page.getByRole('heading', { name: 'Household income' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.goto('/contracts');
    const contract = await page
      .locator('main a[href^="/contracts/"]')
      .evaluateAll((links) =>
        links.map((a) => a.getAttribute('href')!).find((h) => /^\/contracts\/[0-9a-f]{24}$/.test(h)),
      );
    await page.goto(contract!);
    await page.locator('main h1').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    expect(await page.locator('main').textContent()).not.toMatch(/\d{2}\/\d{2}\/\d{4}/);
    await page.setViewportSize({ width: 1280, height: 720 });
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/login');
    // a new browser without the cookie: the account remembers English
    const fresh = await browser.context();
    const other = await newPage(fresh);
    await other.goto('/login');
    await other.getByLabel('用户名').fill('official');
    await other.getByLabel('密码').fill('demo1234');
    await other.getByRole('button', { name: '登录' }).click();
    await expect.poll(() => other.getByRole('button', { name: 'Sign out' }).count()).toBe(1);
    // the sign-in's redirects and the home page's data settled first: a switch pressed while the
    // home page is still loading is overtaken by that load, which was asked for in English
    await other.waitForLoadState('networkidle');
    // the switch's post answered, then its page (a failure says what the page showed instead)
    const answered = other.waitForResponse(
      (r) => r.request().method() === 'POST' && new URL(r.url()).pathname.startsWith('/set-language'),
    );
    await other.getByRole('button', { name: '中文' }).click();
    expect((await answered).status()).toBeLessThan(400);
    await expect
      .poll(() => other.getByRole('button', { name: '退出登录' }).count(), {
        message: `after 中文: ${other.url()} lang=${await other.locator('html').getAttribute('lang')}`,
      })
      .toBe(1);
    await fresh.close();
    await context.close();
  });
});

describe('phones and no JavaScript', () => {
  it('sign-in, home and a list fit a 360 px phone', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await page.goto('/login');
    expect(await fitsWidth(page)).toBe(true);
    await loginAs(page, 'official');
    expect(await fitsWidth(page)).toBe(true);
    // the menu is a short bar on a phone: 村 is one tap on 更多 away, the work starts above the fold
    const nav = page.getByRole('navigation', { name: '菜单' });
    expect((await nav.boundingBox())!.height).toBeLessThanOrEqual(110);
    expect(await nav.getByRole('link', { name: '村' }).count()).toBe(0);
    await nav.locator('label.menu-button').click();
    await nav.getByRole('link', { name: '村' }).click();
    await page.waitForURL('**/master/villages');
    await page.getByRole('heading', { name: '村' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await page.screenshot({ path: '/tmp/e2e-phone-villages.png' });
    await context.close();
  });

  it('a code that is not registered says so on the public page, with how to check it', async () => {
    const page = await newPage(await browser.phone());
    const res = await page.goto('/t/LFT-GG-20991231-999');
    expect(res?.status()).toBe(404);
    const main = page.locator('main');
    expect(await main.textContent()).toContain('批次码“LFT-GG-20991231-999”没有在乡链登记');
    expect(await main.textContent()).toContain('请核对包装或标签上的批次码');
    expect(await main.locator('a[href="/"], a[href^="/login"]').count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await page.context().close();
  });

  it('forms show field errors from the server with JavaScript off', async () => {
    const context = await browser.noScript();
    const page = await newPage(context);
    await page.goto('/login');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForLoadState('load');
    // the browser's own `required` check is skipped by clicking submit with novalidate forms off? it is not set: the server answers
    expect(
      await page.locator('#login-username-error, [id$="username-error"]').first().textContent(),
    ).toContain('必填');

    await page.getByLabel('用户名').fill('official');
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL((url) => url.pathname !== '/login');
    await page.goto('/master/villages/new');
    await page.getByLabel('村名').fill('无脚本村');
    await page.getByLabel('户数').fill('-5');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForLoadState('load');
    expect(await page.getByLabel('户数').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('不能为负数').count()).toBe(1);
    await context.close();
  });
});

describe('HTTP contracts', () => {
  it('/healthz says the database is up', async () => {
    const res = await fetch(`${baseURL()}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true, db: 'up' });
  });

  it('a cross-site form post is refused even with a valid session', async () => {
    const login = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { Origin: baseURL() },
      body: new URLSearchParams({ username: 'coop-fengqi', password: 'demo1234' }),
      redirect: 'manual',
    });
    const cookie = login.headers.get('set-cookie')!.split(';')[0];
    const res = await fetch(`${baseURL()}/account/password`, {
      method: 'POST',
      headers: {
        Cookie: cookie,
        Origin: 'http://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'currentPassword=demo1234&newPassword=hacked-123&confirmPassword=hacked-123',
      redirect: 'manual',
    });
    expect(res.status).toBe(403);
    // the password is unchanged
    const again = await fetch(`${baseURL()}/login`, {
      method: 'POST',
      headers: { Origin: baseURL() },
      body: new URLSearchParams({ username: 'coop-fengqi', password: 'demo1234' }),
      redirect: 'manual',
    });
    expect(again.status).toBe(302);
  });
});
