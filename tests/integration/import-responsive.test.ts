// Checking a large upload must not stop the server answering everyone else: a 2 MB file of
// 49,000 bad rows is checked while the event loop is never held for 200 ms and /healthz keeps
// answering within 200 ms.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { ImportJobModel } from '#models/import';
import * as healthz from '~/routes/healthz';
import * as imports from '~/routes/imports._index';
import { makeTownWithRoles } from '#tests/factories';
import { args, requestAs, statusOf } from '#tests/utils';

describe('a large import is checked without blocking', () => {
  it('keeps /healthz under 200 ms while 49,000 bad rows are checked', async () => {
    const w = await makeTownWithRoles();
    const header = '村名,作物,面积（亩）,参与户数,种植日期';
    const rows = Array.from({ length: 49_000 }, (_, i) => `不存在的村${i % 50},某种作物,x${i},y,2026-13-40`);
    const csv = [header, ...rows].join('\n');
    expect(csv.length).toBeGreaterThan(1_500_000);
    const form = new FormData();
    form.set('kind', 'plantings');
    form.set('file', new File([csv], 'big.csv'));

    const lags: number[] = [];
    // how long the event loop was held at a time: the import's own blocking, whatever the
    // database (shared with the other test workers) takes to answer a ping
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    let done = false;
    const upload = imports
      .action(args(await requestAs(w.users.cooperative, '/imports', { body: form })))
      .finally(() => (done = true));
    while (!done) {
      const t0 = performance.now();
      const res = await healthz.loader();
      lags.push(performance.now() - t0);
      expect(res.status).toBe(200);
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(statusOf(await upload)).toBe(302);
    const job = (await ImportJobModel.findOne().lean())!;
    expect(job.status).toBe('invalid');
    expect(job.errorCount).toBeGreaterThan(49_000);
    expect(lags.length).toBeGreaterThan(3); // it did take a while, and healthz was asked meanwhile
    loop.disable();
    expect(loop.max / 1e6).toBeLessThan(200);
    // healthz answered within 200 ms nine times in ten; on this shared 2-core machine the odd
    // answer waits for a database busy with the other test files, not for the import
    const sorted = [...lags].sort((a, b) => a - b);
    expect(sorted[Math.floor(sorted.length * 0.9)]).toBeLessThan(200);
  });
});
