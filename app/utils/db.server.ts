import mongoose from 'mongoose';
import { getEnv } from './env.server';
import '#models/index'; // every module registers its models, facts and checks

// One mongoose connection for the process, kept across dev-server reloads.
const globalForDb = globalThis as unknown as { __xlDb?: Promise<typeof mongoose> };

/**
 * Every write is acknowledged only once it is durable: journaled on the embedded engine (a
 * standalone server, where `majority` is the one server), and on a majority of a replica
 * set's members (docs/decisions/0006-durable-operations.md). Set here, once, for every
 * collection, the app's and the scripts' alike; nothing overrides it.
 */
export const WRITE_CONCERN = { w: 'majority', j: true } as const;

export function connectDb(uri = getEnv().MONGODB_URI): Promise<typeof mongoose> {
  globalForDb.__xlDb ??= mongoose
    .connect(uri, {
      serverSelectionTimeoutMS: 5_000,
      autoIndex: process.env.NODE_ENV !== 'production',
      writeConcern: WRITE_CONCERN,
      // reads see only what is durable on a majority: never a write that a failover rolls back
      readConcern: { level: 'majority' },
    })
    .catch((error) => {
      globalForDb.__xlDb = undefined;
      throw error;
    });
  return globalForDb.__xlDb;
}

/** True when the database answers a ping within the timeout. */
export async function pingDb(timeoutMs = 2_000): Promise<boolean> {
  try {
    const conn = await Promise.race([
      connectDb(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    const admin = conn.connection.db?.admin();
    if (!admin) return false;
    await Promise.race([
      admin.ping(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), timeoutMs)),
    ]);
    return true;
  } catch {
    return false;
  }
}
