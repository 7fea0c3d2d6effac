// The oversight module's face: targets, the problem ledger, and the dashboard's and the
// monthly report's figures (read from the other modules' facts).
export * from './target';
export * from './problem';
export * from './dashboard';
export * from './target-progress';
export * from './evidence';
export * from './overdue';
