import { configDefaults, defineConfig } from 'vitest/config';
import { instanceEnv, stackSettings, testPortOffsets } from './infra/src/stack/settings.ts';

// Tests run on a stack instance of their own, apart from `pnpm start`'s folder and ports, so that a
// developer's running system is left alone. Set here, before the global setup or anything else
// reads the stack's settings, and inherited by every process the tests start.
if ((process.env.STACK_INSTANCE || 'dev') === 'dev') process.env.STACK_INSTANCE = 'test';
// The tests' stack is plaintext whatever the shell says; the secured-cluster story starts its own.
process.env.STACK_KAFKA_SECURITY = 'none';

// The broker-loss story needs three brokers; the other stories keep their single-broker `test`
// instance. So the story runs on an instance of its own (`test-cluster` beside `test`), on ports
// of its own, and everything in its project (the story, the services it starts) is pointed there.
const clusterStack = {
  STACK_INSTANCE: `${process.env.STACK_INSTANCE}-cluster`,
  STACK_PORT_OFFSET: process.env.STACK_CLUSTER_PORT_OFFSET || String(testPortOffsets.cluster),
  STACK_BROKERS: '3',
};
const clusterEnv = { ...clusterStack, ...instanceEnv(stackSettings({ ...process.env, ...clusterStack })) };
const clusterStories = 'e2e/**/*.cluster.e2e.spec.ts';

// Four projects, told apart by file name. Integration and end-to-end tests share one
// global setup that brings the tests' stack instance up (and down again if it started it); the
// cluster stories bring up their own.
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
          exclude: [...configDefaults.exclude, clusterStories],
          globalSetup: ['infra/src/dev/vitest-global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'cluster',
          sequence: { groupOrder: 3 },
          include: [clusterStories],
          globalSetup: ['infra/src/dev/vitest-cluster-setup.ts'],
          env: clusterEnv,
          testTimeout: 600_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
