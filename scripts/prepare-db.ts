// Start-up (`npm start` runs this before it serves): makes the database ready whatever state
// the last process left it in — a clean stop, a power cut, SIGKILL part-way through a seed,
// an operation or an import. Every step is safe to repeat:
//   1. indexes (unique keys are what keep natural keys unique)
//   2. the demo town, into an empty database (a seed cut off part-way is done again)
//   3. `db:check --repair`: unfinished operations and imports finished or undone, then every
//      invariant checked and repaired where it can be (each repair in the audit trail)
import mongoose from 'mongoose';
import '#models/index';
import { checkDatabase } from '#models/integrity';
import { recoverAllImports } from '~/utils/imports/index.server';
import { connectDb } from '~/utils/db.server';
import { printReport } from './lib/report';
import { seedIfEmpty } from './lib/seed';

const exclusive = process.env.XL_DB_EXCLUSIVE === '1';
const started = Date.now();
await connectDb(process.env.MONGODB_URI!);
await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));

if (process.env.XL_SKIP_SEED !== '1') {
  const seeded = await seedIfEmpty();
  if (seeded !== 'kept') console.error(`[prepare] demo town 利福塔镇 loaded (${seeded})`);
}

const report = await checkDatabase({ repair: true, exclusive, recoverImports: recoverAllImports });
printReport(report, '[prepare]');
console.error(`[prepare] database ready in ${Date.now() - started} ms`);
await mongoose.disconnect();
// Problems no repair could settle are reported, not fatal: the app still serves, and
// `npm run db:check` lists them for a person to look at.
