// Test fixtures: one real broker per worker, and per test a console backend plus the loopback bridge
// started in-process, opened in a fresh browser context (Playwright's default `page`).
import { test as base } from '@playwright/test';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridge } from '../../main/bridge/server';
import { createConsoleBackend, type ConsoleBackend } from '../../main/core/backend';
import type { SchemaRegistrySettings } from '../../shared/schemaRegistry';
import { startBroker } from '../../tools/kafka/broker';
import { KafkaSetup } from './kafkaSetup';
import { startPaymentPipeline, type PaymentPipeline } from './paymentPipeline';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const rendererDir = join(repoRoot, 'dist', 'renderer');

export interface ConsoleUnderTest {
  /** The bridge address with its token and test mode on (animations off). */
  url: string;
  backend: ConsoleBackend;
}

export interface ConsoleOptions {
  /** Bootstrap servers the backend connects to at start; null starts it without a cluster. */
  bootstrap?: string[] | null;
  /** The pipeline map file the support views (payments, dead letters, redelivery) read; the reference default when absent. */
  pipelineMapPath?: string;
  /** Who sits at this console (ledger, worklist); the OS user when absent. */
  who?: string;
  /** The schema registry that decodes Confluent wire-format records. */
  schemaRegistry?: SchemaRegistrySettings;
  /** The console's data folder (settings, health history); none (memory) when absent. */
  dataDir?: string;
}

interface WorkerFixtures {
  kafkaBootstrap: string;
  /** The reference pipeline on unique topics, started once per worker for the specs that need it. */
  paymentPipeline: PaymentPipeline;
}

interface TestFixtures {
  kafka: KafkaSetup;
  startConsole: (options?: ConsoleOptions) => Promise<ConsoleUnderTest>;
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  kafkaBootstrap: [
    // eslint-disable-next-line no-empty-pattern -- Playwright fixtures take their dependencies as the first argument
    async ({}, use) => {
      const fromEnv = process.env.EVENTDESK_TEST_BOOTSTRAP;
      if (fromEnv) return use(fromEnv);
      const broker = await startBroker();
      try {
        await use(broker.bootstrap);
      } finally {
        await broker.stop();
      }
    },
    { scope: 'worker', timeout: 180_000 },
  ],

  paymentPipeline: [
    async ({ kafkaBootstrap }, use) => {
      const pipeline = await startPaymentPipeline(kafkaBootstrap);
      try {
        await use(pipeline);
      } finally {
        await pipeline.stop();
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  kafka: async ({ kafkaBootstrap }, use) => {
    const setup = new KafkaSetup(kafkaBootstrap);
    try {
      await use(setup);
    } finally {
      await setup.close();
    }
  },

  startConsole: async ({ kafkaBootstrap }, use) => {
    if (!existsSync(join(rendererDir, 'index.html'))) {
      throw new Error(
        `No built renderer in ${rendererDir}: run "npm run build" before the end-to-end tests.`,
      );
    }
    const started: Array<{ close: () => Promise<void> }> = [];
    await use(async (options = {}) => {
      const bootstrap = options.bootstrap === undefined ? [kafkaBootstrap] : (options.bootstrap ?? undefined);
      const backend = createConsoleBackend({
        bootstrap,
        ...(options.pipelineMapPath ? { pipelineMapPath: options.pipelineMapPath } : {}),
        ...(options.who ? { who: options.who } : {}),
        ...(options.schemaRegistry ? { schemaRegistry: options.schemaRegistry } : {}),
        dataDir: options.dataDir ?? null,
      });
      const bridge = await startBridge({
        handlers: backend.handlers,
        live: backend.live,
        port: 0,
        staticDir: rendererDir,
      });
      started.push({
        close: async () => {
          await bridge.close();
          await backend.dispose();
        },
      });
      return { url: `${bridge.url}&e2e=1`, backend };
    });
    for (const instance of started.reverse()) await instance.close();
  },
});

export { expect } from '@playwright/test';
