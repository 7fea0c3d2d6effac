// The built app as `npm start` runs it (embedded engine, demo town), started in its own
// process group on a scratch data directory: for the system tests (crash, fuzz) and the load
// benchmark. The browser tests use the shared instance of tests/e2e/global-app.ts instead.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/**
 * The demo town seeded once for a whole test run (scripts/test-e2e.mjs sets it): an app whose
 * data directory starts as a copy of it comes up in seconds instead of seeding again.
 */
export const DEMO_TEMPLATE_ENV = 'XL_DEMO_TEMPLATE';

/** A fresh data directory: a copy of the seeded demo town when the run made one, else empty. */
export function scratchDataDir(prefix = 'xl-app-') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const template = process.env[DEMO_TEMPLATE_ENV];
  if (template && fs.existsSync(template)) fs.cpSync(template, dir, { recursive: true });
  return dir;
}

export class TestApp {
  readonly dataDir = scratchDataDir();
  child: ChildProcess | null = null;
  log = '';
  port = 0;
  dbPort = 0;

  get baseURL() {
    return `http://localhost:${this.port}`;
  }

  /** The app's own database, reached beside it (the engine listens on a fixed port). */
  get dbUri() {
    return `mongodb://127.0.0.1:${this.dbPort}/xianglian?directConnection=true`;
  }

  /** Starts the app; on its first start, again on new ports if another process took one meanwhile. */
  async start(env: Record<string, string> = {}) {
    const first = !this.port;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.startOnce(env);
      } catch (error) {
        if (!first || attempt >= 3 || !String((error as Error).message).includes('EADDRINUSE')) throw error;
        this.port = 0;
        this.dbPort = 0;
      }
    }
  }

  private async startOnce(env: Record<string, string>) {
    this.port ||= await freePort();
    this.dbPort ||= await freePort();
    this.log = '';
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      env: {
        ...process.env,
        MONGODB_URI: '',
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        EMBEDDED_DB_PORT: String(this.dbPort),
        XL_SKIP_BUILD: '1',
        NODE_ENV: 'production',
        PUBLIC_URL: this.baseURL,
        ...env,
      },
      detached: true, // its own process group: a kill takes the engine with it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout!.on('data', (c) => (this.log += c));
    child.stderr!.on('data', (c) => (this.log += c));
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the app exited during start-up:\n${this.log}`);
      try {
        if ((await fetch(`${this.baseURL}/healthz`)).ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`the app did not come up:\n${this.log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  private exited() {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise<void>((resolve) => child.once('exit', () => resolve()));
  }

  /** SIGKILL to the whole process group, as a power cut or the OOM killer would. */
  async kill() {
    if (this.child?.pid) {
      try {
        process.kill(-this.child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await this.exited();
  }

  /** A clean stop, then the scratch directory goes. */
  async dispose() {
    if (this.child?.pid && this.child.exitCode === null) {
      process.kill(-this.child.pid, 'SIGTERM');
      await Promise.race([this.exited(), new Promise((r) => setTimeout(r, 15_000))]);
      await this.kill();
    }
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}

export interface Client {
  cookie: string;
}

export async function signIn(base: string, username: string, password = 'demo1234'): Promise<Client> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base },
    body: new URLSearchParams({ username, password, redirectTo: '/' }),
  });
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (res.status !== 302 || !cookie) throw new Error(`sign-in as ${username} failed: ${res.status}`);
  return { cookie };
}

/** A same-origin form post as a signed-in user (as a browser sends it). */
export function postForm(
  base: string,
  client: Client | null,
  to: string,
  body: BodyInit,
  contentType?: string,
  headers: Record<string, string> = { Origin: base },
) {
  return fetch(`${base}${to}`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...(contentType !== undefined
        ? contentType
          ? { 'Content-Type': contentType }
          : {}
        : body instanceof URLSearchParams
          ? { 'Content-Type': 'application/x-www-form-urlencoded' }
          : {}),
      ...headers,
      ...(client && { Cookie: client.cookie }),
    },
    body,
  });
}
