// Starts the built app the way `npm start` does (embedded engine, demo seed) on a free port
// with a fresh data directory, for the browser tests; stops it cleanly afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import type { TestProject } from 'vitest/node';
import { freePort, scratchDataDir } from '../../scripts/lib/app-process';

declare module 'vitest' {
  export interface ProvidedContext {
    baseURL: string;
  }
}

export default async function setup(project: TestProject) {
  const dataDir = scratchDataDir('xl-e2e-');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    DATA_DIR: dataDir,
    XL_SKIP_BUILD: '1',
    NODE_ENV: 'production', // as `npm start` runs it (vitest would pass on its own 'test')
  };
  if (process.env.MONGODB_URI) {
    const url = new URL(process.env.MONGODB_URI);
    url.pathname = `/xl_e2e_${Date.now()}`;
    env.MONGODB_URI = url.toString();
    env.XL_DEMO = '1'; // a scratch database of the test's own, asked for the demo explicitly
  }
  const app = spawn(process.execPath, ['scripts/start.mjs'], { env, stdio: ['ignore', 'inherit', 'pipe'] });
  let log = '';
  app.stderr.on('data', (chunk) => {
    log += chunk;
    if (process.env.XL_E2E_VERBOSE) process.stderr.write(chunk);
  });
  const baseURL = `http://localhost:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (app.exitCode !== null) throw new Error(`the app exited during start-up:\n${log}`);
    try {
      const res = await fetch(`${baseURL}/healthz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the app did not become healthy:\n${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  project.provide('baseURL', baseURL);

  return async () => {
    const exited = new Promise<number | null>((resolve) => app.once('exit', (code) => resolve(code)));
    app.kill('SIGTERM');
    const code = await Promise.race([
      exited,
      new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 15_000)),
    ]);
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (code !== 0) throw new Error(`the app did not stop cleanly (exit ${code}):\n${log.slice(-2000)}`);
  };
}
