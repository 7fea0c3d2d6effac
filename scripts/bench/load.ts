// The load case of `npm run bench`: the built app on its embedded engine (a scratch data
// directory, the demo town), 50 signed-in users each recording harvests and reading the lot
// and planting lists as fast as the app answers, for 60 s (XL_LOAD_SECONDS). Prints requests
// per second, p50 and p99 latency per kind of request, and the errors, which must be 0.
import { postForm, signIn, TestApp } from '../lib/app-process';

const USERS = Number(process.env.XL_LOAD_USERS ?? 50);
const SECONDS = Number(process.env.XL_LOAD_SECONDS ?? 60);

const quantile = (xs: number[], q: number) => {
  if (!xs.length) return 0;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
};

export async function runLoad() {
  const app = new TestApp();
  // built if the build is stale, as `npm start` would
  await app.start({ XL_SKIP_BUILD: '' });
  const base = app.baseURL;
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  try {
    const accounts = ['coop-fengqi', 'coop-qinglong'];
    const users = await Promise.all(
      Array.from({ length: USERS }, async (_, i) => {
        const client = await signIn(base, accounts[i % accounts.length]);
        // each user records into a plot of its own, large enough for a minute of harvests
        const page = await (
          await fetch(`${base}/plantings/new`, { headers: { Cookie: client.cookie } })
        ).text();
        const option = (name: string) =>
          new RegExp(`<select[^>]*name="${name}"[^>]*>[\\s\\S]*?<option value="([0-9a-f]{24})"`).exec(
            page,
          )?.[1];
        const res = await postForm(
          base,
          client,
          '/plantings/new',
          new URLSearchParams({
            villageId: option('villageId') ?? '',
            productId: option('productId') ?? '',
            areaMu: '10000',
            households: '3',
            plantedOn: '2026-03-01',
            plotName: `load-${i}`,
          }),
        );
        const plantingId = res.headers.get('location')?.split('/').pop();
        if (res.status !== 302 || !plantingId)
          throw new Error(`user ${i} could not create a planting (${res.status})`);
        return { client, plantingId };
      }),
    );

    const latency: Record<string, number[]> = { 'record harvest': [], 'lot list': [], 'planting list': [] };
    const errors: string[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const timed = async (kind: string, expect: number, request: () => Promise<Response>) => {
      const t0 = performance.now();
      try {
        const res = await request();
        await res.arrayBuffer();
        if (res.status !== expect) errors.push(`${kind}: ${res.status}`);
      } catch (error) {
        errors.push(`${kind}: ${(error as Error).message}`);
      }
      latency[kind].push(performance.now() - t0);
    };
    const started = Date.now();
    await Promise.all(
      users.map(async ({ client, plantingId }, u) => {
        for (let n = 0; Date.now() < deadline; n += 1) {
          await timed('record harvest', 302, () =>
            postForm(
              base,
              client,
              `/plantings/${plantingId}`,
              new URLSearchParams({
                harvestedOn: today,
                quantity: String(5 + ((u + n) % 40)),
                unit: n % 2 ? 'jin' : 'kg',
                grade: 'grade1',
                notes: '',
                _once: `load${u}x${n}${'0'.repeat(12)}`,
              }),
            ),
          );
          const list = n % 2 ? '/lots' : '/plantings';
          await timed(n % 2 ? 'lot list' : 'planting list', 200, () =>
            fetch(`${base}${list}`, { headers: { Cookie: client.cookie }, redirect: 'manual' }),
          );
        }
      }),
    );
    const seconds = (Date.now() - started) / 1000;
    const all = Object.values(latency).flat();
    const row = (name: string, xs: number[]) => [
      name,
      String(xs.length),
      (xs.length / seconds).toFixed(1),
      quantile(xs, 0.5).toFixed(1),
      quantile(xs, 0.99).toFixed(1),
    ];
    const rows = [
      ['requests', 'count', 'per second', 'p50 ms', 'p99 ms'],
      ...Object.entries(latency).map(([k, xs]) => row(k, xs)),
      row('all', all),
    ];
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    console.log(
      `\nload: ${USERS} signed-in users for ${seconds.toFixed(0)} s against the built app (embedded engine)`,
    );
    for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
    console.log(
      `errors: ${errors.length}${errors.length ? ` (${[...new Set(errors)].slice(0, 5).join('; ')})` : ''}`,
    );
    return errors.length;
  } finally {
    await app.dispose();
  }
}
