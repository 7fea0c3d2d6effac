// Crash points: every write of an operation passes through written(), so that a test can stop
// an operation dead after its n-th write, as a power cut would.
/**
 * Tests stop an operation dead after its n-th write, as a power cut would, by setting
 * `crashAfter.writes`; every write of an operation passes through `written()`. Unset (the
 * app, always), it costs a comparison.
 */
export const crashAfter: { writes: number | null } = { writes: null };

export class SimulatedCrash extends Error {
  constructor() {
    super('simulated crash');
  }
}

export function written() {
  if (crashAfter.writes === null) return;
  crashAfter.writes -= 1;
  if (crashAfter.writes <= 0) {
    crashAfter.writes = null;
    throw new SimulatedCrash();
  }
}
