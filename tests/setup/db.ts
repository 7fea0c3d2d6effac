// Per-worker database on the shared engine, cleared before every test.
import mongoose from 'mongoose';
import { afterAll, beforeAll, beforeEach, inject } from 'vitest';
import '#models/index';
import { buildIndexes } from '#models/kernel/common';
import { connectDb } from '~/utils/db.server';

const worker = process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? '0';
const base = new URL(inject('mongoUri'));
base.pathname = `/xl_test_${worker}`;
process.env.MONGODB_URI = base.toString();
process.env.SESSION_SECRET ??= 'test-session-secret-0123456789';
process.env.NODE_ENV = 'test';

beforeAll(async () => {
  await connectDb(process.env.MONGODB_URI);
  // the models' own start (collections, indexes) settles first, then the database starts empty
  // and every collection is made again as start-up makes it (a time-series one as such)
  await Promise.all(Object.values(mongoose.models).map((m) => m.init().catch(() => undefined)));
  await mongoose.connection.dropDatabase();
  await buildIndexes();
});

beforeEach(async () => {
  const collections = await mongoose.connection.db!.collections();
  await Promise.all(collections.map((c) => c.deleteMany({})));
});

afterAll(async () => {
  await mongoose.disconnect();
  (globalThis as { __xlDb?: unknown }).__xlDb = undefined;
});
