#!/usr/bin/env node
// The end-to-end tests. The demo town is seeded once into a template data directory (every app
// of the run starts from a copy of it); then the fuzz shards run side by side, each on an app of
// its own (vitest.fuzz.config.ts), and after them the browser tests (vitest.e2e.config.ts, one
// after another on one app) beside the crash test (vitest.crash.config.ts). The fuzz keeps both
// cores busy, so nothing runs beside it: the crash test's kills and the browser's waits then
// compete with it for the CPU, and time out.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const { fetch } = globalThis;

const TEMPLATE_ENV = 'XL_DEMO_TEMPLATE'; // scripts/lib/app-process.ts reads it
const args = process.argv.slice(2);
const vitest = path.join('node_modules', '.bin', 'vitest');

/** A port the system has just handed out free (a random one may be a connection's own port). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** The template, seeded again on a new port when another process took the port meanwhile. */
async function seedTemplate() {
  for (let attempt = 1; ; attempt++) {
    try {
      return await seedOnce();
    } catch (error) {
      if (attempt >= 3 || !String(error.message).includes('EADDRINUSE')) throw error;
      console.log(`[e2e] the port was taken meanwhile; seeding again (attempt ${attempt + 1})`);
    }
  }
}

/** Seeds the demo town as `npm start` does, on a fresh directory, and stops cleanly. */
async function seedOnce() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'xl-demo-template-'));
  const port = await freePort();
  const started = Date.now();
  const app = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      MONGODB_URI: '',
      PORT: String(port),
      DATA_DIR: dir,
      XL_SKIP_BUILD: '1',
      NODE_ENV: 'production',
      PUBLIC_URL: `http://localhost:${port}`,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  app.stderr.on('data', (c) => (log += c));
  for (;;) {
    if (app.exitCode !== null) throw new Error(`seeding the demo town failed:\n${log}`);
    try {
      if ((await fetch(`http://localhost:${port}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 120_000) throw new Error(`the demo town was not ready in 2 minutes:\n${log}`);
    await sleep(250);
  }
  const exited = new Promise((resolve) => app.once('exit', resolve));
  app.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`the seeding app did not stop cleanly (exit ${code}):\n${log}`);
  console.log(`[e2e] demo town seeded once in ${((Date.now() - started) / 1000).toFixed(1)} s (${dir})`);
  return dir;
}

function run(config) {
  return new Promise((resolve) => {
    const child = spawn(vitest, ['run', '--config', config, '--passWithNoTests', ...args], {
      stdio: 'inherit',
      env: process.env,
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

// against a real server (MONGODB_URI) each app makes a database of its own: no template
const template = process.env.MONGODB_URI ? null : await seedTemplate();
if (template) process.env[TEMPLATE_ENV] = template;
let started = Date.now();
const fuzz = await run('vitest.fuzz.config.ts');
console.log(`[e2e] the fuzz shards done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
started = Date.now();
// the browser tests wait on pages most of the time: the crash test runs beside them
const [browser, crash] = await Promise.all([run('vitest.e2e.config.ts'), run('vitest.crash.config.ts')]);
const rest = browser || crash;
console.log(
  `[e2e] the browser and crash tests (side by side) done in ${((Date.now() - started) / 1000).toFixed(1)} s`,
);
if (template) fs.rmSync(template, { recursive: true, force: true });
process.exit(fuzz || rest);
