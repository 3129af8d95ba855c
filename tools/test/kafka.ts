// Helpers for integration tests: the shared broker's address and unique names per test.
import { inject } from 'vitest';

export function testBootstrap(): string {
  return inject('kafkaBootstrap');
}

export { uniqueName } from './names';
