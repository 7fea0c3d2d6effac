// The processing plant's face (issue 20): weigh tickets at the gate, processing runs, the
// plant's stock, their facts and their checks.
import './checks';
import './facts';

export * from './schema';
export * from './read';
export * from './commands/intake';
export * from './commands/run-open';
export * from './commands/run-close';
export { plantIntakeFact, plantRunsFact } from './facts';
export { plantBalanceCheck } from './checks';
export * from './commands/weighed';
export * from './figures';
export * from './commands/intake-plan';
