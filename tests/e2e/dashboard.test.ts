// The town dashboard in the browser (issue 11): an official on a phone opens the dashboard
// (the home after sign-in), sees target progress with projections and charts that fit the
// screen, reads a chart's numbers as a table, drills from a month's sales to its receipts and
// from a receipt to its delivery, exports a table, prints the monthly report with the problem
// ledger; a cooperative raises a problem the official then closes; a cooperative is refused
// the town's figures. Assertions on the official's pages are language-neutral (ids, data
// attributes), since another browser test may leave that account in English.
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { fitsWidth, loginAs, newPage, setupBrowser } from './browser';

const browser = setupBrowser();

describe('the town dashboard in the browser', () => {
  it('an official reads the figures, drills down to receipts, exports and prints the report', async () => {
    const page = await newPage(await browser.phone());
    await loginAs(page, 'official');
    await page.waitForURL('**/dashboard');
    // targets with progress and a projection; the 5000-head one among them
    const head = page.locator('[data-target="headCount"]');
    await head.waitFor();
    expect(await head.locator('progress').count()).toBe(1);
    expect(await page.locator('.target-card .projection').count()).toBeGreaterThanOrEqual(6);
    // the two targets the town pinned come first: 5000 head, then 800万元 of sales (in 万元)
    const cards = page.locator('.target-card');
    expect(await cards.nth(0).getAttribute('data-target')).toBe('headCount');
    expect(await cards.nth(0).locator('.figure').textContent()).toMatch(/\/ 5,000 /);
    expect(await cards.nth(1).getAttribute('data-target')).toBe('annualSales');
    expect(await cards.nth(1).locator('.figure').textContent()).toMatch(/\/ 800 (万元|× 10,000 CNY)$/);
    // each card says what it counts: 800万 is the 康茜 base's sales, not the town's
    expect(await cards.nth(1).locator('[data-scope]').textContent()).toBe(
      '统计范围：仅康茜公司三岔湾养殖基地',
    );
    // on the phone's first screen, and at 1366 px, both are in sight without scrolling
    for (const i of [0, 1]) {
      const box = (await cards.nth(i).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(740);
    }
    const desk = await newPage(await browser.context({ viewport: { width: 1366, height: 768 } }));
    await loginAs(desk, 'official');
    await desk.waitForURL('**/dashboard');
    for (const i of [0, 1]) {
      const box = (await desk.locator('.target-card').nth(i).boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(768);
    }
    await desk.context().close();
    // charts are drawn (svg) and the page does not scroll sideways on a 360 px phone
    await page.locator('.chart svg').first().waitFor();
    expect(await page.locator('.chart svg.recharts-surface').count()).toBeGreaterThanOrEqual(5);
    expect(await fitsWidth(page)).toBe(true);
    for (const box of await page.locator('.chart').all()) {
      const b = (await box.boundingBox())!;
      expect(b.x + b.width).toBeLessThanOrEqual(360);
    }
    // the income trend: average per linked household for each of five years, read at a glance
    // (a bar and its figure per year; a year without records says 无数据, never 0)
    const trend = page.locator('section[aria-labelledby="income"] .income-bars li');
    expect(await trend.count()).toBe(5);
    const years = await trend.evaluateAll((items) =>
      items.map((li) => ({
        year: Number(li.getAttribute('data-year')),
        width: li.querySelector<HTMLElement>('.bar')?.getBoundingClientRect().width ?? 0,
        value: li.querySelector('.value')!.textContent!,
      })),
    );
    const first = years[0].year;
    expect(years.map((y) => y.year)).toEqual([0, 1, 2, 3, 4].map((i) => first + i));
    const drawn = years.filter((y) => y.width > 0);
    expect(drawn.length).toBeGreaterThanOrEqual(3);
    const figure = (v: string) => Number(v.replace(/[^\d.]/g, ''));
    const widest = drawn.reduce((a, b) => (b.width > a.width ? b : a));
    expect(figure(widest.value)).toBe(Math.max(...drawn.map((y) => figure(y.value))));
    for (const y of years.filter((y) => y.width === 0)) expect(y.value).toBe('无数据');
    expect(await page.locator('[data-figure="income-to-date"]').textContent()).toMatch(/上年同期/);
    // the town's sales chart draws no target line for a base's target
    await page.locator('section[aria-labelledby="sales"] .chart svg').first().waitFor();
    expect(await page.locator('section[aria-labelledby="sales"] .chart').textContent()).not.toContain('目标');
    // every chart names itself for screen readers
    expect(await page.locator('.chart[role="img"][aria-label=""]').count()).toBe(0);

    // the sales month table: open it, follow October to its receipts
    const salesTable = page.locator('details:has(table[data-table="sales-by-month"])');
    await salesTable.locator('summary').click();
    const october = salesTable.locator('tbody tr').nth(9);
    const octoberFigure = (await october.locator('td').nth(1).textContent())!.replace(/,/g, '');
    await october.locator('a').click();
    await page.waitForURL(/\/dashboard\/records\?.*kind=sales.*month=10/);
    const sum = Number(await page.locator('[data-sum]').getAttribute('data-sum'));
    expect(sum).toBeCloseTo(Number(octoberFigure), 2);
    const receipt = page.locator('table[data-table="receipts"] tbody tr').first();
    expect(await receipt.textContent()).toMatch(/LFT-PZ-2026-\d{5}/);
    expect(await fitsWidth(page)).toBe(true);
    await receipt.locator('a').click();
    await page.waitForURL(/\/deliveries\/[0-9a-f]{24}$/);

    // a table exported: the progress line appears and the file opens as a workbook
    await page.goto('/dashboard?year=2026');
    const byVillage = page.locator('details:has(table[data-table="income-by-village"])');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      byVillage.getByRole('link', { name: 'Excel' }).click(),
    ]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0];
    expect(sheet.rowCount).toBeGreaterThan(1);
    expect(typeof sheet.getRow(2).getCell(2).value).toBe('number');

    // a filter in the URL: a village and crop; an unknown one is ignored, never an error
    await page.goto('/dashboard?year=2026&village=nope');
    expect(await page.locator('.filters [role="alert"]').count()).toBe(1);

    // the monthly report with the problem ledger
    await page.goto('/reports/monthly/2026-11');
    // the demo town's dozen problems (more if another test raised some)
    const total = await page.locator('[data-row="total"] td').nth(1).textContent();
    expect(Number(total)).toBeGreaterThanOrEqual(12);
    const summary = (await page.locator('[data-summary]').textContent())!;
    expect(summary).toContain(String(total));
    // raised = solved + unsolvable + still open, each named, so the sentence adds up
    const [raised, ...parts] = (summary.match(/\d+/g) ?? []).map(Number);
    expect(parts).toHaveLength(3);
    expect(parts.reduce((a, b) => a + b, 0)).toBe(raised);
    expect(await fitsWidth(page)).toBe(true);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('nav.no-print').isVisible()).toBe(false);
    await page.emulateMedia({ media: 'screen' });
  });

  it('a cooperative raises a problem the official closes; cooperatives cannot open the town’s figures', async () => {
    const coop = await newPage(await browser.phone());
    await loginAs(coop, 'coop-fengqi');
    const refused = await coop.goto('/dashboard');
    expect(refused?.status()).toBe(403);
    await coop.goto('/problems/new');
    const title = `葛根收购点缺少地磅 ${Date.now()}`;
    await coop.getByLabel('问题').fill(title);
    await coop.getByLabel('所在村').selectOption({ label: '凤栖村' });
    await coop.getByLabel('类别').selectOption({ label: '冷链仓储' });
    await coop.getByRole('button', { name: '登记问题' }).click();
    await coop.waitForURL(/\/problems\/[0-9a-f]{24}$/);
    const path = new URL(coop.url()).pathname;
    await coop.getByLabel('进展').fill('已联系厂家报价');
    await coop.getByRole('button', { name: '记录进展' }).click();
    await coop.getByText('已联系厂家报价').waitFor();
    // the box empties once the note is recorded: a second tap has nothing to send again
    await expect.poll(() => coop.getByLabel('进展').inputValue()).toBe('');
    await coop.getByRole('button', { name: '记录进展' }).click();
    await coop.getByText('必填').first().waitFor();
    expect(await coop.getByText('已联系厂家报价').count()).toBe(1);
    expect(await fitsWidth(coop)).toBe(true);

    const official = await newPage(await browser.context());
    await loginAs(official, 'official');
    await official.goto(path);
    await official.locator('input[name="leadUnit"]').fill('镇经发办');
    await official.locator('select[name="status"]').selectOption('solved');
    await official.locator('form:has(input[name="leadUnit"]) button[type="submit"]').click();
    await official.locator('[data-status="solved"]').waitFor();
    // the cooperative sees it solved
    await coop.goto(path);
    await coop.locator('[data-status="solved"]').waitFor();
  });
});
