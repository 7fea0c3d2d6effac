// Unit and integration tests. The Remix Vite plugin is deliberately left out.
//   unit         pure rules and shaping (tests/unit): no database, no engine started
//   integration  a real MongoDB engine (one per run), a database per worker, cleared per test
import { defineConfig } from 'vitest/config';
import { aliases } from './vite.aliases';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    environment: 'node',
    // CI also writes a JSON report, summarised by .ci/run as one 'N passed, N failed' line
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
    // a run's end waits this long for handles still open (the default 10 s was spent every run)
    teardownTimeout: 2_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}', 'app/**/*.test.{ts,tsx}'],
          setupFiles: ['tests/setup/msw.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.{ts,tsx}', 'models/**/*.test.ts'],
          globalSetup: ['tests/setup/global-db.ts'],
          setupFiles: ['tests/setup/db.ts', 'tests/setup/msw.ts'],
        },
      },
    ],
  },
});
