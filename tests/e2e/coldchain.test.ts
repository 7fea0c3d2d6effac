// The cold chain in the browser (issue 21): the carrier on a phone loads part of 青龙's 小香薯 lot
// and leaves; the truck's logger posts its readings (a chilling excursion and a gap among them);
// the judgment raises each alert once; the consignee on a phone sees the band, the excursion, the
// gap and the MKT before it receives the load; the official sees the month's compliance share.
import { describe, expect, it } from 'vitest';
import { baseURL, fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();
const DEVICE_TOKEN = `xl_${'demo-carrier-logger-'.padEnd(43, '0')}`;
const MIN = 60_000;
/** An instant as a datetime-local field in Shanghai takes it. */
const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16);

describe('the cold chain in the browser', () => {
  it('ships, logs, alerts once, and the consignee receives having seen the compliance first', async () => {
    // a lot of 青龙's 小香薯 in stock
    const coop = await newPage(await browser.context());
    await loginAs(coop, 'coop-qinglong');
    await coop.goto('/lots');
    // one 青龙 still holds (the demo's trucks took parts of others to 九天)
    const row = coop
      .locator('tr', { hasText: '在库' })
      .filter({ hasText: '青龙村小香薯专业合作社' })
      .filter({ has: coop.locator('a[href^="/lots/LFT-XXS-"]') });
    const lotCode = (await row.first().locator('a[href^="/lots/LFT-XXS-"]').textContent())!.trim();
    expect(lotCode).toMatch(/^LFT-XXS-\d{8}-\d{3}$/);

    // the carrier on a phone: a new shipment of 500 kg of it
    const carrier = await newPage(await browser.phone());
    await loginAs(carrier, 'carrier-lft');
    await carrier.goto('/shipments/new');
    const left = new Date(Date.now() - 4 * 3600_000);
    await carrier.getByLabel('装车批次').fill(`${lotCode} 500`);
    await carrier.getByLabel('车牌号').fill('贵A 7Q881');
    await carrier.getByLabel('司机', { exact: true }).fill('刘师傅');
    await carrier.getByLabel('起运地址').fill('青龙村冷链集货点');
    await carrier.getByLabel('目的地', { exact: true }).selectOption({ label: '张家界九天食品有限公司' });
    await carrier.getByLabel('收货方').selectOption({ label: '张家界九天食品有限公司' });
    await carrier.getByLabel('计划发车').fill(local(left));
    expect(await fitsWidth(carrier)).toBe(true);
    await carrier.getByRole('button', { name: '保存运输单' }).click();
    await carrier.waitForURL(/\/shipments\/LFT-YS-/).catch(async () => {
      throw new Error(
        `not saved: ${(await carrier.locator('.error, [role=alert]').allTextContents()).join(' | ')}`,
      );
    });
    await carrier.getByText('运输单已保存').waitFor();
    const code = new URL(carrier.url()).pathname.split('/').pop()!;
    expect(code).toMatch(/^LFT-YS-\d{8}-\d{3}$/);
    // loaded and gone, the handover's temperature taken
    await carrier.getByLabel('交接时间').fill(local(left));
    await carrier.getByLabel('交货人').fill('青龙李会计');
    await carrier.getByLabel('接收人').fill('刘师傅');
    await carrier.getByLabel('交接时测温（°C）').fill('13.6');
    await carrier.getByRole('button', { name: '确认发车' }).click();
    await carrier.getByText('已记录发车').waitFor();
    // a logger's file from another trip (November 8th): every line refused, named, nothing stored
    await carrier.getByLabel('数据文件').setInputFiles('tests/fixtures/loggers/elitech-utf8-bom.csv');
    await carrier.getByRole('button', { name: '上传' }).click();
    await carrier.getByText('没有可保存的读数（6 行被拒绝）').waitFor();

    // the logger posts every 10 minutes: 70 minutes at 11.9 °C (the tolerance is 60), then a
    // silent stretch of 50 minutes, then back in the band
    const readings: Array<{ at: string; tempC: number }> = [];
    for (let m = 10; m <= 230; m += 10) {
      if (m > 150 && m < 200) continue; // the gap
      readings.push({
        at: new Date(left.getTime() + m * MIN).toISOString(),
        tempC: m >= 40 && m < 110 ? 11.9 : 13.7,
      });
    }
    const post = () =>
      fetch(`${baseURL()}/api/v1/readings`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${DEVICE_TOKEN}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ shipment: code, readings }),
      }).then(async (r) => [r.status, await r.json()]);
    expect(await post()).toEqual([200, { received: readings.length, new: readings.length }]);
    expect(await post()).toEqual([200, { received: readings.length, new: 0 }]);

    // the judge job raises the excursion's alerts (its start, its end) once each
    const ours = carrier.locator('tr', { hasText: code });
    await carrier.goto('/alerts');
    for (let i = 0; i < 40 && (await ours.count()) < 2; i++) {
      await carrier.waitForTimeout(500);
      await carrier.goto('/alerts');
    }
    const rows = await carrier.locator('tr', { hasText: code }).allTextContents();
    expect(rows.filter((r) => r.includes('温度超标'))).toHaveLength(1);
    expect(rows.filter((r) => r.includes('超标结束'))).toHaveLength(1);
    expect(await fitsWidth(carrier)).toBe(true);

    // arrived and unloaded
    await carrier.goto(`/shipments/${code}`);
    await carrier.getByLabel('交接时间').fill(local(new Date(Date.now() - 5 * MIN)));
    await carrier.getByLabel('交货人').fill('刘师傅');
    await carrier.getByLabel('接收人').fill('九天仓管');
    await carrier.getByLabel('交接时测温（°C）').fill('13.8');
    await carrier.getByRole('button', { name: '确认到达' }).click();
    await carrier.getByText('已记录到达').waitFor();

    // the consignee on a phone: the compliance summary first, then the receipt
    const ent = await newPage(await browser.phone());
    await loginAs(ent, 'ent-jiutian');
    await ent.goto(`/shipments/${code}`);
    const summary = ent.locator('[data-compliance]');
    expect(await summary.getAttribute('data-compliance')).toBe('not-kept');
    const text = (await summary.textContent())!;
    expect(text).toContain('要求 12.5–15 °C');
    expect(text).toContain('超标 1 次');
    expect(text).toContain('过低');
    expect(await ent.locator('[data-list=gaps] li').count()).toBeGreaterThanOrEqual(1);
    expect(await summary.locator('[data-mkt]').textContent()).toMatch(/^1[23]\.\d{1,2} °C$/);
    // the summary comes before the receipt on the page
    const [summaryTop, receiveTop] = await Promise.all([
      summary.evaluate((el) => el.getBoundingClientRect().top),
      ent.getByRole('heading', { name: '收货确认' }).evaluate((el) => el.getBoundingClientRect().top),
    ]);
    expect(summaryTop).toBeLessThan(receiveTop);
    expect(await ent.getByText('确认收货后，所装批次转入贵单位库存，不能撤销').count()).toBe(1);
    expect(await fitsWidth(ent)).toBe(true);
    await ent.getByRole('button', { name: '确认收货' }).click();
    await ent.getByText('已确认收货').waitFor();

    // the official: the month's compliance share counts this trip
    const official = await newPage(await browser.context());
    await loginAs(official, 'official');
    await official.goto('/dashboard');
    const share = official.locator('[data-cold-share]');
    await share.waitFor();
    expect(await share.textContent()).toMatch(/^\d{1,3}(\.\d)?%$/);
    expect(await official.locator('section[aria-labelledby=cold-chain]').textContent()).toContain('冷链');
  });
});
