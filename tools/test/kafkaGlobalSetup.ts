// Vitest global setup for integration tests: a real broker for the whole run.
import type { TestProject } from 'vitest/node';
import { startBroker, type RunningBroker } from '../kafka/broker';

declare module 'vitest' {
  export interface ProvidedContext {
    kafkaBootstrap: string;
  }
}

let broker: RunningBroker | undefined;

export async function setup(project: TestProject): Promise<void> {
  const existing = process.env.EVENTDESK_TEST_BOOTSTRAP;
  if (existing) {
    project.provide('kafkaBootstrap', existing);
    return;
  }
  broker = await startBroker({ log: (l) => console.log(`[kafka] ${l}`) });
  project.provide('kafkaBootstrap', broker.bootstrap);
}

export async function teardown(): Promise<void> {
  await broker?.stop();
}
