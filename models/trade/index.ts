// The trade module's face: contracts and amendments, market prices, deliveries with their
// receipts, payments and corrections, and their checks (./checks.ts).
import './checks';

export * from './contract';
export * from './amendment';
export * from './price';
export * from './price-feed';
export * from './delivery';
export * from './commands';
