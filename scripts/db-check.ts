// `npm run db:check [--repair]`: verifies every invariant of the data and prints what it
// found; with --repair, repairs what can be repaired (each repair in the audit trail).
// Exits 1 when problems remain.
import mongoose from 'mongoose';
import '#models/index';
import { checkDatabase } from '#models/kernel/checks';
import { recoverAllImports } from '~/utils/imports/index.server';
import { connectDb } from '~/utils/db.server';
import { printReport } from './lib/report';

const repair = process.argv.includes('--repair');
await connectDb(process.env.MONGODB_URI!);
const report = await checkDatabase({
  repair,
  exclusive: process.env.XL_DB_EXCLUSIVE === '1',
  recoverImports: recoverAllImports,
});
printReport(report, '[db:check]');
await mongoose.disconnect();
process.exit(report.problems.length ? 1 : 0);
