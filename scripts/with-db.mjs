#!/usr/bin/env node
// Runs a command with MONGODB_URI pointing at a database: the configured one, or the
// embedded engine on DATA_DIR for the duration of the command. Used by seed, bench, indexes.
import { spawn } from 'node:child_process';
import { resolveDatabase } from './lib/db-env.mjs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) {
  console.error('usage: with-db.mjs <command> [args…]');
  process.exit(2);
}
const db = await resolveDatabase();
const child = spawn(cmd, args, {
  stdio: 'inherit',
  // an engine started here is this command's alone: nothing in it is in flight elsewhere
  env: { ...process.env, MONGODB_URI: db.uri, ...(db.embedded && { XL_DB_EXCLUSIVE: '1' }) },
  shell: false,
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', async (code, signal) => {
  await db.stop();
  process.exit(code ?? (signal ? 1 : 0));
});
