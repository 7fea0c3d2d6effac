// Checking a large upload must not stop the server answering everyone else: while the running
// app checks a 2 MB file of 49,000 bad rows, /healthz keeps answering within 500 ms. (Here,
// against the app alone, rather than among the parallel workers of the integration tests.)
import { describe, expect, inject, it } from 'vitest';
import { postForm, signIn } from '../../scripts/lib/app-process';

describe('a large import is checked without blocking', () => {
  it('keeps /healthz answering (under 500 ms) while 49,000 bad rows are checked', async () => {
    const base = inject('baseURL');
    const client = await signIn(base, 'coop-fengqi');
    const header = '村名,作物,面积（亩）,参与户数,种植日期';
    const rows = Array.from({ length: 49_000 }, (_, i) => `不存在的村${i % 50},某种作物,x${i},y,2026-13-40`);
    const csv = [header, ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(1_500_000);
    const form = new FormData();
    form.set('kind', 'plantings');
    form.set('file', new File([csv], 'big.csv'));

    const lags: number[] = [];
    let done = false;
    const upload = postForm(base, client, '/imports', form).finally(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      const res = await fetch(`${base}/healthz`);
      lags.push(performance.now() - t0);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
    }
    const answer = await upload;
    expect(answer.status).toBe(302);
    expect(answer.headers.get('location')).toMatch(/^\/imports\/[0-9a-f]{24}$/);
    const page = await fetch(`${base}${answer.headers.get('location')}`, {
      headers: { Cookie: client.cookie },
    });
    const count = Number(/发现 ([\d,]+) 处错误/.exec(await page.text())?.[1].replace(/,/g, ''));
    expect(count).toBeGreaterThan(49_000); // every row was checked
    expect(lags.length).toBeGreaterThan(3); // it did take a while, and healthz was asked meanwhile
    // Checking in turns is what is tested: the whole check takes seconds (it took 2.5–4 s here),
    // so a blocking check would hold /healthz for all of it. Single steps between turns (reading
    // and decoding the 2 MB upload) take up to ~200 ms on these shared machines, where CI saw
    // 210 and 215 ms; the bar is set above that noise and far below a blocked server.
    expect(Math.max(...lags)).toBeLessThan(500);
  });
});
