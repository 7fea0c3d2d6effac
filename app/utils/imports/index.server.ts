// Registers every importable kind. Each kind lives beside its feature's model code.
import './plantings.server';
import './herd.server';
import { importKind, importKinds } from './kinds.server';
import { recoverImports } from './run.server';

export { importKind, importKinds };

let running: Promise<unknown> | undefined;
let lastRun = 0;

/**
 * Finishes or undoes imports that a dead process left behind (see recoverImports). Runs at
 * start-up and when the import page is opened, at most every 30 seconds; a cheap indexed query.
 */
export function recoverOnce() {
  if (running || Date.now() - lastRun < 30_000) return running ?? Promise.resolve();
  lastRun = Date.now();
  running = recoverImports(importKind)
    .catch((error) => console.error('[imports] recovery failed:', error))
    .finally(() => (running = undefined));
  return running;
}
