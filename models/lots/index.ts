// The lots module's face: the lot, its codes and QR, and the one function that builds a lot
// for every origin.
import './checks';

export * from './lot';
export * from './moves';
export * from './qr';
