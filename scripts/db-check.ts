// `npm run db:check [--repair]`: verifies every invariant of the data and prints what it
// found; with --repair, repairs what can be repaired (each repair in the audit trail).
// Exits 1 when problems remain.
import mongoose from 'mongoose';
import '#models/index';
import { connectDb } from '~/utils/db.server';
import { dbCheck } from './lib/db-check';

await connectDb(process.env.MONGODB_URI!);
const code = await dbCheck(process.argv.slice(2));
await mongoose.disconnect();
process.exit(code);
