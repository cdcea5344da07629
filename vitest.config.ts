import { defineConfig } from 'vitest/config';

// Three kinds of test: unit (pure, fast), integration (a real Meilisearch started once per run,
// a temp SQLite file per test file) and browser (headless Chromium via playwright-core). All run under `npm test`.
export default defineConfig({
  test: {
    reporters: ['default', ['json', { outputFile: 'test-artifacts/vitest-report.json' }]],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // The first citation a worker renders loads citeproc and three CSL styles: seconds on two loaded cores.
          testTimeout: 20_000,
          // Projects run one after another (unit, integration, browser): two cores, one engine each.
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          sequence: { groupOrder: 1 },
          globalSetup: ['test/setup/meilisearch.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          // Two cores: Meilisearch needs one of them.
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          sequence: { groupOrder: 2 },
          globalSetup: ['test/setup/meilisearch.global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          maxWorkers: 1,
        },
      },
    ],
  },
});
