// The crash test (tests/e2e/crash.test.ts): an app and a data directory of its own, killed and
// restarted round after round. scripts/test-e2e.mjs runs it beside the browser tests, which
// spend most of their time waiting for a page (two thirds of the CPU idle when run alone).
import { defineConfig } from 'vitest/config';
import { aliases } from './vite.aliases';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/e2e/crash.test.ts'],
    environment: 'node',
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results/crash.json' }]]
      : ['default'],
    pool: 'forks',
    maxWorkers: 1,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    teardownTimeout: 2_000,
  },
});
