// The field module's face: plantings and their harvests (./planting), the herd of a base
// (./herd), their dashboard facts and their checks (./checks.ts).
import './checks';

export * from './planting';
export * from './planting/commands';
export * from './herd';
export * from './herd/commands';
