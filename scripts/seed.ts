// Loads the demo town into the database at MONGODB_URI (`npm run seed`). With --if-empty it
// leaves any database that already has data alone (the start-up does this through prepare-db).
import mongoose from 'mongoose';
import '#models/index';
import { UserModel } from '#models/town/user';
import { DEMO_ACCOUNTS } from './demo/town';
import { connectDb } from '~/utils/db.server';
import { seedIfEmpty } from './lib/seed';

if (!process.env.MONGODB_URI) {
  console.error('[seed] MONGODB_URI is not set (run it as `npm run seed`)');
  process.exit(2);
}
await connectDb(process.env.MONGODB_URI);
await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));

const started = Date.now();
const result = await seedIfEmpty();
if (result === 'kept') {
  console.error(
    `[seed] the database already has data (${await UserModel.countDocuments()} users); nothing seeded.`,
  );
} else {
  console.error(
    `[seed] demo town 利福塔镇 loaded in ${Date.now() - started} ms; accounts (password demo1234): ${DEMO_ACCOUNTS.join(', ')}`,
  );
}
await mongoose.disconnect();
