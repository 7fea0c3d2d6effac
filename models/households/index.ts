export * from './schema';
import './integrity';
export * from './write';
export * from './read';
export { householdChecks } from './integrity';
export { rebuildRollups, recomputeRollups } from './rollup';
export * from './facts';
