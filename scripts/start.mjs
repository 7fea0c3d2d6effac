#!/usr/bin/env node
// `npm start`: builds the app if needed, starts the embedded MongoDB engine when
// MONGODB_URI is unset, prepares the database (indexes, the demo town into an empty embedded one, the
// repair of whatever a crash left) and serves the app.
// `npm run dev` does the same with Vite's dev server instead of the build.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureSessionSecret, resolveDatabase } from './lib/db-env.mjs';
import { projectRoot } from './lib/embedded-db.mjs';

const dev = process.argv.includes('--dev');
process.env.NODE_ENV ??= dev ? 'development' : 'production';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** This machine's IPv4 address on its local network, if it has one. */
function lanAddress() {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .filter((a) => a && a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);
  return addresses.find((a) => /^(10|192\.168|172\.(1[6-9]|2\d|3[01]))\./.test(a)) ?? addresses[0];
}

function buildIfStale() {
  const built = path.join(projectRoot, 'build/server/index.js');
  const sources = ['app', 'models', 'public']
    .map((d) => path.join(projectRoot, d))
    .filter((d) => fs.existsSync(d));
  const fresh = fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(...sources.map(newestMtime));
  if (fresh) return;
  console.error('[start] building the app…');
  execFileSync(
    process.execPath,
    [path.join(projectRoot, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'],
    {
      cwd: projectRoot,
      stdio: 'inherit',
    },
  );
}

if (!dev && process.env.XL_SKIP_BUILD !== '1') buildIfStale();

const db = await resolveDatabase();
process.env.MONGODB_URI = db.uri;
ensureSessionSecret(db.dataDir);
if (!process.env.PUBLIC_URL && db.embedded) {
  // The demo install: QR codes point at this machine's address on the local network, which
  // phones on the same Wi-Fi can open (localhost would open the phone itself). A real
  // deployment sets PUBLIC_URL; with MONGODB_URI in production the app refuses to start without it.
  process.env.PUBLIC_URL = `http://${lanAddress() ?? 'localhost'}:${process.env.PORT || 3000}`;
  console.error(
    `[start] QR codes and links point at ${process.env.PUBLIC_URL} (set PUBLIC_URL to change it)`,
  );
}

// Indexes, the demo town into an empty database, and the repair of whatever a crash left
// (scripts/prepare-db.ts): all before the first request is served.
const prepared = spawnSync(
  process.execPath,
  [path.join(projectRoot, 'node_modules/tsx/dist/cli.mjs'), path.join(projectRoot, 'scripts/prepare-db.ts')],
  {
    cwd: projectRoot,
    stdio: 'inherit',
    // the embedded engine is the demo install: it gets the demo town when empty
    env: { ...process.env, ...(db.embedded && { XL_DB_EXCLUSIVE: '1', XL_DEMO: '1' }) },
  },
);
if (prepared.status !== 0) {
  await db.stop();
  process.exit(prepared.status ?? 1);
}

const { startServer } = await import('../server.mjs');
const server = await startServer({ dev });

let stopping = false;
async function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  console.error(`[start] ${signal}: shutting down…`);
  await server.close();
  await db.stop();
  process.exit(0);
}
process.on('SIGINT', () => shutdown('SIGINT'));
process.on('SIGTERM', () => shutdown('SIGTERM'));
