// Resolves the MongoDB URI for a command: MONGODB_URI when set, otherwise the embedded
// engine on DATA_DIR (default ./data), started for the lifetime of the caller.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { EngineUnavailableError, projectRoot, startEmbeddedDb } from './embedded-db.mjs';

export async function resolveDatabase({ log = console.error } = {}) {
  if (process.env.MONGODB_URI) return { uri: process.env.MONGODB_URI, stop: async () => {}, embedded: false };
  const dataDir = path.resolve(projectRoot, process.env.DATA_DIR ?? 'data');
  try {
    const db = await startEmbeddedDb({
      dataDir: path.join(dataDir, 'db'),
      port: Number(process.env.EMBEDDED_DB_PORT ?? 0),
      log,
    });
    log(`[db] embedded MongoDB engine on ${db.uri} (data in ${dataDir})`);
    return { ...db, embedded: true, dataDir };
  } catch (error) {
    if (error instanceof EngineUnavailableError) {
      log(`\n[db] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

/** A demo install without SESSION_SECRET gets a random one kept beside its data. */
export function ensureSessionSecret(dataDir) {
  if (process.env.SESSION_SECRET) return;
  if (process.env.NODE_ENV === 'production' && !dataDir) return; // env validation will refuse to start
  const file = path.join(dataDir ?? path.join(projectRoot, 'data'), 'session-secret');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (!fs.existsSync(file)) fs.writeFileSync(file, crypto.randomBytes(32).toString('hex'), { mode: 0o600 });
  process.env.SESSION_SECRET = fs.readFileSync(file, 'utf8').trim();
}
