// `npm run bench`: how much the app's own data paths cost over the raw database doing the
// same work, as ratios (timings on shared machines vary; ratios much less). Runs on a
// scratch database `xl_bench` beside whatever MONGODB_URI points at, and drops it after.
import mongoose from 'mongoose';
import '#models/index';
import { cases } from './bench/cases';

const uri = new URL(process.env.MONGODB_URI!);
uri.pathname = '/xl_bench';
process.env.MONGODB_URI = uri.toString();
process.env.SESSION_SECRET ??= 'bench-session-secret-0123456789';

const { connectDb } = await import('~/utils/db.server');
await connectDb(uri.toString());
await mongoose.connection.dropDatabase();
await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function time(fn: () => Promise<unknown>) {
  const start = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const only = process.argv.slice(2);
const rows: string[][] = [];
for (const c of cases) {
  if (only.length && !only.some((o) => c.name.includes(o))) continue;
  process.stderr.write(`[bench] ${c.name}: preparing…\n`);
  const ctx = await c.setup();
  const runs = c.runs ?? 15;
  const app: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    // alternate so both see the same cache and machine load
    const a = await time(() => c.app(ctx, i));
    const r = await time(() => c.raw(ctx, i));
    if (i >= 2 || runs === 1) {
      app.push(a);
      raw.push(r);
    }
  }
  const ratio = median(app) / median(raw);
  rows.push([
    c.name,
    c.size,
    `${median(app).toFixed(1)} ms`,
    `${median(raw).toFixed(1)} ms`,
    `${ratio.toFixed(2)}×`,
    c.budget ? `≤ ${c.budget}×` : '',
  ]);
  if (c.budget && ratio > c.budget) process.exitCode = 1;
  await c.teardown?.(ctx);
}

const header = ['case', 'size', 'app (median)', 'raw db (median)', 'ratio', 'budget'];
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((cell, i) => cell.padEnd(widths[i])).join('  ');
console.log(line(header));
for (const r of rows) console.log(line(r));

await mongoose.connection.dropDatabase();
await mongoose.disconnect();

if (!only.length || only.some((o) => 'js-weight'.includes(o))) {
  const { runJsWeight } = await import('./bench/js-weight');
  if ((await runJsWeight()) > 0) process.exitCode = 1;
}

// the load case needs the whole app, not this database: it starts its own
if (!only.length || only.some((o) => 'load'.includes(o))) {
  const { runLoad } = await import('./bench/load');
  if ((await runLoad()) > 0) process.exitCode = 1;
}
