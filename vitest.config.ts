// Test projects: unit (pure code, parallel), integration (real services, one file at a time),
// e2e (the built `ziem` binary). Integration and e2e start their own services on free ports.
// The groups run one after the other (groupOrder): the e2e smoke floods a sandbox with packets and
// would starve the integration tests' own captures if both ran at once on two cores.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 20_000, sequence: { groupOrder: 0 } },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 900_000,
          hookTimeout: 900_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
    reporters: ['default', './tests/summary-reporter.ts'],
  },
});
