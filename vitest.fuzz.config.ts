// The fuzz, in shards (tests/e2e/fuzz-*.test.ts): each starts an app and a database of its own,
// so they run side by side, and beside the browser tests (scripts/test-e2e.mjs).
import { defineConfig } from 'vitest/config';
import { aliases } from './vite.aliases';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/e2e/fuzz-*.test.ts'],
    environment: 'node',
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/fuzz.json' }]] : ['default'],
    pool: 'forks',
    maxWorkers: 2,
    fileParallelism: true,
    testTimeout: 900_000,
    hookTimeout: 120_000,
    // a run's end waits this long for handles still open (the default 10 s was spent every run)
    teardownTimeout: 2_000,
  },
});
