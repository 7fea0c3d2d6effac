// Starts the embedded MongoDB engine in a child process (see engine-host.cjs) and resolves
// with its URI. Everything engine-specific lives in this folder; the app only ever sees
// MONGODB_URI.
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { EngineUnavailableError, glibcLauncher } from './glibc.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const projectRoot = path.resolve(here, '../..');
export { EngineUnavailableError };

export async function startEmbeddedDb({
  dataDir,
  port = 0,
  cacheDir = process.env.XL_CACHE_DIR ?? path.join(projectRoot, '.cache/glibc'),
  log = console.error,
} = {}) {
  const launcher = glibcLauncher({ cacheDir, log });
  const argv = [
    ...launcher,
    process.execPath,
    path.join(here, 'engine-host.cjs'),
    path.resolve(dataDir),
    String(port),
  ];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: projectRoot,
    stdio: ['pipe', 'pipe', 'inherit'],
  });

  const ready = await new Promise((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new EngineUnavailableError(`Unexpected output from the embedded engine: ${line}`));
      }
    });
    child.once('exit', (code) =>
      reject(
        new EngineUnavailableError(
          `The embedded MongoDB engine exited (code ${code}) before it was ready. ` +
            'Set MONGODB_URI to use a MongoDB server instead.',
        ),
      ),
    );
    child.once('error', reject);
  });
  if (!ready.ready) {
    child.kill('SIGKILL');
    throw new EngineUnavailableError(`The embedded MongoDB engine failed to start: ${ready.error}`);
  }

  let stopped;
  const stop = () => {
    stopped ??= new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
    });
    return stopped;
  };
  return { uri: ready.uri, child, stop };
}
