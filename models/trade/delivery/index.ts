export * from './schema';
export * from './write';
export * from './read';
export * from './facts';
