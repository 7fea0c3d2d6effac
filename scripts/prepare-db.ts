// Start-up (`npm start` runs this before it serves): makes the database ready whatever state
// the last process left it in — a clean stop, a power cut, SIGKILL part-way through a seed,
// an operation or an import. Every step is safe to repeat:
//   1. indexes (unique keys are what keep natural keys unique)
//   2. the demo town, into an empty embedded database (a seed cut off part-way is done again);
//      in production, a refusal to serve while a demo password or token still works
//   3. `db:check --repair`: unfinished operations and imports finished or undone, then every
//      invariant checked and repaired where it can be (each repair in the audit trail)
import mongoose from 'mongoose';
import '#models/index';
import { checkDatabase } from '#models/kernel/checks';
import { buildIndexes } from '#models/kernel/common';
import { recoverAllImports } from '~/utils/imports/index.server';
import { connectDb } from '~/utils/db.server';
import { printReport } from './lib/report';
import { UserModel } from '#models/town/user';
import { demoLeftovers, LEFTOVERS_HELP } from './lib/production';

const exclusive = process.env.XL_DB_EXCLUSIVE === '1';
const started = Date.now();
await connectDb(process.env.MONGODB_URI!);
for (const name of await buildIndexes()) console.error(`[prepare] retired index dropped: ${name}`);

// The demo town only for the demo: the embedded engine (`npm start` without MONGODB_URI sets
// XL_DEMO), never a database named by MONGODB_URI, which only `npm run seed` seeds when asked.
if (process.env.XL_DEMO === '1' && process.env.XL_SKIP_SEED !== '1') {
  const { seedIfEmpty } = await import('./lib/seed');
  const seeded = await seedIfEmpty();
  if (seeded !== 'kept') console.error(`[prepare] demo town 利福塔镇 loaded (${seeded})`);
} else if (process.env.NODE_ENV === 'production') {
  const leftovers = await demoLeftovers();
  if (leftovers.length > 0) {
    console.error(`[prepare] refusing to start: this production database holds\n  ${leftovers.join('\n  ')}`);
    console.error(LEFTOVERS_HELP);
    await mongoose.disconnect();
    process.exit(1);
  }
  if (!(await UserModel.exists({}))) {
    console.error(
      '[prepare] no accounts yet: create the first administrator with `npm run create-admin -- <username>`',
    );
  }
}

const report = await checkDatabase({ repair: true, exclusive, recoverImports: recoverAllImports });
printReport(report, '[prepare]');
console.error(`[prepare] database ready in ${Date.now() - started} ms`);
await mongoose.disconnect();
// Problems no repair could settle are reported, not fatal: the app still serves, and
// `npm run db:check` lists them for a person to look at.
