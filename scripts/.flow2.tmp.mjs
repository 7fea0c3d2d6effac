import { chromium } from 'playwright-core';
const width = Number(process.argv[2] ?? 360);
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const login = async (user) => {
  const page = await browser.newPage({ locale: 'zh-CN', viewport: { width, height: 900 } });
  await page.goto('http://localhost:3999/login');
  await page.locator('input[name=username]').fill(user);
  await page.locator('input[type=password]').fill('demo1234');
  await page.locator('input[type=password]').press('Enter');
  await page.waitForURL((u) => u.pathname !== '/login');
  return page;
};
const shot = async (page, name) => {
  await page.screenshot({ path: `/tmp/shots/flow-${width}-${name}.png`, fullPage: true });
  console.log(
    name,
    page.url(),
    (await page.locator('.field-errors, .form-errors, .flash').allInnerTexts()).join(' | '),
  );
};
const e = await login('ent-jiutian');
await e.goto('http://localhost:3999/deliveries?status=pending');
await e.getByRole('link', { name: 'LFT-JS-2026-00016' }).click();
await shot(e, 'ent-delivery-0');
await e.locator('[data-as-weighed] summary').click();
await shot(e, 'ent-delivery');
await e.getByRole('button', { name: /按过磅确认/ }).click();
await e.waitForLoadState('networkidle');
await shot(e, 'ent-adjusted');
await browser.close();
