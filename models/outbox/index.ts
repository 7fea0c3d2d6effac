// The outbox's face (DESIGN.md "Outbox"): webhooks an organization configures, the messages an
// operation writes for them, and the worker that delivers them (a job of the app's process).
import './deliver';

export * from './schema';
export * from './robots';
export * from './deliver';
export * from './webhooks';
