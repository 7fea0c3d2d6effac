// End-to-end tests: the built app served by scripts/start.mjs, driven in Debian's Chromium.
import { defineConfig } from 'vitest/config';
import { aliases } from './vite.aliases';

export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    // the fuzz and the crash test have configs of their own (vitest.fuzz.config.ts,
    // vitest.crash.config.ts), each with apps of its own; these share one app and run one
    // after another (scripts/test-e2e.mjs)
    exclude: ['tests/e2e/fuzz-*.test.ts', 'tests/e2e/crash.test.ts', 'node_modules/**'],
    environment: 'node',
    // CI also writes a JSON report, summarised by .ci/run as one 'N passed, N failed' line
    reporters: process.env.CI ? ['default', ['json', { outputFile: 'test-results/e2e.json' }]] : ['default'],
    globalSetup: ['tests/e2e/global-app.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 60_000,
    // a poll waits for the app, which after the fuzz and the crash test may be slow to answer:
    // the default second was too short for a post, a redirect and a language's words to load
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 120_000,
    // a run's end waits this long for handles still open (the default 10 s was spent every run)
    teardownTimeout: 2_000,
  },
});
