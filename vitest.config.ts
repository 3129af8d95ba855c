import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests of pure logic, and integration tests against a real Kafka broker
// (started once by tools/test/kafkaGlobalSetup.ts, or the cluster named by EVENTDESK_TEST_BOOTSTRAP).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{main,renderer,shared,services,tools}/**/*.test.{ts,tsx}'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['{main,services,tools,shared}/**/*.int.test.ts'],
          globalSetup: ['tools/test/kafkaGlobalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One broker on two cores: run files one at a time so timing-sensitive tests stay honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
