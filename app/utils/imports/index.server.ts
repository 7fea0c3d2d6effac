// Registers every importable kind. Each kind lives beside its feature's model code.
import './plantings.server';
import './herd.server';
import { importKind, importKinds } from './kinds.server';
import { recoverImports } from './run.server';

export { importKind, importKinds };

let recovered: Promise<unknown> | undefined;

/** Once per process: finish or undo imports that a previous process left behind. */
export function recoverOnce() {
  recovered ??= recoverImports(importKind).catch((error) => {
    recovered = undefined;
    console.error('[imports] recovery failed:', error);
  });
  return recovered;
}
