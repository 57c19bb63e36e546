import { defineConfig } from 'vitest/config';

// Three projects, told apart by file name. Integration and end-to-end tests share one
// global setup that brings the real local stack up (and down again if it started it).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          include: ['*/src/**/*.unit.spec.ts', '*/scripts/**/*.unit.spec.ts', '*.unit.spec.ts'],
        },
      },
      {
        test: {
          name: 'int',
          // Projects with different group orders run one after the other: the stack test takes
          // the stack down and up again, which end-to-end tests must never see.
          sequence: { groupOrder: 1 },
          include: ['*/src/**/*.int.spec.ts', '*/scripts/**/*.int.spec.ts', '*.int.spec.ts'],
          globalSetup: ['infra/src/dev/vitest-global-setup.ts'],
          testTimeout: 60_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['*/src/**/*.e2e.spec.ts', 'e2e/**/*.e2e.spec.ts'],
          globalSetup: ['infra/src/dev/vitest-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
