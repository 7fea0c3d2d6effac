import { chromium } from 'playwright-core';
const [, , user, width, ...paths] = process.argv;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium' });
const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: Number(width), height: 900 } });
await page.goto('http://localhost:3999/login');
await page.locator('input[name=username]').fill(user);
await page.locator('input[type=password]').fill('demo1234');
await page.locator('input[type=password]').press('Enter');
await page.waitForURL((u) => u.pathname !== '/login');
for (const p of paths) {
  const [path, action] = p.split('!');
  await page.goto('http://localhost:3999' + path);
  if (action) {
    await page.locator(action).first().click();
    await page.waitForLoadState('networkidle');
  }
  const name = `/tmp/shots/${user}-${width}-${path.replace(/[^a-z0-9]+/gi, '_')}${action ? '-act' : ''}.png`;
  await page.screenshot({ path: name, fullPage: true });
  const errs = await page.locator('.field-errors, .form-errors').allInnerTexts();
  console.log(name, page.url(), errs.join(' | '));
}
await browser.close();
