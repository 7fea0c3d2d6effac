// Registers every importable kind. Each kind lives beside its feature's model code.
import './plantings.server';
import './herd.server';
import './households.server';
import { sealAuditTrail } from '#models/kernel/audit-seal';
import { recoverOperations } from '#models/kernel/operation';
import { importKind, importKinds } from './kinds.server';
import { recoverImports } from './run.server';

export { importKind, importKinds };

/** Recovery of imports with every kind registered (start-up and `npm run db:check`). */
export const recoverAllImports = (options: { exclusive?: boolean } = {}) =>
  recoverImports(importKind, options);

let running: Promise<unknown> | undefined;
let lastSeal = 0;
const SEAL_EVERY_MS = 120_000;

function sealDue() {
  if (Date.now() - lastSeal < SEAL_EVERY_MS) return Promise.resolve(0);
  lastSeal = Date.now();
  return sealAuditTrail();
}
let lastRun = 0;

/**
 * Finishes or undoes operations and imports that a dead process left behind (another app
 * instance on the same database; at start-up prepare-db has done it already). Runs when the
 * server starts and on requests, at most every 30 seconds: two cheap indexed queries.
 */
export function recoverOnce() {
  if (running || Date.now() - lastRun < 30_000) return running ?? Promise.resolve();
  lastRun = Date.now();
  running = recoverOperations()
    .then(() => recoverImports(importKind))
    // the audit trail's hash chain is brought up to date every two minutes
    // (docs/decisions/0008-hash-chains.md)
    .then(() => sealDue())
    .catch((error) => console.error('[recovery] failed:', error))
    .finally(() => (running = undefined));
  return running;
}
