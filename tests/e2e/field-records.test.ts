import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();

describe('field records in the browser', () => {
  it('a cooperative on a phone records a planting, then a harvest from home in two taps with everything else prefilled', async () => {
    const context = await browser.phone();
    const page = await newPage(context);
    await loginAs(page, 'coop-qinglong');
    await page.getByRole('link', { name: '登记种植' }).click();
    await page.waitForURL('**/plantings/new');
    await page.getByRole('heading', { name: '登记种植' }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    // the cooperative serves one village and grows one crop: both are filled in
    const villageSelect = page.getByLabel('村').first();
    expect(await villageSelect.locator('option:checked').textContent()).toBe('青龙村');
    expect(await page.getByLabel('作物').locator('option:checked').textContent()).toBe('小香薯');
    await page.getByLabel('面积（亩）').fill('3.5');
    await page.getByLabel('参与户数').fill('4');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL(/\/plantings\/[0-9a-f]{24}$/);
    await expect.poll(() => page.getByText('种植已登记').count()).toBe(1);
    const plantingId = new URL(page.url()).pathname.split('/').pop()!;

    // From home: tap the planting (1), type the quantity, tap 登记采收 (2).
    await page.goto('/');
    const entry = page.locator(`a[href="/plantings/${plantingId}/harvest"]`);
    expect(await entry.textContent()).toContain('青龙村 · 小香薯 · 3.5 亩');
    await entry.click();
    await page.waitForURL(`**/plantings/${plantingId}/harvest`);
    expect(await page.getByLabel('采收日期').inputValue()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByLabel('数量').fill('5000');
    await page.getByLabel('单位').selectOption({ label: '斤' });
    await page.getByLabel('等级').selectOption({ label: '一级' });
    await page.getByRole('button', { name: '登记采收' }).click();
    await page.waitForURL(/\/lots\/LFT-XXS-\d{8}-\d{3}$/);
    const code = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { name: code }).waitFor();
    expect(await page.getByText('2,500 千克').count()).toBeGreaterThan(0); // 5000 斤
    const qr = page.getByRole('img', { name: '溯源二维码' });
    expect(await qr.locator('svg').count()).toBe(1);
    expect(await page.getByRole('link', { name: /\/t\/LFT-XXS-/ }).getAttribute('href')).toMatch(
      new RegExp(`/t/${code}$`),
    );
    expect(await fitsWidth(page)).toBe(true);

    // The next harvest remembers the clerk's unit and grade: only the quantity is typed.
    await page.goto('/');
    await entry.click();
    await page.waitForURL(`**/plantings/${plantingId}/harvest`);
    expect(await page.getByLabel('单位').locator('option:checked').textContent()).toBe('斤');
    expect(await page.getByLabel('等级').locator('option:checked').textContent()).toBe('一级');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('quantity');
    await page.getByLabel('数量').fill('200');
    await page.getByRole('button', { name: '登记采收' }).click();
    await page.waitForURL(/\/lots\/LFT-XXS-\d{8}-\d{3}$/);
    await expect.poll(() => page.getByText('100 千克').count()).toBeGreaterThan(0);

    // A figure far beyond what the plot bears is asked about, in words, before it is saved.
    await page.goto(`/plantings/${plantingId}/harvest`);
    await page.getByLabel('数量').fill('30000');
    await page.getByRole('button', { name: '登记采收' }).click();
    const ask = page.locator('.confirm-high');
    await ask.waitFor();
    expect(await ask.textContent()).toContain('你填写的是 3万斤，即 15 吨');
    expect(await page.getByText(/确认保存？按这个数量，本地块亩产将达 5,029 千克\/亩/).count()).toBe(1);
    expect(await fitsWidth(page)).toBe(true);
    expect(page.url()).toMatch(/\/harvest$/); // nothing saved yet
    await ask.getByRole('button', { name: '数量无误，确认保存 30,000 斤' }).click();
    await page.waitForURL(/\/lots\/LFT-XXS-\d{8}-\d{3}$/);
    await expect.poll(() => page.getByText('15,000 千克').count()).toBeGreaterThan(0);
    await context.close();
  });

  it('the base’s head count follows its events, each kind with its own form', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    await loginAs(page, 'base-kangqian');
    await page.goto('/herd');
    const before = Number((await page.getByTestId('head-pig').textContent())!.replace(/\D/g, ''));
    await page.getByRole('link', { name: '登记存栏变动' }).click();
    await page.waitForURL('**/herd/new');
    await page.locator('ul.tap-list').getByRole('link', { name: /出生/ }).click();
    await page.getByRole('heading', { name: '登记出生' }).waitFor();
    expect(await page.getByLabel('死亡原因').count()).toBe(0); // a birth has no cause
    await page.getByLabel('头数').fill('12');
    await page.getByRole('button', { name: '保存' }).click();
    await page.waitForURL('**/herd');
    await expect
      .poll(async () => Number((await page.getByTestId('head-pig').textContent())!.replace(/\D/g, '')))
      .toBe(before + 12);

    await page.goto('/herd/new?kind=death');
    expect(await page.getByLabel('买方').count()).toBe(0); // a death has no buyer
    await page.getByLabel('头数').fill(String(before + 100));
    await page.getByLabel('死亡原因').fill('测试');
    await page.getByRole('button', { name: '保存' }).click();
    await expect.poll(() => page.getByText(/存栏不足/).count()).toBe(1);
    await page.goto('/herd');
    expect(Number((await page.getByTestId('head-pig').textContent())!.replace(/\D/g, ''))).toBe(before + 12);
    // the chart speaks the reader's language: axis numbers with separators, the tooltip in 头
    const chart = page.locator('.recharts-surface').first();
    await chart.waitFor();
    const ticks = await chart.locator('text').allTextContents();
    expect(ticks.some((v) => /^\d{1,3}(,\d{3})+$/.test(v))).toBe(true);
    const box = (await chart.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    const tooltip = page.locator('.recharts-tooltip-wrapper');
    await expect.poll(() => tooltip.textContent()).toMatch(/存栏.*[\d,]+ 头/);
    await context.close();
  });

  it('an import with one bad row writes nothing and names that row', async () => {
    const context = await browser.context();
    const page = await newPage(context);
    await loginAs(page, 'coop-fengqi');
    await page.goto('/plantings');
    const countBefore = await page.locator('tbody tr').count();
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xl-up-')), '种植.csv');
    fs.writeFileSync(
      file,
      '村名,作物,面积（亩）,参与户数,种植日期\n凤栖村,鲜葛根,10,3,2026-03-01\n赤溪村,鲜葛根,零,3,2026-03-02\n金家台村,鲜葛根,5,2,2026-03-03\n',
    );
    await page.goto('/imports');
    await page.getByLabel('导入内容').selectOption({ label: '种植记录' });
    await page.getByLabel('文件').setInputFiles(file);
    await page.getByRole('button', { name: '上传并校验' }).click();
    await page.waitForURL(/\/imports\/[0-9a-f]{24}$/);
    await expect.poll(() => page.getByText('发现 1 处错误').count()).toBe(1);
    const row = page.locator('tbody tr').first();
    expect(await row.locator('td').allTextContents()).toEqual([
      '3',
      '面积（亩）',
      '请输入数字，如 1200 或 12.5',
    ]);
    await page.goto('/plantings');
    expect(await page.locator('tbody tr').count()).toBe(countBefore);
    await context.close();
  });
});
