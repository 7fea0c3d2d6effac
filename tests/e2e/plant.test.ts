// The processing plant in the browser (issue 20): the gate clerk on a phone weighs in 凤栖's
// truck arriving under 九天's contract; 九天 confirms it as weighed at its plant, priced by the
// contract with the ticket's deduction; 凤栖 accepts; the plant runs it into 葛根粉 and 葛渣
// with the yield and every input's balance; an official sees the intake and yield.
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();
const kgOf = (text: string) => Number(text.replace(/[^\d.]/g, ''));

describe('the plant in the browser', () => {
  it('weighs a delivery in, the buyer confirms as weighed, the plant runs it into starch', async () => {
    const plant = await newPage(await browser.phone());
    await loginAs(plant, 'plant-jiutian');
    // the home lists what is arriving: one tap opens the ticket with that delivery
    const arriving = plant.locator('[data-list=arriving] a').first();
    const arrivingText = (await arriving.textContent())!;
    expect(arrivingText).toContain('凤栖葛根种植专业合作社');
    const deliveryCode = /LFT-JS-\d{4}-\d{5}/.exec(arrivingText)![0];
    await arriving.click();
    await plant.waitForURL(/\/intake\/new\?delivery=/);
    expect(await fitsWidth(plant)).toBe(true);
    // the next ticket number is filled in
    expect(await plant.getByLabel('磅单号').inputValue()).toMatch(/^LFT-2026-\d{4}$/);
    await plant.getByLabel('毛重（千克）').fill('13700.5');
    await plant.getByLabel('皮重（千克）').fill('5050');
    await plant.getByLabel('水分（%）').fill('13');
    await plant.getByLabel('杂质（%）').fill('3.2');
    await plant.getByLabel('等级').selectOption({ label: '一级' });
    // 计算 first: the net, the contract's impurity deduction (1.2 % over its 2 %, to 0.1 kg)
    await plant.getByRole('button', { name: '计算' }).click();
    const preview = plant.locator('[data-intake-preview]');
    await preview.waitFor();
    expect(await preview.locator('[data-net]').textContent()).toBe('8,650.5 千克');
    expect(await preview.textContent()).toContain('−103.8 千克');
    expect(await preview.locator('[data-payable]').textContent()).toBe('8,546.7 千克');
    expect(await preview.locator('[data-shrinkage]').textContent()).toBe('49.5 千克');
    await plant.getByRole('button', { name: '保存磅单' }).click();
    await plant.getByText('磅单已保存，入厂批次已生成').waitFor();
    const intakeLot = (await plant.locator('a[href^="/lots/LFT-GG-"]').last().textContent())!;
    expect(intakeLot).toMatch(/^LFT-GG-\d{8}-\d{3}$/);
    expect(await fitsWidth(plant)).toBe(true);

    // 九天 sees the plant's ticket beside 凤栖's figures and confirms as weighed in one tap
    const ent = await newPage(await browser.context());
    await loginAs(ent, 'ent-jiutian');
    await ent.goto('/deliveries?status=pending');
    await ent.getByRole('link', { name: deliveryCode }).click();
    const card = ent.locator('[data-plant-ticket]');
    await card.waitFor();
    expect(await card.locator('[data-net]').textContent()).toBe('8,650.5 千克');
    expect(await card.locator('[data-weight-difference]').getAttribute('data-weight-difference')).toBe('ok');
    await ent.getByText('按加工厂过磅确认…').click();
    const step = ent.locator('[data-as-weighed]');
    // it says what it will do first: the plant's figures, priced by the contract (1.91 元/kg)
    const said = (await step.textContent())!;
    expect(said).toContain('净重 8,650.5 千克，扣重 103.8 千克，结算 8,546.7 千克');
    expect(said).toContain('16,324.20 元');
    await step.getByRole('button', { name: '按过磅确认 16,324.20 元' }).click();
    await ent.getByText('已按加工厂过磅提出调整，等待交售方接受').waitFor();

    // 凤栖 sees the same ticket and accepts: the receipt is at the plant's figures
    const coop = await newPage(await browser.phone());
    await loginAs(coop, 'coop-fengqi');
    await coop.goto(new URL(ent.url()).pathname);
    await coop.locator('[data-plant-ticket]').waitFor();
    await coop.getByText('同意调整…').click();
    await coop.getByRole('button', { name: '同意调整，生成 16,324.20 元 的收购凭证' }).click();
    await coop.getByRole('heading', { name: /收购凭证 LFT-PZ-/ }).waitFor();

    // the plant runs the intake lot into 葛根粉 and 葛渣
    await plant.goto('/runs/new');
    await plant.getByLabel(new RegExp(`^${intakeLot} `)).check();
    await plant.getByRole('button', { name: '开始生产' }).click();
    await plant.getByText('生产批次已开始').waitFor();
    expect(kgOf((await plant.locator('[data-input]').textContent())!)).toBe(8650.5);
    await plant.getByLabel('主产品', { exact: true }).selectOption({ label: '葛根粉' });
    await plant.getByLabel('主产品重量（千克）').fill('1557');
    await plant.getByLabel('副产品（选填）').selectOption({ label: '葛渣' });
    await plant.getByLabel('副产品重量（千克）').fill('2380');
    await plant.getByRole('button', { name: '计算' }).click();
    const close = plant.locator('[data-close-preview]');
    await close.waitFor();
    // 8,650.5 − 1,557 − 2,380 = 4,713.5 kg of water; 1,557 ÷ 8,650.5 = 18.0 %, inside 12–22 %
    expect(await close.textContent()).toContain('水分及其他损耗 4,713.5 千克，出成率 18%');
    expect(await close.locator('.flag').count()).toBe(0);
    await plant.getByRole('button', { name: '完成并生成产品批次' }).click();
    await plant.getByText('生产批次已完成，产品批次已生成').waitFor();
    expect(await plant.locator('[data-yield]').textContent()).toContain('18%');
    expect(await plant.locator('[data-water]').textContent()).toBe('4,713.5 千克');
    // every input's balance: held, drawn, left
    expect(await plant.locator('table').first().textContent()).toContain(intakeLot);
    expect(await fitsWidth(plant)).toBe(true);

    // an official sees the intake and the yield on the dashboard
    const official = await newPage(await browser.context());
    await loginAs(official, 'official');
    await official.goto('/dashboard');
    const plants = official.locator('section[aria-labelledby=plants]');
    await plants.waitFor();
    expect(kgOf((await plants.locator('[data-plant-intake]').textContent())!)).toBeGreaterThanOrEqual(8650.5);
    expect(await plants.locator('[data-plant-yield]').textContent()).toMatch(/^\d+(\.\d)?%$/);
    expect(await plants.textContent()).toContain('葛根粉');
  });
});
