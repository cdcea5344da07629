import { defineConfig } from 'vitest/config';

// Three kinds of test: unit (pure, fast), integration (a real Meilisearch started once per run,
// a temp SQLite file per test file), and (later) browser. All run under `npm test`.
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-report.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/setup/meilisearch.global.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          // Two cores: Meilisearch needs one of them.
          maxWorkers: 2,
        },
      },
    ],
  },
});
