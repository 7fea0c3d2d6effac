// The cold chain's face (issue 21): shipments with their handovers, cold stores, readings from
// forms, logger files and devices, their judgment against the product's profile, and alerts
// through the outbox.
import './checks';
import './facts';
import './judge';
import './readings';

export * from './schema';
export * from './read';
export * from './readings';
export * from './judge';
export * from './logger-file';
export * from './commands/create';
export * from './commands/moves';
export * from './commands/record';
export * from './commands/store';
export { coldShipmentsFact } from './facts';
export * from './commands/devices';
