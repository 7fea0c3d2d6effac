// Households in the browser (issue 10): a cooperative's clerk on a phone records a purchase
// from a member in 斤 at the price-list price, pays it, and approves a dividend whose split
// adds up to the 分; the household's ledger shows it; a plant sees only masked phones and
// cannot open the register; an official sees linked households and their average by village.
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();
const FULL_PHONE = /\b1[3-9]\d{9}\b/;

describe('households in the browser', () => {
  it('a cooperative buys from a member, pays, and approves a dividend; officials see the income', async () => {
    const coop = await newPage(await browser.phone());
    await loginAs(coop, 'coop-qinglong');
    await coop.getByRole('link', { name: '社员农户', exact: true }).first().click();
    await coop.waitForURL('**/households');
    expect(await fitsWidth(coop)).toBe(true);
    await coop.getByRole('link', { name: '支付给农户' }).first().click();
    await coop.getByRole('link', { name: '登记收购' }).click();
    await coop.waitForURL('**/payouts/new?kind=purchase');
    expect(await fitsWidth(coop)).toBe(true);

    // 500 斤 of grade-2 sweet potato at the price list's 2.20 元/kg: 250 kg, 550.00 元 — under
    // the 2.40 floor the cooperative's contract promises, so it is flagged
    const household = coop.getByLabel('农户');
    await household.selectOption({ label: '青龙村 · 01-03 · 彭冬梅' });
    await coop.getByLabel('产品').selectOption({ label: '小香薯' });
    await coop.getByLabel('等级').selectOption({ label: '二级' });
    await coop.getByLabel('重量').fill('500');
    await coop.getByLabel('单位').selectOption({ label: '斤' });
    await coop.getByRole('button', { name: '保存' }).click();
    await coop.waitForURL(/\/payouts\/[0-9a-f]{24}$/);
    const entryPath = new URL(coop.url()).pathname;
    const main = coop.locator('main');
    await coop.getByText(/已登记：LFT-SG-\d{4}-\d{6}/).waitFor();
    expect(await main.textContent()).toContain('550.00 元');
    expect(await main.textContent()).toContain('500 斤（250 千克）');
    expect(await main.textContent()).not.toMatch(/\bkg\b/);
    expect(await main.textContent()).toContain('低于合同保底价 2.4 元/千克');
    const lotCode = await coop.getByRole('link', { name: /^LFT-XXS-/ }).textContent();

    // paid in full by WeChat transfer
    await coop.getByLabel('付款方式').selectOption({ label: '微信转账' });
    await coop.getByRole('button', { name: '登记付款' }).click();
    await coop.getByText('付款已登记').waitFor();
    expect(await coop.getByRole('button', { name: '登记付款' }).count()).toBe(0);

    // the lot lists the household's kg; the household's ledger shows the purchase and payment
    await coop.goto(`/lots/${lotCode}`);
    expect(await coop.locator('main').textContent()).toContain('彭冬梅');
    await coop.goto(entryPath);
    await coop.getByRole('link', { name: /彭冬梅/ }).click();
    await coop.waitForURL(/\/households\/[0-9a-f]{24}$/);
    const ledger = await coop.locator('main').textContent();
    expect(ledger).toMatch(/LFT-SG-\d{4}-\d{6}/);
    expect(ledger).toMatch(/LFT-HF-\d{4}-\d{6}/);
    expect(ledger).toContain('550.00 元');

    // a dividend of 2024's surplus: 10,000.01 元, 70 % by volume; the lines add up to the 分
    await coop.goto('/households/dividends/new');
    await coop.getByLabel('盈余年度').fill('2024');
    await coop.getByLabel('可分配盈余（元）').fill('10000.01');
    await coop.getByLabel('按交易量返还比例（%）').fill('70');
    await coop.getByLabel('土地入股折价（元/亩）').fill('800');
    await coop.getByLabel('发放日期').fill('2025-03-01');
    await coop.getByRole('button', { name: '测算分配方案' }).click();
    await coop.getByRole('button', { name: '批准分配' }).waitFor();
    const foot = coop.locator('tfoot');
    expect(await foot.textContent()).toContain('10,000.01 元');
    expect(await main.textContent()).toContain('7,000.01 元'); // by volume: 70 %, rounded up
    await coop.getByRole('button', { name: '批准分配' }).click();
    await coop.waitForURL(/\/households\/dividends\/[0-9a-f]{24}$/);
    await coop.getByText(/分配方案已批准：LFT-FP-2024-\d{5}/).waitFor();
    expect(await coop.locator('tfoot').textContent()).toContain('10,000.01 元');
    expect(await fitsWidth(coop)).toBe(true);

    // going under 60 % by volume is refused, with the reason next to the field
    await coop.goto('/households/dividends/new');
    await coop.getByLabel('可分配盈余（元）').fill('5000');
    await coop.getByLabel('按交易量返还比例（%）').fill('55');
    await coop.getByRole('button', { name: '测算分配方案' }).click();
    await coop.getByText('按交易量返还不得低于 60%', { exact: true }).waitFor();

    // a plant pays wages: households are chosen by village and number, phones masked, no register
    const plant = await newPage(await browser.context());
    await loginAs(plant, 'plant-jiutian');
    await plant.goto('/payouts');
    const plantHtml = await plant.content();
    expect(plantHtml).toMatch(/\d{3}\*{4}\d{4}/);
    expect(plantHtml).not.toMatch(FULL_PHONE);
    const denied = await plant.goto('/households');
    expect(denied?.status()).toBe(403);

    // the official: linked households and the average per household, by village and year
    const official = await newPage(await browser.context());
    await loginAs(official, 'official');
    await official.goto('/households/income?year=2026');
    const linked = Number(
      (await official.locator('[data-figure="linked"]').textContent())!.replace(/,/g, ''),
    );
    expect(linked).toBeGreaterThan(100);
    const rows = official.locator('#by-village tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(6);
    // each village's 2026 column reads "households / average"; the villages add up to the town
    let sum = 0;
    for (const cell of await rows.locator('td:nth-child(4)').allTextContents())
      sum += /\d/.test(cell) ? Number(cell.split('/')[0]!.replace(/[,\s]/g, '')) : 0; // or 无数据
    expect(sum).toBe(linked);
    // (in either language: the HTTP test leaves the official's account in English)
    expect(await official.locator('[data-figure="average"]').textContent()).toMatch(/[\d,]+\.\d{2} (元|CNY)/);

    // the five-year trend is a chart read at a glance on a phone: one bar per year with its
    // figure, the highest year the longest bar; a year without records says so, never 0
    const phone = await newPage(await browser.phone());
    await loginAs(phone, 'official');
    await phone.goto('/households/income?year=2026');
    const years = phone.locator('.income-bars li');
    expect(await years.count()).toBe(5);
    const shown: Array<{ width: number; fen: number }> = [];
    for (const li of await years.all()) {
      const value = (await li.locator('.value').textContent())!;
      if ((await li.locator('.bar').count()) === 0) {
        expect(value).toMatch(/^(无数据|no data)$/);
        continue;
      }
      expect(value).toMatch(/^[\d,]+\.\d{2} (元|CNY)$/);
      const fen = Math.round(Number(value.replace(/[^\d.]/g, '')) * 100);
      shown.push({ width: (await li.locator('.bar').boundingBox())!.width, fen });
    }
    expect(shown.length).toBeGreaterThanOrEqual(2);
    const widest = shown.reduce((a, b) => (b.width > a.width ? b : a));
    expect(widest.fen).toBe(Math.max(...shown.map((x) => x.fen)));
    expect(await fitsWidth(phone)).toBe(true);
  });
});
