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
const p = await login('plant-jiutian');
await p.goto('http://localhost:3999/intake');
await p.locator('[data-list=arriving] a').first().click();
await p.waitForURL(/intake\/new/);
await p.getByLabel('毛重（千克）').fill('13800.5');
await p.getByLabel('皮重（千克）').fill('5050');
await p.getByLabel('杂质（%）').fill('3.2');
await p.getByLabel('等级').selectOption('grade1');
await p.getByRole('button', { name: '计算' }).click();
await p.waitForSelector('[data-intake-preview]');
await shot(p, 'intake-preview');
await p.getByRole('button', { name: '保存磅单' }).click();
await p.waitForURL(/intake\/[0-9a-f]{24}$/);
await shot(p, 'ticket');
const e = await login('ent-jiutian');
await e.goto('http://localhost:3999/deliveries?status=pending');
await shot(e, 'ent-deliveries');
await browser.close();
