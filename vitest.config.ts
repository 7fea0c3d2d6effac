// Unit and integration tests. The Remix Vite plugin is deliberately left out.
import { defineConfig } from 'vitest/config';
import { aliases } from './vite.aliases';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/**/*.test.{ts,tsx}', 'app/**/*.test.{ts,tsx}', 'models/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    environment: 'node',
    // CI also writes a JSON report, summarised by .ci/run as one 'N passed, N failed' line
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/unit.json' }]] : ['default'],
    globalSetup: ['tests/setup/global-db.ts'],
    setupFiles: ['tests/setup/db.ts', 'tests/setup/msw.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 20_000,
    hookTimeout: 60_000,
  },
});
