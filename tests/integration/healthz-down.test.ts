// /healthz reports the database down (503) when it cannot reach it, and up again after.
import mongoose from 'mongoose';
import { expect, it } from 'vitest';
import * as healthz from '~/routes/healthz';
import { connectDb } from '~/utils/db.server';

it('answers 503 while the database is unreachable', async () => {
  expect((await healthz.loader()).status).toBe(200);
  await mongoose.disconnect();
  const down = await healthz.loader();
  expect(down.status).toBe(503);
  expect(await down.json()).toEqual({ ok: false, db: 'down' });
  (globalThis as { __xlDb?: unknown }).__xlDb = undefined;
  await connectDb(process.env.MONGODB_URI);
  expect((await healthz.loader()).status).toBe(200);
});
