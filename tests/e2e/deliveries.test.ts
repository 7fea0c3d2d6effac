// Two users in two browsers (issue 9): a cooperative on a phone delivers part of a lot under its
// contract and sees how the price follows from it; the enterprise confirms on its desktop; the
// cooperative then sees the receipt, what is owed, and its income; an official verifies the chain.
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();

describe('deliveries in the browser', () => {
  it('a cooperative delivers part of a lot, the enterprise confirms, both see the receipt', async () => {
    const coop = await newPage(await browser.phone());
    await loginAs(coop, 'coop-fengqi');
    await coop.getByRole('link', { name: '交售', exact: true }).first().click();
    await coop.waitForURL('**/deliveries');
    await coop.getByRole('link', { name: '登记交售' }).click();
    await coop.waitForURL('**/deliveries/new');
    expect(await fitsWidth(coop)).toBe(true);
    // its one active contract is chosen already
    expect(await coop.getByLabel('收购合同').locator('option:checked').textContent()).toMatch(/鲜葛根/);
    // the lot picker speaks the cooperative's 斤, with the stored kg beside it
    const firstLot = (await coop.getByLabel('批次 1').locator('option').nth(1).textContent())!;
    expect(firstLot).toMatch(/ · [\d,.]+ 斤（[\d,.]+ 千克） · /);
    const lotCode = firstLot.split(' · ')[0]!;
    // 交售此批次 from the lot's page: the lot, all of it in 斤, and the contract are filled in
    await coop.goto(`/lots/${lotCode}`);
    expect(await coop.locator('main').textContent()).toMatch(/[\d,.]+ 斤（[\d,.]+ 千克）/);
    await coop.getByRole('link', { name: '交售此批次' }).click();
    await coop.waitForURL(/\/deliveries\/new\?lot=/);
    expect(await coop.getByLabel('批次 1').locator('option:checked').textContent()).toBe(firstLot);
    const [, lotJin, lotKg] = firstLot.match(/([\d,.]+) 斤（([\d,.]+) 千克）/)!;
    const qty = coop.getByLabel('净重（斤）或头数').first();
    expect(Number(await qty.inputValue())).toBe(Number(lotJin!.replace(/,/g, '')));
    expect(Number(lotJin!.replace(/,/g, ''))).toBe(2 * Number(lotKg!.replace(/,/g, '')));
    expect(await coop.getByLabel('收购合同').locator('option:checked').textContent()).toMatch(/鲜葛根/);
    // the other lot lines wait folded: the form is not four screens long on a phone
    expect(await coop.getByLabel('批次 2').isVisible()).toBe(false);
    expect(await fitsWidth(coop)).toBe(true);
    await coop.getByLabel('交售日期').fill('2026-11-25');
    const ticket = `E2E-${Date.now()}`;
    // required to send (not to work out the amount), and marked so
    expect(await coop.locator('label', { hasText: '磅单号' }).textContent()).toBe('磅单号（必填）');
    await coop.getByLabel('磅单号').fill(ticket);
    // 2,000 斤 typed, no arithmetic by hand: 1,000 kg delivered
    await qty.fill('2000');
    await coop.getByLabel('等级').selectOption({ label: '一级' });
    await coop.getByLabel('水分（%）').fill('16');
    await coop.getByLabel('杂质（%）').fill('3');

    // the amount before submitting: market 1.71 (above the 1.60 floor) + 0.20 for grade 1,
    // 3 % over the allowances taken off: 970 kg × 1.91 = 1,852.70 元
    await coop.getByRole('button', { name: '计算金额' }).click();
    const preview = coop.locator('section.preview');
    await preview.waitFor();
    expect(await preview.textContent()).toContain('1,852.70 元');
    expect(await preview.textContent()).toContain('2,000 斤（1,000 千克）');
    expect(await preview.textContent()).toContain('1,940 斤（970 千克）');
    expect(await preview.textContent()).toContain('市场价');
    // each step of the price in order, the deduction with its sign, ending in the amount
    const steps = await preview
      .locator('[data-steps] > li')
      .evaluateAll((items) => items.map((li) => li.getAttribute('data-step')));
    expect(steps.slice(0, 6)).toEqual(['floor', 'market', 'base', 'grade', 'deduction', 'amount']);
    expect(await preview.locator('[data-step="grade"]').textContent()).toMatch(
      /结算单价 ([\d.]+) 元\/千克（合 [\d.]+ 元\/斤）/,
    );
    const [, perKg, perJin] = /([\d.]+) 元\/千克（合 ([\d.]+) 元\/斤/.exec(
      (await preview.locator('[data-step="grade"]').textContent())!,
    )!;
    expect(Number(perJin)).toBeCloseTo(Number(perKg) / 2, 3);
    expect(await preview.locator('[data-step="deduction"]').textContent()).toContain('−60 斤（30 千克）');
    expect(await preview.locator('[data-step="amount"]').textContent()).toContain('1,852.70 元');
    expect(await preview.textContent()).toContain(`批次 ${lotCode} 将拆分`);
    await coop.getByRole('button', { name: '提交交售' }).click();
    await coop.waitForURL(/\/deliveries\/[0-9a-f]{24}$/);
    const path = new URL(coop.url()).pathname;
    await coop.getByText('待收购方确认').first().waitFor();
    expect(await coop.locator('main').textContent()).toContain('2,000 斤（1,000 千克）');
    expect(await fitsWidth(coop)).toBe(true);

    // the enterprise sees it waiting (counted in its menu) and confirms
    const ent = await newPage(await browser.context());
    await loginAs(ent, 'ent-jiutian');
    const badge = ent.locator('nav.mainnav a[href="/deliveries"] .badge');
    expect(Number(await badge.textContent())).toBeGreaterThan(0);
    await ent.goto('/deliveries?status=pending');
    await ent
      .getByRole('link', { name: /^LFT-JS-/ })
      .first()
      .waitFor();
    await ent.goto(path);
    // irreversible: the first tap says what it will settle, the second does it
    await ent.getByText('确认收购…').click();
    const step = ent.locator('details.confirm-step');
    expect(await step.textContent()).toMatch(/将按 [\d,.]+ 千克 结算，金额 [\d,.]+ 元/);
    await step.getByRole('button', { name: /^确认收购 [\d,.]+ 元$/ }).click();
    await ent.getByText('已确认，收购凭证已生成').waitFor();
    const receipt = await ent.getByRole('heading', { name: /收购凭证 LFT-PZ-/ }).textContent();
    expect(receipt).toMatch(/LFT-PZ-\d{4}-\d{5}/);
    // the payment form, now on the page, starts from what is owed (not 0)
    expect(Number(await ent.getByLabel('付款金额（元）').inputValue())).toBeGreaterThan(0);

    // the cooperative sees the receipt, unpaid, and the income it makes
    await coop.reload();
    await coop.getByRole('heading', { name: receipt!.trim() }).waitFor();
    expect(await coop.getByText('未付款').count()).toBeGreaterThan(0);
    expect(await coop.getByText('确认收购…').count()).toBe(0);
    await coop.goto('/income');
    expect(await coop.locator('main').textContent()).toMatch(/销售收入/);

    // the enterprise pays 1 元 first: the form empties (what is owed now, no reference), so a
    // second tap has nothing to send again (issue 17)
    await ent.goto(path);
    const amount = ent.getByLabel('付款金额（元）');
    const owedYuan = Number(await amount.inputValue());
    expect(owedYuan).toBeGreaterThan(2);
    await amount.fill('1');
    await ent.getByLabel('流水号或备注').fill('NX-TEST-1');
    await ent.getByRole('button', { name: '登记付款' }).click();
    await ent.getByText('付款已登记').waitFor();
    await expect.poll(() => amount.inputValue()).toBe(String(Math.round((owedYuan - 1) * 100) / 100));
    expect(await ent.getByLabel('流水号或备注').inputValue()).toBe('');
    // an overpayment is refused; the next accepted payment leaves no refusal on the page
    await amount.fill('99999999');
    await ent.getByRole('button', { name: '登记付款' }).click();
    await ent.getByText(/超过尚欠金额/).waitFor();
    await amount.fill('1');
    await ent.getByLabel('流水号或备注').fill('NX-TEST-2');
    await ent.getByRole('button', { name: '登记付款' }).click();
    await expect.poll(() => amount.inputValue()).toBe(String(Math.round((owedYuan - 2) * 100) / 100));
    expect(await ent.getByText(/超过尚欠金额/).count()).toBe(0);
    // the same amount and reference again asks first
    await amount.fill('1');
    await ent.getByLabel('流水号或备注').fill('NX-TEST-2');
    await ent.getByRole('button', { name: '登记付款' }).click();
    await ent.getByText(/同样金额、同样流水号/).waitFor();
    // the rest: paid
    await amount.fill(String(Math.round((owedYuan - 2) * 100) / 100));
    await ent.getByLabel('流水号或备注').fill('NX-TEST-3');
    await ent.getByRole('button', { name: '登记付款' }).click();
    await ent.getByText('已付清').first().waitFor();

    // an official verifies the town's chains
    const official = await newPage(await browser.context());
    await loginAs(official, 'official');
    await official.goto('/contracts');
    // (in either language: another test leaves the official's account in English)
    await official.getByRole('heading', { name: /收购合同|Contracts/ }).waitFor();
    const verify = official.getByRole('button', { name: /校验全镇凭证链|Verify every chain of the town/ });
    expect(await verify.count(), (await official.locator('main').textContent()) ?? '').toBe(1);
    await verify.click();
    await official.getByText(/校验通过：\d+ 份合同|Verified: \d+ contracts/).waitFor();
  });
});
