// The households module's face: the register, what organizations owe and pay households
// (commands/), dividends, reversals, the income figures and their checks (./integrity.ts).
import './integrity';

export * from './schema';
export * from './entries';
export * from './register';
export * from './commands/payout';
export * from './commands/pay';
export * from './commands/dividend';
export * from './commands/reverse';
export * from './commands/forms';
export * from './commands/register';
export * from './read';
export * from './income';
export { householdChecks } from './integrity';
export { rebuildRollups, recomputeRollups } from './rollup';
export * from './facts';
