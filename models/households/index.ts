export * from './schema';
export * from './write';
export * from './read';
export { householdChecks } from './integrity';
export { rebuildRollups, recomputeRollups } from './rollup';
