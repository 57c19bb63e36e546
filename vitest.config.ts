import { defineConfig } from 'vitest/config';

// Three projects, told apart by file name. Integration and end-to-end tests share one
// global setup that brings the real local stack up (and down again if it started it).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['*/src/**/*.unit.spec.ts', '*/scripts/**/*.unit.spec.ts', '*.unit.spec.ts'],
        },
      },
      {
        test: {
          name: 'int',
          include: ['*/src/**/*.int.spec.ts', '*/scripts/**/*.int.spec.ts', '*.int.spec.ts'],
          globalSetup: ['infra/src/test-setup/global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['*/src/**/*.e2e.spec.ts', 'e2e/**/*.e2e.spec.ts'],
          globalSetup: ['infra/src/test-setup/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
