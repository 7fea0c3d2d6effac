// Loads the demo town into the database at MONGODB_URI. With --if-empty (what `npm start`
// passes) it leaves any database that already has users alone.
import mongoose from 'mongoose';
import '#models/index';
import { UserModel } from '#models/user';
import { buildDemoTown, DEMO_ACCOUNTS } from '#tests/factories/demo-town';

const uri = process.env.MONGODB_URI;
if (!uri) {
  console.error('[seed] MONGODB_URI is not set (run it as `npm run seed`)');
  process.exit(2);
}
await mongoose.connect(uri, { serverSelectionTimeoutMS: 5_000 });
await Promise.all(Object.values(mongoose.models).map((m) => m.createIndexes()));

const users = await UserModel.estimatedDocumentCount();
if (users > 0) {
  console.error(`[seed] the database already has data (${users} users); nothing seeded.`);
} else {
  const started = Date.now();
  await buildDemoTown();
  console.error(
    `[seed] demo town 利福塔镇 loaded in ${Date.now() - started} ms; accounts (password demo1234): ${DEMO_ACCOUNTS.join(', ')}`,
  );
}
await mongoose.disconnect();
