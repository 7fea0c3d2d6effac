import mongoose from 'mongoose';
import { getEnv } from './env.server';

// One mongoose connection for the process, kept across dev-server reloads.
const globalForDb = globalThis as unknown as { __xlDb?: Promise<typeof mongoose> };

export function connectDb(uri = getEnv().MONGODB_URI): Promise<typeof mongoose> {
  globalForDb.__xlDb ??= mongoose
    .connect(uri, {
      serverSelectionTimeoutMS: 5_000,
      autoIndex: process.env.NODE_ENV !== 'production',
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
